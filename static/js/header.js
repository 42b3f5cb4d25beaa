// The step header every live page shows: "step n of m", the step's title and one-line
// instruction, the countdown and the locked note.

import { h, setText } from "./dom.js";
import { clockOffset, t } from "./i18n.js";
import { currentStep, position, stepInstruction, stepTitle } from "./steps.js";

/** "Phase 2 of 6 · Actors", or just the title once closed. */
export function stepLine(workshop, vocab) {
  const step = currentStep(workshop, vocab);
  const where = position(workshop, vocab);
  return where ? `${t("ui.phase.step", where)} · ${stepTitle(step)}` : stepTitle(step);
}

export function phaseHeader(role, vocab) {
  const counter = h("p", { class: "phase-step" });
  const title = h(role === "display" ? "h1" : "h2", { class: "phase-title" });
  const instruction = h("p", { class: "phase-instruction" });
  const timer = countdown();
  const locked = h("p", { class: "locked-note", hidden: true }, h("span", { class: "lock-icon", "aria-hidden": "true" }), h("span", {}));
  const el = h("header", { class: "phase-header" }, h("div", { class: "phase-header-text" }, counter, title, instruction), timer.el, locked);
  return {
    el,
    remaining: () => timer.remaining(),
    update(s) {
      const step = currentStep(s.workshop, vocab);
      const where = position(s.workshop, vocab);
      const closed = step.kind === "closed";
      setText(counter, where ? t("ui.phase.step", where) : "");
      counter.hidden = !where;
      setText(title, stepTitle(step));
      setText(instruction, stepInstruction(step));
      timer.update(closed ? null : s.workshop.timer);
      locked.hidden = !s.workshop.locked || closed;
      setText(locked.lastChild, role === "console" ? t("ui.locked.facilitator") : t("ui.locked.participant"));
    },
  };
}

function remainingSeconds(endsAt) {
  return endsAt ? Math.max(0, Math.round((endsAt - (Date.now() + clockOffset)) / 1000)) : 0;
}

/** "mm:ss" for a number of seconds. Pure. */
export function clock(seconds) {
  return `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}

export function countdown() {
  const el = h("p", { class: "timer", hidden: true }, h("span", { class: "timer-icon", "aria-hidden": "true" }), h("span", { class: "timer-text" }));
  let endsAt = null;
  let ticking = 0;
  let wasUp = false;
  function tick() {
    if (!endsAt) return;
    const left = remainingSeconds(endsAt);
    const text = left > 0 ? clock(left) : t("ui.timer.up");
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
    remaining: () => remainingSeconds(endsAt),
  };
}
