// The facilitator's overview: the workshops this browser facilitated (kept in localStorage with their
// facilitator links, for people without an account), with status, downloads and "start follow-up";
// an importer for a facilitator link from elsewhere; and, for a logged-in facilitator, adding these
// workshops to their account (the link's token proves they facilitate it).

import { formatCode, h, normalizeCode, openDialog, setText, toast } from "./dom.js";
import { applyStatic, load, locale, preferred, t, wireSwitch } from "./i18n.js";
import { FACILITATED, facilitated, rememberFacilitated } from "./live.js";
import { editGoals, emitOnce, goalsLine, showGroups } from "./outcomes.js";
import { claimButton, claimPanel, loadAccount } from "./claim.js";
import { startFollowUp } from "./followup.js";

const FORMATS = [["pdf", "PDF"], ["md", "Markdown"], ["csv", "CSV (Excel)"], ["json", "JSON"]];
const list = document.getElementById("overview-list");
const states = new Map(); // code -> snapshot, or an error code

await load(preferred(document.body.dataset.lang));
applyStatic();
wireSwitch(() => render());

function api(path, token, options = {}) {
  return fetch(path, { ...options, headers: { ...(options.headers || {}), Authorization: `Bearer ${token}` } });
}

async function fetchState(entry) {
  try {
    const response = await api(`/api/workshops/${entry.code}`, entry.token);
    const body = await response.json();
    states.set(entry.code, response.ok ? body : { error: body.error?.code || "internal" });
    if (response.ok && !entry.created_at) await fetchCreated(entry);
  } catch {
    states.set(entry.code, { error: "offline" });
  }
  render();
}

/** Imported links know no creation date: the summary does. */
async function fetchCreated(entry) {
  const response = await api(`/api/workshops/${entry.code}/summary.json`, entry.token).catch(() => null);
  if (!response?.ok) return;
  const summary = await response.json();
  rememberFacilitated({ code: entry.code, created_at: summary.workshop.created_at });
}

function date(iso) {
  if (!iso) return "—";
  const moment = new Date(iso);
  return Number.isNaN(moment.getTime()) ? "—" : moment.toLocaleDateString(locale(), { day: "numeric", month: "long", year: "numeric" });
}

function card(entry) {
  const state = states.get(entry.code);
  const title = state?.workshop?.title || entry.title || formatCode(entry.code);
  const meta = h("p", { class: "muted" }, formatCode(entry.code), " · ", date(entry.created_at));
  const body = [h("h3", { class: "card-title", text: title }), meta];
  if (!state) {
    body.push(h("p", { class: "hint", text: t("overview.loading") }));
  } else if (state.error) {
    body.push(h("p", { class: "form-error", text: t(state.error === "offline" ? "ui.error.offline" : "overview.unreachable") }));
  } else {
    const w = state.workshop;
    const status = [t(`phase.${w.phase}`), t("overview.participants", { count: state.participants.length })];
    if (w.locked && w.phase !== "closed") status.push(t("overview.locked"));
    meta.append(" · ", status.join(" · "));
    if (w.follow_up_of) body.push(h("p", { class: "hint", text: t("overview.follow_up_of", { code: formatCode(w.follow_up_of) }) }));
    const goals = goalsLine(w.goals);
    if (goals) body.push(h("p", { class: "hint", text: goals }));
    body.push(h("div", { class: "button-row" },
      h("a", { class: "btn btn-primary", href: `/facilitate/${entry.code}`, text: t("overview.console") }),
      h("button", { type: "button", class: "btn", text: t("overview.follow_up"), on: { click: () => startFollowUp({ code: entry.code, token: entry.token, workshop: w }) } }),
      h("button", { type: "button", class: "btn", text: t("overview.goals"), on: { click: async () => {
        if (await editGoals((event, payload) => emitOnce(entry, event, payload), w.goals)) fetchState(entry);
      } } }),
      h("button", { type: "button", class: "btn", text: t("overview.groups"), on: { click: () => showGroups(entry.code, entry.token, state.strategies) } })));
    body.push(h("div", { class: "button-row", role: "group", "aria-label": t("overview.download") },
      h("span", { class: "muted", text: `${t("overview.download")}:` }),
      FORMATS.map(([fmt, label]) => h("button", {
        type: "button", class: "btn btn-small", text: label,
        "aria-label": `${t("overview.download")} ${label}`, on: { click: () => download(entry, fmt) },
      }))));
  }
  body.push(h("div", { class: "button-row" }, claimButton(entry, title, render),
    h("button", { type: "button", class: "btn btn-quiet btn-small", text: t("overview.forget"), on: { click: () => forget(entry, title) } })));
  return h("article", { class: "card overview-card", "aria-label": title, dataset: { code: entry.code } }, body);
}

function render() {
  const entries = facilitated();
  claimPanel(entries, render);
  document.getElementById("overview-empty").hidden = entries.length > 0;
  list.replaceChildren(...entries.map(card));
}

async function download(entry, fmt) {
  try {
    const response = await api(`/api/workshops/${entry.code}/summary.${fmt}`, entry.token);
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error(body.error?.message || response.statusText);
    }
    // The server names every download after one pattern (Content-Disposition); keep its name.
    const named = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    const url = URL.createObjectURL(await response.blob());
    const link = h("a", { href: url, download: named ? named[1] : `summary.${fmt}`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (failure) {
    toast(t("overview.download.failed", { message: failure.message || t("ui.error.offline") }), "error");
  }
}

async function forget(entry, title) {
  const answer = await openDialog({
    title: t("overview.forget"),
    body: [h("p", { text: t("overview.forget.confirm", { title }) })],
    actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: t("overview.forget"), kind: "danger" }],
  });
  if (answer !== "ok") return;
  const kept = facilitated().filter((x) => x.code !== entry.code);
  localStorage.setItem(FACILITATED, JSON.stringify(kept));
  render();
}

/** `…/facilitate/CODE#token=…` → {code, token}, or null. */
export function parseLink(text) {
  let url;
  try {
    url = new URL(text.trim(), location.origin);
  } catch {
    return null;
  }
  const match = url.pathname.match(/\/facilitate\/([A-Za-z0-9 -]{8,12})\/?$/);
  const token = new URLSearchParams(url.hash.slice(1)).get("token");
  return match && token ? { code: normalizeCode(decodeURIComponent(match[1])), token } : null;
}

const form = document.getElementById("import-form");
const error = document.getElementById("import-error");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const fail = (key) => {
    error.hidden = false;
    setText(error, t(key));
    form.elements.link.focus();
  };
  const link = parseLink(form.elements.link.value);
  if (!link) return fail("overview.import.invalid");
  const response = await api(`/api/workshops/${link.code}`, link.token).catch(() => null);
  if (!response) return fail("ui.error.offline");
  if (!response.ok) return fail("overview.unreachable");
  const state = await response.json();
  if (!state.me.facilitator) return fail("overview.import.not_facilitator");
  rememberFacilitated({ code: link.code, title: state.workshop.title, token: link.token });
  states.set(link.code, state);
  form.reset();
  toast(t("overview.import.done", { title: state.workshop.title }));
  await fetchCreated(facilitated().find((x) => x.code === link.code));
  render();
});

render();
for (const entry of facilitated()) fetchState(entry);
loadAccount().then(render);
