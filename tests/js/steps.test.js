// The steps: the server's agenda when it sends one, else the vocabulary's phase list.

import { test } from "node:test";
import assert from "node:assert/strict";

import { agenda, currentStep, nextStep, position, stepInstruction, stepTitle } from "../../static/js/steps.js";
import { VOCAB } from "./fakes.js";

const v1 = (phase) => ({ phase });
const focusGroup = {
  phase: "question", step: "q2",
  agenda: [
    { id: "l", kind: "lobby", title: null, prompt: null },
    { id: "i", kind: "info", title: "Wat we vonden", prompt: "Drie inzichten" },
    { id: "q1", kind: "question", title: null, prompt: "Is opschalen contextgebonden?" },
    { id: "q2", kind: "question", title: "Eigenaarschap", prompt: "Wie trekt?" },
    { id: "a", kind: "actions", title: null, prompt: null },
    { id: "c", kind: "closed", title: null, prompt: null },
  ],
};

test("without an agenda the steps are the phases, each its own id", () => {
  assert.deepEqual(agenda(v1("lobby"), VOCAB).map((s) => s.id), VOCAB.phases);
  assert.equal(currentStep(v1("ownership"), VOCAB).kind, "ownership");
  assert.equal(position(v1("lobby"), VOCAB), null, "the lobby is no step of the work");
  assert.deepEqual(position(v1("actors"), VOCAB), { n: 1, total: 5 });
  assert.deepEqual(position(v1("actions"), VOCAB), { n: 5, total: 5 });
  assert.equal(position(v1("closed"), VOCAB), null);
  assert.equal(nextStep(v1("actions"), VOCAB).kind, "closed");
  assert.equal(nextStep(v1("closed"), VOCAB), null);
});

test("with an agenda the current step is found by id, so two steps may share a kind", () => {
  assert.equal(currentStep(focusGroup, VOCAB).id, "q2");
  assert.deepEqual(position(focusGroup, VOCAB), { n: 3, total: 4 });
  assert.equal(nextStep(focusGroup, VOCAB).id, "a");
  assert.equal(currentStep({ ...focusGroup, step: "gone" }, VOCAB).id, "q1", "an unknown id falls back to the first step of the phase's kind");
});

test("a step's own wording wins over its kind's default", () => {
  const [, info, q1] = focusGroup.agenda;
  assert.equal(stepTitle(info), "Wat we vonden");
  assert.equal(stepInstruction(q1), q1.prompt ?? "ui.instruction.question");
  assert.equal(stepInstruction(info), "ui.instruction.info", "a slide's text is its body, shown by its view, not the header's line");
  assert.equal(stepTitle(q1), "phase.question", "the catalogue's title for the kind (no catalogue loaded here)");
  assert.equal(stepInstruction(focusGroup.agenda[0]), "ui.instruction.lobby");
});
