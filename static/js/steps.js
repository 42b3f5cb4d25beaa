// The workshop's steps: the agenda the server sends (`workshop.agenda`, `workshop.step`),
// or, from a server without agendas, the fixed phase list of the vocabulary. Pure: no DOM.

import { t } from "./i18n.js";

/** The ordered steps, each {id, kind, title, prompt}. */
export function agenda(workshop, vocab) {
  if (Array.isArray(workshop.agenda) && workshop.agenda.length) return workshop.agenda;
  return vocab.phases.map((kind) => ({ id: kind, kind, title: null, prompt: null }));
}

/** Where everyone is: the index in `steps` of the current step (by id, else by kind). */
export function currentIndex(workshop, steps) {
  const byId = steps.findIndex((s) => s.id === workshop.step);
  if (byId >= 0) return byId;
  return Math.max(0, steps.findIndex((s) => s.kind === workshop.phase));
}

/** The step everyone is on. */
export function currentStep(workshop, vocab) {
  const steps = agenda(workshop, vocab);
  return steps[currentIndex(workshop, steps)];
}

/** "Step n of total", counting the working steps; null in the lobby and once closed. */
export function position(workshop, vocab) {
  const steps = agenda(workshop, vocab);
  const current = steps[currentIndex(workshop, steps)];
  // What the reader counts: the working steps, not the waiting room or the end.
  if (current.kind === "closed" || current.kind === "lobby") return null;
  const open = steps.filter((s) => s.kind !== "closed" && s.kind !== "lobby");
  return { n: open.indexOf(current) + 1, total: open.length };
}

/** The step after the current one, or null at the end. */
export function nextStep(workshop, vocab) {
  const steps = agenda(workshop, vocab);
  return steps[currentIndex(workshop, steps) + 1] || null;
}

/** The facilitator's wording, or the kind's default in the reader's language. */
export function stepTitle(step) {
  return step.title || t(`phase.${step.kind}`);
}

/** A slide's text is its body (shown by its view): the header keeps the kind's instruction. */
export function stepInstruction(step) {
  if (step.kind === "info") return t("ui.instruction.info");
  return step.prompt || t(`ui.instruction.${step.kind}`);
}
