// The console's agenda editor, before and during the session: add, take off, reorder
// (buttons, or Alt+↑/↓ on a step), retitle and reword steps. Every change is one
// `agenda:set`, shown at once from the outbox; the workshop's own determinant list and
// saving the workshop as a template sit beside it.

import {
  addableKinds, agendaPayload, agendaShown, fixed, insertStep, moveStep, removable, removeStep, reword,
} from "./agenda.js";
import { h, keyed, openDialog, setText, toast } from "./dom.js";
import { t } from "./i18n.js";
import { agenda } from "./steps.js";
import { readJSON, writeJSON } from "./storage.js";
import { confirm, editDialog, field, options, required } from "./ui.js";

export const SAVED_TEMPLATES = "opschalen.templates";

/** Send new wording for one step (used by the editor and by the info slide in the console). */
export function rewordStep(ctx, id, wording) {
  const steps = agenda(ctx.store.state.workshop, ctx.vocab);
  const index = steps.findIndex((s) => s.id === id);
  if (index < 0) return Promise.resolve({ ok: false });
  return ctx.send("agenda:set", agendaPayload(reword(steps, index, wording)));
}

export function agendaEditor(ctx) {
  const list = h("ol", { class: "agenda-editor" });
  const kind = h("select", { id: "agenda-add-kind" });
  const add = h("button", { type: "submit", class: "btn btn-primary", text: t("ui.agenda.add") });
  const addForm = h("form", { class: "agenda-add", novalidate: true },
    h("label", { for: "agenda-add-kind", text: t("ui.agenda.add.kind") }), kind, add);
  const el = h("section", { class: "card agenda-card", id: "agenda-editor", hidden: true, "aria-labelledby": "agenda-editor-title" },
    h("h2", { class: "card-title", id: "agenda-editor-title", text: t("ui.agenda.heading") }),
    h("p", { class: "hint", text: t("ui.agenda.hint") }), list, addForm,
    h("div", { class: "button-row agenda-more" },
      h("button", { type: "button", class: "btn btn-small", text: t("ui.agenda.determinants"), on: { click: () => editDeterminants(ctx) } }),
      h("button", { type: "button", class: "btn btn-small", text: t("ui.agenda.strategies"), on: { click: () => editStrategies(ctx) } }),
      h("button", { type: "button", class: "btn btn-small", text: t("ui.agenda.save_template"), on: { click: () => saveTemplate(ctx) } })));
  let shown = [];
  let refocus = null;

  const send = (steps) => ctx.send("agenda:set", agendaPayload(steps));
  function move(index, delta, cls) {
    const next = moveStep(shown, index, delta);
    if (next === shown) return;
    refocus = { id: shown[index].id, cls };
    send(next);
  }
  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!kind.value) return;
    send(insertStep(shown, kind.value));
  });

  function row(step) {
    const title = h("input", { class: "agenda-title", maxlength: 120, autocomplete: "off" });
    const prompt = h("textarea", { class: "agenda-prompt", rows: 2, maxlength: 2000 });
    const up = h("button", { type: "button", class: "btn btn-small agenda-up", text: "↑" });
    const down = h("button", { type: "button", class: "btn btn-small agenda-down", text: "↓" });
    const remove = h("button", { type: "button", class: "btn btn-small btn-quiet agenda-remove", text: t("ui.remove") });
    const li = h("li", { class: "agenda-step", dataset: { kind: step.kind } },
      h("div", { class: "agenda-step-head" }, h("span", { class: "agenda-n" }), h("span", { class: "agenda-kind muted" }),
        h("span", { class: "agenda-now" }), h("span", { class: "agenda-buttons" }, up, down, remove)),
      field(t("ui.agenda.title"), title), field(t("ui.agenda.prompt"), prompt));
    const index = () => shown.findIndex((s) => s.id === li._id);
    title.addEventListener("change", () => send(reword(shown, index(), { title: title.value })));
    prompt.addEventListener("change", () => send(reword(shown, index(), { prompt: prompt.value })));
    up.addEventListener("click", () => move(index(), -1, "agenda-up"));
    down.addEventListener("click", () => move(index(), 1, "agenda-down"));
    li.addEventListener("keydown", (event) => {
      if (!event.altKey || !["ArrowUp", "ArrowDown"].includes(event.key)) return;
      event.preventDefault();
      move(index(), event.key === "ArrowUp" ? -1 : 1, event.target.classList[0] || "agenda-title");
    });
    remove.addEventListener("click", async () => {
      const i = index();
      const name = stepName(shown[i]);
      if (await confirm({ title: t("ui.agenda.remove.title", { step: name }), text: t("ui.agenda.remove.text"), action: t("ui.remove") })) {
        send(removeStep(shown, index(), ctx.store.state.workshop.step));
      }
    });
    return li;
  }

  return {
    el,
    toggle() {
      el.hidden = !el.hidden;
      if (!el.hidden) list.querySelector("input")?.focus();
      return !el.hidden;
    },
    update(s) {
      if (el.hidden || !s.workshop.agenda) return;
      shown = agendaShown(s.workshop.agenda, ctx.pending());
      const currentId = s.workshop.step;
      keyed(list, shown, (step) => step.id ?? `new-${shown.indexOf(step)}`, row, (li, step) => {
        const i = shown.indexOf(step);
        li._id = step.id;
        li.classList.toggle("pending", !step.id);
        li.classList.toggle("current", step.id === currentId);
        setText(li.querySelector(".agenda-n"), String(i + 1));
        setText(li.querySelector(".agenda-kind"), t(`phase.${step.kind}`));
        setText(li.querySelector(".agenda-now"), step.id === currentId ? t("ui.agenda.now") : "");
        const [title, prompt] = li.querySelectorAll("input, textarea");
        const name = stepName(step);
        title.placeholder = t(`phase.${step.kind}`);
        prompt.placeholder = t(`ui.instruction.${step.kind}`);
        if (document.activeElement !== title) title.value = step.title || "";
        if (document.activeElement !== prompt) prompt.value = step.prompt || "";
        setText(prompt.closest(".field").querySelector("label"), t(PROMPT_LABEL[step.kind] || "ui.agenda.prompt"));
        const [up, down, remove] = li.querySelectorAll(".agenda-buttons button");
        up.hidden = down.hidden = fixed(step);
        up.disabled = i <= 1 || !step.id;
        down.disabled = i >= shown.length - 2 || !step.id;
        remove.hidden = !removable(step, currentId);
        remove.disabled = !step.id;
        up.setAttribute("aria-label", t("ui.agenda.up", { step: name }));
        down.setAttribute("aria-label", t("ui.agenda.down", { step: name }));
        remove.setAttribute("aria-label", t("ui.agenda.remove.title", { step: name }));
        title.disabled = prompt.disabled = !step.id;
      });
      if (refocus) {
        const li = [...list.children].find((x) => x._id === refocus.id);
        const target = li?.querySelector(`.${refocus.cls}`);
        if (target && !target.disabled) target.focus();
        else li?.querySelector(".agenda-title")?.focus();
        refocus = null;
      }
      options(kind, addableKinds(shown).map((k) => [k, t(`phase.${k}`)]), kind.value || "question");
    },
  };
}

const PROMPT_LABEL = { info: "ui.agenda.prompt.info", question: "ui.agenda.prompt.question" };

function stepName(step) {
  return step.title || t(`phase.${step.kind}`);
}

/** The workshop's own determinant list: rename, explain, add, take off (scores are kept). */
async function editDeterminants(ctx) {
  const s = ctx.store.state;
  if (!s) return;
  const rows = h("ol", { class: "det-editor" });
  const addRow = (entry) => {
    const builtIn = entry.key && !entry.custom;
    const label = h("input", { class: "det-label", maxlength: 120, value: entry.label || "",
      placeholder: builtIn ? t(`determinant.${entry.key}`) : "" });
    const help = h("input", { class: "det-help-input", maxlength: 500, value: entry.help || "",
      placeholder: builtIn ? t(`determinant.${entry.key}.help`) : "" });
    const li = h("li", { class: "det-row" }, field(t("ui.agenda.det.label"), label), field(t("ui.agenda.det.help"), help),
      h("button", { type: "button", class: "btn btn-small btn-quiet", text: t("ui.remove"),
        "aria-label": t("ui.agenda.det.remove", { name: entry.label || (entry.key ? t(`determinant.${entry.key}`) : "") }),
        on: { click: () => li.remove() } }));
    li._key = entry.key || null;
    rows.append(li);
    return label;
  };
  const builtInKeys = new Set(ctx.vocab.determinants || []);
  for (const d of s.workshop.determinants || []) addRow({ ...d, custom: !builtInKeys.has(d.key) });
  const more = h("button", { type: "button", class: "btn btn-small", text: t("ui.agenda.det.add"),
    on: { click: () => addRow({}).focus() } });
  const choice = await editDialog({ title: t("ui.agenda.determinants"), fields: [h("p", { class: "hint", text: t("ui.agenda.det.hint") }), rows, more] });
  if (choice !== "ok") return;
  const determinants = [...rows.children].map((li) => {
    const [label, help] = li.querySelectorAll("input");
    const entry = { label: label.value.trim() || null, help: help.value.trim() || null };
    return li._key ? { key: li._key, ...entry } : entry;
  }).filter((d) => d.key || d.label);
  if (!determinants.length) return;
  const ack = await ctx.send("determinants:set", { determinants });
  if (ack.ok) toast(t("ui.agenda.det.saved"));
}

/** The workshop's strategy catalogue, before or during the session: reword, add, take off. */
async function editStrategies(ctx) {
  const s = ctx.store.state;
  if (!s) return;
  const rows = h("ol", { class: "det-editor strategy-editor" });
  const categories = ctx.vocab.strategy_categories.map((c) => [c, t(`strategy_category.${c}`)]);
  const addRow = (x) => {
    const title = h("input", { class: "strat-title", maxlength: 120, value: x.title || "" });
    const category = h("select", { class: "strat-category" });
    options(category, categories, x.category || categories[0][0]);
    const description = h("input", { class: "strat-desc", maxlength: 2000, value: x.description || "" });
    const li = h("li", { class: "det-row strat-row" }, field(t("ui.strategies.title"), title), field(t("ui.strategies.category"), category),
      field(t("ui.strategies.description"), description),
      h("button", { type: "button", class: "btn btn-small btn-quiet", text: t("ui.remove"),
        "aria-label": t("ui.strategies.remove", { title: x.title || "" }), on: { click: () => { li.hidden = true; } } }));
    li._strategy = x.id ? x : null;
    rows.append(li);
    return title;
  };
  for (const x of s.strategies) addRow(x);
  const more = h("button", { type: "button", class: "btn btn-small", text: t("ui.strategies.add"), on: { click: () => addRow({}).focus() } });
  const choice = await editDialog({ title: t("ui.agenda.strategies"), fields: [h("p", { class: "hint", text: t("ui.agenda.strategies.hint") }), rows, more] });
  if (choice !== "ok") return;
  let changed = 0;
  for (const li of rows.children) {
    const [title, category, description] = li.querySelectorAll("input, select");
    const old = li._strategy;
    const fields = { title: title.value.trim(), category: category.value, description: description.value.trim() || null };
    if (old && li.hidden) {
      ctx.send("strategy:remove", { id: old.id });
      changed += 1;
    } else if (!old && !li.hidden && fields.title) {
      ctx.send("strategy:add", { ...fields, description: fields.description ?? undefined });
      changed += 1;
    } else if (old && !li.hidden && fields.title && (fields.title !== old.title || fields.category !== old.category
      || fields.description !== (old.description || null))) {
      ctx.send("strategy:update", { id: old.id, ...fields });
      changed += 1;
    }
  }
  if (changed) toast(t("ui.agenda.strategies.saved", { count: changed }));
}

/** Save the agenda and lists as a template; its id is kept on this device for the landing page. */
async function saveTemplate(ctx) {
  const s = ctx.store.state;
  if (!s) return;
  const name = h("input", { maxlength: 120, value: s.workshop.title, required: true });
  const choice = await editDialog({ title: t("ui.agenda.save_template"), fields: [field(t("ui.agenda.template.name"), name, t("ui.agenda.template.hint"))] });
  if (choice !== "ok" || !required(name)) return;
  const ack = await ctx.send("template:save", { name: name.value.trim() });
  if (!ack.ok || !ack.template) return;
  const kept = readJSON(SAVED_TEMPLATES, []);
  const list = (Array.isArray(kept) ? kept : []).filter((x) => x.id !== ack.template.id);
  writeJSON(SAVED_TEMPLATES, [{ id: ack.template.id, name: ack.template.name }, ...list].slice(0, 20));
  await openDialog({ title: t("ui.agenda.template.saved"),
    body: [h("p", { text: t("ui.agenda.template.saved.text", { name: ack.template.name }) }),
      h("p", { class: "template-id", text: ack.template.id })],
    actions: [{ value: "ok", label: t("ui.agenda.template.ok"), kind: "primary" }] });
}
