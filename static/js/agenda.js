// Editing the agenda: the rules the server keeps (one lobby first, one closed last, each
// content kind at most once, the current step stays), applied before sending so the editor
// offers only what will be accepted, and when moving the room asks first. Pure: no DOM.

export const CONTENT_KINDS = ["review", "actors", "ownership", "determinants", "strategies", "actions"];
export const REPEATABLE = ["info", "question"];
const FIXED = ["lobby", "closed"];

/** Whether a step stays where it is (the lobby and the closing step). */
export const fixed = (step) => FIXED.includes(step.kind);

/** The kinds that may still be added: slides and questions always, content kinds once. */
export function addableKinds(steps) {
  const present = new Set(steps.map((s) => s.kind));
  return [...REPEATABLE, ...CONTENT_KINDS.filter((k) => !present.has(k))];
}

/** Where a new step goes by default: before the closing step (or after `afterId`). */
export function insertStep(steps, kind, afterId = null) {
  const step = { kind, title: null, prompt: null };
  const after = steps.findIndex((s) => s.id === afterId);
  const last = steps.length - 1;
  const at = after >= 0 && after < last ? after + 1 : last;
  return [...steps.slice(0, at), step, ...steps.slice(at)];
}

/** Move the step at `index` by `delta` places, never before the lobby or past the closing step. */
export function moveStep(steps, index, delta) {
  const to = index + delta;
  if (fixed(steps[index]) || to < 1 || to > steps.length - 2) return steps;
  const list = steps.slice();
  const [step] = list.splice(index, 1);
  list.splice(to, 0, step);
  return list;
}

/** Whether a step may be taken off: not the lobby, the closing step or where the room is. */
export const removable = (step, currentId) => !fixed(step) && step.id !== currentId;

export function removeStep(steps, index, currentId) {
  return removable(steps[index], currentId) ? steps.filter((_, i) => i !== index) : steps;
}

/** New wording for one step; empty text means the kind's default (null). */
export function reword(steps, index, { title, prompt }) {
  return steps.map((s, i) => (i !== index ? s : {
    ...s,
    ...(title !== undefined ? { title: title.trim() || null } : {}),
    ...(prompt !== undefined ? { prompt: prompt.trim() || null } : {}),
  }));
}

/** The `agenda:set` payload: every step by id (new ones by kind) with its wording. */
export function agendaPayload(steps) {
  return {
    agenda: steps.map((s) => (s.id ? { id: s.id, title: s.title ?? null, prompt: s.prompt ?? null }
      : { kind: s.kind, title: s.title ?? null, prompt: s.prompt ?? null })),
  };
}

/** The agenda as it will be once this console's pending `agenda:set` is in (new steps without id). */
export function agendaShown(agenda, pending) {
  const last = pending.filter((x) => x.event === "agenda:set").pop();
  if (!last) return agenda;
  const byId = new Map(agenda.map((s) => [s.id, s]));
  return last.payload.agenda.map((s) => (s.id ? { ...byId.get(s.id), ...s } : { ...s, id: null }));
}

/**
 * Why moving the room from step `from` to step `to` needs a yes first, or null: going back
 * more than one step, or leaving a step where people are still voting or scoring.
 */
export function leaveWarning(s, steps, from, to) {
  if (to < from - 1) return { reason: "back", count: from - to };
  const step = steps[from];
  const cast = castSoFar(s, step);
  if (cast && cast.done < cast.total) return { reason: "voting", ...cast };
  return null;
}

/**
 * How far the room is with the current step's votes or scores, as the console sees them
 * (the facilitator always gets the counts): {done, total}, or null for a step without votes.
 */
export function castSoFar(s, step) {
  const people = s.participants.filter((p) => p.online).length;
  if (!people || !step) return null;
  const budget = s.workshop.settings.votes_per_participant;
  if (step.kind === "strategies") {
    const done = s.strategies.reduce((sum, x) => sum + (x.votes || 0), 0);
    return done ? { done, total: people * budget } : null;
  }
  if (step.kind === "question") {
    const done = s.cards.filter((c) => c.step === step.id).reduce((sum, c) => sum + (c.votes || 0), 0);
    return done ? { done, total: people * budget } : null;
  }
  if (step.kind === "determinants") {
    const done = Math.min(...s.determinants.map((d) => d.count || 0));
    const any = s.determinants.some((d) => d.count);
    return any ? { done, total: people } : null;
  }
  return null;
}

/** Whether a step kind has results the room can be shown (votes or scores). */
export const hasResults = (kind) => ["strategies", "determinants", "question"].includes(kind);
