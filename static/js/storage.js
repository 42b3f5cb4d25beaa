// Values kept on this device (localStorage); private mode or a full storage only makes the
// app forget on reload, it never breaks it.

export function readJSON(key, fallback, storage = globalThis.localStorage) {
  try {
    const value = JSON.parse(storage.getItem(key));
    return value ?? fallback;
  } catch {
    return fallback;
  }
}

export function writeJSON(key, value, storage = globalThis.localStorage) {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Not kept: the change is still sent while this page stays open.
  }
}

export function forget(key, storage = globalThis.localStorage) {
  try {
    storage.removeItem(key);
  } catch {
    // nothing kept, nothing to forget
  }
}

/** Where the participant view keeps who this device is in a workshop: `{token, id, name}`. */
export function participantKey(code) {
  return `opschalen.participant.${code}`;
}
