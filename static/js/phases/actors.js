// The actor map: an influence × interest grid that everyone fills. Participants and the
// console add, drag (pointer or arrow keys) and edit actors; the room display shows the map.
// A move is shown from the moment it is made: while dragging from the pointer, then from the
// outbox until the server answers, so a refused move snaps back.

import { h, keyed, setText, toast } from "../dom.js";
import { t } from "../i18n.js";
import { actorShown } from "../overlay.js";
import { confirm, editDialog, emptyNote, field, labelled, required, select } from "../ui.js";

const QUADRANTS = ["satisfy", "manage", "monitor", "inform"];
const KEYS = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] };
const NUDGE_PAUSE = 400; // ms of quiet after the last arrow key before the move is sent

/** A grid coordinate: a whole number from 0 to 100. */
export const clamp = (value) => Math.max(0, Math.min(100, Math.round(value)));

/** The position under the pointer in a plane's client rectangle (influence grows upwards). */
export function pointerPosition(rect, x, y) {
  return { influence: clamp(100 - ((y - rect.top) / rect.height) * 100), interest: clamp(((x - rect.left) / rect.width) * 100) };
}

/** One arrow-key step from `position`, 5 points (10 with Shift); null for other keys. */
export function nudged(position, key, shift) {
  const steps = KEYS[key];
  if (!steps) return null;
  const step = shift ? 10 : 5;
  return { influence: clamp(position.influence + steps[0] * step), interest: clamp(position.interest + steps[1] * step) };
}

/** Where the n-th new actor starts: spiralling out from the centre, so cards do not pile up. */
export function freeSpot(n) {
  const angle = n * 2.4;
  const radius = n ? 12 + 6 * (n % 4) : 0;
  return { influence: clamp(50 + radius * Math.sin(angle)), interest: clamp(50 + radius * Math.cos(angle)) };
}

const categoryLabel = (category) => t(`category.${category}`);

function describe(actor) {
  return t("ui.actors.card", { name: actor.name, category: categoryLabel(actor.category), influence: actor.influence, interest: actor.interest });
}

export function create(ctx) {
  const map = actorMap(ctx);
  const legend = h("ul", { class: "legend", "aria-label": t("ui.actors.legend") },
    ctx.vocab.actor_categories.map((c) => h("li", { class: `cat-${c}` }, h("span", { class: "swatch", "aria-hidden": "true" }), categoryLabel(c))));
  const layout = h("div", { class: "actor-layout" }, map.el);
  const el = h("section", { class: "phase phase-actors" }, layout, legend);
  if (ctx.role === "display") return { el, update: (s) => map.update(s) };

  const list = actorList(ctx);
  layout.append(h("div", { class: "actor-side" }, actorForm(ctx), list.el));
  return {
    el,
    update(s) {
      map.update(s);
      list.update(s);
    },
  };
}

function actorMap(ctx) {
  const plane = h("div", { class: "grid-plane", role: "group", "aria-label": t("ui.actors.grid") },
    QUADRANTS.map((q) => h("p", { class: `quadrant quadrant-${q}`, "aria-hidden": "true", text: t(`ui.actors.quadrant.${q}`) })));
  const cards = h("div", { class: "grid-cards" });
  plane.append(cards);
  const el = h("figure", { class: "actor-map" },
    h("div", { class: "axis axis-y", "aria-hidden": "true" }, h("span", { text: t("ui.actors.influence") })),
    plane,
    h("div", { class: "axis axis-x", "aria-hidden": "true" }, h("span", { text: t("ui.actors.interest") })),
    h("figcaption", { class: "hint", text: ctx.role === "display" ? "" : t("ui.actors.howto") }));
  let dragging = null; // {id, pointer, x, y, moved, position}
  const nudges = new Map(); // actor id -> {position, timer}: arrow-key moves not yet sent

  /** The actor as this person sees it: their own move in progress, else the outbox, else the store. */
  function shown(actor) {
    const local = dragging && dragging.id === actor.id && dragging.moved ? dragging.position : nudges.get(actor.id)?.position;
    const queued = actorShown(actor, ctx.pending());
    return local ? { ...queued, ...local } : queued;
  }

  function place(card, actor) {
    card.style.setProperty("--x", actor.interest);
    card.style.setProperty("--y", actor.influence);
    card.setAttribute("aria-label", describe(actor));
  }

  function current(card) {
    const actor = ctx.store.actor(Number(card.dataset.id));
    return actor ? shown(actor) : null;
  }

  function sendMove(id, position) {
    ctx.send("actor:update", { id, ...position });
  }

  function createCard(actor) {
    const card = h("button", { type: "button", class: "actor-card", dataset: { id: actor.id } },
      h("span", { class: "actor-card-name" }), h("span", { class: "actor-card-cat", "aria-hidden": "true" })); // the label says it
    card.addEventListener("pointerdown", (event) => {
      const actorNow = current(card);
      if (!ctx.editable() || event.button > 0 || !actorNow) return;
      try {
        card.setPointerCapture(event.pointerId);
      } catch {
        // A pointer the browser no longer tracks: the drag still works while over the card.
      }
      dragging = { id: actorNow.id, pointer: event.pointerId, x: event.clientX, y: event.clientY, moved: false, position: null };
    });
    card.addEventListener("pointermove", (event) => {
      if (!dragging || dragging.pointer !== event.pointerId) return;
      if (!dragging.moved && Math.hypot(event.clientX - dragging.x, event.clientY - dragging.y) < 5) return;
      dragging.moved = true;
      dragging.position = pointerPosition(plane.getBoundingClientRect(), event.clientX, event.clientY);
      card.classList.add("dragging");
      const actorNow = current(card);
      if (actorNow) place(card, actorNow);
    });
    const end = (event) => {
      if (!dragging || dragging.pointer !== event.pointerId) return;
      const { id, moved, position } = dragging;
      dragging = null;
      card.classList.remove("dragging");
      if (!moved) return;
      // The click that follows a drag is not a request to edit.
      card.dataset.dragged = "1";
      setTimeout(() => delete card.dataset.dragged, 0);
      if (ctx.store.actor(id)) sendMove(id, position);
    };
    card.addEventListener("pointerup", end);
    card.addEventListener("pointercancel", end);
    card.addEventListener("click", () => {
      const actorNow = current(card);
      if (!card.dataset.dragged && actorNow && ctx.editable()) editActor(ctx, actorNow);
    });
    card.addEventListener("keydown", (event) => {
      const actorNow = current(card);
      const position = actorNow && ctx.editable() ? nudged(actorNow, event.key, event.shiftKey) : null;
      if (!position) return;
      event.preventDefault();
      clearTimeout(nudges.get(actorNow.id)?.timer);
      const timer = setTimeout(() => {
        nudges.delete(actorNow.id);
        sendMove(actorNow.id, position);
      }, NUDGE_PAUSE);
      nudges.set(actorNow.id, { position, timer });
      place(card, { ...actorNow, ...position });
    });
    return card;
  }

  return {
    el,
    update(s) {
      const editable = ctx.editable();
      plane.classList.toggle("readonly", !editable);
      keyed(cards, s.actors, (a) => a.id, createCard, (card, stored) => {
        const actor = shown(stored);
        card.className = `actor-card cat-${actor.category}${dragging?.id === actor.id && dragging.moved ? " dragging" : ""}`;
        setText(card.firstChild, actor.name);
        setText(card.lastChild, categoryLabel(actor.category));
        place(card, actor);
        card.setAttribute("aria-disabled", String(!editable));
      });
    },
  };
}

function actorList(ctx) {
  const el = h("ul", { class: "actor-list", "aria-label": t("ui.actors.list") });
  const empty = emptyNote(t("ui.actors.empty"));
  const row = (actor) => h("li", { class: "actor-row" },
    h("span", { class: "swatch", "aria-hidden": "true" }),
    h("span", { class: "actor-row-text" }, h("strong", {}), h("span", { class: "muted" })),
    h("button", { type: "button", class: "btn btn-small", on: { click: () => {
      const stored = ctx.store.actor(actor.id);
      if (stored) editActor(ctx, actorShown(stored, ctx.pending()));
    } } }));
  return {
    el,
    update(s) {
      if (!s.actors.length) el.replaceChildren(empty);
      else empty.remove();
      const pending = ctx.pending();
      keyed(el, s.actors, (a) => a.id, row, (li, stored) => {
        const actor = actorShown(stored, pending);
        li.className = `actor-row cat-${actor.category}`;
        setText(li.querySelector("strong"), actor.name);
        setText(li.querySelector(".muted"), categoryLabel(actor.category));
        const button = li.querySelector("button");
        setText(button, t("ui.edit"));
        button.setAttribute("aria-label", t("ui.actors.edit", { name: actor.name }));
        button.disabled = !ctx.editable();
      });
    },
  };
}

function categorySelect(ctx, selected) {
  return select(labelled(ctx.vocab.actor_categories, "category"), selected, { name: "category", required: true });
}

function actorForm(ctx) {
  const name = h("input", { name: "name", maxlength: 120, required: true, autocomplete: "off" });
  const category = categorySelect(ctx, "provider");
  const form = h("form", { class: "inline-form card", novalidate: true },
    h("h3", { text: t("ui.actors.add") }),
    field(t("ui.actors.name"), name),
    field(t("ui.actors.category"), category),
    h("button", { type: "submit", class: "btn btn-primary", text: t("ui.actors.add.submit") }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = required(name);
    if (!value) return;
    name.value = "";
    const spot = freeSpot(ctx.store.state.actors.length);
    const ack = await ctx.send("actor:add", { name: value, category: category.value, ...spot });
    if (ack.ok) toast(t("ui.actors.added", { name: value }));
    name.focus();
  });
  return form;
}

async function editActor(ctx, actor) {
  const name = h("input", { value: actor.name, maxlength: 120, required: true });
  const category = categorySelect(ctx, actor.category);
  const note = h("textarea", { maxlength: 2000, rows: 3, value: actor.note || "" });
  const choice = await editDialog({
    title: t("ui.actors.edit", { name: actor.name }),
    fields: [field(t("ui.actors.name"), name), field(t("ui.actors.category"), category), field(t("ui.actors.note"), note)],
    remove: t("ui.actors.remove"),
  });
  if (choice === "ok" && name.value.trim()) {
    ctx.send("actor:update", { id: actor.id, name: name.value.trim(), category: category.value, note: note.value.trim() });
  } else if (choice === "remove" && await confirm({
    title: t("ui.actors.remove.confirm", { name: actor.name }), text: t("ui.actors.remove.explain"), action: t("ui.actors.remove"),
  })) {
    ctx.send("actor:remove", { id: actor.id });
  }
}
