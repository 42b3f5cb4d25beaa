// What the participant view, the console and the room display share: start-up (catalogue
// and vocabularies), the facilitator's links kept on this device, the connection status,
// and one render per frame.

import { io } from "/vendor/socket.io.esm.min.js";
import { Connection } from "./conn.js";
import { formatCode, setText, toast } from "./dom.js";
import { applyStatic, load, preferred, t, wireSwitch } from "./i18n.js";
import { readJSON, writeJSON } from "./storage.js";
import { Store } from "./store.js";
import { loadVocabulary } from "./vocab.js";

export const FACILITATED = "opschalen.facilitated";

export async function boot() {
  const body = document.body;
  const code = body.dataset.code;
  const [vocab] = await Promise.all([loadVocabulary(), load(preferred(body.dataset.workshopLang || body.dataset.lang))]);
  applyStatic();
  return { code, displayCode: formatCode(code), vocab };
}

export function facilitated() {
  const list = readJSON(FACILITATED, []);
  return Array.isArray(list) ? list : [];
}

export function rememberFacilitated(entry) {
  const list = facilitated().filter((x) => x.code !== entry.code);
  const old = facilitated().find((x) => x.code === entry.code) || {};
  list.unshift({ created_at: new Date().toISOString(), ...old, ...entry });
  writeJSON(FACILITATED, list);
}

export function facilitatorToken(code) {
  return facilitated().find((x) => x.code === code)?.token || null;
}

/** The top bar grows while reconnecting (a longer status): what sticks under it (the vote
 * counter) and the toasts follow its height, so it never covers them. */
function followTopbar() {
  const bar = document.querySelector(".topbar");
  if (!bar || typeof ResizeObserver === "undefined") return;
  new ResizeObserver(() => document.documentElement.style.setProperty("--topbar-height", `${bar.offsetHeight}px`)).observe(bar);
}

export function showStatus({ state, pending, first }) {
  const el = document.getElementById("conn");
  if (!el) return;
  el.dataset.state = state;
  let text;
  if (state === "online") text = pending ? t("ui.conn.sending", { count: pending }) : t("ui.conn.online");
  else if (first) text = t("ui.conn.connecting");
  else text = pending ? t("ui.conn.kept", { count: pending }) : t("ui.conn.reconnecting");
  setText(el.querySelector(".conn-text"), text);
}

export function reportRefusal(event, error) {
  const reason = error && error.code ? t(`ui.error.${error.code}`) : t("ui.error.internal");
  toast(t("ui.not_saved", { reason }), "error");
}

/**
 * Everything a live page needs: the store, the connection and the views' context
 * (`ctx`: role, store, vocab, send, pending changes, editable), rendering once per frame
 * whenever the store or the outbox changes.
 */
export function startLive({ code, token, who, role, vocab, render, onRefused, onMoved }) {
  const store = new Store();
  followTopbar();
  let frame = 0;
  const schedule = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (store.state) render(store.state);
    });
  };
  const conn = new Connection({
    code, token, who, store, io, onRefused, onMoved, onFailed: reportRefusal,
    onStatus(status) {
      showStatus(status);
      schedule(); // a change sent or answered shows at once
    },
  });
  const ctx = {
    role,
    store,
    vocab,
    send: (event, payload) => conn.send(event, payload),
    pending: () => conn.pending(),
    editable() {
      const s = store.state;
      if (!s || role === "display" || s.workshop.phase === "closed") return false;
      return !s.workshop.locked || s.me.facilitator;
    },
  };
  store.subscribe(schedule);
  wireSwitch(() => {
    ctx.relabel?.();
    schedule();
  });
  conn.start();
  return { store, conn, ctx, schedule };
}
