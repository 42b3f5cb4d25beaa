// Strategies: dot voting on the ExpandNet categories' strategies and the group's own.
// Participants vote within their budget; the console sees the ranking (also while hidden
// from the room) and removes strategies; the room display shows the ranking once revealed.
// Counts and ranks are the server's: null means this viewer may not see them.

import { h, keyed, setText, toast } from "../dom.js";
import { t } from "../i18n.js";
import { votesLeftShown, votesShown } from "../overlay.js";
import { rankChart } from "../ranking.js";
import { confirm, field, labelled, required, select } from "../ui.js";

/** What the results card shows this viewer: the chart, and the note above it. Pure. */
export function resultsView(role, s) {
  const known = s.strategies.some((x) => x.votes !== null);
  const chart = known && (role === "console" || s.workshop.results_visible);
  const cast = s.strategies.reduce((sum, x) => sum + (x.votes || 0), 0);
  const progress = t("ui.strategies.cast_total", { count: cast, total: s.participants.length * s.workshop.settings.votes_per_participant });
  let note = "";
  // The wall shows, while hidden, only how far the voting is: the count of votes, never where they went.
  if (!chart) note = role === "display" ? `${t("ui.strategies.results_hidden")} ${progress}` : t("ui.strategies.results_hidden");
  else if (role === "console") note = `${s.workshop.results_visible ? "" : t("ui.strategies.only_you")} ${progress}`;
  return { chart, note, card: chart || role !== "participant" };
}

export function create(ctx) {
  const results = resultsCard(ctx);
  const groups = h("div", { class: "strategy-groups" });
  const lists = new Map();
  for (const category of ctx.vocab.strategy_categories) {
    const ul = h("ul", { class: "strategy-list" });
    lists.set(category, ul);
    groups.append(h("section", { class: `strategy-group scat-${category}` }, h("h3", { text: t(`strategy_category.${category}`) }), ul));
  }
  const item = ITEMS[ctx.role];
  const counter = ctx.role === "participant" ? votesCounter() : null;
  const el = h("section", { class: "phase phase-strategies" }, counter?.el, results.el, groups, ctx.role === "display" ? null : strategyForm(ctx));
  return {
    el,
    update(s) {
      const pending = ctx.pending();
      const budget = { left: ctx.store.votesLeft(), max: s.workshop.settings.max_votes_per_strategy };
      counter?.update(votesLeftShown(budget.left, pending), s.workshop.settings.votes_per_participant);
      results.update(s);
      for (const [category, ul] of lists) {
        const items = s.strategies.filter((x) => x.category === category);
        keyed(ul, items, (x) => x.id, (x) => item(ctx, x), (li, x) => {
          setText(li.querySelector(".strategy-title"), x.title);
          const desc = li.querySelector(".strategy-desc");
          setText(desc, x.description || "");
          desc.hidden = !x.description;
          li.querySelector(".origin").hidden = x.origin !== "participant";
          li.update(s, x, pending, budget);
        });
      }
    },
  };
}

function votesCounter() {
  const text = h("span", {});
  const dots = h("span", { class: "vote-dots", "aria-hidden": "true" });
  const el = h("p", { class: "votes-left", role: "status" }, text, dots);
  return {
    el,
    update(left, total) {
      setText(text, t("ui.strategies.votes_left", { count: left, total }));
      setText(dots, "●".repeat(left) + "○".repeat(Math.max(0, total - left)));
      el.classList.toggle("none-left", left === 0);
    },
  };
}

function resultsCard(ctx) {
  const note = h("p", { class: "hint" });
  const chart = rankChart(ctx.role === "display" ? 10 : 50);
  const el = h("section", { class: "results card" }, h("h3", { text: t("ui.strategies.results") }), note, chart.el);
  return {
    el,
    update(s) {
      const view = resultsView(ctx.role, s);
      el.hidden = !view.card;
      chart.el.hidden = !view.chart;
      setText(note, view.note.trim());
      note.hidden = !note.textContent;
      chart.update(view.chart ? s.strategies : [], ctx.store.ranking);
    },
  };
}

function strategyText() {
  return h("div", { class: "strategy-text" },
    h("p", { class: "strategy-title" }), h("p", { class: "strategy-desc muted" }), h("p", { class: "origin", text: t("ui.strategies.own") }));
}

/** A participant: − my votes + within the budget and the per-strategy maximum. */
function voterItem(ctx, strategy) {
  const vote = (up) => ctx.send(up ? "vote:cast" : "vote:retract", { strategy_id: strategy.id });
  const minus = h("button", { type: "button", class: "vote-btn", text: "−", on: { click: () => vote(false) } });
  const mine = h("span", { class: "my-votes" });
  const plus = h("button", { type: "button", class: "vote-btn vote-plus", text: "+", on: { click: () => vote(true) } });
  const li = h("li", { class: "strategy" }, strategyText(), h("div", { class: "vote-control" }, minus, mine, plus));
  li.update = (s, x, pending, budget) => {
    const shown = votesShown(x, budget.left, pending);
    setText(mine, String(shown.mine));
    mine.setAttribute("aria-label", t("ui.strategies.my_votes", { count: shown.mine }));
    minus.disabled = !ctx.editable() || !shown.mine;
    plus.disabled = !ctx.editable() || shown.left === 0 || shown.mine >= budget.max;
    minus.setAttribute("aria-label", t("ui.strategies.retract", { title: x.title }));
    plus.setAttribute("aria-label", t("ui.strategies.cast", { title: x.title }));
    li.classList.toggle("voted", shown.mine > 0);
  };
  return li;
}

function tally() {
  return h("span", { class: "tally" });
}

function showTally(el, x, hidden) {
  el.hidden = hidden || x.votes === null;
  setText(el, el.hidden ? "" : t("ui.strategies.votes", { count: x.votes }));
}

/** The console: the count, and removing a strategy (its votes are refunded). */
function facilitatorItem(ctx, strategy) {
  const count = tally();
  const remove = h("button", { type: "button", class: "btn btn-small btn-quiet remove", text: t("ui.remove"),
    "aria-label": t("ui.strategies.remove", { title: strategy.title }), on: { click: async () => {
      const current = ctx.store.strategy(strategy.id);
      if (current && await confirm({ title: t("ui.strategies.remove", { title: current.title }),
        text: t("ui.strategies.remove.explain"), action: t("ui.remove") })) ctx.send("strategy:remove", { id: strategy.id });
    } } });
  const li = h("li", { class: "strategy" }, strategyText(), count, remove);
  li.update = (s, x) => {
    showTally(count, x, false);
    remove.disabled = !ctx.editable();
  };
  return li;
}

/** The room display: the count once the room may see it. */
function wallItem(ctx) {
  const count = tally();
  const li = h("li", { class: "strategy" }, strategyText(), count);
  li.update = (s, x) => showTally(count, x, !s.workshop.results_visible);
  return li;
}

const ITEMS = { participant: voterItem, console: facilitatorItem, display: wallItem };

function strategyForm(ctx) {
  const title = h("input", { maxlength: 120, required: true, autocomplete: "off" });
  const category = select(labelled(ctx.vocab.strategy_categories, "strategy_category"), ctx.vocab.strategy_categories[0]);
  const description = h("textarea", { rows: 2, maxlength: 2000 });
  const form = h("form", { class: "inline-form card", novalidate: true },
    h("h3", { text: t("ui.strategies.add") }),
    field(t("ui.strategies.title"), title), field(t("ui.strategies.category"), category),
    field(t("ui.strategies.description"), description),
    h("button", { type: "submit", class: "btn btn-primary", text: t("ui.strategies.add.submit") }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = required(title);
    if (!value) return;
    const payload = { title: value, category: category.value };
    if (description.value.trim()) payload.description = description.value.trim();
    title.value = "";
    description.value = "";
    const ack = await ctx.send("strategy:add", payload);
    if (ack.ok) toast(t("ui.strategies.added"));
  });
  return form;
}
