// A question step's wall (cards.js): grouping by theme, ordering, what is on its way, card
// votes, and the store's reducers and acks for the question events.

import { test } from "node:test";
import assert from "node:assert/strict";

import {
  cardsOnTheirWay, cardsShown, cardVotesShown, ofStep, orderCards, votesVisible, wall,
} from "../../static/js/cards.js";
import { floorPx, largestFitting } from "../../static/js/fit.js";
import { slideBlocks } from "../../static/js/phases/info.js";
import { Store } from "../../static/js/store.js";
import { participantState } from "./fakes.js";

const card = (id, theme_id = null, votes = null, extra = {}) => ({ id, step: "s3", text: `kaart ${id}`, author_id: null, theme_id, votes, my_votes: 0, ...extra });
const THEMES = [{ id: 7, step: "s3", title: "Geld" }, { id: 5, step: "s3", title: "Mensen" }];

test("the wall groups a step's cards by theme, themes in the order they were made, unthemed last", () => {
  const cards = [card(3, 5), card(1, 7), card(2), card(4, 99), card(5, 7)];
  const laid = wall(cards, THEMES);
  assert.deepEqual(laid.groups.map((g) => g.theme.title), ["Mensen", "Geld"]);
  assert.deepEqual(laid.groups.map((g) => g.cards.map((c) => c.id)), [[3], [1, 5]]);
  assert.deepEqual(laid.unthemed.map((c) => c.id), [2, 4], "a card whose theme is gone counts as unthemed");
});

test("cards keep their arrival order until the viewer may see votes; then by votes", () => {
  const cards = [card(2, null, 1), card(1, null, 1), card(3, null, 4)];
  assert.deepEqual(orderCards(cards, false).map((c) => c.id), [1, 2, 3]);
  assert.deepEqual(orderCards(cards, true).map((c) => c.id), [3, 1, 2], "ties keep arrival order");
  const hidden = [card(2), card(1)];
  assert.deepEqual(orderCards(hidden, true).map((c) => c.id), [1, 2], "null counts never reorder");
});

test("vote counts show to the console always, to others only once revealed and only as sent", () => {
  const s = participantState();
  assert.equal(votesVisible("participant", s, [card(1)]), false, "null: nothing to show");
  assert.equal(votesVisible("console", s, [card(1, null, 2)]), true);
  assert.equal(votesVisible("display", s, [card(1, null, 2)]), false, "the display waits for show results");
  assert.equal(votesVisible("display", { ...s, workshop: { ...s.workshop, results_visible: true } }, [card(1, null, 2)]), true);
});

test("pending moves, edits and removals show at once; new cards show as on their way", () => {
  const pending = [
    { event: "card:update", payload: { op: "a", id: 1, theme_id: 7 } },
    { event: "card:remove", payload: { op: "b", id: 2 } },
    { event: "card:add", payload: { op: "c", text: "nieuw" } },
  ];
  const shown = cardsShown([card(1), card(2), card(3)], pending);
  assert.deepEqual(shown.map((c) => [c.id, c.theme_id]), [[1, 7], [3, null]]);
  assert.deepEqual(cardsOnTheirWay(pending), [{ op: "c", text: "nieuw" }]);
});

test("my card votes and what is left count the ones on their way, within this step", () => {
  const cards = [card(1, null, null, { my_votes: 1 }), card(2)];
  const pending = [{ event: "card:vote", payload: { id: 1 } }, { event: "card:vote", payload: { id: 2 } },
    { event: "card:vote", payload: { id: 42 } }, { event: "card:unvote", payload: { id: 2 } }];
  assert.deepEqual(cardVotesShown(cards[0], 4, pending, cards), { mine: 2, left: 3 }, "a vote on another step's card is not counted here");
  assert.deepEqual(cardVotesShown(cards[1], 0, [], cards), { mine: 0, left: 0 });
});

function storeWith(overrides = {}) {
  const store = new Store();
  store.set(participantState({ cards: [card(1, 7, null, { my_votes: 2 })], themes: structuredClone(THEMES), insights: [], ...overrides }));
  store.state.me.card_votes_left = { s3: 3 };
  return store;
}

test("card events keep my own votes; a removed theme leaves its cards unthemed", () => {
  const store = storeWith();
  store.apply({ seq: 11, type: "card.updated", data: { card: { id: 1, step: "s3", text: "nieuw", author_id: null, theme_id: 5, votes: null } } });
  assert.equal(store.state.cards[0].my_votes, 2, "broadcast copies leave my_votes out");
  assert.equal(store.state.cards[0].theme_id, 5);
  store.apply({ seq: 12, type: "card.added", data: { card: { id: 2, step: "s3", text: "twee", author_id: null, theme_id: null, votes: null } } });
  assert.equal(store.state.cards[1].my_votes, 0);
  store.apply({ seq: 13, type: "theme.removed", data: { id: 5 } });
  assert.deepEqual(store.state.themes.map((x) => x.id), [7]);
  assert.equal(store.state.cards[0].theme_id, null);
  store.apply({ seq: 14, type: "insight.added", data: { insight: { id: 1, step: "s3", text: "Inzicht" } } });
  store.apply({ seq: 15, type: "insight.updated", data: { insight: { id: 1, step: "s3", text: "Beter inzicht" } } });
  assert.deepEqual(ofStep(store.state.insights, "s3").map((x) => x.text), ["Beter inzicht"]);
  store.apply({ seq: 16, type: "insight.removed", data: { id: 1 } });
  assert.equal(store.state.insights.length, 0);
});

test("card tallies come from card_votes.changed and workshop.updated; a removed voted card asks again", () => {
  const store = storeWith();
  store.apply({ seq: 11, type: "card_votes.changed", data: { tallies: [{ card_id: 1, votes: 4 }] } });
  assert.equal(store.state.cards[0].votes, 4);
  store.apply({ seq: 12, type: "card_votes.changed", data: { tallies: [] } });
  assert.equal(store.state.cards[0].votes, 4, "a hidden copy changes nothing");
  const w = { ...store.state.workshop, results_visible: true };
  store.apply({ seq: 13, type: "workshop.updated", data: { workshop: w, tallies: [], card_tallies: [{ card_id: 1, votes: 6 }] } });
  assert.equal(store.state.cards[0].votes, 6);
  let asked = 0;
  store.onRefetch = () => { asked += 1; };
  store.apply({ seq: 14, type: "card.removed", data: { id: 1 } });
  assert.equal(asked, 1, "its votes were refunded: the budget is the server's to say");
});

test("card vote acks set my votes and the step's budget; agenda acks set the agenda", () => {
  const store = storeWith();
  store.acked("card:vote", { id: 1 }, { ok: true, votes_left: 2, my_votes: 3 }, 10);
  assert.equal(store.state.cards[0].my_votes, 3);
  assert.deepEqual(store.state.me.card_votes_left, { s3: 2 });
  store.acked("card:unvote", { id: 1 }, { ok: false, error: { code: "invalid" } }, 10);
  assert.equal(store.state.cards[0].my_votes, 3, "a refusal changes nothing");
  store.acked("agenda:set", {}, { ok: true, agenda: [{ id: "s1", kind: "lobby" }] }, 10);
  assert.deepEqual(store.state.workshop.agenda, [{ id: "s1", kind: "lobby" }]);
  store.apply({ seq: 11, type: "agenda.changed", data: { agenda: [], off_agenda: [{ id: "s3" }] } });
  assert.deepEqual(store.state.workshop.off_agenda, [{ id: "s3" }]);
});

test("determinants.changed brings the workshop's list and keeps my scores by key", () => {
  const store = storeWith();
  store.state.determinants[0].my_score = 4;
  const key = store.state.determinants[0].key;
  const workshop = { ...store.state.workshop, determinants: [{ key: "know_how", label: "Know-how", help: null }, { key, label: null, help: null }] };
  store.apply({ seq: 11, type: "determinants.changed", data: { workshop, determinants: [
    { key: "know_how", count: 0, mean: null, histogram: [0, 0, 0, 0, 0] }, { key, count: 1, mean: 4, histogram: [0, 0, 0, 1, 0] }] } });
  assert.deepEqual(store.state.determinants.map((d) => [d.key, d.my_score]), [["know_how", null], [key, 4]]);
  assert.equal(store.state.workshop.determinants[0].label, "Know-how");
});

test("a slide's lines become paragraphs and runs of bullets", () => {
  assert.deepEqual(slideBlocks("Drie lessen:\n- Een trekker\n* Tijd\n\n• Geld\nDank!"),
    [{ text: "Drie lessen:" }, { bullets: ["Een trekker", "Tijd", "Geld"] }, { text: "Dank!" }]);
  assert.deepEqual(slideBlocks(null), []);
});

test("the wall takes the largest font size that fits", () => {
  assert.equal(largestFitting((px) => px <= 31), 31);
  assert.equal(largestFitting(() => true), 40);
  assert.equal(largestFitting(() => false), 24, "the floor when nothing fits");
  assert.equal(largestFitting((n) => n <= 3, 0, 50), 3, "also the number of cards a group shows");
});

test("the readable floor is 24 px on a full-HD screen, in proportion below it", () => {
  assert.equal(floorPx(1920, 1080), 24);
  assert.equal(floorPx(3840, 2160), 24);
  assert.equal(floorPx(1366, 768), 17);
  assert.equal(floorPx(390, 844), 16);
});

test("strategy.updated rewords a strategy and keeps my votes and its rank", () => {
  const store = storeWith();
  store.state.strategies[0].my_votes = 2;
  store.state.strategies[0].rank = 1;
  store.apply({ seq: 11, type: "strategy.updated", data: { strategy: { id: 1, title: "Lobby bij de raad", category: "dissemination", description: null, origin: "catalog", votes: null } } });
  assert.deepEqual([store.state.strategies[0].title, store.state.strategies[0].my_votes, store.state.strategies[0].rank], ["Lobby bij de raad", 2, 1]);
});
