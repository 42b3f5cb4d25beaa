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

/** The plural form of `key` for `count` in this language ("1 leemte", "2 leemtes"): the
 * catalogue's `key.one` / `key.other`… as the language's plural rules (Intl.PluralRules) pick. */
function plural(key, count) {
  if (typeof count !== "number") return null;
  return messages[`${key}.${new Intl.PluralRules(language).select(count)}`] ?? null;
}

export function t(key, values) {
  let text = plural(key, values?.count) ?? messages[key] ?? key;
  if (values) for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

/** Regional defaults for readers whose browser speaks another language: the product's readers
 * are in the Netherlands and Europe, so English reads as en-GB (24-hour clock, 1 Mar), not US. */
const REGION = { en: "en-GB", nl: "nl-NL" };

/** The one locale every date, time and number on the pages is formatted in: the reader's own
 * (navigator.languages) when it is of the page's language (en-IE, nl-BE), else the regional
 * default of the page's language. */
export function locale(own = globalThis.navigator?.languages || []) {
  const region = own.find((l) => l.includes("-") && l.split("-")[0].toLowerCase() === language);
  return region || REGION[language] || language;
}

/** A `YYYY-MM-DD` date or an ISO moment in the reader's language ("1 mrt 2027", "1 Mar 2027"). */
export function formatDate(value, style = "medium", at = locale()) {
  if (!value) return "";
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
  return Number.isNaN(date.getTime()) ? value : new Intl.DateTimeFormat(at, { dateStyle: style }).format(date);
}

/** A moment's clock time in the reader's locale ("22:45"). */
export function formatTime(value, at = locale()) {
  const date = new Date(value || Date.now());
  return date.toLocaleTimeString(at, { hour: "2-digit", minute: "2-digit" });
}

/** For unit tests: a catalogue and language without fetching. */
export function use(lang, catalogue) {
  language = lang;
  messages = catalogue;
}

/** A strategy's title or description as this reader sees it: a built-in one (`catalog_key`) in
 * the reader's language, anything typed exactly as typed. */
export function strategyText(strategy, field = "title") {
  const key = strategy.catalog_key && `strategy.${strategy.catalog_key}.${field}`;
  return key && key in messages ? messages[key] : strategy[field];
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
