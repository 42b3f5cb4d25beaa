// The store: changed only by what the server says (state, events, acks with real values).

import { test } from "node:test";
import assert from "node:assert/strict";

import { Store } from "../../static/js/store.js";
import { participantState } from "./fakes.js";

function storeWith(overrides) {
  const store = new Store();
  store.set(participantState(overrides));
  return store;
}

function event(store, type, data) {
  store.apply({ seq: store.seq + 1, type, data, by: 1 });
}

test("events of the seq stream change the store and advance its seq", () => {
  const store = storeWith();
  event(store, "actor.added", { actor: { id: 2, name: "GGD", category: "provider", influence: 60, interest: 70, note: "" } });
  event(store, "ownership.changed", { actor_id: 2, area: "use", role: "driver" });
  event(store, "stage.changed", { area: "use", stage: "can" });
  assert.equal(store.seq, 13);
  assert.equal(store.actor(2).name, "GGD");
  assert.equal(store.role(2, "use"), "driver");
  assert.equal(store.state.stages.use, "can");
});

test("a removed actor takes its ownership rows and its actions' owner with it", () => {
  const store = storeWith({
    ownership: [{ actor_id: 1, area: "use", role: "driver" }],
    actions: [{ id: 1, title: "Plan", strategy_id: null, owner_actor_id: 1, due: null, status: "open" }],
  });
  event(store, "actor.removed", { id: 1 });
  assert.deepEqual(store.state.actors, []);
  assert.deepEqual(store.state.ownership, []);
  assert.equal(store.action(1).owner_actor_id, null);
});

test("a broadcast copy of a strategy keeps my own votes on it", () => {
  const store = storeWith();
  store.strategy(1).my_votes = 2;
  event(store, "strategy.added", { strategy: { id: 1, title: "Lobby!", category: "dissemination", description: "", origin: "catalog", votes: null } });
  assert.equal(store.strategy(1).title, "Lobby!");
  assert.equal(store.strategy(1).my_votes, 2);
});

test("tallies and ranks are taken as the server sends them", () => {
  const store = storeWith();
  event(store, "votes.changed", {
    tallies: [{ strategy_id: 1, votes: 3 }, { strategy_id: 2, votes: 3 }],
    ranks: [{ strategy_id: 1, rank: 1 }, { strategy_id: 2, rank: 1 }],
  });
  assert.deepEqual(store.state.strategies.map((x) => [x.votes, x.rank]), [[3, 1], [3, 1]]);
  const shown = { ...store.state.workshop, results_visible: true };
  event(store, "workshop.updated", { workshop: shown, tallies: [{ strategy_id: 2, votes: 4 }], ranks: [{ strategy_id: 2, rank: 1 }, { strategy_id: 1, rank: 2 }] });
  assert.deepEqual(store.state.strategies.map((x) => [x.votes, x.rank]), [[3, 2], [4, 1]]);
  assert.deepEqual(store.ranking, [2, 1], "the order of the ranks list");
  store.set(participantState());
  assert.deepEqual(store.ranking, [], "a fresh state starts without an order");
});

test("new aggregate scores keep my own score", () => {
  const store = storeWith();
  store.determinant("funding").my_score = 2;
  event(store, "ratings.changed", { determinants: [{ key: "funding", count: 2, mean: 3, histogram: [0, 1, 0, 1, 0] }] });
  assert.deepEqual(store.determinant("funding"), { key: "funding", count: 2, mean: 3, histogram: [0, 1, 0, 1, 0], my_score: 2 });
});

test("the weakest determinants are the server's, every tied one, taken from ratings.changed", () => {
  const store = storeWith();
  event(store, "ratings.changed", { determinants: [], weakest: ["funding", "time"] });
  assert.deepEqual(store.state.weakest, ["funding", "time"]);
});

test("the current step follows phase.changed and the agenda follows agenda.changed", () => {
  const store = storeWith();
  event(store, "phase.changed", { phase: "question", step: "s4" });
  event(store, "agenda.changed", { agenda: [{ id: "s1", kind: "lobby", title: null, prompt: null }] });
  assert.equal(store.state.workshop.phase, "question");
  assert.equal(store.state.workshop.step, "s4");
  assert.equal(store.state.workshop.agenda.length, 1);
  event(store, "phase.changed", { phase: "actors" });
  assert.equal(store.state.workshop.step, "s4", "a v1 phase.changed leaves the step to the next state");
});

test("an ack sets my votes and budget to what it reports, however often it comes", () => {
  const store = storeWith();
  const ack = { ok: true, votes_left: 4, my_votes: 1 };
  store.acked("vote:cast", { strategy_id: 1 }, ack, store.seq);
  store.acked("vote:cast", { strategy_id: 1 }, ack, store.seq);
  assert.equal(store.strategy(1).my_votes, 1);
  assert.equal(store.votesLeft(), 4);
  store.acked("vote:retract", { strategy_id: 1 }, { ok: true, votes_left: 5, my_votes: 0 }, store.seq);
  assert.equal(store.strategy(1).my_votes, 0);
  assert.equal(store.votesLeft(), 5);
});

test("a rating ack sets my score and comment", () => {
  const store = storeWith();
  store.acked("rating:set", { determinant: "time", score: 4 }, { ok: true, my_score: 4, comment: "Vijf jaar" }, store.seq);
  assert.equal(store.determinant("time").my_score, 4);
  assert.equal(store.determinant("time").my_comment, "Vijf jaar");
});

test("a refused change leaves the store as it was", () => {
  const store = storeWith();
  const before = structuredClone(store.state);
  const refused = { ok: false, error: { code: "closed", message: "Locked" } };
  store.acked("vote:cast", { strategy_id: 1 }, refused, store.seq);
  store.acked("rating:set", { determinant: "time", score: 4 }, refused, store.seq);
  store.acked("actor:update", { id: 1, influence: 90 }, refused, store.seq);
  assert.deepEqual(store.state, before);
});

test("an actor ack fills in before its broadcast, but never undoes a newer event", () => {
  const store = storeWith();
  const sentAt = store.seq;
  const mine = { id: 1, name: "Gemeente Leiden", category: "policy", influence: 90, interest: 20, note: "" };
  store.acked("actor:update", { id: 1, influence: 90, interest: 20 }, { ok: true, actor: mine }, sentAt);
  assert.equal(store.actor(1).influence, 90, "the ack came before the broadcast");

  const later = storeWith();
  event(later, "actor.updated", { actor: { ...mine, influence: 10 } }); // someone moved it after me
  later.acked("actor:update", { id: 1, influence: 90, interest: 20 }, { ok: true, actor: mine }, sentAt);
  assert.equal(later.actor(1).influence, 10);
});

test("changes that decide what I may see or spend make the store ask for a fresh state", () => {
  const cases = [
    (w) => ({ ...w, settings: { ...w.settings, anonymous: true } }),
    (w) => ({ ...w, settings: { ...w.settings, votes_per_participant: 3 } }),
  ];
  for (const change of cases) {
    const store = storeWith();
    let asked = 0;
    store.onRefetch = () => asked++;
    event(store, "workshop.updated", { workshop: change(store.state.workshop) });
    assert.equal(asked, 1);
  }
  const shown = storeWith({ workshop: { ...participantState().workshop, results_visible: true } });
  let asked = 0;
  shown.onRefetch = () => asked++;
  event(shown, "workshop.updated", { workshop: { ...shown.state.workshop, title: "Nieuw" } });
  assert.equal(asked, 0, "a new title changes nothing I may see");
  event(shown, "workshop.updated", { workshop: { ...shown.state.workshop, results_visible: false } });
  assert.equal(asked, 1, "hidden again: the counts I hold are no longer mine to see");
});

test("a removed strategy I voted on refunds my votes through a fresh state", () => {
  const store = storeWith();
  let asked = 0;
  store.onRefetch = () => asked++;
  event(store, "strategy.removed", { id: 2 });
  assert.equal(asked, 0);
  store.strategy(1).my_votes = 1;
  event(store, "strategy.removed", { id: 1 });
  assert.equal(asked, 1);
  assert.deepEqual(store.state.strategies, []);
});

test("presence updates people in place and adds newcomers", () => {
  const store = storeWith();
  store.presence({ online: 1, changed: [{ id: 2, name: "Anna", role: "GGD", online: false }, { id: 3, name: "Bram", role: null, online: true }] });
  assert.deepEqual(store.state.participants.map((p) => [p.id, p.online]), [[2, false], [3, true]]);
});

test("a removed participant leaves the list", () => {
  const store = storeWith();
  const before = store.state.participants.length;
  store.state.participants.push({ id: 99, name: "Wrong name", role: null, online: true });
  event(store, "participant.removed", { id: 99 });
  assert.equal(store.state.participants.length, before);
});

test("the action review's events move the focus, update an item and take a dropped action off", () => {
  const item = { id: 5, title: "Plan", owner: null, due: null, status: "open", outcome: null, note: null, action_id: 1 };
  const store = storeWith({
    actions: [{ id: 1, title: "Plan", strategy_id: null, owner_actor_id: null, due: null, status: "open" }],
    review: { items: [item], focus: null },
  });
  event(store, "review.focused", { focus: 5 });
  event(store, "action.removed", { id: 1 });
  event(store, "review.updated", { item: { ...item, outcome: "dropped", action_id: null } });
  assert.equal(store.state.review.focus, 5);
  assert.equal(store.state.review.items[0].outcome, "dropped");
  assert.equal(store.action(1), null);
});
