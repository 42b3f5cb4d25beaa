// A question step's cards, themes and insights as this client shows them: the wall grouped by
// theme, the cards' order, what is still on its way (from the outbox) and the store's
// reducers for their events. Pure: no DOM. Counts are the server's: `votes` null means this
// viewer may not see them, and nothing here works them out.

import { pendingFields } from "./overlay.js";

export const ofStep = (list, step) => list.filter((x) => x.step === step);

/** Cards in the order they arrived, or by votes (then arrival) once the viewer may see votes. */
export function orderCards(cards, byVotes) {
  const list = cards.slice().sort((a, b) => a.id - b.id);
  if (byVotes) list.sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0));
  return list;
}

/**
 * The wall of one step: its themes in the order they were made, each with its cards, then
 * the cards without a theme. A card whose theme is gone counts as without one.
 */
export function wall(cards, themes, byVotes = false) {
  const known = new Set(themes.map((x) => x.id));
  const groups = themes.slice().sort((a, b) => a.id - b.id).map((theme) => ({
    theme, cards: orderCards(cards.filter((c) => c.theme_id === theme.id), byVotes),
  }));
  const unthemed = orderCards(cards.filter((c) => c.theme_id === null || !known.has(c.theme_id)), byVotes);
  return { groups, unthemed };
}

/** Cards of a step as they will be once this person's pending moves, edits and removals are in. */
export function cardsShown(cards, pending) {
  const removed = new Set(pending.filter((x) => x.event === "card:remove").map((x) => x.payload.id));
  return cards.filter((c) => !removed.has(c.id)).map((card) => {
    const fields = pendingFields(pending, "card:update", (p) => p.id === card.id);
    if (!fields) return card;
    delete fields.id;
    return { ...card, ...fields };
  });
}

/** Cards this person posted that the server has not confirmed yet (shown greyed). */
export function cardsOnTheirWay(pending) {
  return pending.filter((x) => x.event === "card:add").map((x) => ({ op: x.payload.op, text: x.payload.text }));
}

/** Pending card votes (vote minus unvote) on one card, or on all of them without an id. */
export function pendingCardVotes(pending, cardId) {
  let net = 0;
  for (const { event, payload } of pending) {
    if (cardId !== undefined && payload.id !== cardId) continue;
    if (event === "card:vote") net += 1;
    else if (event === "card:unvote") net -= 1;
  }
  return net;
}

/** My votes on a card and those I have left in its step, counting the ones on their way. */
export function cardVotesShown(card, left, pending, stepCards) {
  const ids = new Set(stepCards.map((c) => c.id));
  const onTheWay = pending.filter((x) => ids.has(x.payload.id));
  return {
    mine: Math.max(0, (card.my_votes || 0) + pendingCardVotes(pending, card.id)),
    left: Math.max(0, left - pendingCardVotes(onTheWay)),
  };
}

/** Whether a viewer sees vote counts on the wall: the console always, others once revealed. */
export function votesVisible(role, s, cards) {
  const known = cards.some((c) => c.votes !== null && c.votes !== undefined);
  return known && (role === "console" || s.workshop.results_visible);
}

function upsert(list, item) {
  const i = list.findIndex((x) => x.id === item.id);
  if (i >= 0) list[i] = { ...list[i], ...item, my_votes: item.my_votes ?? list[i].my_votes ?? 0 };
  else list.push({ my_votes: 0, ...item });
}

/** Counts from `card_votes.changed` or `workshop.updated`'s `card_tallies` (absent: nothing). */
export function setCardTallies(s, tallies = []) {
  for (const { card_id: id, votes } of tallies) {
    const card = s.cards.find((c) => c.id === id);
    if (card) card.votes = votes;
  }
}

/** The store's reducers for the question steps' events (see store.js). */
export const CARD_REDUCERS = {
  "card.added"(s, d) {
    upsert(s.cards, d.card);
  },
  "card.updated"(s, d) {
    upsert(s.cards, d.card);
  },
  "card.removed"(s, d) {
    const gone = s.cards.find((c) => c.id === d.id);
    s.cards = s.cards.filter((c) => c.id !== d.id);
    // Its votes are refunded: my budget is the server's to say.
    if (gone && gone.my_votes) this.refetch();
  },
  "card_votes.changed"(s, d) {
    setCardTallies(s, d.tallies);
  },
  "theme.added"(s, d) {
    upsert(s.themes, d.theme);
  },
  "theme.updated"(s, d) {
    upsert(s.themes, d.theme);
  },
  "theme.removed"(s, d) {
    s.themes = s.themes.filter((x) => x.id !== d.id);
    for (const c of s.cards) if (c.theme_id === d.id) c.theme_id = null;
  },
  "insight.added"(s, d) {
    upsert(s.insights, d.insight);
  },
  "insight.updated"(s, d) {
    upsert(s.insights, d.insight);
  },
  "insight.removed"(s, d) {
    s.insights = s.insights.filter((x) => x.id !== d.id);
  },
};

/** Acks of card votes set my votes on the card and what is left in its step. */
function cardVote(s, payload, ack) {
  const card = s.cards.find((c) => c.id === payload.id);
  if (!card) return false;
  if ("my_votes" in ack) card.my_votes = ack.my_votes;
  if ("votes_left" in ack) s.me.card_votes_left = { ...s.me.card_votes_left, [card.step]: ack.votes_left };
}

export const CARD_ACKS = {
  "card:vote": cardVote,
  "card:unvote": cardVote,
  "card:add"(s, payload, ack) {
    if (!ack.card) return false;
    upsert(s.cards, ack.card);
  },
  "card:update"(s, payload, ack) {
    if (!ack.card || !s.cards.some((c) => c.id === ack.card.id)) return false;
    upsert(s.cards, ack.card);
  },
  "theme:add"(s, payload, ack) {
    if (!ack.theme) return false;
    upsert(s.themes, ack.theme);
  },
  "insight:add"(s, payload, ack) {
    if (!ack.insight) return false;
    upsert(s.insights, ack.insight);
  },
};
