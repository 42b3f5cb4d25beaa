// What the account pages and the timeline share: start-up in the chosen language, JSON calls
// that never throw, and dates in the page's language.

import { applyStatic, load, locale, preferred, t, wireSwitch } from "./i18n.js";

export async function start(onLanguage) {
  await load(preferred(document.body.dataset.lang));
  applyStatic();
  wireSwitch(onLanguage);
}

/** fetch() as {ok, status, body}; a network failure is status 0 with the error code "offline". */
export async function call(path, { method = "GET", body, token } = {}) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { ok: response.ok, status: response.status, body: parsed || {} };
  } catch {
    return { ok: false, status: 0, body: { error: { code: "offline" } } };
  }
}

export function errorCode(result) {
  return result.body?.error?.code || (result.status ? "internal" : "offline");
}

/** The generic sentence for an error code ("offline" included). */
export function errorText(result) {
  const code = errorCode(result);
  return code === "offline" ? t("ui.error.offline") : t(`ui.error.${code}`);
}

export function dateText(iso, style = "long") {
  if (!iso) return "";
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return "";
  const options = style === "short" ? { month: "short", year: "numeric" } : { day: "numeric", month: "long", year: "numeric" };
  return moment.toLocaleDateString(locale(), options);
}

export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s.]+$/;
export const PASSWORD_MIN = 10;
