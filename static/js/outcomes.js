// Scaling goals and results per stakeholder group: the dialogs the console and the
// facilitator's overview share.

import { io } from "/vendor/socket.io.esm.min.js";
import { h, openDialog, toast } from "./dom.js";
import { locale, strategyText, t } from "./i18n.js";

const COUNTS = ["participants", "providers", "locations"];
const SCALES = { level: ["local", "regional", "national"], embedding: ["no", "partly", "yes"] };

function goalValue(measure, value) {
  if (value === null || value === undefined) return "?";
  return SCALES[measure] ? t(`${measure}.${value}`) : Number(value).toLocaleString(locale());
}

/** "Locations 12 → 40 · Level Regional → National", for the measures that are filled in. */
export function goalsLine(goals) {
  if (!goals) return "";
  return [...COUNTS, "level", "embedding"]
    .filter((m) => goals[m] && (goals[m].now !== null || goals[m].goal !== null))
    .map((m) => `${t(`goal.${m}`)} ${goalValue(m, goals[m].now)} → ${goalValue(m, goals[m].goal)}`)
    .join(" · ");
}

/** One event over a short-lived Socket.IO connection, for pages that keep no live connection. */
export function emitOnce(entry, event, payload) {
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

/** The goals dialog; `send(event, payload)` answers with the ack. True once saved. */
export async function editGoals(send, goals) {
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
  if (answer !== "ok") return false;
  const payload = {};
  for (const m of [...COUNTS, "level", "embedding"]) {
    payload[m] = {};
    for (const side of ["now", "goal"]) {
      const raw = fields[`goal-${m}-${side}`].value.trim();
      payload[m][side] = raw === "" ? null : SCALES[m] ? raw : Math.max(0, Math.round(Number(raw)) || 0);
    }
  }
  for (const n of ["quality", "note"]) payload[n] = fields[n].value.trim();
  const result = await send("goals:set", payload);
  if (!result.ok) {
    toast(result.error?.message || t("ui.error.offline"), "error");
    return false;
  }
  toast(t("overview.goals.saved"));
  return true;
}

/** Vote totals and determinant means per stakeholder group (groups too small are left out). */
export async function showGroups(code, token, strategies) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const response = await fetch(`/api/workshops/${code}/groups`, { headers }).catch(() => null);
  const body = response?.ok ? await response.json() : null;
  if (!body) {
    toast(t("ui.error.offline"), "error");
    return;
  }
  const titles = new Map(strategies.map((s) => [s.id, strategyText(s)]));
  const mean = (d) => (d.mean === null ? "—" : d.mean.toLocaleString(locale()));
  const content = body.groups.length
    ? body.groups.map((g) => h("section", { class: "stack" },
      h("h3", { text: `${t(`category.${g.group}`)} · ${t("overview.participants", { count: g.participants })}` }),
      h("ul", {}, g.determinants.map((d) => h("li", { text: `${t(`determinant.${d.key}`)}: ${mean(d)}` })),
        h("li", { text: `${t("summary.top_votes")}: ${g.top
          .map((v) => `${titles.get(v.strategy_id) || "?"} (${v.votes})`).join("; ") || "—"}` }))))
    : h("p", { class: "empty", text: t("overview.groups.none", { min: body.min_group_size }) });
  await openDialog({
    title: t("overview.groups"),
    body: [h("p", { class: "hint", text: t("summary.groups_note", { min: body.min_group_size }) }), content],
    actions: [{ value: "ok", label: t("overview.close"), kind: "primary" }],
  });
}
