// Action review: last time's open actions, one at a time. The facilitator shows one on every
// screen (`review:focus`) and records its outcome and a note (`review:set`); phones and the
// room display show the focused action large, with the whole list below.

import { h, keyed, setText } from "../dom.js";
import { t } from "../i18n.js";
import { emptyNote, field, options } from "../ui.js";
import { ownerChoices } from "./actions.js";

/** "Owner: GGD · Due 2027-03-01 · Open": what was agreed last time. Pure. */
export function agreedLine(item) {
  return [item.owner ? t("ui.review.owner", { name: item.owner }) : t("ui.actions.no_owner"),
    item.due ? t("ui.review.due", { date: item.due }) : null, t(`status.${item.status}`)].filter(Boolean).join(" · ");
}

/** Where a carried-over action went (its owner and due date in this workshop); "" otherwise. Pure. */
export function carriedLine(item, action, owner) {
  if (item.outcome !== "carried_over" || !action) return "";
  return [t("ui.review.carried_to", { owner: owner ? owner.name : t("ui.actions.no_owner") }),
    action.due ? t("ui.review.carried_due", { date: action.due }) : null].filter(Boolean).join(", ");
}

/** The item `step` places after (1) or before (-1) the focused one; null past either end. Pure. */
export function neighbour(items, focus, step) {
  const at = items.findIndex((i) => i.id === focus);
  const next = at < 0 ? (step > 0 ? 0 : items.length - 1) : at + step;
  return items[next] ? items[next].id : null;
}

const outcomeLabel = (outcome) => t(`outcome.${outcome || "open"}`);

export function create(ctx) {
  const empty = emptyNote(t("ui.review.empty"));
  const progress = h("p", { class: "review-progress muted" });
  const waiting = h("p", { class: "review-waiting", text: t(ctx.role === "console" ? "ui.review.pick" : "ui.review.waiting") });
  const stage = focusCard(ctx);
  const controls = ctx.role === "console" ? consoleControls(ctx) : null;
  const list = h("ol", { class: "review-list", "aria-label": t("ui.review.list") });
  const el = h("section", { class: "phase phase-review" }, empty, progress, waiting, stage.el, controls?.el, list);
  return {
    el,
    update(s) {
      const { items, focus } = s.review || { items: [], focus: null };
      const focused = items.find((i) => i.id === focus) || null;
      empty.hidden = items.length > 0;
      progress.hidden = items.length === 0;
      setText(progress, t("ui.review.progress", { done: items.filter((i) => i.outcome).length, count: items.length }));
      waiting.hidden = items.length === 0 || Boolean(focused);
      stage.update(s, focused, items);
      controls?.update(s, focused, items);
      keyed(list, items, (i) => i.id, () => listItem(ctx), (li, item) => li.update(item, item.id === focus));
    },
  };
}

/** The focused action, large: what was agreed, the outcome and note once set. */
function focusCard(ctx) {
  const count = h("p", { class: "review-count muted" });
  const title = h("p", { class: "review-title" });
  const agreed = h("p", { class: "review-agreed" });
  const outcome = h("p", { class: "review-outcome" });
  const carried = h("p", { class: "review-carried" });
  const note = h("p", { class: "review-note" });
  const el = h("article", { class: "review-focus", "aria-live": "polite" }, count, title,
    h("p", { class: "review-label muted", text: t("ui.review.agreed") }), agreed, outcome, carried, note);
  return {
    el,
    update(s, item, items) {
      el.hidden = !item;
      if (!item) return;
      el.className = `review-focus outcome-${item.outcome || "open"}`;
      setText(count, t("ui.review.item", { n: items.indexOf(item) + 1, count: items.length }));
      setText(title, item.title);
      setText(agreed, agreedLine(item));
      setText(outcome, outcomeLabel(item.outcome));
      const action = item.action_id ? ctx.store.action(item.action_id) : null;
      const line = carriedLine(item, action, action?.owner_actor_id ? ctx.store.actor(action.owner_actor_id) : null);
      setText(carried, line);
      carried.hidden = !line;
      setText(note, item.note || "");
      note.hidden = !item.note;
    },
  };
}

/** One line of the list; in the console a button that shows that action to everyone. */
function listItem(ctx) {
  const title = h("span", { class: "review-item-title" });
  const badge = h("span", { class: "review-badge" });
  const li = h("li", { class: "review-item" });
  if (ctx.role === "console") {
    const button = h("button", { type: "button", class: "review-pick", on: { click: () => ctx.send("review:focus", { id: li.itemId }) } },
      title, badge);
    li.append(button);
    li.update = (item, focused) => {
      li.itemId = item.id;
      button.setAttribute("aria-pressed", String(focused));
      button.disabled = !ctx.editable();
      fill(item, focused);
    };
  } else {
    li.append(title, badge);
    li.update = fill;
  }
  function fill(item, focused) {
    li.className = `review-item outcome-${item.outcome || "open"}${focused ? " is-focused" : ""}`;
    setText(title, item.title);
    setText(badge, outcomeLabel(item.outcome));
  }
  return li;
}

/** The facilitator's controls for the focused action: previous / next, outcome, note, carry over. */
function consoleControls(ctx) {
  let current = null;
  const set = (fields) => current && ctx.send("review:set", { id: current.id, ...fields });
  const focus = (step) => {
    const items = ctx.store.state.review.items;
    const id = neighbour(items, current?.id ?? null, step);
    if (id !== null) ctx.send("review:focus", { id });
  };
  const previous = h("button", { type: "button", class: "btn", text: t("ui.review.previous"), on: { click: () => focus(-1) } });
  const next = h("button", { type: "button", class: "btn btn-primary", text: t("ui.review.next"), on: { click: () => focus(1) } });
  const outcomes = ["done", "doing", "dropped"].map((outcome) => h("button", {
    type: "button", class: "btn review-choice", dataset: { outcome }, text: outcomeLabel(outcome),
    on: { click: () => set({ outcome }) },
  }));
  const owner = h("select", {});
  const due = h("input", { type: "date" });
  const carry = h("button", { type: "button", class: "btn review-choice", dataset: { outcome: "carried_over" }, text: t("ui.review.carry"), on: { click: () => {
    set({ outcome: "carried_over", owner_actor_id: owner.value ? Number(owner.value) : null, due: due.value || null });
  } } });
  const note = h("textarea", { rows: 2, maxlength: 500 });
  const saveNote = h("button", { type: "button", class: "btn btn-small", text: t("ui.review.note.save"), on: { click: () => set({ note: note.value.trim() || null }) } });
  const el = h("div", { class: "review-controls card" },
    h("div", { class: "review-nav" }, previous, next),
    h("div", { class: "review-choices", role: "group", "aria-label": t("ui.review.outcome") }, outcomes),
    h("div", { class: "review-carry" }, field(t("ui.review.new_owner"), owner), field(t("ui.review.new_due"), due), carry),
    h("div", { class: "review-note-field" }, field(t("ui.review.note"), note), saveNote));
  return {
    el,
    update(s, item, items) {
      const changed = current?.id !== item?.id;
      current = item;
      previous.disabled = !ctx.editable() || neighbour(items, item?.id ?? null, -1) === null || !item;
      next.disabled = !ctx.editable() || neighbour(items, item?.id ?? null, 1) === null;
      for (const part of el.children) if (part.className !== "review-nav") part.hidden = !item;
      if (!item) return;
      for (const button of [...outcomes, carry]) {
        button.setAttribute("aria-pressed", String(button.dataset.outcome === item.outcome));
        button.disabled = !ctx.editable();
      }
      const action = item.action_id ? ctx.store.action(item.action_id) : null;
      options(owner, ownerChoices(s.actors), changed && action?.owner_actor_id ? String(action.owner_actor_id) : owner.value);
      if (changed) {
        due.value = action?.due || "";
        note.value = item.note || "";
      } else if (document.activeElement !== note && note.value.trim() === "" && item.note) {
        note.value = item.note;
      }
      for (const control of [owner, due, note, saveNote]) control.disabled = !ctx.editable();
    },
  };
}
