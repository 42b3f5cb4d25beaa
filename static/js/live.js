// What the participant view, the console and the room display share: start-up, the
// connection status, the phase header with its countdown, and batched re-rendering.

import { Connection } from "./conn.js";
import { formatCode, h, readJSON, setText, toast, writeJSON } from "./dom.js";
import { applyStatic, clockOffset, load, preferred, t, wireSwitch } from "./i18n.js";
import { PHASES, PhaseHost } from "./phases.js";
import { Store } from "./store.js";

export const FACILITATED = "opschalen.facilitated";

export async function boot() {
  const body = document.body;
  const code = body.dataset.code;
  await load(preferred(body.dataset.workshopLang || body.dataset.lang));
  applyStatic();
  return { code, displayCode: formatCode(code) };
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

/** The workshop's phase, the one-line instruction and the countdown. */
export function phaseHeader(kind) {
  const step = h("p", { class: "phase-step" });
  const title = h(kind === "display" ? "h1" : "h2", { class: "phase-title" });
  const instruction = h("p", { class: "phase-instruction" });
  const timer = countdown();
  const locked = h("p", { class: "locked-note", hidden: true }, h("span", { class: "lock-icon", "aria-hidden": "true" }), h("span", {}));
  const el = h("header", { class: "phase-header" }, h("div", { class: "phase-header-text" }, step, title, instruction), timer.el, locked);
  return {
    el,
    remaining: () => timer.remaining(),
    update(s) {
      const phase = s.workshop.phase;
      const index = PHASES.indexOf(phase);
      setText(step, phase === "closed" ? "" : t("ui.phase.step", { n: index + 1, total: PHASES.length - 1 }));
      step.hidden = phase === "closed";
      setText(title, t(`phase.${phase}`));
      setText(instruction, t(`ui.instruction.${phase}`));
      timer.update(phase === "closed" ? null : s.workshop.timer);
      locked.hidden = !s.workshop.locked || phase === "closed";
      setText(locked.lastChild, kind === "console" ? t("ui.locked.facilitator") : t("ui.locked.participant"));
    },
  };
}

export function countdown() {
  const el = h("p", { class: "timer", hidden: true }, h("span", { class: "timer-icon", "aria-hidden": "true" }), h("span", { class: "timer-text" }));
  let endsAt = null;
  let ticking = 0;
  let wasUp = false;
  function tick() {
    if (!endsAt) return;
    const left = Math.max(0, Math.round((endsAt - (Date.now() + clockOffset)) / 1000));
    const text = left > 0 ? `${String(Math.floor(left / 60)).padStart(2, "0")}:${String(left % 60).padStart(2, "0")}` : t("ui.timer.up");
    setText(el.lastChild, text);
    el.setAttribute("aria-label", left > 0 ? t("ui.timer.left", { time: text }) : text);
    el.classList.toggle("timer-low", left > 0 && left <= 30);
    el.classList.toggle("timer-up", left === 0);
    if (left === 0 && !wasUp) {
      wasUp = true;
      el.setAttribute("role", "alert");
    }
  }
  return {
    el,
    update(timer) {
      const next = timer && timer.ends_at ? Date.parse(timer.ends_at) : null;
      if (next === endsAt) return;
      endsAt = next;
      wasUp = false;
      el.removeAttribute("role");
      el.hidden = !endsAt;
      clearInterval(ticking);
      if (endsAt) {
        tick();
        ticking = setInterval(tick, 500);
      }
    },
    remaining() {
      return endsAt ? Math.max(0, Math.round((endsAt - (Date.now() + clockOffset)) / 1000)) : 0;
    },
  };
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

/** Everything a live page needs: the store, the connection, and one render per frame. */
export function startLive({ code, token, who, role, render, onRefused }) {
  const store = new Store();
  const onFailed = (event, error) => {
    reportRefusal(event, error);
    store.changed(); // put controls back to what the server has
  };
  const conn = new Connection({ code, token, who, store, onStatus: showStatus, onRefused, onFailed });
  const ctx = {
    role,
    store,
    send: (event, payload) => conn.send(event, payload),
    editable() {
      const s = store.state;
      if (!s || role === "display" || s.workshop.phase === "closed") return false;
      return !s.workshop.locked || s.me.facilitator;
    },
  };
  let frame = 0;
  const schedule = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (store.state) render(store.state);
    });
  };
  store.subscribe(schedule);
  wireSwitch(() => {
    ctx.relabel?.();
    schedule();
  });
  conn.start();
  return { store, conn, ctx, schedule };
}

export { PhaseHost, toast, writeJSON };
