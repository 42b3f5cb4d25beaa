// The participant view (phone first): join once, then follow the facilitator's steps.
// The token is remembered per workshop, so a reload or lost connection rejoins as the same person.

import { clear, h, setText, toast } from "./dom.js";
import { phaseHeader, stepLine } from "./header.js";
import { t } from "./i18n.js";
import { boot, startLive } from "./live.js";
import { PhaseHost } from "./phases/host.js";
import { forget, participantKey, readJSON, writeJSON } from "./storage.js";
import { currentStep, stepTitle } from "./steps.js";
import { joinAnswers, labelled } from "./ui.js";

const { code, vocab } = await boot();
const KEY = participantKey(code);
const main = document.getElementById("main");

function showJoin(message) {
  document.getElementById("conn").hidden = true;
  const name = h("input", { id: "join-name", name: "name", maxlength: 120, required: true, autocomplete: "name" });
  const role = h("input", { id: "join-role", name: "role", maxlength: 120, autocomplete: "organization-title" });
  const group = h("select", { id: "join-group", name: "group" },
    h("option", { value: "", text: t("ui.join.group.none") }),
    labelled(vocab.actor_categories, "category").map(([value, label]) => h("option", { value, text: label })));
  const hidden = h("input", { type: "checkbox", id: "join-anonymous", name: "anonymous" });
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const form = h("form", { class: "stack join-card panel", novalidate: true },
    h("h2", { text: t("ui.join.heading") }),
    h("p", { class: "lead", text: t("ui.join.lead") }),
    message ? h("p", { class: "notice", text: message }) : null,
    h("label", { for: "join-name", text: t("ui.join.name") }), name,
    h("label", { for: "join-role", text: t("ui.join.role") }), role,
    h("p", { class: "hint", text: t("ui.join.role.hint") }),
    h("label", { for: "join-group", text: t("ui.join.group") }), group,
    h("label", { class: "check", for: "join-anonymous" }, hidden, h("span", { text: t("ui.join.anonymous") })),
    error,
    h("button", { type: "submit", class: "btn btn-primary btn-block", text: t("ui.join.submit") }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = joinAnswers(form, error);
    if (!body) return;
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch(`/api/workshops/${code}/participants`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (!response.ok) throw new Error(t("ui.join.failed", { reason: t(`ui.error.${answer.error?.code || "internal"}`) }));
      const me = { token: answer.token, id: answer.participant.id, name: answer.participant.name };
      writeJSON(KEY, me);
      start(me);
      main.focus({ preventScroll: true });
    } catch (failure) {
      error.hidden = false;
      setText(error, failure.message || t("ui.error.offline"));
      button.disabled = false;
    }
  });
  clear(main).append(form);
  name.focus();
}

function start(me) {
  document.getElementById("conn").hidden = false;
  const header = phaseHeader("participant", vocab);
  const hostEl = h("div", { class: "phase-host" });
  const who = h("p", { class: "me-line" });
  clear(main).append(header.el, hostEl, who);
  const phaseLine = document.getElementById("phase-line");
  let host;
  let lastStep = null;
  const live = startLive({
    code, token: me.token, who: `p${me.id}`, role: "participant", vocab,
    onRefused() {
      live.conn.stop();
      forget(KEY);
      showJoin(t("ui.join.again"));
    },
    onMoved(moved) {
      // The organiser moved this person to another group: go there as its participant.
      live.conn.stop();
      forget(KEY);
      writeJSON(participantKey(moved.code), { token: moved.token, id: moved.participant.id, name: moved.participant.name, moved: true });
      // The cookie session learns the new group too, so the event's link leads back there.
      fetch(`/api/workshops/${moved.code}/session`, { method: "POST", headers: { Authorization: `Bearer ${moved.token}` } })
        .catch(() => {}).finally(() => location.assign(moved.url));
    },
    render(s) {
      header.update(s);
      const step = currentStep(s.workshop, vocab);
      setText(phaseLine, stepLine(s.workshop, vocab));
      setText(who, t("ui.join.as", { name: s.me.name || "" }));
      document.title = `${stepTitle(step)} · ${s.workshop.title}`;
      host.update(s);
      if (lastStep && lastStep !== step.id) {
        toast(t("ui.phase.now", { phase: stepTitle(step) }));
        window.scrollTo({ top: 0 });
      }
      lastStep = step.id;
      if (me.moved) {
        // Arrived here by the organiser's move: say so once.
        me.moved = false;
        writeJSON(KEY, { token: me.token, id: me.id, name: me.name });
        toast(t("event.moved.here", { group: s.workshop.title }));
      }
    },
  });
  host = new PhaseHost(live.ctx, hostEl);
  live.ctx.relabel = () => {
    host.reset();
    const fresh = phaseHeader("participant", vocab);
    header.el.replaceWith(fresh.el);
    Object.assign(header, fresh);
  };
}

const remembered = readJSON(KEY, null);
if (remembered && remembered.token) start(remembered);
else showJoin();
