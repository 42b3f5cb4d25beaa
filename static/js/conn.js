// The live connection: `state` on (re)connect, the seq stream with gap repair through
// `sync`, and an outbox so a change made while offline is sent later, never dropped.

import { io } from "/vendor/socket.io.esm.min.js";
import { readJSON, uuid, writeJSON } from "./dom.js";

const ACK_TIMEOUT = 10000;
// Changes in flight at once: a long offline queue is sent at a pace the server's
// per-participant event limit accepts, not as one burst.
const WINDOW = 8;

export class Connection {
  constructor({ code, token, who, store, onStatus, onRefused, onFailed }) {
    this.code = code;
    this.token = token;
    this.store = store;
    this.onStatus = onStatus || (() => {});
    this.onRefused = onRefused || (() => {});
    this.onFailed = onFailed || (() => {});
    this.ready = false; // connected and holding a fresh `state`
    this.syncing = false;
    this.held = [];
    this.outboxKey = `opschalen.outbox.${code}.${who}`;
    // Changes not yet acknowledged, also kept across a reload of the page.
    this.outbox = readJSON(this.outboxKey, []).map((item) => ({ ...item, inflight: false }));
    store.onRefetch = () => this.refetch();
  }

  start() {
    const auth = this.token ? { code: this.code, token: this.token } : { code: this.code };
    const socket = (this.socket = io({ auth, reconnectionDelay: 500, reconnectionDelayMax: 4000 }));
    socket.on("connect", () => this.status());
    socket.on("state", (state) => {
      this.store.set(state);
      this.ready = true;
      this.status();
      this.flush();
    });
    socket.on("event", (event) => this.receive(event));
    socket.on("presence", (message) => this.store.presence(message));
    socket.on("disconnect", (reason) => {
      this.ready = false;
      for (const item of this.outbox) item.inflight = false;
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
    window.addEventListener("online", () => socket.connected || socket.connect());
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
    if (this.syncing || !this.socket.connected) return;
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
    const item = { event, payload: { ...payload, op: uuid() }, inflight: false };
    const done = new Promise((resolve) => {
      item.resolve = resolve;
    });
    this.outbox.push(item);
    this.save();
    if (this.ready) this.flush();
    this.status();
    return done;
  }

  flush() {
    let inflight = this.outbox.filter((x) => x.inflight).length;
    for (const item of this.outbox) {
      if (inflight >= WINDOW) break;
      if (!item.inflight && !item.waiting) {
        this.transmit(item);
        inflight += 1;
      }
    }
  }

  transmit(item) {
    item.inflight = true;
    this.socket.timeout(ACK_TIMEOUT).emit(item.event, item.payload, (error, ack) => {
      item.inflight = false;
      if (error) {
        // No answer: keep it; the op id makes a resend safe (applied once).
        if (this.ready) this.transmit(item);
        return;
      }
      if (!ack.ok && ack.error?.code === "rate_limited") {
        // Too fast for the server: wait a moment and send it again, rather than lose it.
        item.retries = (item.retries || 0) + 1;
        item.waiting = true;
        setTimeout(() => {
          item.waiting = false;
          if (this.ready) this.flush();
        }, Math.min(8000, 500 * 2 ** item.retries));
        return;
      }
      this.outbox = this.outbox.filter((x) => x !== item);
      this.save();
      this.status();
      if (this.ready) this.flush();
      if (!ack.ok) this.onFailed(item.event, ack.error);
      item.resolve?.(ack);
    });
  }

  save() {
    writeJSON(this.outboxKey, this.outbox.map(({ event, payload }) => ({ event, payload })));
  }
}
