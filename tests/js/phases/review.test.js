// The action review's pure parts: the lines under the focused action and the previous / next one.

import { test } from "node:test";
import assert from "node:assert/strict";

import { agreedLine, carriedLine, neighbour } from "../../../static/js/phases/review.js";

const items = [{ id: 4 }, { id: 7 }, { id: 9 }];

test("previous and next stop at the ends; without a focus next is the first", () => {
  assert.equal(neighbour(items, null, 1), 4);
  assert.equal(neighbour(items, null, -1), 9);
  assert.equal(neighbour(items, 4, 1), 7);
  assert.equal(neighbour(items, 9, 1), null);
  assert.equal(neighbour(items, 4, -1), null);
  assert.equal(neighbour([], null, 1), null);
});

test("what was agreed names the owner, the date and the status; a missing part is left out", () => {
  assert.equal(agreedLine({ owner: "GGD", due: "2027-03-01", status: "open" }), "ui.review.owner · ui.review.due · status.open");
  assert.equal(agreedLine({ owner: null, due: null, status: "doing" }), "ui.actions.no_owner · status.doing");
});

test("only a carried-over action says where it went", () => {
  const action = { due: "2027-09-01" };
  assert.equal(carriedLine({ outcome: "done" }, action, { name: "GGD" }), "");
  assert.equal(carriedLine({ outcome: "carried_over" }, null, null), "");
  assert.equal(carriedLine({ outcome: "carried_over" }, action, { name: "GGD" }), "ui.review.carried_to, ui.review.carried_due");
  assert.equal(carriedLine({ outcome: "carried_over" }, { due: null }, null), "ui.review.carried_to");
});
