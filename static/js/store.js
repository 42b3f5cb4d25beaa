// The workshop as this client knows it: `state` from the server, kept current by `event`s.

export class Store {
  constructor() {
    this.state = null;
    this.listeners = new Set();
    this.onRefetch = null;
  }

  get seq() {
    return this.state ? this.state.seq : 0;
  }

  subscribe(fn) {
    this.listeners.add(fn);
  }

  changed() {
    for (const fn of this.listeners) fn(this.state);
  }

  set(state) {
    this.state = state;
    this.changed();
  }

  /** Apply one event of the seq stream (the caller makes sure it is the next one). */
  apply(event) {
    const s = this.state;
    const d = event.data || {};
    const upsert = (list, item, keep = () => ({})) => {
      const i = list.findIndex((x) => x.id === item.id);
      if (i >= 0) list[i] = { ...item, ...keep(list[i]) };
      else list.push({ ...item, ...keep(null) });
    };
    switch (event.type) {
      case "actor.added":
      case "actor.updated":
        upsert(s.actors, d.actor);
        break;
      case "actor.removed":
        s.actors = s.actors.filter((a) => a.id !== d.id);
        s.ownership = s.ownership.filter((o) => o.actor_id !== d.id);
        for (const a of s.actions) if (a.owner_actor_id === d.id) a.owner_actor_id = null;
        break;
      case "ownership.changed":
        s.ownership = s.ownership.filter((o) => !(o.actor_id === d.actor_id && o.area === d.area));
        if (d.role) s.ownership.push({ actor_id: d.actor_id, area: d.area, role: d.role });
        break;
      case "stage.changed":
        s.stages[d.area] = d.stage;
        break;
      case "strategy.added":
        upsert(s.strategies, d.strategy, (old) => ({ my_votes: old ? old.my_votes : 0 }));
        break;
      case "strategy.removed":
        s.strategies = s.strategies.filter((x) => x.id !== d.id);
        for (const a of s.actions) if (a.strategy_id === d.id) a.strategy_id = null;
        break;
      case "action.added":
      case "action.updated":
        upsert(s.actions, d.action);
        break;
      case "phase.changed":
        s.workshop.phase = d.phase;
        break;
      case "timer.changed":
        s.workshop.timer = { ends_at: d.ends_at, seconds: d.seconds };
        break;
      case "goals.changed":
        s.workshop.goals = d.goals;
        break;
      case "workshop.updated": {
        const before = s.workshop;
        s.workshop = { ...d.workshop, timer: d.workshop.timer || before.timer };
        if (d.tallies) this.tallies(d.tallies);
        if (!s.workshop.results_visible && !s.me.facilitator) for (const x of s.strategies) x.votes = null;
        if (before.settings.anonymous !== s.workshop.settings.anonymous) this.onRefetch?.();
        break;
      }
      case "votes.changed":
        this.tallies(d.tallies);
        break;
      case "ratings.changed":
        for (const fresh of d.determinants) {
          const old = s.determinants.find((x) => x.key === fresh.key);
          if (old) Object.assign(old, fresh, { my_score: old.my_score });
        }
        break;
      default:
        break;
    }
    s.seq = event.seq;
    this.changed();
  }

  tallies(list) {
    for (const tally of list) {
      const strategy = this.state.strategies.find((x) => x.id === tally.strategy_id);
      if (strategy) strategy.votes = tally.votes;
    }
  }

  presence(message) {
    if (!this.state) return;
    for (const person of message.changed) {
      const i = this.state.participants.findIndex((p) => p.id === person.id);
      if (i >= 0) this.state.participants[i] = person;
      else this.state.participants.push(person);
    }
    this.changed();
  }

  // --- derived --------------------------------------------------------------------------

  votesLeft() {
    const s = this.state;
    const cast = s.strategies.reduce((sum, x) => sum + (x.my_votes || 0), 0);
    return Math.max(0, s.workshop.settings.votes_per_participant - cast);
  }

  actor(id) {
    return this.state.actors.find((a) => a.id === id) || null;
  }

  strategy(id) {
    return this.state.strategies.find((x) => x.id === id) || null;
  }

  role(actorId, area) {
    const row = this.state.ownership.find((o) => o.actor_id === actorId && o.area === area);
    return row ? row.role : null;
  }

  gaps(area) {
    const roles = new Set(this.state.ownership.filter((o) => o.area === area).map((o) => o.role));
    return ["driver", "accountable"].filter((r) => !roles.has(r));
  }
}
