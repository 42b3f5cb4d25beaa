// The ranking shows the server's ranks in the server's order; the browser does not rank.

import { test } from "node:test";
import assert from "node:assert/strict";

import { byRank, rankRows } from "../../static/js/ranking.js";

const strategy = (id, votes, rank, title = `S${id}`) => ({ id, title, votes, rank, category: "financing" });

test("rows follow the server's rank, strategies without votes left out", () => {
  const rows = rankRows([strategy(1, 2, 2), strategy(2, 5, 1), strategy(3, 2, 2), strategy(4, 0, 4)], []);
  assert.deepEqual(rows.map((r) => [r.id, r.rank]), [[2, 1], [1, 2], [3, 2]]);
  assert.deepEqual(rankRows([strategy(1, 3, 1), strategy(2, 2, 2), strategy(3, 1, 3)], [], 2).map((r) => r.id), [1, 2]);
});

test("a tie is shown in the server's ranking order once an event gave it", () => {
  const tied = [strategy(1, 2, 1, "Lobby"), strategy(2, 2, 1, "Coalition")];
  assert.deepEqual(rankRows(tied, []).map((r) => r.id), [1, 2], "as listed, until the order is known");
  assert.deepEqual(rankRows(tied, [2, 1]).map((r) => r.id), [2, 1]);
});

test("hidden results rank nothing", () => {
  assert.deepEqual(rankRows([strategy(1, null, null), strategy(2, null, null)], []), []);
});

test("choices by rank put unranked strategies last, as listed", () => {
  assert.deepEqual(byRank([strategy(1, null, null), strategy(2, 4, 2), strategy(3, 9, 1), strategy(4, null, null)]).map((x) => x.id), [3, 2, 1, 4]);
});
