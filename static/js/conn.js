// The live connection: `state` on (re)connect, the seq stream with gap repair through
// `sync`, and an outbox so a change made while offline is sent later, never dropped.
// The socket library (`io`) and the storage are passed in, so this runs outside a browser too.

import { readJSON, writeJSON } from "./storage.js";

export const ACK_TIMEOUT = 10000;
// Changes in flight at once: a long offline queue is sent at a pace the server's
// per-participant event limit accepts, not as one burst.
export const WINDOW = 8;

export class Connection {
  constructor({ code, token, who, store, io, storage = globalThis.localStorage, onStatus, onRefused, onMoved, onFailed }) {
    this.code = code;
    this.token = token;
    this.store = store;
    this.io = io;
    this.storage = storage;
    this.onStatus = onStatus || (() => {});
    this.onRefused = onRefused || (() => {});
    this.onMoved = onMoved || (() => {});
    this.onFailed = onFailed || (() => {});
    this.ready = false; // connected and holding a fresh `state`
    this.syncing = false;
    this.held = [];
    this.window = WINDOW;
    this.stale = false; // an ack answered a resend: take a fresh state once the outbox is quiet
    this.outboxKey = `opschalen.outbox.${code}.${who}`;
    // Changes not yet acknowledged, also kept across a reload of the page. `unsure`: sent
    // before without a definite answer, so the server may already have applied it.
    this.outbox = readJSON(this.outboxKey, [], storage)
      .map(({ event, payload, unsure }) => ({ event, payload, unsure, inflight: false }));
    store.onRefetch = () => this.refetch();
  }

  start() {
    const auth = this.token ? { code: this.code, token: this.token } : { code: this.code };
    const socket = (this.socket = this.io({ auth, reconnectionDelay: 500, reconnectionDelayMax: 4000 }));
    socket.on("connect", () => this.status());
    socket.on("state", (state) => {
      this.store.set(state);
      this.ready = true;
      this.status();
      this.flush();
    });
    socket.on("event", (event) => this.receive(event));
    socket.on("presence", (message) => this.store.presence(message));
    // The organiser moved this person to another group: its code, the token there and the link.
    socket.on("moved", (moved) => this.onMoved(moved));
    socket.on("disconnect", (reason) => {
      this.ready = false;
      for (const item of this.outbox) {
        if (item.inflight) item.unsure = true;
        item.inflight = false;
      }
      if (reason === "io server disconnect") socket.connect();
      this.status();
    });
    socket.on("connect_error", (error) => {
      this.ready = false;
      if (error && error.message === "unauthorized") {
        socket.disconnect();
        this.onRefused();
      }
      this.status();
    });
    globalThis.addEventListener?.("online", () => socket.connected || socket.connect());
    this.status();
    return this;
  }

  stop() {
    this.socket?.disconnect();
  }

  status() {
    const state = this.ready ? "online" : this.socket && this.socket.active ? "reconnecting" : "offline";
    this.onStatus({ state, pending: this.outbox.length, first: !this.store.state });
  }

  /** The changes not yet answered, oldest first, for showing them over the store. */
  pending() {
    return this.outbox;
  }

  receive(event) {
    if (!this.store.state || event.seq <= this.store.seq) return;
    if (this.syncing) {
      this.held.push(event);
      return;
    }
    if (event.seq === this.store.seq + 1) this.store.apply(event);
    else this.sync();
  }

  /** Ask for what we missed; the answer is the events since our seq, or a fresh state. */
  sync(since = this.store.seq) {
    if (this.syncing || !this.socket?.connected) return;
    this.syncing = true;
    this.socket.timeout(ACK_TIMEOUT).emit("sync", { since }, (error, ack) => {
      this.syncing = false;
      if (!error && ack && ack.ok) {
        if (ack.state) this.store.set(ack.state);
        for (const event of ack.events || []) if (event.seq === this.store.seq + 1) this.store.apply(event);
      }
      const held = this.held.sort((a, b) => a.seq - b.seq);
      this.held = [];
      for (const event of held) this.receive(event);
    });
  }

  /** A fresh `state` (a seq far ahead of the log makes the server answer with one). */
  refetch() {
    setTimeout(() => this.sync(this.store.seq + 1_000_000_000), 0);
  }

  /** Send a change; resolves with the ack (ok or refused), even if that takes a reconnect. */
  send(event, payload = {}) {
    const item = { event, payload: { ...payload, op: opId() }, inflight: false };
    const done = new Promise((resolve) => {
      item.resolve = resolve;
    });
    this.outbox.push(item);
    this.save();
    this.flush();
    this.status();
    return done;
  }

  /** Transmit queued changes in order; none overtakes one that waits to be retried. */
  flush() {
    if (!this.ready) return;
    let inflight = this.outbox.filter((x) => x.inflight).length;
    for (const item of this.outbox) {
      if (inflight >= this.window || item.waiting) break;
      if (!item.inflight) {
        this.transmit(item);
        inflight += 1;
      }
    }
  }

  transmit(item) {
    item.inflight = true;
    item.seq = this.store.seq;
    const attempt = (item.attempt = (item.attempt || 0) + 1);
    // Maybe applied already: the server then answers with the ack it stored at the time,
    // which can be older than the state this client holds now.
    item.resent = Boolean(item.unsure);
    if (!item.transmitted) {
      item.transmitted = true;
      this.save(); // a reload from now on cannot know whether it arrived
    }
    this.socket.timeout(ACK_TIMEOUT).emit(item.event, item.payload, (error, ack) => {
      // An answer to a transmission that a reconnect has already replaced.
      if (attempt !== item.attempt || !this.outbox.includes(item)) return;
      item.inflight = false;
      if (error) {
        // No answer: keep it; the op id makes a resend safe (applied once).
        item.unsure = true;
        if (this.ready) this.transmit(item);
        return;
      }
      if (!ack.ok && ack.error?.code === "rate_limited") {
        this.later(item);
        return;
      }
      this.window = Math.min(WINDOW, this.window + 1);
      this.outbox = this.outbox.filter((x) => x !== item);
      this.save();
      if (item.resent) this.stale = true;
      else this.store.acked(item.event, item.payload, ack, item.seq);
      if (this.stale && !this.outbox.some((x) => x.inflight)) {
        this.stale = false;
        this.refetch();
      }
      this.status();
      this.flush();
      if (!ack.ok) this.onFailed(item.event, ack.error);
      item.resolve?.(ack);
    });
  }

  /** Too fast for the server: send it again after a pause, one change at a time, rather than lose it. */
  later(item) {
    item.retries = (item.retries || 0) + 1;
    item.waiting = true;
    this.window = 1;
    setTimeout(() => {
      item.waiting = false;
      this.flush();
    }, Math.min(8000, 500 * 2 ** item.retries));
  }

  save() {
    const kept = this.outbox.map((item) => ({
      event: item.event, payload: item.payload, unsure: Boolean(item.unsure || item.transmitted),
    }));
    writeJSON(this.outboxKey, kept, this.storage);
  }
}

/** A random operation id (randomUUID needs a secure context; a LAN address over http is not). */
export function opId() {
  if (globalThis.crypto.randomUUID) return globalThis.crypto.randomUUID();
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
