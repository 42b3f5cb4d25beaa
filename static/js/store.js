// The workshop as this client knows it: `state` from the server, kept current by the `event`
// stream and by acks that carry the real value. Nothing else writes here: what a person is
// still sending is shown from the outbox (overlay.js), so a refused change snaps back.

import { CARD_ACKS, CARD_REDUCERS, setCardTallies } from "./cards.js";

export class Store {
  constructor() {
    this.state = null;
    this.listeners = new Set();
    this.onRefetch = null; // asks the connection for a fresh `state`
    // Which entity an event last changed (key → seq): an ack must not undo a newer event.
    this.touched = new Map();
    this.base = 0;
    // Strategy ids in ranking order, as the last `ranks` list gave them (ties included);
    // `state` itself lists strategies in the order they were added.
    this.ranking = [];
  }

  get seq() {
    return this.state ? this.state.seq : 0;
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  changed() {
    for (const fn of this.listeners) fn(this.state);
  }

  set(state) {
    this.state = state;
    this.touched.clear();
    this.base = state.seq;
    this.ranking = [];
    this.changed();
  }

  /** Apply one event of the seq stream (the caller makes sure it is the next one). */
  apply(event) {
    const s = this.state;
    const reduce = REDUCERS[event.type];
    if (reduce) reduce.call(this, s, event.data || {}, event.seq);
    s.seq = event.seq;
    this.changed();
  }

  /** An ack of this client's own change: take the values it reports (set, never add up). */
  acked(event, payload, ack, sentAt) {
    const take = ACKS[event];
    if (!this.state || !ack || !ack.ok || !take) return;
    if (take.call(this, this.state, payload, ack, sentAt) !== false) this.changed();
  }

  presence(message) {
    if (!this.state) return;
    for (const person of message.changed) upsert(this.state.participants, person);
    this.changed();
  }

  touch(key, seq) {
    this.touched.set(key, seq);
  }

  /** Whether an event (or a fresh state) changed `key` after `seq`. */
  touchedSince(key, seq) {
    return (this.touched.get(key) ?? this.base) > seq;
  }

  refetch() {
    this.onRefetch?.();
  }

  // --- reads ----------------------------------------------------------------------------

  votesLeft() {
    return this.state.me.votes_left;
  }

  actor(id) {
    return this.state.actors.find((a) => a.id === id) || null;
  }

  strategy(id) {
    return this.state.strategies.find((x) => x.id === id) || null;
  }

  determinant(key) {
    return this.state.determinants.find((d) => d.key === key) || null;
  }

  action(id) {
    return this.state.actions.find((a) => a.id === id) || null;
  }

  role(actorId, area) {
    const row = this.state.ownership.find((o) => o.actor_id === actorId && o.area === area);
    return row ? row.role : null;
  }
}

function upsert(list, item, keep = () => ({})) {
  const i = list.findIndex((x) => x.id === item.id);
  if (i >= 0) list[i] = { ...item, ...keep(list[i]) };
  else list.push({ ...item, ...keep(null) });
}

/** Personal fields that broadcast copies leave out: a client keeps its own. */
function personal(old) {
  return { my_votes: old ? old.my_votes : 0 };
}

/** Counts and ranks from an aggregate event; `ranks` is every strategy's, in ranking order. */
function setTallies(store, s, tallies = [], ranks) {
  for (const tally of tallies) {
    const strategy = s.strategies.find((x) => x.id === tally.strategy_id);
    if (strategy) strategy.votes = tally.votes;
  }
  if (!ranks) return;
  for (const { strategy_id: id, rank } of ranks) {
    const strategy = s.strategies.find((x) => x.id === id);
    if (strategy) strategy.rank = rank;
  }
  store.ranking = ranks.map((r) => r.strategy_id);
}

const REDUCERS = {
  "actor.added"(s, d, seq) {
    upsert(s.actors, d.actor);
    this.touch(`actor:${d.actor.id}`, seq);
  },
  "actor.updated"(s, d, seq) {
    upsert(s.actors, d.actor);
    this.touch(`actor:${d.actor.id}`, seq);
  },
  "actor.removed"(s, d, seq) {
    s.actors = s.actors.filter((a) => a.id !== d.id);
    s.ownership = s.ownership.filter((o) => o.actor_id !== d.id);
    for (const a of s.actions) if (a.owner_actor_id === d.id) a.owner_actor_id = null;
    this.touch(`actor:${d.id}`, seq);
  },
  "ownership.changed"(s, d) {
    s.ownership = s.ownership.filter((o) => !(o.actor_id === d.actor_id && o.area === d.area));
    if (d.role) s.ownership.push({ actor_id: d.actor_id, area: d.area, role: d.role });
  },
  "stage.changed"(s, d) {
    s.stages[d.area] = d.stage;
  },
  "strategy.added"(s, d) {
    upsert(s.strategies, d.strategy, (old) => ({ ...personal(old), rank: d.strategy.rank ?? old?.rank ?? null }));
  },
  "strategy.updated"(s, d) {
    upsert(s.strategies, d.strategy, (old) => ({ ...personal(old), rank: d.strategy.rank ?? old?.rank ?? null }));
  },
  "strategy.removed"(s, d) {
    const gone = s.strategies.find((x) => x.id === d.id);
    s.strategies = s.strategies.filter((x) => x.id !== d.id);
    for (const a of s.actions) if (a.strategy_id === d.id) a.strategy_id = null;
    // Its votes are refunded: my budget is the server's to say.
    if (gone && gone.my_votes) this.refetch();
  },
  "action.added"(s, d) {
    upsert(s.actions, d.action);
  },
  "action.updated"(s, d) {
    upsert(s.actions, d.action);
  },
  "action.removed"(s, d) {
    s.actions = s.actions.filter((a) => a.id !== d.id);
  },
  "review.focused"(s, d) {
    if (s.review) s.review.focus = d.focus;
  },
  "review.updated"(s, d) {
    if (s.review) upsert(s.review.items, d.item);
  },
  "phase.changed"(s, d) {
    s.workshop.phase = d.phase;
    if (d.step !== undefined) s.workshop.step = d.step;
  },
  "agenda.changed"(s, d) {
    s.workshop.agenda = d.agenda;
    if (d.off_agenda) s.workshop.off_agenda = d.off_agenda;
  },
  "determinants.changed"(s, d) {
    s.workshop = { ...d.workshop, timer: d.workshop.timer || s.workshop.timer };
    s.determinants = d.determinants.map((fresh) => ({ ...fresh, my_score: this.determinant(fresh.key)?.my_score ?? null,
      my_comment: this.determinant(fresh.key)?.my_comment ?? null }));
  },
  ...CARD_REDUCERS,
  "timer.changed"(s, d) {
    s.workshop.timer = { ends_at: d.ends_at, seconds: d.seconds };
  },
  "goals.changed"(s, d) {
    s.workshop.goals = d.goals;
  },
  "workshop.updated"(s, d) {
    const before = s.workshop;
    s.workshop = { ...d.workshop, timer: d.workshop.timer || before.timer };
    setTallies(this, s, d.tallies, d.ranks);
    setCardTallies(s, d.card_tallies);
    // What this client may see, and its vote budget, are the server's to say: ask again.
    const was = before.settings;
    const now = s.workshop.settings;
    if (was.anonymous !== now.anonymous || was.votes_per_participant !== now.votes_per_participant
        || (before.results_visible && !s.workshop.results_visible)) this.refetch();
  },
  "participant.removed"(s, d) {
    s.participants = s.participants.filter((p) => p.id !== d.id);
  },
  "votes.changed"(s, d) {
    setTallies(this, s, d.tallies, d.ranks);
  },
  "ratings.changed"(s, d) {
    for (const fresh of d.determinants) {
      const old = s.determinants.find((x) => x.key === fresh.key);
      if (old) Object.assign(old, fresh, { my_score: old.my_score });
    }
    if (d.weakest) s.weakest = d.weakest;
    for (const { key, comments } of d.comments || []) { // the facilitator's copy only
      const old = s.determinants.find((x) => x.key === key);
      if (old) old.comments = comments;
    }
  },
};

function votes(s, payload, ack) {
  if ("votes_left" in ack) s.me.votes_left = ack.votes_left;
  const strategy = s.strategies.find((x) => x.id === payload.strategy_id);
  if (strategy && "my_votes" in ack) strategy.my_votes = ack.my_votes;
}

const ACKS = {
  ...CARD_ACKS,
  "agenda:set"(s, payload, ack) {
    if (!ack.agenda) return false;
    s.workshop.agenda = ack.agenda;
  },
  "vote:cast": votes,
  "vote:retract": votes,
  "rating:set"(s, payload, ack) {
    const d = s.determinants.find((x) => x.key === payload.determinant);
    if (!d) return false;
    if ("my_score" in ack) d.my_score = ack.my_score;
    if ("comment" in ack) d.my_comment = ack.comment;
  },
  "actor:update"(s, payload, ack, sentAt) {
    // The broadcast usually came first; a newer event about this actor wins over the ack.
    if (!ack.actor || this.touchedSince(`actor:${ack.actor.id}`, sentAt)) return false;
    if (!s.actors.some((a) => a.id === ack.actor.id)) return false;
    upsert(s.actors, ack.actor);
  },
};
