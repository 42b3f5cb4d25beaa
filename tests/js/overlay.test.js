// Pending changes shown over the store: derived from the outbox, gone once answered.

import { test } from "node:test";
import assert from "node:assert/strict";

import { actorShown, pendingFields, roleShown, scoreShown, stageShown, votesShown } from "../../static/js/overlay.js";

const actor = { id: 1, name: "Gemeente", category: "policy", influence: 50, interest: 50, note: "" };
const item = (event, payload) => ({ event, payload: { ...payload, op: `op-${Math.random()}` } });

test("nothing pending shows the store's values", () => {
  assert.equal(actorShown(actor, []), actor);
  assert.equal(scoreShown({ key: "time", my_score: 3 }, []), 3);
  assert.deepEqual(votesShown({ id: 1, my_votes: 2 }, 3, []), { mine: 2, left: 3 });
  assert.equal(stageShown({ use: "can" }, "use", []), "can");
  assert.equal(roleShown("driver", 1, "use", []), "driver");
});

test("an actor shows its pending moves and edits merged, the latest last", () => {
  const pending = [
    item("actor:update", { id: 1, influence: 80, interest: 20 }),
    item("actor:update", { id: 2, influence: 5 }),
    item("actor:update", { id: 1, name: "Gemeente Leiden" }),
    item("actor:update", { id: 1, influence: 90 }),
  ];
  assert.deepEqual(actorShown(actor, pending), { ...actor, name: "Gemeente Leiden", influence: 90, interest: 20 });
});

test("pending votes count up and down, per strategy and in the budget", () => {
  const pending = [
    item("vote:cast", { strategy_id: 1 }), item("vote:cast", { strategy_id: 1 }),
    item("vote:retract", { strategy_id: 1 }), item("vote:cast", { strategy_id: 2 }),
  ];
  assert.deepEqual(votesShown({ id: 1, my_votes: 0 }, 5, pending), { mine: 1, left: 3 });
  assert.deepEqual(votesShown({ id: 2, my_votes: 0 }, 1, pending), { mine: 1, left: 0 }, "never below zero");
});

test("a pending score, stage or role wins over the store, a cleared role too", () => {
  assert.equal(scoreShown({ key: "time", my_score: 3 }, [item("rating:set", { determinant: "time", score: 5 })]), 5);
  assert.equal(scoreShown({ key: "funding", my_score: 3 }, [item("rating:set", { determinant: "time", score: 5 })]), 3);
  assert.equal(stageShown({ use: "can" }, "use", [item("stage:set", { area: "use", stage: "do" })]), "do");
  assert.equal(roleShown("driver", 1, "use", [item("ownership:set", { actor_id: 1, area: "use", role: null })]), null);
  assert.equal(roleShown("driver", 1, "use", [item("ownership:set", { actor_id: 1, area: "supply", role: null })]), "driver");
});

test("the op id of a pending change is not part of what it shows", () => {
  assert.deepEqual(pendingFields([item("stage:set", { area: "use", stage: "do" })], "stage:set", () => true), { area: "use", stage: "do" });
  assert.equal(pendingFields([], "stage:set", () => true), null);
});
