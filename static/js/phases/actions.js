// Actions: the top strategies turned into follow-up actions with an owner, a due date and a
// status. Participants and the console add and edit them; the room display lists them.

import { h, keyed, setText, toast } from "../dom.js";
import { formatDate, strategyText, t } from "../i18n.js";
import { byRank } from "../ranking.js";
import { editDialog, emptyNote, field, labelled, options, required } from "../ui.js";

/** Choices for "for strategy": the best ranked first, as far as this viewer knows the ranks. Pure. */
export function strategyChoices(strategies, ranking) {
  return [["", t("ui.actions.no_strategy")], ...byRank(strategies, ranking).map((x) => [String(x.id), strategyText(x)])];
}

export function ownerChoices(actors) {
  return [["", t("ui.actions.no_owner")], ...actors.map((a) => [String(a.id), a.name])];
}

/** "Doing · GGD · due 1 Mar 2027": one line for the room display. */
export function actionLine(action, owner) {
  return [t(`status.${action.status}`), owner ? owner.name : t("ui.actions.no_owner"),
    action.due ? t("ui.actions.due_on", { date: formatDate(action.due) }) : null].filter(Boolean).join(" · ");
}

const id = (value) => (value ? Number(value) : null);

export function create(ctx) {
  const list = h("ul", { class: "action-list", "aria-label": t("ui.actions.list") });
  const empty = emptyNote(t("ui.actions.empty"));
  const form = ctx.role === "display" ? null : actionForm(ctx);
  const el = h("section", { class: "phase phase-actions" }, form?.el, empty, list);
  const item = ctx.role === "display" ? wallItem : editableItem;
  return {
    el,
    update(s) {
      form?.update(s);
      empty.hidden = s.actions.length > 0;
      keyed(list, s.actions, (a) => a.id, (action) => item(ctx, action), (li, action) => {
        li.className = `action-card status-${action.status}`;
        setText(li.querySelector(".action-title"), action.title);
        const strategy = action.strategy_id ? ctx.store.strategy(action.strategy_id) : null;
        setText(li.querySelector(".action-strategy"), strategy ? t("ui.actions.for", { title: strategyText(strategy) }) : "");
        li.update(s, action);
      });
    },
  };
}

function card() {
  return h("li", { class: "action-card" }, h("div", { class: "action-head" }, h("p", { class: "action-title" })),
    h("p", { class: "action-strategy muted" }));
}

/** The room display: status, owner and date in one line. */
function wallItem(ctx) {
  const meta = h("p", { class: "action-meta" });
  const li = card();
  li.append(meta);
  li.update = (s, action) => setText(meta, actionLine(action, action.owner_actor_id ? ctx.store.actor(action.owner_actor_id) : null));
  return li;
}

/** Participants and the console: every field editable in place, the title through a dialog. */
function editableItem(ctx, action) {
  const update = (fields) => ctx.send("action:update", { id: action.id, ...fields });
  const rename = h("button", { type: "button", class: "btn btn-small btn-quiet action-rename", text: t("ui.edit"), on: { click: async () => {
    const current = ctx.store.action(action.id);
    if (!current) return;
    const title = h("input", { value: current.title, maxlength: 120, required: true });
    const choice = await editDialog({ title: t("ui.actions.rename", { title: current.title }), fields: [field(t("ui.actions.title"), title)] });
    if (choice === "ok" && title.value.trim()) update({ title: title.value.trim() });
  } } });
  const status = h("select", { on: { change: () => update({ status: status.value }) } });
  const strategy = h("select", { on: { change: () => update({ strategy_id: id(strategy.value) }) } });
  const owner = h("select", { on: { change: () => update({ owner_actor_id: id(owner.value) }) } });
  const due = h("input", { type: "date", on: { change: () => update({ due: due.value || null }) } });
  const li = card();
  li.firstChild.append(" ", rename);
  li.append(h("div", { class: "action-controls" },
    field(t("ui.actions.status"), status), field(t("ui.actions.strategy"), strategy),
    field(t("ui.actions.owner"), owner), field(t("ui.actions.due"), due)));
  li.update = (s, current) => {
    options(status, labelled(ctx.vocab.action_statuses, "status"), current.status);
    options(strategy, strategyChoices(s.strategies, ctx.store.ranking), current.strategy_id ? String(current.strategy_id) : "");
    options(owner, ownerChoices(s.actors), current.owner_actor_id ? String(current.owner_actor_id) : "");
    rename.setAttribute("aria-label", t("ui.actions.rename", { title: current.title }));
    if (document.activeElement !== due) due.value = current.due || "";
    for (const control of li.querySelectorAll("select, input, button")) control.disabled = !ctx.editable();
  };
  return li;
}

function actionForm(ctx) {
  const title = h("input", { maxlength: 120, required: true, autocomplete: "off" });
  const strategy = h("select", {});
  const owner = h("select", {});
  const due = h("input", { type: "date" });
  const el = h("form", { class: "inline-form card action-form", novalidate: true },
    h("h3", { text: t("ui.actions.add") }),
    field(t("ui.actions.title"), title), field(t("ui.actions.strategy"), strategy),
    field(t("ui.actions.owner"), owner), field(t("ui.actions.due"), due),
    h("button", { type: "submit", class: "btn btn-primary", text: t("ui.actions.add.submit") }));
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = required(title);
    if (!value) return;
    const payload = { title: value };
    if (strategy.value) payload.strategy_id = Number(strategy.value);
    if (owner.value) payload.owner_actor_id = Number(owner.value);
    if (due.value) payload.due = due.value;
    title.value = "";
    due.value = "";
    const ack = await ctx.send("action:add", payload);
    if (ack.ok) toast(t("ui.actions.added"));
  });
  return {
    el,
    update(s) {
      options(strategy, strategyChoices(s.strategies, ctx.store.ranking), strategy.value);
      options(owner, ownerChoices(s.actors), owner.value);
      for (const control of el.querySelectorAll("input, select, button")) control.disabled = !ctx.editable();
    },
  };
}
