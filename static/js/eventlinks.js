// Events this device organises, with their organiser's token (kept in localStorage, like the
// facilitator's links), so the overview and the plenary display open again without the link.

import { readJSON, writeJSON } from "./storage.js";

const KEY = "opschalen.events";

export function organised() {
  const list = readJSON(KEY, []);
  return Array.isArray(list) ? list : [];
}

export function rememberEvent(entry) {
  writeJSON(KEY, [entry, ...organised().filter((x) => x.code !== entry.code)]);
}

/** The token from the link's fragment (taken out of the address bar) or from this device; the
 * browser's cookie session is then the organiser's, so later calls need no token. */
export async function openAsOrganiser(code) {
  const fragment = new URLSearchParams(location.hash.slice(1));
  let token = fragment.get("token");
  if (token) {
    const known = organised().find((x) => x.code === code);
    rememberEvent({ ...(known || {}), code, token });
    history.replaceState(null, "", location.pathname + location.search);
  } else {
    token = organised().find((x) => x.code === code)?.token || null;
  }
  if (token) {
    await fetch(`/api/events/${code}/session`, { method: "POST", headers: { Authorization: `Bearer ${token}` } }).catch(() => null);
  }
}
