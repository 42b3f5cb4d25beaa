// The translation catalogue, fetched from the server (the same one the pages use).

const PREFERENCE = "opschalen.lang";
let messages = {};
let language = "nl";
export let clockOffset = 0; // server time minus this device's time, in ms

export async function load(lang) {
  const response = await fetch(`/i18n/${lang}.json`);
  messages = await response.json();
  language = lang;
  document.documentElement.lang = lang;
  const date = Date.parse(response.headers.get("Date") || "");
  if (!Number.isNaN(date)) clockOffset = date - Date.now();
  return messages;
}

export function lang() {
  return language;
}

export function t(key, values) {
  const one = values && values.count === 1 && messages[`${key}.one`];
  let text = one || (messages[key] ?? key);
  if (values) for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

export function has(key) {
  return key in messages;
}

/** Texts the server rendered in the page, in the language now chosen. */
export function applyStatic(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-lang-choice]")) {
    if (el.dataset.langChoice === language) el.setAttribute("aria-current", "true");
    else el.removeAttribute("aria-current");
  }
}

export function preferred(fallback) {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked === "nl" || asked === "en") {
    remember(asked);
    return asked;
  }
  try {
    return localStorage.getItem(PREFERENCE) || fallback;
  } catch {
    return fallback;
  }
}

export function remember(lang) {
  try {
    localStorage.setItem(PREFERENCE, lang);
  } catch {
    // not remembered; the switch still works for this page
  }
}

/** Language links switch in place (no reload), remember the choice and call `changed`. */
export function wireSwitch(changed) {
  for (const link of document.querySelectorAll("[data-lang-choice]")) {
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      const lang = link.dataset.langChoice;
      remember(lang);
      await load(lang);
      const url = new URL(location.href);
      url.searchParams.delete("lang");
      history.replaceState(history.state, "", url.pathname + url.search + url.hash);
      applyStatic();
      changed?.(lang);
    });
  }
}
