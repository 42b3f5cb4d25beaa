// Stand-ins for what a browser gives the front end: a Socket.IO socket the test drives by
// hand, localStorage, the vocabularies, and a workshop `state` in the contract's shape.

import { readFileSync } from "node:fs";

export class FakeSocket {
  constructor() {
    this.handlers = new Map();
    this.sent = []; // [{event, payload, answer(ack), fail()}] in the order emitted
    this.connected = false;
    this.active = true;
  }

  on(name, fn) {
    this.handlers.set(name, fn);
    return this;
  }

  timeout() {
    return { emit: (event, payload, callback) => this.record(event, payload, callback) };
  }

  record(event, payload, callback) {
    const message = {
      event, payload,
      answer: (ack) => callback(null, ack),
      fail: () => callback(new Error("operation has timed out")),
    };
    this.sent.push(message);
    return this;
  }

  /** The server speaks: `state`, `event`, `presence`, `disconnect`, … */
  push(name, ...args) {
    if (name === "connect") this.connected = true;
    if (name === "disconnect") this.connected = false;
    this.handlers.get(name)?.(...args);
  }

  /** Connect and receive `state`, as the server does right after connecting. */
  open(state) {
    this.push("connect");
    this.push("state", structuredClone(state));
  }

  connect() {
    this.connected = true;
  }

  disconnect() {
    this.connected = false;
    this.active = false;
  }

  /** Messages of one event name not yet answered by the test. */
  waiting(event) {
    return this.sent.filter((m) => m.event === event && !m.done);
  }

  take(event) {
    const message = this.sent.find((m) => m.event === event && !m.done);
    if (!message) throw new Error(`nothing sent as ${event}`);
    message.done = true;
    return message;
  }
}

export class MemoryStorage {
  constructor(entries = {}) {
    this.map = new Map(Object.entries(entries));
  }

  getItem(key) {
    return this.map.has(key) ? this.map.get(key) : null;
  }

  setItem(key, value) {
    this.map.set(key, String(value));
  }

  removeItem(key) {
    this.map.delete(key);
  }
}

/** The server's vocabularies (GET /vocabulary.json; tests/test_views.py keeps this copy true). */
export const VOCAB = JSON.parse(readFileSync(new URL("./vocabulary.json", import.meta.url), "utf8"));

/** A participant's `state` at `seq` 10 in the strategies phase, results hidden. */
export function participantState(overrides = {}) {
  return {
    seq: 10,
    workshop: {
      code: "K7M2QX9P", title: "Beweegkuur opschalen", intervention: "Beweegkuur", description: "",
      language: "nl", phase: "strategies", locked: false, results_visible: false, follow_up_of: null,
      facilitator_id: 1, timer: null,
      settings: { votes_per_participant: 5, max_votes_per_strategy: 3, participants_can_download: false, anonymous: false },
    },
    me: { id: 2, name: "Anna", role: "GGD", facilitator: false, votes_left: 5 },
    participants: [{ id: 2, name: "Anna", role: "GGD", online: true }],
    actors: [{ id: 1, name: "Gemeente Leiden", category: "policy", influence: 50, interest: 50, note: "" }],
    ownership: [],
    stages: { intervention: null, supply: null, use: null },
    determinants: VOCAB.determinants.map((key) => ({ key, count: 0, mean: null, histogram: [0, 0, 0, 0, 0], my_score: null })),
    strategies: [
      { id: 1, title: "Lobby", category: "dissemination", description: "", origin: "catalog", votes: null, my_votes: 0, rank: null },
      { id: 2, title: "Informal lobby", category: "dissemination", description: "", origin: "catalog", votes: null, my_votes: 0, rank: null },
    ],
    actions: [],
    ...overrides,
  };
}
