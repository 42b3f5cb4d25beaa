// A question step: the group answers with short cards (from a phone in seconds, or typed by
// the facilitator), clusters them into themes (drag on a laptop, "move to theme" anywhere,
// both by keyboard), dot-votes the cards that matter most and the facilitator writes down
// the insights. The room display shows the wall growing and grouping, scaled to fit.
// Counts are the server's: while hidden, participants get null and the display waits for
// "show results".

import {
  cardsOnTheirWay, cardsShown, cardVotesShown, ofStep, pendingCardVotes, votesVisible, wall,
} from "../cards.js";
import { h, keyed, setText, toast } from "../dom.js";
import { t } from "../i18n.js";
import { confirm, editDialog, emptyNote, field, options, required } from "../ui.js";
import { fitToBox } from "../fit.js";

const NEW_THEME = "new";

export function create(ctx) {
  const step = ctx.step.id;
  const role = ctx.role;
  const counter = role === "participant" ? votesCounter() : null;
  const note = h("p", { class: "hint wall-note" });
  const groups = h("div", { class: "wall-groups" });
  const wallEl = h("div", { class: "wall", role: role === "display" ? null : "region", "aria-label": t("ui.question.wall") }, groups);
  const insights = insightsPanel(ctx);
  // On the display the insights sit above the wall, which takes the rest of the screen.
  const parts = role === "display" ? [note, insights.el, wallEl]
    : [counter?.el, cardForm(ctx), note, wallEl, themeForm(ctx), insights.el];
  const el = h("section", { class: `phase phase-question question-${role}` }, parts);
  const fit = role === "display" ? fitToBox(wallEl, groups, (limit) => trimWall(groups, limit)) : null;

  return {
    el,
    update(s) {
      const pending = ctx.pending();
      const cards = cardsShown(ofStep(s.cards, step), pending);
      const themes = ofStep(s.themes, step);
      const visible = votesVisible(role, s, cards);
      const laid = wall(cards, themes, visible && s.workshop.results_visible);
      const left = s.me.card_votes_left?.[step] ?? s.workshop.settings.votes_per_participant;
      counter?.update(Math.max(0, left - pendingCardVotes(pending.filter((x) => cards.some((c) => c.id === x.payload.id)))),
        s.workshop.settings.votes_per_participant);
      const view = { s, pending, cards, themes, visible, left, max: s.workshop.settings.max_votes_per_strategy };
      const columns = [...laid.groups.map((g) => ({ key: `t${g.theme.id}`, theme: g.theme, cards: g.cards })),
        { key: "none", theme: null, cards: laid.unthemed }];
      keyed(groups, columns, (c) => c.key, (c) => column(ctx, c.theme), (col, c) => col.update(view, c));
      const waiting = cardsOnTheirWay(pending);
      groups.lastChild.addWaiting(waiting);
      groups.lastChild.hidden = role === "display" && !laid.unthemed.length && !waiting.length && laid.groups.length > 0;
      setText(note, noteText(role, s, cards, visible));
      note.hidden = !note.textContent;
      insights.update(ofStep(s.insights, step));
      fit?.update(`${cards.length}|${themes.length}|${cards.reduce((n, c) => n + c.text.length, 0)}|${visible}|${s.insights.length}`);
    },
  };
}

/** Show at most `limit` cards in each group of the display, with "+ n more"; the largest group's size. */
function trimWall(groups, limit) {
  let largest = 0;
  for (const col of groups.children) {
    const cards = col.querySelectorAll(".wall-cards > li");
    largest = Math.max(largest, cards.length);
    cards.forEach((li, i) => { li.hidden = i >= limit; });
    const more = col.querySelector(".wall-more");
    const rest = Math.max(0, cards.length - limit);
    more.hidden = rest === 0;
    if (rest) setText(more, t("ui.question.more", { count: rest }));
  }
  return largest;
}

function noteText(role, s, cards, visible) {
  if (!cards.length) return role === "participant" ? t("ui.question.none.participant") : t("ui.question.none");
  if (role === "console" && visible && !s.workshop.results_visible) return t("ui.question.only_you");
  if (role === "participant" && !s.workshop.results_visible) return t("ui.question.votes_hidden");
  return "";
}

function votesCounter() {
  const el = h("p", { class: "votes-left", role: "status" });
  return {
    el,
    update(left, total) {
      setText(el, t("ui.question.votes_left", { count: left, total }));
      el.classList.toggle("none-left", left === 0);
    },
  };
}

/** One theme (or the cards without one): its title, its cards, and a drop target on a laptop. */
function column(ctx, theme) {
  const title = h("h3", { class: "theme-title" });
  const count = h("span", { class: "theme-count muted" });
  const rename = theme && ctx.role !== "display" ? h("button", { type: "button", class: "btn btn-small btn-quiet theme-edit", text: t("ui.question.theme.edit"),
    on: { click: () => editTheme(ctx, theme.id) } }) : null;
  const list = h("ul", { class: "wall-cards" });
  const col = h("section", { class: `wall-group${theme ? "" : " wall-unthemed"}`, dataset: { theme: theme ? theme.id : "" } },
    h("header", { class: "theme-head" }, title, count, rename), list, h("p", { class: "wall-more muted", hidden: true }));
  if (ctx.role !== "display") dropTarget(ctx, col, theme ? theme.id : null);
  let waitingEls = [];
  col.update = (view, c) => {
    setText(title, c.theme ? c.theme.title : t("ui.question.unthemed"));
    const votes = view.visible ? c.cards.reduce((n, x) => n + (x.votes || 0), 0) : null;
    setText(count, votes === null ? String(c.cards.length) : t("ui.question.theme.count", { count: c.cards.length, votes }));
    if (rename) rename.setAttribute("aria-label", t("ui.question.theme.edit.label", { theme: c.theme.title }));
    keyed(list, c.cards, (x) => x.id, (x) => CARDS[ctx.role](ctx, x), (li, x) => li.update(view, x));
  };
  col.addWaiting = (waiting) => {
    for (const el of waitingEls) el.remove();
    waitingEls = waiting.map((w) => h("li", { class: "wall-card waiting" }, h("p", { class: "card-text", text: w.text }),
      h("p", { class: "card-meta muted", text: t("ui.question.sending") })));
    list.append(...waitingEls);
  };
  return col;
}

function dropTarget(ctx, col, themeId) {
  col.addEventListener("dragover", (event) => {
    if (!event.dataTransfer.types.includes("text/card")) return;
    event.preventDefault();
    col.classList.add("drop-here");
  });
  col.addEventListener("dragleave", () => col.classList.remove("drop-here"));
  col.addEventListener("drop", (event) => {
    col.classList.remove("drop-here");
    const id = Number(event.dataTransfer.getData("text/card"));
    if (!id) return;
    event.preventDefault();
    const card = ctx.store.state.cards.find((c) => c.id === id);
    if (card && card.theme_id !== themeId) ctx.send("card:update", { id, theme_id: themeId });
  });
}

function cardBody() {
  return [h("p", { class: "card-text" }), h("p", { class: "card-meta muted" }), h("span", { class: "card-votes", hidden: true })];
}

function showVotes(li, view, card) {
  const badge = li.querySelector(".card-votes");
  const shown = view.visible && Boolean(card.votes);
  badge.hidden = !shown;
  if (shown) {
    setText(badge, `● ${card.votes}`);
    badge.setAttribute("aria-label", t("ui.question.votes", { count: card.votes }));
  }
}

/** The theme picker every card has outside the display: keyboard and phone friendly. */
function themePicker(ctx, card) {
  const picker = h("select", { class: "card-theme" });
  picker.addEventListener("change", async () => {
    const value = picker.value;
    if (value === NEW_THEME) {
      const theme = await newTheme(ctx);
      if (theme) ctx.send("card:update", { id: card.id, theme_id: theme.id });
      else ctx.store.changed();
      return;
    }
    ctx.send("card:update", { id: card.id, theme_id: value ? Number(value) : null });
  });
  picker.update = (view, x) => {
    picker.setAttribute("aria-label", t("ui.question.move", { card: x.text.slice(0, 60) }));
    options(picker, [["", t("ui.question.no_theme")], ...view.themes.map((th) => [String(th.id), th.title]),
      [NEW_THEME, t("ui.question.theme.new")]], x.theme_id === null ? "" : String(x.theme_id));
    picker.disabled = !ctx.editable();
  };
  return picker;
}

function draggable(ctx, li, card) {
  li.draggable = true;
  li.addEventListener("dragstart", (event) => {
    event.dataTransfer.setData("text/card", String(card.id));
    event.dataTransfer.effectAllowed = "move";
    li.classList.add("dragging");
  });
  li.addEventListener("dragend", () => li.classList.remove("dragging"));
}

/** A participant's card: vote − / +, move to a theme, and take back one's own. */
function voterCard(ctx, card) {
  const minus = h("button", { type: "button", class: "vote-btn", text: "−", on: { click: () => ctx.send("card:unvote", { id: card.id }) } });
  const mine = h("span", { class: "my-votes" });
  const plus = h("button", { type: "button", class: "vote-btn vote-plus", text: "+", on: { click: () => ctx.send("card:vote", { id: card.id }) } });
  const picker = themePicker(ctx, card);
  const remove = h("button", { type: "button", class: "btn btn-small btn-quiet card-remove", text: t("ui.remove"), on: { click: () => removeCard(ctx, card.id) } });
  const li = h("li", { class: "wall-card" }, cardBody(), h("div", { class: "card-tools" }, h("div", { class: "vote-control" }, minus, mine, plus), picker, remove));
  draggable(ctx, li, card);
  li.update = (view, x) => {
    setText(li.querySelector(".card-text"), x.text);
    const own = x.author_id !== null && x.author_id === view.s.me.id;
    setText(li.querySelector(".card-meta"), own ? t("ui.question.yours") : "");
    showVotes(li, view, x);
    const shown = cardVotesShown(x, view.left, view.pending, view.cards);
    setText(mine, String(shown.mine));
    mine.setAttribute("aria-label", t("ui.strategies.my_votes", { count: shown.mine }));
    const voting = ctx.editable() && view.s.workshop.step === ctx.step.id;
    minus.disabled = !ctx.editable() || !shown.mine;
    plus.disabled = !voting || shown.left === 0 || shown.mine >= view.max;
    minus.setAttribute("aria-label", t("ui.question.unvote", { card: x.text.slice(0, 60) }));
    plus.setAttribute("aria-label", t("ui.question.vote", { card: x.text.slice(0, 60) }));
    li.classList.toggle("voted", shown.mine > 0);
    remove.hidden = !own;
    remove.disabled = !ctx.editable();
    picker.update(view, x);
  };
  return li;
}

/** The console's card: who wrote it (unless anonymous), its count, move, edit and remove. */
function facilitatorCard(ctx, card) {
  const picker = themePicker(ctx, card);
  const edit = h("button", { type: "button", class: "btn btn-small btn-quiet card-edit", text: t("ui.edit"), on: { click: () => editCard(ctx, card.id) } });
  const li = h("li", { class: "wall-card" }, cardBody(), h("div", { class: "card-tools" }, picker, edit));
  draggable(ctx, li, card);
  li.update = (view, x) => {
    setText(li.querySelector(".card-text"), x.text);
    // A moved or removed author is no longer listed: the card says so, not that they were anonymous.
    const listed = view.s.participants.find((p) => p.id === x.author_id);
    const author = x.author_id === null ? t("ui.anonymous")
      : x.author_id === view.s.me.id ? t("ui.question.by_you")
        : listed ? listed.name ?? t("ui.anonymous") : t("ui.question.by_gone");
    setText(li.querySelector(".card-meta"), author);
    showVotes(li, view, x);
    edit.disabled = !ctx.editable();
    edit.setAttribute("aria-label", t("ui.question.edit", { card: x.text.slice(0, 60) }));
    picker.update(view, x);
  };
  return li;
}

function wallCard() {
  const li = h("li", { class: "wall-card" }, cardBody());
  li.update = (view, x) => {
    setText(li.querySelector(".card-text"), x.text);
    showVotes(li, { ...view, visible: view.visible && view.s.workshop.results_visible }, x);
  };
  return li;
}

const CARDS = { participant: voterCard, console: facilitatorCard, display: wallCard };

function cardForm(ctx) {
  const text = h("textarea", { id: `card-text-${ctx.step.id}`, class: "card-input", rows: 2, maxlength: 500, autocomplete: "off",
    placeholder: t(ctx.role === "console" ? "ui.question.add.placeholder.console" : "ui.question.add.placeholder") });
  const anonymous = h("input", { type: "checkbox", class: "card-anonymous" });
  const form = h("form", { class: "card card-form", novalidate: true },
    field(t(ctx.role === "console" ? "ui.question.add.console" : "ui.question.add"), text),
    h("div", { class: "card-form-row" },
      ctx.role === "participant" ? h("label", { class: "check" }, anonymous, h("span", { text: t("ui.question.anonymous") })) : null,
      h("button", { type: "submit", class: "btn btn-primary", text: t("ui.question.add.submit") })));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = required(text);
    if (!value) return;
    if (ctx.store.state.workshop.step !== ctx.step.id) {
      toast(t("ui.question.closed"), "error");
      return;
    }
    const payload = { text: value };
    if (anonymous.checked) payload.anonymous = true;
    text.value = "";
    ctx.send("card:add", payload);
    text.focus();
  });
  // Enter posts, Shift+Enter is a new line: a card is a line or two.
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  return form;
}

function themeForm(ctx) {
  const title = h("input", { class: "theme-input", maxlength: 120, autocomplete: "off" });
  const form = h("form", { class: "theme-form", novalidate: true },
    field(t("ui.question.theme.add"), title),
    h("button", { type: "submit", class: "btn", text: t("ui.question.theme.add.submit") }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = required(title);
    if (!value) return;
    title.value = "";
    ctx.send("theme:add", { step: ctx.step.id, title: value });
  });
  return form;
}

async function newTheme(ctx) {
  const title = h("input", { maxlength: 120, required: true });
  if (await editDialog({ title: t("ui.question.theme.new"), fields: [field(t("ui.question.theme.name"), title)] }) !== "ok") return null;
  if (!title.value.trim()) return null;
  const ack = await ctx.send("theme:add", { step: ctx.step.id, title: title.value.trim() });
  return ack.ok ? ack.theme : null;
}

async function editTheme(ctx, id) {
  const theme = ctx.store.state.themes.find((x) => x.id === id);
  if (!theme) return;
  const title = h("input", { maxlength: 120, required: true, value: theme.title });
  const choice = await editDialog({ title: t("ui.question.theme.edit"), fields: [field(t("ui.question.theme.name"), title)], remove: t("ui.question.theme.remove") });
  if (choice === "remove") ctx.send("theme:remove", { id });
  else if (choice === "ok" && title.value.trim() && title.value.trim() !== theme.title) ctx.send("theme:update", { id, title: title.value.trim() });
}

async function editCard(ctx, id) {
  const card = ctx.store.state.cards.find((x) => x.id === id);
  if (!card) return;
  const text = h("textarea", { rows: 3, maxlength: 500, required: true, value: card.text });
  const choice = await editDialog({ title: t("ui.question.edit.title"), fields: [field(t("ui.question.edit.text"), text)], remove: t("ui.remove") });
  if (choice === "remove") removeCard(ctx, id, true);
  else if (choice === "ok" && text.value.trim() && text.value.trim() !== card.text) ctx.send("card:update", { id, text: text.value.trim() });
}

async function removeCard(ctx, id, asked = false) {
  if (asked || await confirm({ title: t("ui.question.remove.title"), text: t("ui.question.remove.text"), action: t("ui.remove") })) {
    ctx.send("card:remove", { id });
  }
}

/** The insights: written in the console, read everywhere as they come. */
function insightsPanel(ctx) {
  const list = h("ol", { class: "insight-list" });
  const empty = emptyNote(t("ui.question.insights.none"));
  const heading = h("h3", { text: t("ui.question.insights") });
  const el = h("section", { class: "card insights" }, heading, list, empty);
  if (ctx.role === "console") {
    const text = h("textarea", { rows: 2, maxlength: 2000, class: "insight-input" });
    const form = h("form", { class: "inline-form insight-form", novalidate: true },
      field(t("ui.question.insight.add"), text, t("ui.question.insight.hint")),
      h("button", { type: "submit", class: "btn btn-primary", text: t("ui.question.insight.submit") }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = required(text);
      if (!value) return;
      text.value = "";
      ctx.send("insight:add", { step: ctx.step.id, text: value });
    });
    el.append(form);
  }
  return {
    el,
    update(insights) {
      empty.hidden = insights.length > 0;
      if (ctx.role === "display") el.hidden = !insights.length;
      keyed(list, insights, (x) => x.id, (x) => {
        const li = h("li", { class: "insight" }, h("p", { class: "insight-text" }));
        if (ctx.role === "console") {
          li.append(h("button", { type: "button", class: "btn btn-small btn-quiet", text: t("ui.remove"),
            "aria-label": t("ui.question.insight.remove"), on: { click: () => ctx.send("insight:remove", { id: x.id }) } }));
        }
        return li;
      }, (li, x) => setText(li.querySelector(".insight-text"), x.text));
    },
  };
}
