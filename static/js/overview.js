// The facilitator's overview: the workshops this browser facilitated (kept in localStorage with their
// facilitator links, as there are no accounts), with status, downloads and "start follow-up";
// and an importer for a facilitator link from elsewhere.

import { io } from "/vendor/socket.io.esm.min.js";
import { formatCode, h, normalizeCode, openDialog, setText, toast } from "./dom.js";
import { applyStatic, lang, load, preferred, wireSwitch, t } from "./i18n.js";
import { FACILITATED, facilitated, rememberFacilitated } from "./live.js";

const FORMATS = [["pdf", "PDF"], ["md", "Markdown"], ["csv", "CSV (Excel)"], ["json", "JSON"]];
const COUNTS = ["participants", "providers", "locations"];
const SCALES = { level: ["local", "regional", "national"], embedding: ["no", "partly", "yes"] };
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
  return Number.isNaN(moment.getTime()) ? "—" : moment.toLocaleDateString(lang(), { day: "numeric", month: "long", year: "numeric" });
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
      h("button", { type: "button", class: "btn", text: t("overview.follow_up"), on: { click: () => followUp(entry, w) } }),
      h("button", { type: "button", class: "btn", text: t("overview.goals"), on: { click: () => editGoals(entry, w) } }),
      h("button", { type: "button", class: "btn", text: t("overview.groups"), on: { click: () => showGroups(entry, state) } })));
    body.push(h("div", { class: "button-row", role: "group", "aria-label": t("overview.download") },
      h("span", { class: "muted", text: `${t("overview.download")}:` }),
      FORMATS.map(([fmt, label]) => h("button", {
        type: "button", class: "btn btn-small", text: label,
        "aria-label": `${t("overview.download")} ${label}`, on: { click: () => download(entry, fmt) },
      }))));
  }
  body.push(h("div", { class: "button-row" },
    h("button", { type: "button", class: "btn btn-quiet btn-small", text: t("overview.forget"), on: { click: () => forget(entry, title) } })));
  return h("article", { class: "card overview-card", "aria-label": title, dataset: { code: entry.code } }, body);
}

function render() {
  const entries = facilitated();
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
    const url = URL.createObjectURL(await response.blob());
    const link = h("a", { href: url, download: `summary-${entry.code}.${fmt}`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (failure) {
    toast(t("overview.download.failed", { message: failure.message || t("ui.error.offline") }), "error");
  }
}

async function followUp(entry, w) {
  const input = h("input", { id: "follow-title", name: "title", maxlength: "120", required: true,
    value: t("overview.follow.default", { title: w.title }).slice(0, 120) });
  const answer = await openDialog({
    title: t("overview.follow.title"),
    body: [h("p", { text: t("overview.follow.intro", { title: w.title }) }),
      h("label", { htmlFor: "follow-title", text: t("overview.follow.name") }), input],
    actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: t("overview.follow.create"), kind: "primary" }],
  });
  const title = input.value.trim();
  if (answer !== "ok" || !title) return;
  const response = await api("/api/workshops", entry.token, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ title, intervention: w.intervention, language: w.language, follow_up_of: entry.code,
      votes_per_participant: w.settings.votes_per_participant, max_votes_per_strategy: w.settings.max_votes_per_strategy,
      anonymous: w.settings.anonymous, participants_can_download: w.settings.participants_can_download }),
  }).catch(() => null);
  const body = response ? await response.json().catch(() => ({})) : {};
  if (!response?.ok) {
    toast(body.error?.message || t("ui.error.offline"), "error");
    return;
  }
  rememberFacilitated({ code: body.code, title, token: body.facilitator_token, created_at: new Date().toISOString() });
  sessionStorage.setItem(`opschalen.showlink.${body.code}`, "1");
  location.assign(`/facilitate/${body.code}`);
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

function goalValue(measure, value) {
  if (value === null || value === undefined) return "?";
  return SCALES[measure] ? t(`${measure}.${value}`) : Number(value).toLocaleString(lang());
}

/** "Locations 12 → 40 · Level Regional → National", for the measures that are filled in. */
function goalsLine(goals) {
  if (!goals) return "";
  return [...COUNTS, "level", "embedding"]
    .filter((m) => goals[m] && (goals[m].now !== null || goals[m].goal !== null))
    .map((m) => `${t(`goal.${m}`)} ${goalValue(m, goals[m].now)} → ${goalValue(m, goals[m].goal)}`)
    .join(" · ");
}

/** One event over a short-lived Socket.IO connection (the page keeps no live connection). */
function emitOnce(entry, event, payload) {
  return new Promise((resolve) => {
    const socket = io({ auth: { code: entry.code, token: entry.token }, reconnection: false, forceNew: true });
    const finish = (answer) => {
      socket.disconnect();
      resolve(answer);
    };
    socket.on("connect_error", () => finish({ ok: false, error: { code: "unauthorized", message: t("overview.unreachable") } }));
    socket.on("state", () => socket.timeout(10_000).emit(event, payload, (late, answer) =>
      finish(late ? { ok: false, error: { code: "offline", message: t("ui.error.offline") } } : answer)));
  });
}

async function editGoals(entry, w) {
  const goals = w.goals;
  const fields = {};
  const rows = [...COUNTS, "level", "embedding"].map((m) => {
    const pair = ["now", "goal"].map((side) => {
      const id = `goal-${m}-${side}`;
      const value = goals[m]?.[side];
      const input = SCALES[m]
        ? h("select", { id }, h("option", { value: "", text: "—" }),
          SCALES[m].map((v) => h("option", { value: v, text: t(`${m}.${v}`), selected: v === value })))
        : h("input", { id, type: "number", min: "0", max: "1000000000", step: "1", inputmode: "numeric",
          value: value === null || value === undefined ? "" : String(value) });
      fields[id] = input;
      return h("div", { class: "field" }, h("label", { htmlFor: id, text: t(`summary.${side}`) }), input);
    });
    return h("fieldset", { class: "choice-row" }, h("legend", { text: t(`goal.${m}`) }), pair);
  });
  const notes = ["quality", "note"].map((n) => {
    fields[n] = h("textarea", { id: `goal-${n}`, maxlength: "2000", rows: "2", value: goals[n] || "" });
    return [h("label", { htmlFor: `goal-${n}`, text: t(`goal.${n}`) }), fields[n]];
  });
  const answer = await openDialog({
    title: t("overview.goals"),
    body: [h("p", { class: "hint", text: t("overview.goals.intro") }), rows, notes],
    actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: t("overview.goals.save"), kind: "primary" }],
  });
  if (answer !== "ok") return;
  const payload = {};
  for (const m of [...COUNTS, "level", "embedding"]) {
    payload[m] = {};
    for (const side of ["now", "goal"]) {
      const raw = fields[`goal-${m}-${side}`].value.trim();
      payload[m][side] = raw === "" ? null : SCALES[m] ? raw : Math.max(0, Math.round(Number(raw)) || 0);
    }
  }
  for (const n of ["quality", "note"]) payload[n] = fields[n].value.trim();
  const result = await emitOnce(entry, "goals:set", payload);
  if (!result.ok) {
    toast(result.error?.message || t("ui.error.offline"), "error");
    return;
  }
  toast(t("overview.goals.saved"));
  fetchState(entry);
}

async function showGroups(entry, state) {
  const response = await api(`/api/workshops/${entry.code}/groups`, entry.token).catch(() => null);
  const body = response?.ok ? await response.json() : null;
  if (!body) {
    toast(t("ui.error.offline"), "error");
    return;
  }
  const titles = new Map(state.strategies.map((s) => [s.id, s.title]));
  const mean = (d) => (d.mean === null ? "—" : d.mean.toLocaleString(lang()));
  const content = body.groups.length
    ? body.groups.map((g) => h("section", { class: "stack" },
      h("h3", { text: `${t(`category.${g.group}`)} · ${t("overview.participants", { count: g.participants })}` }),
      h("ul", {}, g.determinants.map((d) => h("li", { text: `${t(`determinant.${d.key}`)}: ${mean(d)}` })),
        h("li", { text: `${t("summary.top_votes")}: ${[...g.votes].sort((a, b) => b.votes - a.votes).slice(0, 3)
          .map((v) => `${titles.get(v.strategy_id) || "?"} (${v.votes})`).join("; ") || "—"}` }))))
    : h("p", { class: "empty", text: t("overview.groups.none", { min: body.min_group_size }) });
  await openDialog({
    title: t("overview.groups"),
    body: [h("p", { class: "hint", text: t("summary.groups_note", { min: body.min_group_size }) }), content],
    actions: [{ value: "ok", label: t("overview.close"), kind: "primary" }],
  });
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
