// The connection: the outbox, resends with the same op, seq gap repair through sync, and
// the order of rate-limited retries. A fake socket plays the server.

import { afterEach, beforeEach, mock, test } from "node:test";
import assert from "node:assert/strict";

import { Connection } from "../../static/js/conn.js";
import { Store } from "../../static/js/store.js";
import { votesShown } from "../../static/js/overlay.js";
import { FakeSocket, MemoryStorage, participantState } from "./fakes.js";

beforeEach(() => mock.timers.enable({ apis: ["setTimeout"] }));
afterEach(() => mock.timers.reset());

function connection({ storage = new MemoryStorage(), state = participantState(), failed = [] } = {}) {
  const store = new Store();
  const socket = new FakeSocket();
  const conn = new Connection({
    code: "K7M2QX9P", token: "secret", who: "p2", store, storage,
    io: () => socket, onFailed: (event, error) => failed.push([event, error.code]),
  }).start();
  socket.open(state);
  return { store, socket, conn, storage, failed };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test("a change goes out with an op id and resolves with its ack", async () => {
  const { socket, conn } = connection();
  const done = conn.send("actor:add", { name: "GGD", category: "provider" });
  const message = socket.take("actor:add");
  assert.equal(message.payload.name, "GGD");
  assert.match(message.payload.op, /^[0-9a-f-]{36}$/);
  assert.equal(conn.pending().length, 1);
  message.answer({ ok: true, actor: { id: 2 } });
  assert.deepEqual(await done, { ok: true, actor: { id: 2 } });
  assert.equal(conn.pending().length, 0);
});

test("a change made offline is kept on the device and sent once connected", () => {
  const storage = new MemoryStorage();
  const store = new Store();
  const socket = new FakeSocket();
  const conn = new Connection({ code: "K7M2QX9P", token: "t", who: "p2", store, storage, io: () => socket }).start();
  conn.send("stage:set", { area: "use", stage: "can" });
  assert.equal(socket.sent.length, 0, "nothing goes out before state");
  const kept = JSON.parse(storage.getItem("opschalen.outbox.K7M2QX9P.p2"));
  assert.equal(kept[0].event, "stage:set");
  socket.open(participantState());
  assert.equal(socket.take("stage:set").payload.op, kept[0].payload.op);
});

test("a change whose answer is lost in a disconnect is sent again with the same op", () => {
  const { socket, conn } = connection();
  conn.send("stage:set", { area: "use", stage: "can" });
  const first = socket.take("stage:set");
  socket.push("disconnect", "transport close");
  assert.equal(conn.pending().length, 1);
  socket.open(participantState());
  const again = socket.take("stage:set");
  assert.equal(again.payload.op, first.payload.op);
  first.fail(); // the lost transmission times out later: the resend already replaced it
  assert.equal(socket.waiting("stage:set").length, 0);
  again.answer({ ok: true });
  assert.deepEqual(conn.pending(), []);
});

test("a change without an answer in time is sent again with the same op", () => {
  const { socket, conn } = connection();
  conn.send("stage:set", { area: "use", stage: "can" });
  const first = socket.take("stage:set");
  first.fail();
  const again = socket.take("stage:set");
  assert.equal(again.payload.op, first.payload.op);
  again.answer({ ok: true });
  mock.timers.tick(0);
  assert.equal(socket.waiting("sync").length, 1, "the first one may have arrived: the state is checked");
});

test("a vote whose ack is lost in a disconnect counts once after the reconnect", async () => {
  const { store, socket, conn } = connection();
  conn.send("vote:cast", { strategy_id: 1 });
  assert.deepEqual(votesShown(store.strategy(1), store.votesLeft(), conn.pending()), { mine: 1, left: 4 });
  const lost = socket.take("vote:cast");
  socket.push("disconnect", "transport close");
  // The server had applied it: the new state already counts the vote.
  const after = participantState({ seq: 11, me: { ...participantState().me, votes_left: 4 } });
  after.strategies[0].my_votes = 1;
  socket.open(after);
  assert.deepEqual(votesShown(store.strategy(1), store.votesLeft(), conn.pending()), { mine: 2, left: 3 },
    "until the resend is answered it still shows as on its way");
  const resend = socket.take("vote:cast");
  assert.equal(resend.payload.op, lost.payload.op);
  resend.answer({ ok: true, votes_left: 4, my_votes: 1 }); // the ack the server stored the first time
  assert.equal(store.strategy(1).my_votes, 1);
  assert.equal(store.votesLeft(), 4);
  assert.deepEqual(votesShown(store.strategy(1), store.votesLeft(), conn.pending()), { mine: 1, left: 4 });
  // A stored ack can be older than the state: the client takes a fresh one to be sure.
  mock.timers.tick(0);
  const sync = socket.take("sync");
  assert.ok(sync.payload.since > store.seq);
  sync.answer({ ok: true, state: after });
  await settle();
  assert.equal(store.strategy(1).my_votes, 1);
});

test("a refused change drops out of the outbox and leaves the store as the server has it", () => {
  const failed = [];
  const { store, socket, conn } = connection({ failed });
  conn.send("vote:cast", { strategy_id: 1 });
  conn.send("actor:update", { id: 1, influence: 90, interest: 10 });
  const refused = { ok: false, error: { code: "closed", message: "Locked" } };
  socket.take("vote:cast").answer(refused);
  socket.take("actor:update").answer(refused);
  assert.deepEqual(conn.pending(), []);
  assert.equal(store.strategy(1).my_votes, 0);
  assert.equal(store.votesLeft(), 5);
  assert.equal(store.actor(1).influence, 50);
  assert.deepEqual(failed, [["vote:cast", "closed"], ["actor:update", "closed"]]);
});

test("a seq gap is repaired through sync; events arriving meanwhile wait their turn", () => {
  const { store, socket } = connection();
  const actor = (id) => ({ actor: { id, name: `A${id}`, category: "other", influence: 0, interest: 0, note: "" } });
  socket.push("event", { seq: 11, type: "actor.added", data: actor(11), by: 1 });
  socket.push("event", { seq: 13, type: "actor.added", data: actor(13), by: 1 }); // 12 went missing
  const sync = socket.take("sync");
  assert.deepEqual(sync.payload, { since: 11 });
  socket.push("event", { seq: 14, type: "actor.added", data: actor(14), by: 1 });
  assert.equal(store.seq, 11, "nothing is applied out of order");
  sync.answer({ ok: true, events: [12, 13].map((seq) => ({ seq, type: "actor.added", data: actor(seq), by: 1 })) });
  assert.equal(store.seq, 14);
  assert.deepEqual(store.state.actors.map((a) => a.id), [1, 11, 12, 13, 14]);
});

test("events already known are ignored, and a sync may answer with a fresh state", () => {
  const { store, socket } = connection();
  socket.push("event", { seq: 9, type: "stage.changed", data: { area: "use", stage: "do" }, by: 1 });
  assert.equal(store.state.stages.use, null);
  socket.push("event", { seq: 40, type: "stage.changed", data: { area: "use", stage: "do" }, by: 1 });
  socket.take("sync").answer({ ok: true, state: participantState({ seq: 40, stages: { intervention: null, supply: null, use: "do" } }) });
  assert.equal(store.seq, 40);
  assert.equal(store.state.stages.use, "do");
});

test("a rate-limited change is sent again before any change queued after it", () => {
  const { socket, conn } = connection();
  conn.send("stage:set", { area: "use", stage: "want" });
  socket.take("stage:set").answer({ ok: false, error: { code: "rate_limited", message: "Slow down" } });
  conn.send("stage:set", { area: "use", stage: "do" });
  assert.equal(socket.waiting("stage:set").length, 0, "the later change waits behind the refused one");
  mock.timers.tick(1000);
  const retry = socket.take("stage:set");
  assert.equal(retry.payload.stage, "want");
  assert.equal(socket.waiting("stage:set").length, 0, "after a refusal, one change at a time");
  retry.answer({ ok: true });
  assert.equal(socket.take("stage:set").payload.stage, "do");
  mock.timers.tick(0);
  assert.equal(socket.waiting("sync").length, 0, "a refusal for speed applied nothing: no state to check against");
});

test("changes refused together are retried in the order they were made", () => {
  const { socket, conn } = connection();
  for (const stage of ["want", "can", "do"]) conn.send("stage:set", { area: "use", stage });
  const [a, b, c] = ["want", "can", "do"].map(() => socket.take("stage:set"));
  const limited = { ok: false, error: { code: "rate_limited", message: "Slow down" } };
  c.answer(limited);
  b.answer(limited);
  a.answer(limited);
  mock.timers.tick(1000);
  const order = [];
  for (let i = 0; i < 3; i++) {
    const next = socket.take("stage:set");
    order.push(next.payload.stage);
    next.answer({ ok: true });
  }
  assert.deepEqual(order, ["want", "can", "do"]);
  assert.deepEqual(conn.pending(), []);
});

test("a long queue goes out a few changes at a time", () => {
  const { socket, conn } = connection();
  for (let i = 0; i < 20; i++) conn.send("actor:add", { name: `Partij ${i}`, category: "other" });
  assert.equal(socket.waiting("actor:add").length, 8);
  socket.take("actor:add").answer({ ok: true, actor: { id: 100 } });
  assert.equal(socket.waiting("actor:add").length, 8);
});

test("changes kept from an earlier page are sent first, and their acks are checked against a fresh state", () => {
  const storage = new MemoryStorage();
  const first = connection({ storage });
  first.conn.send("vote:cast", { strategy_id: 2 });
  const op = first.socket.take("vote:cast").payload.op;
  // The page is reloaded before the answer came.
  const { store, socket } = connection({ storage });
  const resend = socket.take("vote:cast");
  assert.equal(resend.payload.op, op);
  resend.answer({ ok: true, votes_left: 4, my_votes: 1 });
  mock.timers.tick(0);
  socket.take("sync").answer({ ok: true, state: participantState({ seq: 12, me: { ...participantState().me, votes_left: 4 } }) });
  assert.equal(store.seq, 12);
  assert.equal(JSON.parse(storage.getItem("opschalen.outbox.K7M2QX9P.p2")).length, 0);
});

test("a refused connection is reported, not retried", () => {
  const refused = [];
  const socket = new FakeSocket();
  new Connection({ code: "K7M2QX9P", token: "bad", who: "p2", store: new Store(), storage: new MemoryStorage(),
    io: () => socket, onRefused: () => refused.push(true) }).start();
  socket.push("connect_error", { message: "unauthorized" });
  assert.equal(socket.active, false);
  assert.deepEqual(refused, [true]);
});

test("a move to another group reaches the page with where to go and the token there", () => {
  const socket = new FakeSocket();
  const moves = [];
  new Connection({
    code: "K7M2QX9P", token: "old", who: "p2", store: new Store(), storage: new MemoryStorage(),
    io: () => socket, onMoved: (moved) => moves.push(moved),
  }).start();
  socket.open(participantState());
  const moved = { code: "ABCDEFGH", token: "new", participant: { id: 9, name: "Anna", role: null }, url: "/join/ABCDEFGH" };
  socket.push("moved", moved);
  assert.deepEqual(moves, [moved]);
});
