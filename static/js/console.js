// The facilitator console: join details, people, the agenda and the room's controls, each
// saying what it does to the room before it does it.

import { clear, formatCode, h, keyed, openDialog, setText, toast } from "./dom.js";
import { phaseHeader } from "./header.js";
import { t } from "./i18n.js";
import { boot, facilitatorToken, rememberFacilitated, startLive } from "./live.js";
import { editGoals, goalsLine, showGroups } from "./outcomes.js";
import { PhaseHost } from "./phases/host.js";
import { hasResults } from "./agenda.js";
import { agendaEditor } from "./agendaeditor.js";
import { stepper } from "./stepper.js";
import { currentStep, stepTitle } from "./steps.js";
import { confirm, downloadLinks } from "./ui.js";
import { consoleCard } from "./sharing.js";
import { gapsSince, startFollowUp } from "./followup.js";

const { code, displayCode, vocab } = await boot();
const main = document.getElementById("main");
const SHOW_LINK = `opschalen.showlink.${code}`;

/** The token arrives in the fragment once; keep it on this device and take it out of the address bar. */
async function takeToken() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  let token = fragment.get("token");
  if (token) {
    rememberFacilitated({ code, token, title: document.getElementById("workshop-title").textContent });
    history.replaceState(history.state, "", location.pathname + location.search);
  } else {
    token = facilitatorToken(code);
  }
  if (token) {
    await fetch(`/api/workshops/${code}/session`, { method: "POST", headers: { Authorization: `Bearer ${token}` } }).catch(() => null);
  }
  return token;
}

const token = await takeToken();
let live = null;
const state = () => live.store.state;
/** A control clicked before the first `state` has arrived does nothing rather than fail. */
const whenLoaded = (fn) => (...args) => (state() ? fn(state(), ...args) : undefined);
main.classList.add("console");

// --- the layout -------------------------------------------------------------------------

const header = phaseHeader("console", vocab);
const controls = h("div", { class: "controls" });
const hostEl = h("div", { class: "phase-host" });
const center = h("section", { class: "console-main", "aria-label": t("ui.console.live") }, header.el, controls, hostEl);

const joinUrl = `${location.origin}/join/${code}`;
const joinCard = h("section", { class: "card join-card-console", "aria-labelledby": "join-title" },
  h("h2", { id: "join-title", class: "card-title", text: t("ui.console.join") }),
  h("p", { class: "join-code", "aria-label": t("ui.console.code_is", { code: displayCode.split("").join(" ") }), text: displayCode }),
  h("img", { class: "qr", src: `/qr/${code}.svg`, alt: t("ui.console.qr_alt", { url: joinUrl }), width: 160, height: 160 }),
  h("p", { class: "join-url" }, h("a", { href: joinUrl, target: "_blank", rel: "noopener", text: joinUrl.replace(/^https?:\/\//, "") })),
  h("div", { class: "button-row" },
    h("button", { type: "button", class: "btn btn-small", text: t("ui.console.copy_link"), on: { click: () => copy(joinUrl, t("ui.console.copied")) } }),
    h("a", { class: "btn btn-small", href: `/display/${code}`, target: "opschalen-display", text: t("ui.console.open_display") })),
  h("p", { class: "hint", text: t("ui.console.display_hint") }));

const onlineCount = h("p", { class: "online-count" });
const people = h("ul", { class: "people-list" });
const peopleCard = h("section", { class: "card", "aria-labelledby": "people-title" },
  h("h2", { id: "people-title", class: "card-title", text: t("ui.console.people") }), onlineCount, people);

const followUp = h("button", { type: "button", class: "btn btn-block", text: t("ui.console.follow_up") });
const followUpHint = h("p", { class: "hint", text: t("ui.console.follow_up_hint") });
const earlierTitle = h("h2", { id: "earlier-title", class: "card-title" });
const carried = h("p", { class: "hint" });
const gapsClosed = h("ul", { class: "gaps-closed" });
const earlierCard = h("section", { class: "card earlier-card", "aria-labelledby": "earlier-title", hidden: true },
  earlierTitle, carried, h("p", { class: "control-label", text: t("ui.follow_up.gaps_closed") }), gapsClosed);
const goalsText = h("p", { class: "hint goals-line" });
const summaryCard = h("section", { class: "card", "aria-labelledby": "summary-title" },
  h("h2", { id: "summary-title", class: "card-title", text: t("ui.console.summary") }),
  h("p", { class: "hint", text: t("ui.console.summary_hint") }),
  h("div", { class: "button-row" }, downloadLinks(code)),
  h("div", { class: "button-row" },
    h("button", { type: "button", class: "btn btn-small", text: t("overview.goals"),
      on: { click: whenLoaded((s) => editGoals((event, payload) => live.ctx.send(event, payload), s.workshop.goals || {})) } }),
    h("button", { type: "button", class: "btn btn-small", text: t("overview.groups"),
      on: { click: whenLoaded((s) => showGroups(code, token, s.strategies)) } })),
  goalsText,
  followUp, followUpHint);

const side = h("aside", { class: "console-side" }, earlierCard, joinCard, peopleCard, summaryCard,
  consoleCard(code, () => state()?.workshop.title || ""));
clear(main).append(center, side);

function copy(text, done) {
  navigator.clipboard?.writeText(text).then(() => toast(done), () => toast(text));
}

// --- the "keep this link" banner, shown once after creating ---------------------------------

function showKeepLink() {
  if (!sessionStorage.getItem(SHOW_LINK) || !token) return;
  sessionStorage.removeItem(SHOW_LINK);
  const link = `${location.origin}/facilitate/${code}#token=${token}`;
  const banner = document.getElementById("banner");
  // Masked until asked for: the console is often projected or shared on a call.
  const masked = maskedLink(link);
  const field = h("input", { class: "keep-link", readonly: true, value: masked, id: "keep-link", "aria-describedby": "keep-link-text" });
  const show = h("button", { type: "button", class: "btn keep-show", "aria-pressed": "false", text: t("ui.keep.show") });
  show.addEventListener("click", () => {
    const shown = show.getAttribute("aria-pressed") !== "true";
    field.value = shown ? link : masked;
    show.setAttribute("aria-pressed", String(shown));
    setText(show, t(shown ? "ui.keep.hide" : "ui.keep.show"));
  });
  clear(banner).append(
    h("div", { class: "banner-inner" },
      h("h2", { text: t("ui.keep.heading") }),
      h("p", { id: "keep-link-text", text: t("ui.keep.text") }),
      h("label", { for: "keep-link", class: "visually-hidden", text: t("ui.keep.label") }),
      h("div", { class: "keep-row" }, field, show,
        h("button", { type: "button", class: "btn btn-primary", text: t("ui.keep.copy"), on: { click: () => copy(link, t("ui.keep.copied")) } }),
        h("button", { type: "button", class: "btn", text: t("ui.keep.done"), on: { click: () => { banner.hidden = true; } } }))));
  banner.hidden = false;
  field.addEventListener("focus", () => field.value === link && field.select());
}

/** The link with its secret replaced by dots. */
function maskedLink(link) {
  return link.replace(/#token=.*$/, "#token=" + "•".repeat(12));
}
showKeepLink();

// --- controls ---------------------------------------------------------------------------

function control(labelKey, hintKey, onClick, kind = "") {
  const button = h("button", { type: "button", class: `btn ${kind}`, on: { click: onClick } });
  const hint = h("p", { class: "hint" });
  button.setAttribute("aria-describedby", hint.id = `hint-${labelKey.replace(/\W/g, "-")}`);
  return { el: h("div", { class: "control" }, button, hint), button, hint };
}


const results = control("results", "results", whenLoaded((s) => live.ctx.send("results:show", { visible: !s.workshop.results_visible })));
const lock = control("lock", "lock", whenLoaded((s) => live.ctx.send("workshop:lock", { locked: !s.workshop.locked })));
const timerLabel = h("p", { class: "control-label", text: t("ui.timer.label") });
const timerButtons = h("div", { class: "button-row" },
  [1, 3, 5, 10].map((minutes) => h("button", { type: "button", class: "btn btn-small", text: t("ui.timer.minutes", { count: minutes }),
    "aria-label": t("ui.timer.start", { count: minutes }), on: { click: () => setTimer(minutes * 60) } })),
  h("button", { type: "button", class: "btn btn-small timer-add", text: t("ui.timer.add"), on: { click: () => setTimer(Math.min(7200, header.remaining() + 60)) } }),
  h("button", { type: "button", class: "btn btn-small btn-quiet timer-stop", text: t("ui.timer.stop"), on: { click: () => setTimer(0) } }));
const timerControl = h("div", { class: "control control-timer" }, timerLabel, timerButtons, h("p", { class: "hint", text: t("ui.timer.hint") }));
controls.append(results.el, lock.el, timerControl);
const joins = control("joins", "joins", whenLoaded((s) => live.ctx.send("workshop:settings", { joins_open: !s.workshop.settings.joins_open })));
joins.button.classList.add("btn-small");
joinCard.append(joins.el);

function setTimer(seconds) {
  live.ctx.send("timer:set", { seconds });
}

followUp.addEventListener("click", whenLoaded((s) => startFollowUp({ code, token, workshop: s.workshop })));

// --- rendering --------------------------------------------------------------------------

function renderControls(s) {
  const w = s.workshop;
  setText(results.button, w.results_visible ? t("ui.results.hide") : t("ui.results.show"));
  setText(results.hint, w.results_visible ? t("ui.results.hide.hint") : t("ui.results.show.hint"));
  // In a step without votes or scores, showing results is not the loudest button.
  results.button.classList.toggle("btn-primary", !w.results_visible && hasResults(w.phase));
  setText(lock.button, w.locked ? t("ui.lock.unlock") : t("ui.lock.lock"));
  setText(lock.hint, w.locked ? t("ui.lock.unlock.hint") : t("ui.lock.lock.hint"));
  lock.button.classList.toggle("is-locked", w.locked);
  const closed = w.phase === "closed";
  const open = w.settings.joins_open !== false;
  setText(joins.button, t(open ? "ui.joins.close" : "ui.joins.open"));
  setText(joins.hint, t(open ? "ui.joins.close.hint" : "ui.joins.open.hint"));
  joins.button.classList.toggle("is-locked", !open);
  joins.el.hidden = closed;
  // A follow-up starts from what this workshop agreed: offered once it is closed.
  followUp.hidden = followUpHint.hidden = !closed;
  for (const button of timerButtons.querySelectorAll("button")) button.disabled = closed;
  timerButtons.querySelector(".timer-stop").disabled = closed || !w.timer?.ends_at;
  timerButtons.querySelector(".timer-add").disabled = closed || !w.timer?.ends_at;
}

/** A follow-up: which workshop it continues, what came with it, which of its gaps are closed now. */
function renderEarlier(s) {
  const e = s.earlier;
  earlierCard.hidden = !e;
  if (!e) return;
  setText(earlierTitle, t("ui.console.follow_up_of", { title: e.title, code: formatCode(e.code) }));
  setText(carried, t("ui.follow_up.carried", { actors: e.carried.actors, strategies: e.carried.strategies, actions: e.carried.actions }));
  const { closed } = gapsSince(e, s.ownership, vocab.required_roles);
  const items = closed.length ? closed.map((g) => ({ key: `${g.area}:${g.role}`,
    text: `✓ ${t(`area.${g.area}`)}: ${t(`role.${g.role}`)}` })) : [{ key: "none", text: t("ui.follow_up.none_closed") }];
  keyed(gapsClosed, items, (x) => x.key, () => h("li", {}), (li, x) => setText(li, x.text));
}

function renderPeople(s) {
  const online = s.participants.filter((p) => p.online).length;
  setText(onlineCount, t("ui.people.count", { online, total: s.participants.length }));
  const sorted = s.participants.slice().sort((a, b) => Number(b.online) - Number(a.online) || a.id - b.id);
  if (!sorted.length) {
    if (!people.querySelector(".empty")) people.replaceChildren(h("li", { class: "empty", text: t("ui.people.none") }));
    return;
  }
  people.querySelector(".empty")?.remove();
  keyed(people, sorted, (p) => p.id, () => h("li", { class: "person" },
    h("span", { class: "presence-dot", "aria-hidden": "true" }),
    h("span", { class: "person-text" }, h("span", { class: "person-name" }), h("span", { class: "person-role muted" })),
    h("span", { class: "visually-hidden person-status" }),
    h("button", { type: "button", class: "btn btn-small btn-quiet person-remove", on: { click: () => removePerson(li.dataset.id) } },
      h("span", { "aria-hidden": "true", text: "×" }), h("span", { class: "visually-hidden" }))), (li, p) => {
    li.dataset.id = p.id;
    setText(li.querySelector(".person-remove .visually-hidden"), t("ui.people.remove", { name: p.name ?? t("ui.anonymous") }));
    li.classList.toggle("online", p.online);
    setText(li.querySelector(".person-name"), p.name ?? t("ui.anonymous"));
    setText(li.querySelector(".person-role"), p.role || "");
    setText(li.querySelector(".person-status"), p.online ? t("ui.people.is_online") : t("ui.people.is_offline"));
  });
}

/** Take someone off the workshop (a wrong name, someone who should not be there); asks first. */
async function removePerson(id) {
  const person = state()?.participants.find((p) => String(p.id) === String(id));
  if (!person) return;
  const content = h("input", { type: "checkbox", id: "remove-content" });
  const name = person.name ?? t("ui.anonymous");
  const choice = await openDialog({
    title: t("ui.people.remove.title", { name }),
    body: [h("p", { text: t("ui.people.remove.text") }),
      h("label", { class: "check", for: "remove-content" }, content, h("span", { text: t("ui.people.remove.content") }))],
    actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: t("ui.people.remove.confirm"), kind: "danger" }],
  });
  if (choice !== "ok") return;
  const ack = await live.ctx.send("participant:remove", { id: person.id, ...(content.checked ? { content: true } : {}) });
  if (ack?.ok) toast(t("ui.people.removed", { name }));
}

let host;
let steps;
let editor;
let titleSaved = false;
live = startLive({
  code, token, who: "facilitator", role: "console", vocab,
  onRefused() {
    clear(main).append(h("section", { class: "panel notice-panel" },
      h("h2", { text: t("ui.console.refused.title") }), h("p", { text: t("ui.console.refused.text") }),
      h("a", { class: "btn btn-primary", href: "/", text: t("ui.home") })));
  },
  render(s) {
    if (!s.me.facilitator) {
      live.ctx.relabel = null;
      clear(main).append(h("section", { class: "panel notice-panel" }, h("h2", { text: t("ui.console.not_facilitator") }),
        h("a", { class: "btn btn-primary", href: `/join/${code}`, text: t("ui.console.to_participant") })));
      return;
    }
    if (!titleSaved && token) {
      rememberFacilitated({ code, title: s.workshop.title, token });
      titleSaved = true;
    }
    const title = stepTitle(currentStep(s.workshop, vocab));
    setText(document.getElementById("phase-line"), title);
    document.title = `${title} · ${s.workshop.title} · ${t("ui.console.title")}`;
    steps.update(s);
    editor.update(s);
    renderControls(s);
    header.update(s);
    renderPeople(s);
    renderEarlier(s);
    setText(goalsText, goalsLine(s.workshop.goals));
    host.update(s);
  },
});
host = new PhaseHost(live.ctx, hostEl);
editor = agendaEditor(live.ctx);
center.prepend(editor.el);
steps = stepper(live.ctx, () => {
  const open = editor.toggle();
  if (open) editor.update(state());
  return open;
});
main.prepend(steps.el);
live.ctx.relabel = () => location.reload();
