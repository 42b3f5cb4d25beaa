// What this person has sent but the server has not yet answered, shown over the store.
// Read from the outbox, never written into the store: once the ack comes the change leaves
// the outbox, so an accepted one shows the server's value and a refused one snaps back.
// `pending` is the outbox as [{event, payload}], oldest first. Pure: no DOM.

/** The fields of every pending `event` that `match`es, merged oldest first; null if none. */
export function pendingFields(pending, event, match) {
  let merged = null;
  for (const item of pending) {
    if (item.event === event && match(item.payload)) merged = { ...merged, ...item.payload };
  }
  if (merged) delete merged.op;
  return merged;
}

/** An actor as it will be once its pending updates are in. */
export function actorShown(actor, pending) {
  const fields = pendingFields(pending, "actor:update", (p) => p.id === actor.id);
  if (!fields) return actor;
  delete fields.id;
  return { ...actor, ...fields };
}

/** My score for a determinant, counting the one on its way. */
export function scoreShown(determinant, pending) {
  const fields = pendingFields(pending, "rating:set", (p) => p.determinant === determinant.key);
  return fields ? fields.score : determinant.my_score;
}

/** Pending votes: cast minus retracted, for one strategy or (without an id) all of them. */
export function pendingVotes(pending, strategyId) {
  let net = 0;
  for (const { event, payload } of pending) {
    if (strategyId !== undefined && payload.strategy_id !== strategyId) continue;
    if (event === "vote:cast") net += 1;
    else if (event === "vote:retract") net -= 1;
  }
  return net;
}

/** The votes I have left, counting those on their way. */
export function votesLeftShown(votesLeft, pending) {
  return Math.max(0, votesLeft - pendingVotes(pending));
}

/** My votes on a strategy and the votes I have left, counting those on their way. */
export function votesShown(strategy, votesLeft, pending) {
  return {
    mine: Math.max(0, (strategy.my_votes || 0) + pendingVotes(pending, strategy.id)),
    left: votesLeftShown(votesLeft, pending),
  };
}

/** The stage an area is shown at, and an actor's role in an area (null clears it). */
export function stageShown(stages, area, pending) {
  const fields = pendingFields(pending, "stage:set", (p) => p.area === area);
  return fields ? fields.stage : stages[area];
}

export function roleShown(role, actorId, area, pending) {
  const fields = pendingFields(pending, "ownership:set", (p) => p.actor_id === actorId && p.area === area);
  return fields ? fields.role : role;
}
