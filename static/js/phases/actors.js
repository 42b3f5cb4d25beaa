// The actor map: an influence × interest grid that everyone fills. Participants and the
// console add, drag (pointer or arrow keys) and edit actors; the room display shows the map.
// A move is shown from the moment it is made: while dragging from the pointer, then from the
// outbox until the server answers, so a refused move snaps back.

import { h, keyed, setText, toast } from "../dom.js";
import { t } from "../i18n.js";
import { layoutLabels } from "../maplayout.js";
import { actorShown } from "../overlay.js";
import { confirm, editDialog, emptyNote, field, labelled, required, select } from "../ui.js";

const QUADRANTS = ["satisfy", "manage", "monitor", "inform"];
const KEYS = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] };
const NUDGE_PAUSE = 400; // ms of quiet after the last arrow key before the move is sent
const COMPACT = 480; // px: a narrower map shows numbered markers, the names in the list beside it

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

const categoryLabel = (category) => t(`category.${category}`);

/** Where a card's actor stands and how to move it: the card's description, its name is what it shows. */
function describe(card, actor) {
  setText(card.lastChild, t("ui.actors.card", { influence: actor.influence, interest: actor.interest }));
}

export function create(ctx) {
  const map = actorMap(ctx);
  const legend = h("ul", { class: "legend", "aria-label": t("ui.actors.legend") },
    ctx.vocab.actor_categories.map((c) => h("li", { class: `cat-${c}` }, h("span", { class: "swatch", "aria-hidden": "true" }), categoryLabel(c))));
  const list = actorList(ctx);
  const display = ctx.role === "display";
  const side = h("div", { class: "actor-side" }, display ? null : actorForm(ctx), list.el);
  const layout = h("div", { class: "actor-layout" }, map.el, side);
  const el = h("section", { class: "phase phase-actors" }, layout, legend);
  return {
    el,
    update(s) {
      map.update(s);
      list.update(s);
    },
  };
}

/** Where an actor's point is on a plane of `width` × `height` pixels (influence grows upwards). Pure. */
export function pointOnPlane(actor, width, height) {
  return { x: (actor.interest / 100) * width, y: (1 - actor.influence / 100) * height };
}

/** The end of a label's leader line: the point of the label's box nearest to its actor's point. Pure. */
export function leaderEnd(point, box) {
  return { x: Math.max(box.left, Math.min(box.left + box.width, point.x)), y: Math.max(box.top, Math.min(box.top + box.height, point.y)) };
}

function svg(tag, attrs = {}) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}

/**
 * The map: a dot at each actor's position and its label nearby, laid out so no label covers
 * another (a thin line joins a label moved off its dot). On a narrow map the labels are
 * numbered markers and the names are in the list.
 */
function actorMap(ctx) {
  const plane = h("div", { class: "grid-plane", role: "group", "aria-label": t("ui.actors.grid") },
    QUADRANTS.map((q) => h("p", { class: `quadrant quadrant-${q}`, "aria-hidden": "true", text: t(`ui.actors.quadrant.${q}`) })));
  const leaders = svg("svg", { class: "grid-leaders", "aria-hidden": "true" });
  const dots = h("div", { class: "grid-dots", "aria-hidden": "true" });
  const cards = h("div", { class: "grid-cards" });
  plane.append(leaders, dots, cards);
  const el = h("figure", { class: "actor-map" },
    h("div", { class: "axis axis-y", "aria-hidden": "true" }, h("span", { text: t("ui.actors.influence") })),
    plane,
    h("div", { class: "axis axis-x", "aria-hidden": "true" }, h("span", { text: t("ui.actors.interest") })),
    h("figcaption", { class: "hint", text: ctx.role === "display" ? "" : t("ui.actors.howto") }));
  let dragging = null; // {id, pointer, x, y, moved, position}
  let shownActors = []; // the actors as last shown, for laying out again when the plane resizes
  const nudges = new Map(); // actor id -> {position, timer}: arrow-key moves not yet sent
  const parts = new Map(); // actor id -> {dot, line}

  /** The actor as this person sees it: their own move in progress, else the outbox, else the store. */
  function shown(actor) {
    const local = dragging && dragging.id === actor.id && dragging.moved ? dragging.position : nudges.get(actor.id)?.position;
    const queued = actorShown(actor, ctx.pending());
    return local ? { ...queued, ...local } : queued;
  }

  function current(card) {
    const actor = ctx.store.actor(Number(card.dataset.id));
    return actor ? shown(actor) : null;
  }

  function partsOf(id) {
    let found = parts.get(id);
    if (!found) {
      found = { dot: h("span", { class: "actor-dot" }), line: svg("line", { class: "actor-leader" }) };
      dots.append(found.dot);
      leaders.append(found.line);
      parts.set(id, found);
    }
    return found;
  }

  function setBox(card, box) {
    const first = !card.dataset.placed;
    if (first) card.style.transition = "none"; // a new label appears in its place, it does not fly in
    card.style.left = `${box.left}px`;
    card.style.top = `${box.top}px`;
    if (first) {
      card.dataset.placed = "1";
      void card.offsetWidth;
      card.style.transition = "";
    }
  }

  function setLine(line, point, box) {
    const end = leaderEnd(point, box);
    const far = Math.hypot(end.x - point.x, end.y - point.y) > 6;
    line.setAttribute("x1", point.x);
    line.setAttribute("y1", point.y);
    line.setAttribute("x2", far ? end.x : point.x);
    line.setAttribute("y2", far ? end.y : point.y);
  }

  /** Every label in its place: centred on its dot where there is room, else nearby; older actors first. */
  function arrange() {
    const width = plane.clientWidth;
    const height = plane.clientHeight;
    if (!width || !height) return;
    el.classList.toggle("compact", width < COMPACT);
    const items = [];
    for (const actor of shownActors.slice().sort((a, b) => a.id - b.id)) {
      const card = cards._keyed?.get(String(actor.id));
      if (!card) continue;
      const point = pointOnPlane(actor, width, height);
      const { dot, line } = partsOf(actor.id);
      dot.className = `actor-dot cat-${actor.category}`;
      dot.style.left = `${point.x}px`;
      dot.style.top = `${point.y}px`;
      items.push({ id: actor.id, ...point, width: card.offsetWidth, height: card.offsetHeight, card, line });
    }
    const origin = plane.getBoundingClientRect();
    const quadrants = [...plane.querySelectorAll(".quadrant")].map((q) => {
      const r = q.getBoundingClientRect();
      return { left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height };
    });
    const boxes = layoutLabels(items, { width, height }, quadrants);
    boxes.forEach((box, i) => {
      setBox(items[i].card, box);
      setLine(items[i].line, items[i], box);
    });
    for (const [id, { dot, line }] of parts) {
      if (!items.some((item) => item.id === id)) {
        dot.remove();
        line.remove();
        parts.delete(id);
      }
    }
  }

  /** While dragging only the dragged label moves, centred under the pointer; the others stay put. */
  function follow(card, actor) {
    const width = plane.clientWidth;
    const height = plane.clientHeight;
    const point = pointOnPlane(actor, width, height);
    const box = { width: card.offsetWidth, height: card.offsetHeight };
    box.left = Math.max(0, Math.min(width - box.width, point.x - box.width / 2));
    box.top = Math.max(0, Math.min(height - box.height, point.y - box.height / 2));
    setBox(card, box);
    const { dot, line } = partsOf(actor.id);
    dot.style.left = `${point.x}px`;
    dot.style.top = `${point.y}px`;
    setLine(line, point, box);
    describe(card, actor);
  }

  function sendMove(id, position) {
    ctx.send("actor:update", { id, ...position });
  }

  /** The label picked up last stays on top of the others. */
  function lift(card) {
    for (const other of cards.querySelectorAll(".lifted")) if (other !== card) other.classList.remove("lifted");
    card.classList.add("lifted");
  }

  function createCard(actor) {
    const card = h("button", { type: "button", class: "actor-card", dataset: { id: actor.id }, "aria-describedby": `actor-place-${actor.id}` },
      h("span", { class: "actor-card-no" }), h("span", { class: "actor-card-name" }), h("span", { class: "actor-card-cat" }),
      h("span", { id: `actor-place-${actor.id}`, hidden: true }));
    card.addEventListener("pointerdown", (event) => {
      const actorNow = current(card);
      if (!ctx.editable() || event.button > 0 || !actorNow) return;
      try {
        card.setPointerCapture(event.pointerId);
      } catch {
        // A pointer the browser no longer tracks: the drag still works while over the card.
      }
      lift(card);
      dragging = { id: actorNow.id, pointer: event.pointerId, x: event.clientX, y: event.clientY, moved: false, position: null };
    });
    card.addEventListener("pointermove", (event) => {
      if (!dragging || dragging.pointer !== event.pointerId) return;
      if (!dragging.moved && Math.hypot(event.clientX - dragging.x, event.clientY - dragging.y) < 5) return;
      dragging.moved = true;
      dragging.position = pointerPosition(plane.getBoundingClientRect(), event.clientX, event.clientY);
      card.classList.add("dragging");
      const actorNow = current(card);
      if (actorNow) follow(card, actorNow);
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
      lift(card);
      follow(card, { ...actorNow, ...position });
    });
    return card;
  }

  new ResizeObserver(() => dragging || arrange()).observe(plane);

  return {
    el,
    update(s) {
      const editable = ctx.editable();
      plane.classList.toggle("readonly", !editable);
      shownActors = s.actors.map(shown);
      const numbers = new Map(s.actors.map((a, i) => [a.id, i + 1]));
      keyed(cards, s.actors, (a) => a.id, createCard, (card, stored) => {
        const actor = shown(stored);
        const lifted = card.classList.contains("lifted") ? " lifted" : "";
        card.className = `actor-card cat-${actor.category}${lifted}${dragging?.id === actor.id && dragging.moved ? " dragging" : ""}`;
        setText(card.firstChild, String(numbers.get(actor.id)));
        setText(card.children[1], actor.name);
        setText(card.children[2], categoryLabel(actor.category));
        describe(card, actor);
        card.setAttribute("aria-disabled", String(!editable));
      });
      if (dragging?.moved) {
        const card = cards._keyed.get(String(dragging.id));
        const actor = card && current(card);
        if (actor) follow(card, actor);
      } else arrange();
    },
  };
}

/** Every actor by number and full name: beside a narrow map, whose markers carry only the number. */
function actorList(ctx) {
  const el = h("ol", { class: "actor-list", "aria-label": t("ui.actors.list") });
  const empty = emptyNote(t("ui.actors.empty"));
  const edit = (actor) => h("button", { type: "button", class: "btn btn-small", on: { click: () => {
    const stored = ctx.store.actor(actor.id);
    if (stored) editActor(ctx, actorShown(stored, ctx.pending()));
  } } });
  const row = (actor) => h("li", { class: "actor-row" },
    h("span", { class: "swatch actor-no", "aria-hidden": "true" }),
    h("span", { class: "actor-row-text" }, h("strong", {}), h("span", { class: "muted" })),
    ctx.role === "display" ? null : edit(actor));
  return {
    el,
    update(s) {
      if (!s.actors.length) el.replaceChildren(empty);
      else empty.remove();
      const pending = ctx.pending();
      let number = 0;
      keyed(el, s.actors, (a) => a.id, row, (li, stored) => {
        const actor = actorShown(stored, pending);
        li.className = `actor-row cat-${actor.category}`;
        setText(li.querySelector(".actor-no"), String(++number));
        setText(li.querySelector("strong"), actor.name);
        setText(li.querySelector(".muted"), categoryLabel(actor.category));
        const button = li.querySelector("button");
        if (!button) return;
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
    // No position: the server places a new actor where there is room.
    const ack = await ctx.send("actor:add", { name: value, category: category.value });
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
