// Editing the agenda in the console (agenda.js): the rules the server keeps, the payload it
// gets, what the editor shows while a change is on its way, and when moving the room asks.

import { test } from "node:test";
import assert from "node:assert/strict";

import {
  addableKinds, agendaPayload, agendaShown, castSoFar, hasResults, insertStep, leaveWarning, moveStep, removable,
  removeStep, reword,
} from "../../static/js/agenda.js";
import { participantState } from "./fakes.js";

const step = (id, kind, title = null, prompt = null) => ({ id, kind, title, prompt });
const AGENDA = [step("s1", "lobby"), step("s2", "info", "Wat we vonden", "- 5-10 jaar"), step("s3", "question"),
  step("s4", "actions"), step("s5", "closed")];
const kinds = (steps) => steps.map((s) => s.kind);

test("slides and questions can always be added, a content kind only once", () => {
  assert.deepEqual(addableKinds(AGENDA), ["info", "question", "review", "actors", "ownership", "determinants", "strategies"]);
});

test("a new step goes before the closing step, or after the one named", () => {
  assert.deepEqual(kinds(insertStep(AGENDA, "question")), ["lobby", "info", "question", "actions", "question", "closed"]);
  assert.deepEqual(kinds(insertStep(AGENDA, "actors", "s1")), ["lobby", "actors", "info", "question", "actions", "closed"]);
  assert.deepEqual(kinds(insertStep(AGENDA, "info", "s5")), ["lobby", "info", "question", "actions", "info", "closed"],
    "never after the closing step");
  assert.deepEqual(insertStep(AGENDA, "question").at(-2), { kind: "question", title: null, prompt: null }, "no id: the server makes it");
});

test("moving keeps the lobby first and the closing step last", () => {
  assert.deepEqual(kinds(moveStep(AGENDA, 3, -2)), ["lobby", "actions", "info", "question", "closed"]);
  assert.equal(moveStep(AGENDA, 1, -1), AGENDA, "not before the lobby");
  assert.equal(moveStep(AGENDA, 3, 1), AGENDA, "not past the closing step");
  assert.equal(moveStep(AGENDA, 0, 1), AGENDA, "the lobby stays");
  assert.equal(moveStep(AGENDA, 4, -1), AGENDA, "the closing step stays");
});

test("the lobby, the closing step and the room's current step cannot be taken off", () => {
  assert.equal(removable(AGENDA[0], "s3"), false);
  assert.equal(removable(AGENDA[4], "s3"), false);
  assert.equal(removable(AGENDA[2], "s3"), false);
  assert.equal(removable(AGENDA[1], "s3"), true);
  assert.deepEqual(kinds(removeStep(AGENDA, 1, "s3")), ["lobby", "question", "actions", "closed"]);
  assert.equal(removeStep(AGENDA, 2, "s3"), AGENDA);
});

test("empty wording means the kind's default; text is trimmed", () => {
  const changed = reword(AGENDA, 2, { title: "  Context gebonden? ", prompt: "" });
  assert.deepEqual(changed[2], step("s3", "question", "Context gebonden?", null));
  assert.deepEqual(reword(AGENDA, 1, { prompt: " x " })[1], step("s2", "info", "Wat we vonden", "x"), "the title stays");
  assert.equal(AGENDA[2].title, null, "the agenda itself is not changed");
});

test("the payload names kept steps by id and new ones by kind", () => {
  const payload = agendaPayload(insertStep(AGENDA, "question"));
  assert.deepEqual(payload.agenda[1], { id: "s2", title: "Wat we vonden", prompt: "- 5-10 jaar" });
  assert.deepEqual(payload.agenda[4], { kind: "question", title: null, prompt: null });
  assert.equal(payload.agenda.length, 6);
});

test("while an agenda:set is on its way the editor shows it; without one, the server's agenda", () => {
  assert.equal(agendaShown(AGENDA, []), AGENDA);
  const pending = [{ event: "agenda:set", payload: { op: "a", ...agendaPayload(moveStep(insertStep(AGENDA, "info"), 4, -2)) } }];
  const shown = agendaShown(AGENDA, pending);
  assert.deepEqual(kinds(shown), ["lobby", "info", "info", "question", "actions", "closed"]);
  assert.equal(shown[2].id, null, "the new step has no id yet");
  assert.equal(shown[1].title, "Wat we vonden", "kept steps keep their kind and wording");
});

function voting(overrides = {}) {
  const s = participantState({
    participants: [{ id: 2, online: true }, { id: 3, online: true }, { id: 4, online: false }],
    cards: [{ id: 1, step: "s3", votes: 3 }, { id: 2, step: "s3", votes: 1 }, { id: 3, step: "s9", votes: 9 }],
    ...overrides,
  });
  return s;
}

test("going back more than one step asks first; one step back or forward does not", () => {
  const s = voting({ cards: [] });
  assert.deepEqual(leaveWarning(s, AGENDA, 3, 1), { reason: "back", count: 2 });
  assert.equal(leaveWarning(s, AGENDA, 3, 2), null);
  assert.equal(leaveWarning(s, AGENDA, 1, 3), null);
});

test("leaving a question while votes are still open asks first, counting who is online", () => {
  const s = voting();
  assert.deepEqual(castSoFar(s, AGENDA[2]), { done: 4, total: 10 }, "two people online, five votes each, this step's cards");
  assert.deepEqual(leaveWarning(s, AGENDA, 2, 3), { reason: "voting", done: 4, total: 10 });
  assert.equal(leaveWarning(voting({ cards: [{ id: 1, step: "s3", votes: 10 }] }), AGENDA, 2, 3), null, "every vote is in");
  assert.equal(leaveWarning(voting({ cards: [{ id: 1, step: "s3", votes: 0 }] }), AGENDA, 2, 3), null, "nobody has started");
  assert.equal(castSoFar(s, AGENDA[1]), null, "a slide has no votes");
});

test("strategy votes and determinant scores count too", () => {
  const strategies = voting({ strategies: [{ id: 1, votes: 2 }, { id: 2, votes: 1 }] });
  assert.deepEqual(castSoFar(strategies, { kind: "strategies" }), { done: 3, total: 10 });
  const scores = voting({ determinants: [{ key: "time", count: 2 }, { key: "funding", count: 1 }] });
  assert.deepEqual(castSoFar(scores, { kind: "determinants" }), { done: 1, total: 2 });
  assert.ok(hasResults("question") && hasResults("strategies") && !hasResults("info") && !hasResults("lobby"));
});
