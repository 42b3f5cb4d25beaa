// The participant view (phone first): join once, then follow the facilitator's phase.
// The token is remembered per workshop, so a reload or lost connection rejoins as the same person.

import { clear, h, readJSON, setText, toast, writeJSON } from "./dom.js";
import { t } from "./i18n.js";
import { CATEGORIES, PHASES, PhaseHost } from "./phases.js";
import { boot, phaseHeader, startLive } from "./live.js";

const { code } = await boot();
const KEY = `opschalen.participant.${code}`;
const main = document.getElementById("main");

function showJoin(message) {
  document.getElementById("conn").hidden = true;
  const name = h("input", { id: "join-name", name: "name", maxlength: 120, required: true, autocomplete: "name" });
  const role = h("input", { id: "join-role", name: "role", maxlength: 120, autocomplete: "organization-title" });
  const group = h("select", { id: "join-group", name: "group" },
    h("option", { value: "", text: t("ui.join.group.none") }),
    CATEGORIES.map((c) => h("option", { value: c, text: t(`category.${c}`) })));
  const hidden = h("input", { type: "checkbox", id: "join-anonymous", name: "anonymous" });
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const form = h("form", { class: "stack join-card panel", novalidate: true },
    h("h1", { text: t("ui.join.heading") }),
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
    error.hidden = true;
    if (!name.value.trim()) {
      error.hidden = false;
      setText(error, t("ui.join.name.required"));
      name.focus();
      return;
    }
    const body = { name: name.value.trim() };
    if (role.value.trim()) body.role = role.value.trim();
    if (group.value) body.group = group.value;
    if (hidden.checked) body.anonymous = true;
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
  const header = phaseHeader("participant");
  const hostEl = h("div", { class: "phase-host" });
  const who = h("p", { class: "me-line" });
  clear(main).append(header.el, hostEl, who);
  const phaseLine = document.getElementById("phase-line");
  let host;
  let lastPhase = null;
  const live = startLive({
    code, token: me.token, who: `p${me.id}`, role: "participant",
    onRefused() {
      live.conn.stop();
      localStorage.removeItem(KEY);
      showJoin(t("ui.join.again"));
    },
    render(s) {
      header.update(s);
      const phase = s.workshop.phase;
      setText(phaseLine, phase === "closed" ? t("phase.closed")
        : `${t("ui.phase.step", { n: PHASES.indexOf(phase) + 1, total: PHASES.length - 1 })} · ${t(`phase.${phase}`)}`);
      setText(who, t("ui.join.as", { name: s.me.name || "" }));
      document.title = `${t(`phase.${phase}`)} · ${s.workshop.title}`;
      host.update(s);
      if (lastPhase && lastPhase !== phase) {
        toast(t("ui.phase.now", { phase: t(`phase.${phase}`) }));
        window.scrollTo({ top: 0 });
      }
      lastPhase = phase;
    },
  });
  host = new PhaseHost(live.ctx, hostEl);
  live.ctx.relabel = () => {
    host.reset();
    const fresh = phaseHeader("participant");
    header.el.replaceWith(fresh.el);
    Object.assign(header, fresh);
  };
}

const remembered = readJSON(KEY, null);
if (remembered && remembered.token) start(remembered);
else showJoin();
