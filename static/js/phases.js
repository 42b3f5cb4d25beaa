// The live view of each phase, shared by the participant view, the console and the room
// display. Each `create*` builds the phase once and returns {el, update(state)}; updates
// reuse elements by key, so nothing jumps and nobody loses what they are typing.

import { clear, h, keyed, openDialog, setText, toast } from "./dom.js";
import { t } from "./i18n.js";

export const PHASES = ["lobby", "actors", "ownership", "determinants", "strategies", "actions", "closed"];
export const CATEGORIES = ["policy", "funder", "provider", "professional", "target_group", "knowledge", "management", "other"];
export const AREAS = ["intervention", "supply", "use"];
export const ROLES = ["driver", "accountable", "contributor"];
export const STAGES = ["want", "can", "do", "sustain"];
export const STRATEGY_CATEGORIES = ["dissemination", "financing", "organisation", "monitoring"];
export const STATUSES = ["open", "doing", "done"];

let uid = 0;
const nextId = (prefix) => `${prefix}-${++uid}`;

function options(select, items, selected) {
  // Rebuild only when the list changed, so an open picker is not disturbed.
  const signature = JSON.stringify(items);
  if (select._signature !== signature) {
    clear(select);
    for (const [value, label] of items) select.append(h("option", { value, text: label }));
    select._signature = signature;
  }
  if (document.activeElement !== select) select.value = selected ?? "";
}

function field(label, control, hint) {
  const id = control.id || (control.id = nextId("f"));
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint`, text: hint }) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id, text: label }), control, hintEl);
}

function sendAndReport(ctx, event, payload) {
  return ctx.send(event, payload).then((ack) => ack);
}

function emptyNote(text) {
  return h("p", { class: "empty", text });
}

function categoryLabel(category) {
  return t(`category.${category}`);
}

// --- lobby -------------------------------------------------------------------------------

export function createLobby(ctx) {
  const count = h("p", { class: "lobby-count" });
  const list = h("ul", { class: "people-chips", "aria-label": t("ui.lobby.here") });
  const intro = h("p", { class: "lobby-intro" });
  const el = h("section", { class: "phase phase-lobby" }, intro, count, list);
  return {
    el,
    update(s) {
      const me = s.me;
      setText(intro, ctx.role === "participant" ? t("ui.lobby.welcome", { name: me.name || "" }) : t("ui.lobby.facilitator"));
      const online = s.participants.filter((p) => p.online);
      setText(count, t("ui.people.online", { count: online.length }));
      keyed(list, online, (p) => p.id, () => h("li", { class: "chip" }), (li, p) => {
        setText(li, p.name ?? t("ui.anonymous"));
        li.classList.toggle("chip-me", p.id === me.id);
      });
    },
  };
}

// --- actors: influence × interest grid ---------------------------------------------------

export function createActors(ctx) {
  const store = ctx.store;
  const plane = h("div", { class: "grid-plane", role: "group", "aria-label": t("ui.actors.grid") });
  for (const quadrant of ["satisfy", "manage", "monitor", "inform"]) {
    plane.append(h("p", { class: `quadrant quadrant-${quadrant}`, "aria-hidden": "true", text: t(`ui.actors.quadrant.${quadrant}`) }));
  }
  const cards = h("div", { class: "grid-cards" });
  plane.append(cards);
  const map = h("figure", { class: "actor-map" },
    h("div", { class: "axis axis-y", "aria-hidden": "true" }, h("span", { text: t("ui.actors.influence") })),
    plane,
    h("div", { class: "axis axis-x", "aria-hidden": "true" }, h("span", { text: t("ui.actors.interest") })),
    h("figcaption", { class: "hint", text: ctx.role === "display" ? "" : t("ui.actors.howto") }));
  const list = h("ul", { class: "actor-list", "aria-label": t("ui.actors.list") });
  const legend = h("ul", { class: "legend", "aria-label": t("ui.actors.legend") },
    CATEGORIES.map((c) => h("li", { class: `cat-${c}` }, h("span", { class: "swatch", "aria-hidden": "true" }), categoryLabel(c))));
  const side = h("div", { class: "actor-side" });
  if (ctx.role !== "display") side.append(actorForm(ctx));
  side.append(list);
  const el = h("section", { class: "phase phase-actors" }, h("div", { class: "actor-layout" }, map, side), legend);
  let dragging = null;
  const pendingMoves = new Map();

  function place(card, actor) {
    card.style.setProperty("--x", actor.interest);
    card.style.setProperty("--y", actor.influence);
  }

  function describe(actor) {
    return t("ui.actors.card", { name: actor.name, category: categoryLabel(actor.category), influence: actor.influence, interest: actor.interest });
  }

  function move(actor, influence, interest) {
    actor.influence = Math.max(0, Math.min(100, Math.round(influence)));
    actor.interest = Math.max(0, Math.min(100, Math.round(interest)));
  }

  function commitMove(actor) {
    clearTimeout(pendingMoves.get(actor.id));
    pendingMoves.delete(actor.id);
    ctx.send("actor:update", { id: actor.id, influence: actor.influence, interest: actor.interest });
  }

  function createCard(actor) {
    const card = h("button", { type: "button", class: "actor-card", dataset: { id: actor.id } },
      h("span", { class: "actor-card-name" }), h("span", { class: "actor-card-cat" }));
    card.addEventListener("pointerdown", (event) => {
      if (!ctx.editable() || event.button > 0) return;
      const current = store.actor(Number(card.dataset.id));
      if (!current) return;
      try {
        card.setPointerCapture(event.pointerId);
      } catch {
        // A pointer the browser no longer tracks: the drag still works while over the card.
      }
      dragging = { id: current.id, x: event.clientX, y: event.clientY, moved: false, pointer: event.pointerId };
    });
    card.addEventListener("pointermove", (event) => {
      if (!dragging || dragging.pointer !== event.pointerId) return;
      if (!dragging.moved && Math.hypot(event.clientX - dragging.x, event.clientY - dragging.y) < 5) return;
      dragging.moved = true;
      card.classList.add("dragging");
      const rect = plane.getBoundingClientRect();
      const actor = store.actor(dragging.id);
      if (!actor) return;
      move(actor, 100 - ((event.clientY - rect.top) / rect.height) * 100, ((event.clientX - rect.left) / rect.width) * 100);
      place(card, actor);
    });
    const end = (event) => {
      if (!dragging || dragging.pointer !== event.pointerId) return;
      const { id, moved } = dragging;
      card.classList.remove("dragging");
      dragging = null;
      const actor = store.actor(id);
      if (moved) {
        // The click that follows a drag is not a request to edit.
        card.dataset.dragged = "1";
        setTimeout(() => delete card.dataset.dragged, 0);
      }
      if (moved && actor) {
        commitMove(actor);
        card.setAttribute("aria-label", describe(actor));
      }
    };
    card.addEventListener("pointerup", end);
    card.addEventListener("pointercancel", end);
    card.addEventListener("click", () => {
      if (card.dataset.dragged) return;
      const actor = store.actor(Number(card.dataset.id));
      if (actor && ctx.editable()) editActor(ctx, actor);
    });
    card.addEventListener("keydown", (event) => {
      const steps = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] }[event.key];
      if (!steps || !ctx.editable()) return;
      event.preventDefault();
      const actor = store.actor(Number(card.dataset.id));
      if (!actor) return;
      const step = event.shiftKey ? 10 : 5;
      move(actor, actor.influence + steps[0] * step, actor.interest + steps[1] * step);
      place(card, actor);
      card.setAttribute("aria-label", describe(actor));
      clearTimeout(pendingMoves.get(actor.id));
      pendingMoves.set(actor.id, setTimeout(() => commitMove(actor), 400));
    });
    return card;
  }

  return {
    el,
    update(s) {
      plane.classList.toggle("readonly", !ctx.editable());
      keyed(cards, s.actors, (a) => a.id, createCard, (card, actor) => {
        card.className = `actor-card cat-${actor.category}${card.classList.contains("dragging") ? " dragging" : ""}`;
        setText(card.firstChild, actor.name);
        setText(card.lastChild, categoryLabel(actor.category));
        if (!(dragging && dragging.id === actor.id) && !pendingMoves.has(actor.id)) place(card, actor);
        card.setAttribute("aria-label", describe(actor));
        card.setAttribute("aria-disabled", String(!ctx.editable()));
      });
      if (!s.actors.length) list.replaceChildren(emptyNote(t("ui.actors.empty")));
      else if (list.querySelector(".empty")) list.replaceChildren();
      keyed(list, s.actors, (a) => a.id, (actor) => {
        const li = h("li", { class: "actor-row" },
          h("span", { class: "swatch", "aria-hidden": "true" }),
          h("span", { class: "actor-row-text" }, h("strong", {}), h("span", { class: "muted" })));
        if (ctx.role !== "display") {
          li.append(h("button", { type: "button", class: "btn btn-small", on: { click: () => {
            const current = store.actor(actor.id);
            if (current) editActor(ctx, current);
          } } }));
        }
        return li;
      }, (li, actor) => {
        li.className = `actor-row cat-${actor.category}`;
        setText(li.querySelector("strong"), actor.name);
        setText(li.querySelector(".muted"), categoryLabel(actor.category));
        const button = li.querySelector("button");
        if (button) {
          setText(button, t("ui.edit"));
          button.setAttribute("aria-label", t("ui.actors.edit", { name: actor.name }));
          button.disabled = !ctx.editable();
        }
      });
    },
  };
}

function categorySelect(selected) {
  const select = h("select", { name: "category", required: true });
  for (const c of CATEGORIES) select.append(h("option", { value: c, text: categoryLabel(c), selected: c === selected }));
  return select;
}

function actorForm(ctx) {
  const name = h("input", { name: "name", maxlength: 120, required: true, autocomplete: "off" });
  const category = categorySelect("provider");
  const form = h("form", { class: "inline-form card", novalidate: true },
    h("h3", { text: t("ui.actors.add") }),
    field(t("ui.actors.name"), name),
    field(t("ui.actors.category"), category),
    h("button", { type: "submit", class: "btn btn-primary", text: t("ui.actors.add.submit") }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = name.value.trim();
    if (!value) {
      name.focus();
      return;
    }
    name.value = "";
    // New cards spiral out from the centre, so they do not land on top of each other.
    const n = ctx.store.state.actors.length;
    const angle = n * 2.4;
    const radius = n ? 12 + 6 * (n % 4) : 0;
    const ack = await ctx.send("actor:add", {
      name: value, category: category.value,
      influence: Math.round(50 + radius * Math.sin(angle)), interest: Math.round(50 + radius * Math.cos(angle)),
    });
    if (ack.ok) toast(t("ui.actors.added", { name: value }));
    name.focus();
  });
  return form;
}

async function editActor(ctx, actor) {
  const name = h("input", { value: actor.name, maxlength: 120, required: true });
  const category = categorySelect(actor.category);
  const note = h("textarea", { maxlength: 2000, rows: 3, value: actor.note || "" });
  const choice = await openDialog({
    title: t("ui.actors.edit", { name: actor.name }),
    body: [field(t("ui.actors.name"), name), field(t("ui.actors.category"), category), field(t("ui.actors.note"), note)],
    actions: [
      { value: "remove", label: t("ui.actors.remove"), kind: "danger" },
      { value: "cancel", label: t("ui.cancel") },
      { value: "ok", label: t("ui.save"), kind: "primary" },
    ],
  });
  if (choice === "ok" && name.value.trim()) {
    ctx.send("actor:update", { id: actor.id, name: name.value.trim(), category: category.value, note: note.value.trim() });
  } else if (choice === "remove") {
    const sure = await openDialog({
      title: t("ui.actors.remove.confirm", { name: actor.name }),
      body: [h("p", { text: t("ui.actors.remove.explain") })],
      actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: t("ui.actors.remove"), kind: "danger" }],
    });
    if (sure === "ok") ctx.send("actor:remove", { id: actor.id });
  }
}

// --- ownership ---------------------------------------------------------------------------

export function createOwnership(ctx) {
  const store = ctx.store;
  const grid = h("div", { class: "area-grid" });
  const note = h("p", { class: "empty", hidden: true, text: t("ui.ownership.no_actors") });
  const el = h("section", { class: "phase phase-ownership" }, note, grid);
  const cards = {};
  for (const area of AREAS) {
    const gap = h("p", { class: "gap-status" }, h("span", { class: "gap-icon", "aria-hidden": "true" }), h("span", { class: "gap-text" }));
    const stageName = nextId("stage");
    const stages = h("fieldset", { class: "segmented" },
      h("legend", {}, t("ui.ownership.stage"), h("span", { class: "visually-hidden", text: `: ${t(`area.${area}`)}` })),
      STAGES.map((stage) => h("label", { class: "segment" },
        h("input", { type: "radio", name: stageName, value: stage, on: { change: () => ctx.send("stage:set", { area, stage }) } }),
        h("span", { text: t(`stage.${stage}`) }))));
    const rows = h("ul", { class: "role-rows" });
    const heading = h("h3", { text: t(`area.${area}`) });
    cards[area] = { gap, stages, rows };
    grid.append(h("article", { class: `area-card area-${area}` }, heading, gap, stages, rows));
  }
  return {
    el,
    update(s) {
      note.hidden = s.actors.length > 0;
      for (const area of AREAS) {
        const { gap, stages, rows } = cards[area];
        const missing = store.gaps(area);
        gap.classList.toggle("is-gap", missing.length > 0);
        gap.classList.toggle("is-ok", missing.length === 0);
        setText(gap.firstChild, missing.length ? "!" : "✓");
        setText(gap.lastChild, missing.length
          ? `${t("ui.ownership.gap")}: ${missing.map((r) => t(`gap.${r}`)).join(", ")}`
          : t("ui.ownership.no_gap"));
        for (const input of stages.querySelectorAll("input")) {
          input.checked = s.stages[area] === input.value;
          input.disabled = !ctx.editable();
        }
        keyed(rows, s.actors, (a) => a.id, (actor) => {
          const li = h("li", { class: "role-row" }, h("span", { class: "swatch", "aria-hidden": "true" }));
          const label = h("label", { class: "role-name" });
          li.append(label);
          if (ctx.role === "display") {
            li.append(h("span", { class: "role-badge" }));
          } else {
            const select = h("select", { class: "role-select", id: nextId("role") });
            label.htmlFor = select.id;
            select.addEventListener("change", () => ctx.send("ownership:set", { actor_id: actor.id, area, role: select.value || null }));
            li.append(select);
          }
          return li;
        }, (li, actor) => {
          const role = store.role(actor.id, area);
          li.className = `role-row cat-${actor.category}${role ? ` has-role role-${role}` : ""}`;
          setText(li.querySelector(".role-name"), actor.name);
          const select = li.querySelector("select");
          if (select) {
            options(select, [["", t("ui.ownership.none")], ...ROLES.map((r) => [r, t(`role.${r}`)])], role);
            select.disabled = !ctx.editable();
            select.setAttribute("aria-label", t("ui.ownership.role_of", { name: actor.name, area: t(`area.${area}`) }));
          } else {
            setText(li.querySelector(".role-badge"), role ? t(`role.${role}`) : "–");
          }
        });
      }
    },
  };
}

// --- determinants ------------------------------------------------------------------------

function histogram() {
  const bars = h("ol", { class: "histogram" });
  for (let score = 1; score <= 5; score++) {
    bars.append(h("li", { class: "hbar" }, h("span", { class: "hbar-count" }), h("span", { class: "hbar-fill" }), h("span", { class: "hbar-label", text: String(score) })));
  }
  return bars;
}

function formatMean(mean) {
  return mean === null || mean === undefined ? "–" : mean.toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

export function createDeterminants(ctx) {
  const list = h("div", { class: "det-list" });
  const progress = h("p", { class: "progress-chip", role: "status" });
  const el = h("section", { class: "phase phase-determinants" }, ctx.role === "participant" ? progress : null, list);
  const cards = {};
  const keys = ["driver", "funding", "added_value", "timing", "time"];
  for (const key of keys) {
    const name = nextId("score");
    const bars = histogram();
    const mean = h("p", { class: "det-mean" });
    const weakest = h("p", { class: "weakest", hidden: true }, h("span", { "aria-hidden": "true", text: "▼ " }), t("ui.determinants.weakest"));
    const results = h("div", { class: "det-results", "aria-live": "off" }, mean, bars);
    const card = h("article", { class: "det-card" }, h("h3", { text: t(`determinant.${key}`) }),
      h("p", { class: "muted det-help", text: t(`determinant.${key}.help`) }), weakest);
    let scores = null;
    let comment = null;
    if (ctx.role === "participant") {
      scores = h("fieldset", { class: "scores" },
        h("legend", {}, t("ui.determinants.your_score"), h("span", { class: "visually-hidden", text: `: ${t(`determinant.${key}`)}` })),
        [1, 2, 3, 4, 5].map((score) => h("label", { class: "score" },
          h("input", { type: "radio", name, value: score, on: { change: () => rate(key, score) } }),
          h("span", { text: String(score) }))),
        h("p", { class: "scale-ends", "aria-hidden": "true" }, h("span", { text: t("ui.determinants.low") }), h("span", { text: t("ui.determinants.high") })));
      comment = h("textarea", { rows: 2, maxlength: 2000, placeholder: t("ui.determinants.comment.placeholder") });
      comment.addEventListener("change", () => {
        const current = ctx.store.state.determinants.find((d) => d.key === key);
        if (!current || !current.my_score) {
          toast(t("ui.determinants.score_first"), "error");
          return;
        }
        ctx.send("rating:set", { determinant: key, score: current.my_score, comment: comment.value.trim() })
          .then((ack) => ack.ok && toast(t("ui.saved")));
      });
      card.append(scores, field(t("ui.determinants.comment"), comment));
    }
    card.append(results);
    cards[key] = { card, bars, mean, weakest, scores, comment, results };
    list.append(card);
  }

  function rate(key, score) {
    const d = ctx.store.state.determinants.find((x) => x.key === key);
    if (d) d.my_score = score;
    const payload = { determinant: key, score };
    const comment = cards[key].comment.value.trim();
    if (comment) payload.comment = comment;
    ctx.send("rating:set", payload);
    ctx.store.changed();
  }

  return {
    el,
    update(s) {
      const mine = s.determinants.filter((d) => d.my_score).length;
      setText(progress, mine === s.determinants.length ? t("ui.determinants.all_done")
        : t("ui.determinants.progress", { count: mine, total: s.determinants.length }));
      progress.classList.toggle("done", mine === s.determinants.length);
      const scored = s.determinants.filter((d) => d.count > 0 && d.mean !== null);
      const lowest = scored.length > 1 ? Math.min(...scored.map((d) => d.mean)) : null;
      for (const d of s.determinants) {
        const c = cards[d.key];
        if (!c) continue;
        if (c.scores) {
          for (const input of c.scores.querySelectorAll("input")) {
            input.checked = Number(input.value) === d.my_score;
            input.disabled = !ctx.editable();
          }
          c.comment.disabled = !ctx.editable();
        }
        // Participants see the room's answers once they gave their own (no anchoring).
        const show = ctx.role !== "participant" || d.my_score || s.workshop.results_visible;
        c.results.hidden = !show;
        const max = Math.max(1, ...d.histogram);
        [...c.bars.children].forEach((bar, i) => {
          bar.style.setProperty("--h", `${(d.histogram[i] / max) * 100}%`);
          setText(bar.querySelector(".hbar-count"), String(d.histogram[i]));
          bar.setAttribute("aria-label", t("ui.determinants.bar", { score: i + 1, count: d.histogram[i] }));
        });
        setText(c.mean, d.count ? t("ui.determinants.mean", { mean: formatMean(d.mean), count: d.count }) : t("ui.determinants.no_scores"));
        const isWeakest = lowest !== null && d.mean === lowest && ctx.role !== "participant";
        c.weakest.hidden = !isWeakest;
        c.card.classList.toggle("is-weakest", isWeakest);
      }
    },
  };
}

// --- strategies --------------------------------------------------------------------------

function ranked(strategies) {
  const list = strategies.filter((x) => x.votes !== null).slice()
    .sort((a, b) => b.votes - a.votes || a.title.localeCompare(b.title, undefined, { sensitivity: "base" }) || a.id - b.id);
  let rank = 0;
  return list.map((x, i) => {
    if (i === 0 || list[i - 1].votes !== x.votes) rank = i + 1;
    return { ...x, rank };
  });
}

function rankChart(limit) {
  const chart = h("ol", { class: "rank-chart" });
  const empty = h("p", { class: "rank-empty", text: t("ui.strategies.no_votes") });
  return {
    el: h("div", { class: "rank" }, chart, empty),
    update(strategies) {
      const rows = ranked(strategies).filter((r) => r.votes > 0).slice(0, limit);
      const max = Math.max(1, ...rows.map((r) => r.votes));
      empty.hidden = rows.length > 0;
      keyed(chart, rows, (r) => r.id, () => h("li", { class: "rank-row" },
        h("span", { class: "rank-no" }), h("span", { class: "rank-title" }),
        h("span", { class: "rank-bar" }, h("span", { class: "rank-fill" })), h("span", { class: "rank-votes" })), (li, r) => {
        setText(li.querySelector(".rank-no"), String(r.rank));
        setText(li.querySelector(".rank-title"), r.title);
        li.querySelector(".rank-fill").style.setProperty("--w", `${(r.votes / max) * 100}%`);
        setText(li.querySelector(".rank-votes"), t("ui.strategies.votes", { count: r.votes }));
        li.className = `rank-row cat-${r.category}`;
      });
    },
  };
}

export function createStrategies(ctx) {
  const store = ctx.store;
  const counterText = h("span", {});
  const counterDots = h("span", { class: "vote-dots", "aria-hidden": "true" });
  const counter = h("p", { class: "votes-left", role: "status" }, counterText, counterDots);
  const resultsTitle = h("h3", { text: t("ui.strategies.results") });
  const resultsNote = h("p", { class: "hint" });
  const chart = rankChart(ctx.role === "display" ? 10 : 50);
  const results = h("section", { class: "results card" }, resultsTitle, resultsNote, chart.el);
  const groups = h("div", { class: "strategy-groups" });
  const sections = {};
  for (const category of STRATEGY_CATEGORIES) {
    const ul = h("ul", { class: "strategy-list" });
    sections[category] = ul;
    groups.append(h("section", { class: `strategy-group scat-${category}` }, h("h3", { text: t(`strategy_category.${category}`) }), ul));
  }
  const el = h("section", { class: "phase phase-strategies" });
  if (ctx.role === "participant") el.append(counter);
  el.append(results, groups);
  if (ctx.role !== "display") el.append(strategyForm(ctx));

  async function vote(strategy, up) {
    const current = store.strategy(strategy.id);
    if (!current) return;
    const ack = await ctx.send(up ? "vote:cast" : "vote:retract", { strategy_id: strategy.id });
    if (ack.ok) {
      const fresh = store.strategy(strategy.id);
      if (fresh) fresh.my_votes = Math.max(0, (fresh.my_votes || 0) + (up ? 1 : -1));
      store.changed();
    }
  }

  return {
    el,
    update(s) {
      const left = store.votesLeft();
      const settings = s.workshop.settings;
      setText(counterText, t("ui.strategies.votes_left", { count: left, total: settings.votes_per_participant }));
      setText(counterDots, "●".repeat(left) + "○".repeat(Math.max(0, settings.votes_per_participant - left)));
      counter.classList.toggle("none-left", left === 0);
      const countsKnown = s.strategies.some((x) => x.votes !== null);
      const showChart = ctx.role === "console" ? countsKnown : s.workshop.results_visible && countsKnown;
      results.hidden = !showChart && ctx.role === "participant";
      chart.el.hidden = !showChart;
      const cast = s.strategies.reduce((sum, x) => sum + (x.votes || 0), 0);
      const possible = s.participants.length * settings.votes_per_participant;
      const turnout = ctx.role === "console" ? ` ${t("ui.strategies.cast_total", { count: cast, total: possible })}` : "";
      setText(resultsNote, !showChart ? t("ui.strategies.results_hidden")
        : (ctx.role === "console" && !s.workshop.results_visible ? t("ui.strategies.only_you") : "") + turnout);
      resultsNote.hidden = !resultsNote.textContent;
      if (showChart) chart.update(s.strategies);
      for (const category of STRATEGY_CATEGORIES) {
        const items = s.strategies.filter((x) => x.category === category);
        keyed(sections[category], items, (x) => x.id, (x) => strategyItem(ctx, x, vote), (li, x) => {
          setText(li.querySelector(".strategy-title"), x.title);
          const desc = li.querySelector(".strategy-desc");
          setText(desc, x.description || "");
          desc.hidden = !x.description;
          li.querySelector(".origin").hidden = x.origin !== "participant";
          const mine = li.querySelector(".my-votes");
          if (mine) {
            setText(mine, String(x.my_votes || 0));
            mine.setAttribute("aria-label", t("ui.strategies.my_votes", { count: x.my_votes || 0 }));
            const [minus, plus] = li.querySelectorAll(".vote-btn");
            minus.disabled = !ctx.editable() || !x.my_votes;
            plus.disabled = !ctx.editable() || left === 0 || (x.my_votes || 0) >= settings.max_votes_per_strategy;
            minus.setAttribute("aria-label", t("ui.strategies.retract", { title: x.title }));
            plus.setAttribute("aria-label", t("ui.strategies.cast", { title: x.title }));
            li.classList.toggle("voted", (x.my_votes || 0) > 0);
          }
          const tally = li.querySelector(".tally");
          if (tally) {
            tally.hidden = x.votes === null || (ctx.role === "display" && !s.workshop.results_visible);
            setText(tally, t("ui.strategies.votes", { count: x.votes ?? 0 }));
          }
          const remove = li.querySelector(".remove");
          if (remove) remove.disabled = s.workshop.phase === "closed";
        });
      }
    },
  };
}

function strategyItem(ctx, strategy, vote) {
  const li = h("li", { class: "strategy" },
    h("div", { class: "strategy-text" },
      h("p", { class: "strategy-title" }),
      h("p", { class: "strategy-desc muted" }),
      h("p", { class: "origin", text: t("ui.strategies.own") })));
  if (ctx.role === "participant") {
    li.append(h("div", { class: "vote-control" },
      h("button", { type: "button", class: "vote-btn", text: "−", on: { click: () => vote(strategy, false) } }),
      h("span", { class: "my-votes" }),
      h("button", { type: "button", class: "vote-btn vote-plus", text: "+", on: { click: () => vote(strategy, true) } })));
  } else {
    li.append(h("span", { class: "tally" }));
  }
  if (ctx.role === "console") {
    li.append(h("button", { type: "button", class: "btn btn-small btn-quiet remove", text: t("ui.remove"),
      "aria-label": t("ui.strategies.remove", { title: strategy.title }),
      on: { click: async () => {
        const sure = await openDialog({
          title: t("ui.strategies.remove", { title: strategy.title }),
          body: [h("p", { text: t("ui.strategies.remove.explain") })],
          actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: t("ui.remove"), kind: "danger" }],
        });
        if (sure === "ok") ctx.send("strategy:remove", { id: strategy.id });
      } } }));
  }
  return li;
}

function strategyForm(ctx) {
  const title = h("input", { maxlength: 120, required: true, autocomplete: "off" });
  const category = h("select", {}, STRATEGY_CATEGORIES.map((c) => h("option", { value: c, text: t(`strategy_category.${c}`) })));
  const description = h("textarea", { rows: 2, maxlength: 2000 });
  const form = h("form", { class: "inline-form card", novalidate: true },
    h("h3", { text: t("ui.strategies.add") }),
    field(t("ui.strategies.title"), title), field(t("ui.strategies.category"), category),
    field(t("ui.strategies.description"), description),
    h("button", { type: "submit", class: "btn btn-primary", text: t("ui.strategies.add.submit") }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!title.value.trim()) {
      title.focus();
      return;
    }
    const payload = { title: title.value.trim(), category: category.value };
    if (description.value.trim()) payload.description = description.value.trim();
    title.value = "";
    description.value = "";
    const ack = await sendAndReport(ctx, "strategy:add", payload);
    if (ack.ok) toast(t("ui.strategies.added"));
  });
  return form;
}

// --- actions -----------------------------------------------------------------------------

function strategyChoices(s) {
  const byVotes = s.strategies.slice().sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0) || a.title.localeCompare(b.title));
  return [["", t("ui.actions.no_strategy")], ...byVotes.map((x) => [String(x.id), x.title])];
}

function ownerChoices(s) {
  return [["", t("ui.actions.no_owner")], ...s.actors.map((a) => [String(a.id), a.name])];
}

export function createActions(ctx) {
  const list = h("ul", { class: "action-list", "aria-label": t("ui.actions.list") });
  const empty = emptyNote(t("ui.actions.empty"));
  const el = h("section", { class: "phase phase-actions" });
  let form = null;
  if (ctx.role !== "display") {
    form = actionForm(ctx);
    el.append(form.el);
  }
  el.append(empty, list);
  return {
    el,
    update(s) {
      form?.update(s);
      empty.hidden = s.actions.length > 0;
      keyed(list, s.actions, (a) => a.id, (action) => actionItem(ctx, action), (li, action) => {
        li.className = `action-card status-${action.status}`;
        setText(li.querySelector(".action-title"), action.title);
        const strategy = action.strategy_id ? ctx.store.strategy(action.strategy_id) : null;
        const owner = action.owner_actor_id ? ctx.store.actor(action.owner_actor_id) : null;
        setText(li.querySelector(".action-strategy"), strategy ? t("ui.actions.for", { title: strategy.title }) : "");
        if (ctx.role === "display") {
          setText(li.querySelector(".action-meta"), [
            t(`status.${action.status}`), owner ? owner.name : t("ui.actions.no_owner"),
            action.due ? t("ui.actions.due_on", { date: action.due }) : null].filter(Boolean).join(" · "));
          return;
        }
        const [status, strategySelect, ownerSelect] = li.querySelectorAll("select");
        options(status, STATUSES.map((x) => [x, t(`status.${x}`)]), action.status);
        options(strategySelect, strategyChoices(s), action.strategy_id ? String(action.strategy_id) : "");
        li.querySelector(".action-rename").setAttribute("aria-label", t("ui.actions.rename", { title: action.title }));
        options(ownerSelect, ownerChoices(s), action.owner_actor_id ? String(action.owner_actor_id) : "");
        const due = li.querySelector("input[type=date]");
        if (document.activeElement !== due) due.value = action.due || "";
        for (const control of li.querySelectorAll("select, input, button")) control.disabled = !ctx.editable();
      });
    },
  };
}

function actionItem(ctx, action) {
  const li = h("li", { class: "action-card" }, h("div", { class: "action-head" }, h("p", { class: "action-title" })),
    h("p", { class: "action-strategy muted" }));
  if (ctx.role === "display") {
    li.append(h("p", { class: "action-meta" }));
    return li;
  }
  const rename = h("button", { type: "button", class: "btn btn-small btn-quiet action-rename", text: t("ui.edit"),
    "aria-label": t("ui.actions.rename", { title: action.title }), on: { click: async () => {
      const current = ctx.store.state.actions.find((a) => a.id === action.id);
      if (!current) return;
      const title = h("input", { value: current.title, maxlength: 120, required: true });
      const choice = await openDialog({ title: t("ui.actions.rename", { title: current.title }), body: [field(t("ui.actions.title"), title)],
        actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: t("ui.save"), kind: "primary" }] });
      if (choice === "ok" && title.value.trim()) ctx.send("action:update", { id: action.id, title: title.value.trim() });
    } } });
  li.firstChild.append(" ", rename);
  const strategy = h("select", { on: { change: () => ctx.send("action:update", { id: action.id, strategy_id: strategy.value ? Number(strategy.value) : null }) } });
  const status = h("select", { on: { change: () => ctx.send("action:update", { id: action.id, status: status.value }) } });
  const owner = h("select", { on: { change: () => ctx.send("action:update", { id: action.id, owner_actor_id: owner.value ? Number(owner.value) : null }) } });
  const due = h("input", { type: "date", on: { change: () => ctx.send("action:update", { id: action.id, due: due.value || null }) } });
  li.append(h("div", { class: "action-controls" },
    field(t("ui.actions.status"), status), field(t("ui.actions.strategy"), strategy),
    field(t("ui.actions.owner"), owner), field(t("ui.actions.due"), due)));
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
    if (!title.value.trim()) {
      title.focus();
      return;
    }
    const payload = { title: title.value.trim() };
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
      options(strategy, strategyChoices(s), strategy.value);
      options(owner, ownerChoices(s), owner.value);
      for (const control of el.querySelectorAll("input, select, button")) control.disabled = !ctx.editable();
    },
  };
}

// --- closed ------------------------------------------------------------------------------

export function createClosed(ctx) {
  const thanks = h("p", { class: "closed-thanks", text: t(ctx.role === "console" ? "ui.closed.console" : "ui.closed.thanks") });
  const chart = rankChart(5);
  const top = h("section", { class: "card" }, h("h3", { text: t("ui.closed.top") }), chart.el);
  const downloads = h("p", { class: "downloads" });
  const el = h("section", { class: "phase phase-closed" }, thanks, top, downloads);
  return {
    el,
    update(s) {
      const visible = s.strategies.some((x) => x.votes !== null) && (s.workshop.results_visible || ctx.role === "console");
      top.hidden = !visible;
      if (visible) chart.update(s.strategies);
      const canDownload = ctx.role === "participant" && s.workshop.settings.participants_can_download;
      downloads.hidden = !canDownload;
      if (canDownload && !downloads.childElementCount) downloads.append(...downloadLinks(s.workshop.code));
    },
  };
}

export function downloadLinks(code) {
  return ["pdf", "md", "csv", "json"].map((format) => h("a", { class: "btn btn-small", href: `/api/workshops/${code}/summary.${format}`,
    download: `${code}-summary.${format}`, text: t(`ui.download.${format}`) }));
}

export const CREATORS = {
  lobby: createLobby, actors: createActors, ownership: createOwnership, determinants: createDeterminants,
  strategies: createStrategies, actions: createActions, closed: createClosed,
};

/** Shows the current phase's view, building each one the first time it is needed. */
export class PhaseHost {
  constructor(ctx, container) {
    this.ctx = ctx;
    this.container = container;
    this.views = {};
    this.current = null;
  }

  reset() {
    this.views = {};
    this.current = null;
    clear(this.container);
  }

  update(state) {
    const phase = state.workshop.phase;
    if (!this.views[phase]) {
      this.views[phase] = CREATORS[phase](this.ctx);
      this.container.append(this.views[phase].el);
    }
    if (this.current !== phase) {
      for (const [name, view] of Object.entries(this.views)) view.el.hidden = name !== phase;
      this.current = phase;
    }
    this.views[phase].update(state);
  }
}
