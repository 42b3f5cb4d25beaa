// Ownership: for each area, who drives, who is accountable and which stage it has reached.
// A gap (a required role nobody holds) shows with an icon and words, not colour alone.
// Participants and the console pick roles and stages; the room display shows them.

import { h, keyed, setText } from "../dom.js";
import { t } from "../i18n.js";
import { roleShown, stageShown } from "../overlay.js";
import { labelled, nextId, options } from "../ui.js";

/** The required roles (the server's list) that nobody holds in `area`. Pure. */
export function missingRoles(ownership, area, required) {
  const held = new Set(ownership.filter((o) => o.area === area).map((o) => o.role));
  return required.filter((role) => !held.has(role));
}

export function create(ctx) {
  const grid = h("div", { class: "area-grid" });
  const note = h("p", { class: "empty", hidden: true, text: t("ui.ownership.no_actors") });
  const el = h("section", { class: "phase phase-ownership" }, note, grid);
  const cards = ctx.vocab.areas.map((area) => areaCard(ctx, area));
  grid.append(...cards.map((c) => c.el));
  return {
    el,
    update(s) {
      note.hidden = s.actors.length > 0;
      for (const card of cards) card.update(s);
    },
  };
}

function areaCard(ctx, area) {
  const gap = h("p", { class: "gap-status" }, h("span", { class: "gap-icon", "aria-hidden": "true" }), h("span", { class: "gap-text" }));
  const group = nextId("stage");
  const stages = h("fieldset", { class: "segmented" },
    h("legend", {}, t("ui.ownership.stage"), h("span", { class: "visually-hidden", text: `: ${t(`area.${area}`)}` })),
    ctx.vocab.stages.map((stage) => h("label", { class: "segment" },
      h("input", { type: "radio", name: group, value: stage, on: { change: () => ctx.send("stage:set", { area, stage }) } }),
      h("span", { text: t(`stage.${stage}`) }))));
  const rows = h("ul", { class: "role-rows" });
  const wall = ctx.role === "display";
  // The wall names who holds a role here; the actors without one are a count, so the story fits one screen.
  const others = h("p", { class: "muted role-others", hidden: true });
  const el = h("article", { class: `area-card area-${area}` },
    h("h3", { text: t(`area.${area}`) }), gap, stages, rows, wall ? others : null);
  const row = wall ? badgeRow : () => selectRow(ctx, area);
  return {
    el,
    update(s) {
      const pending = ctx.pending();
      const missing = missingRoles(s.ownership, area, ctx.vocab.required_roles);
      gap.classList.toggle("is-gap", missing.length > 0);
      gap.classList.toggle("is-ok", missing.length === 0);
      setText(gap.firstChild, missing.length ? "!" : "✓");
      setText(gap.lastChild, missing.length
        ? `${t("ui.ownership.gap")}: ${missing.map((r) => t(`gap.${r}`)).join(", ")}`
        : t("ui.ownership.no_gap"));
      const stage = stageShown(s.stages, area, pending);
      for (const input of stages.querySelectorAll("input")) {
        input.checked = stage === input.value;
        input.disabled = !ctx.editable();
      }
      const listed = wall ? s.actors.filter((a) => ctx.store.role(a.id, area)) : s.actors;
      others.hidden = listed.length === s.actors.length;
      setText(others, t("ui.display.without_role", { count: s.actors.length - listed.length }));
      keyed(rows, listed, (a) => a.id, row, (li, actor) => {
        const role = roleShown(ctx.store.role(actor.id, area), actor.id, area, pending);
        li.className = `role-row cat-${actor.category}${role ? ` has-role role-${role}` : ""}`;
        setText(li.querySelector(".role-name"), actor.name);
        li.update(actor, role);
      });
    },
  };
}

/** The room display: the role as a word. */
function badgeRow() {
  const badge = h("span", { class: "role-badge" });
  const li = h("li", { class: "role-row" }, h("span", { class: "swatch", "aria-hidden": "true" }), h("span", { class: "role-name" }), badge);
  li.update = (actor, role) => setText(badge, role ? t(`role.${role}`) : "–");
  return li;
}

/** Participants and the console: a role picker per actor. */
function selectRow(ctx, area) {
  const picker = h("select", { class: "role-select", id: nextId("role") });
  const label = h("label", { class: "role-name", for: picker.id });
  const li = h("li", { class: "role-row" }, h("span", { class: "swatch", "aria-hidden": "true" }), label, picker);
  let actorId = null;
  picker.addEventListener("change", () => ctx.send("ownership:set", { actor_id: actorId, area, role: picker.value || null }));
  li.update = (actor, role) => {
    actorId = actor.id;
    options(picker, [["", t("ui.ownership.none")], ...labelled(ctx.vocab.roles, "role")], role);
    picker.disabled = !ctx.editable();
    picker.setAttribute("aria-label", t("ui.ownership.role_of", { name: actor.name, area: t(`area.${area}`) }));
  };
  return li;
}
