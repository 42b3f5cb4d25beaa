// The organiser's overview: every group's step, people, cards and votes, polled every few seconds
// (one light request for all groups, paused while the tab is hidden); links to each group's
// console and the plenary display; how the event's link places people; moving a person to
// another group and everyone to the plenary; the event's report.

import { call, errorCode, errorText, start } from "./account.js";
import { h, openDialog, setText, toast } from "./dom.js";
import { lang, t } from "./i18n.js";
import { openAsOrganiser } from "./eventlinks.js";

const POLL_MS = 4000;
const code = document.body.dataset.code;
const list = document.getElementById("group-status");
const status = document.getElementById("overview-status");
let data = null;
let timer = null;

await openAsOrganiser(code);
await start(() => render());

const time = (iso) => new Date(iso || Date.now()).toLocaleTimeString(lang(), { hour: "2-digit", minute: "2-digit" });

function figure(key, count) {
  return h("span", { class: "figure" }, h("strong", { text: String(count) }), " ",
    t(key, { count }).replace(String(count), "").trim());
}

function groupCard(g) {
  const step = g.step;
  const progress = step ? Math.round((step.number / step.of) * 100) : 0;
  return h("li", { class: `group-card phase-${g.phase}`, dataset: { group: g.code } },
    h("div", { class: "group-card-head" },
      h("h2", { text: g.title }),
      h("span", { class: "muted", text: g.intervention })),
    step ? h("p", { class: "group-step" },
      h("span", { class: "muted", text: t("event.overview.step", { number: step.number, of: step.of }) }), " ",
      h("strong", { text: step.title })) : null,
    h("div", { class: "step-progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100,
      "aria-valuenow": progress, "aria-label": step ? t("event.overview.step", step) : "", vars: { "--done": `${progress}%` } }),
    g.refusal && g.phase !== "closed" ? h("p", { class: "notice group-refusal", text: t(`event.refusal.${g.refusal}.card`) }) : null,
    h("p", { class: "group-figures" },
      figure("event.overview.people", g.participants),
      h("span", { class: "figure muted", text: t("event.overview.online", { count: g.online }) }),
      figure("event.overview.cards", g.cards), figure("event.overview.votes", g.votes)),
    g.people.length ? h("ul", { class: "group-people", "aria-label": t("event.overview.people.list", { group: g.title }) },
      ...g.people.map((p) => person(p, g))) : null,
    h("p", { class: "button-row" },
      h("a", { class: "btn btn-small", href: `/facilitate/${g.code}`, target: "_blank", rel: "noopener", text: t("event.overview.console") }),
      h("a", { class: "btn btn-small btn-quiet", href: `/join/${g.code}`, target: "_blank", rel: "noopener", text: t("event.overview.join") })));
}

function person(p, g) {
  return h("li", { class: "group-person" },
    h("span", { class: `presence-dot${p.online ? " is-online" : ""}`, "aria-hidden": "true" }),
    h("span", { class: "group-person-name", id: `person-${p.id}` }, h("strong", { text: p.name || "" }), p.role ? h("span", { class: "muted", text: p.role }) : null,
      h("span", { class: "visually-hidden", text: ` (${p.online ? t("event.overview.person.online") : t("event.overview.person.offline")})` })),
    data.groups.length < 2 ? null : h("button", { type: "button", class: "btn btn-small btn-quiet", dataset: { move: String(p.id) },
      "aria-describedby": `person-${p.id}`, text: t("event.overview.move"),
      on: { click: () => moveDialog(p, g) } }));
}

/** "Move to…": the other groups; one that takes nobody now (closed, closed to newcomers, full) is
 * listed with the reason but cannot be chosen, so the organiser learns why before the click. */
async function moveDialog(p, from) {
  const others = data.groups.filter((g) => g.code !== from.code);
  const open = others.filter((g) => !g.refusal);
  // With no group to go to the list still shows each one's reason, the first standing selected.
  const select = h("select", { id: "move-to", name: "to", "aria-describedby": "move-hint", disabled: !open.length },
    ...others.map((g, n) => h("option", { value: g.code, disabled: Boolean(g.refusal), selected: !open.length && n === 0,
      text: g.refusal ? `${g.title} (${t(`event.refusal.${g.refusal}`)})` : g.title })));
  const hints = [h("p", { class: "hint", id: "move-hint", text: t(open.length ? "event.overview.move.hint" : "event.overview.move.none") })];
  if (open.length && !p.online) hints.push(h("p", { class: "notice", text: t("event.overview.move.offline", { name: p.name || "" }) }));
  const actions = [{ value: "cancel", label: t("ui.cancel") }];
  if (open.length) actions.push({ value: "ok", label: t("event.overview.move.submit"), kind: "primary" });
  const answer = await openDialog({ title: t("event.overview.move.title", { name: p.name || "" }),
    body: [h("label", { for: "move-to", text: t("event.overview.move.to") }), select, ...hints], actions });
  if (answer !== "ok" || !select.value) return;
  const to = data.groups.find((g) => g.code === select.value);
  const result = await call(`/api/events/${code}/moves`, { method: "POST", body: { participant: p.id, to: select.value } });
  if (!result.ok) {
    toast(errorCode(result) === "closed" ? t("event.overview.move.refused", { name: p.name || "", group: to ? to.title : select.value })
      : errorText(result), "error");
  } else {
    toast(t("event.overview.moved.person", { name: p.name || "", group: to ? to.title : select.value }));
  }
  poll();
}

function render() {
  if (!data) return;
  // A poll redraws the cards: the button that had the focus gets it back.
  const focused = document.activeElement?.dataset?.move;
  list.replaceChildren(...data.groups.map(groupCard));
  if (focused) list.querySelector(`[data-move="${focused}"]`)?.focus();
  const assignment = document.getElementById("assignment");
  assignment.hidden = false;
  for (const input of assignment.querySelectorAll("input")) input.checked = input.value === data.event.assignment;
  const moved = data.event.plenary_at;
  setText(status, moved ? t("event.overview.in_plenary", { time: time(moved) })
    : t("event.overview.updated", { time: time() }));
  document.getElementById("overview-actions").hidden = false;
  document.getElementById("report").hidden = false;
  document.getElementById("report-links").replaceChildren(...["pdf", "md", "json"].map((format) => h("a", {
    class: "btn btn-small", href: `/api/events/${code}/summary.${format}`, download: "", text: t(`ui.download.${format}`) })));
}

async function poll() {
  clearTimeout(timer);
  const result = await call(`/api/events/${code}`);
  if (result.ok) {
    data = result.body;
    render();
  } else if (["unauthorized", "forbidden"].includes(errorCode(result))) {
    setText(status, t("event.overview.refused"));
    status.className = "notice";
    status.after(h("p", { class: "button-row" },
      h("a", { class: "btn btn-primary", href: `/login?next=${encodeURIComponent(location.pathname)}`, text: t("accounts.login") })));
    return;
  } else {
    setText(status, t("event.overview.stalled"));
  }
  if (!document.hidden) timer = setTimeout(poll, POLL_MS);
}

document.addEventListener("visibilitychange", () => { if (!document.hidden) poll(); });

document.getElementById("to-plenary").addEventListener("click", async () => {
  const answer = await openDialog({ title: t("event.overview.to_plenary"), body: [h("p", { text: t("event.overview.to_plenary.confirm") })],
    actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: t("event.overview.to_plenary"), kind: "primary" }] });
  if (answer !== "ok") return;
  const result = await call(`/api/events/${code}/plenary`, { method: "POST" });
  if (!result.ok) return toast(t(`ui.error.${errorCode(result)}`), "error");
  data = result.body;
  render();
  toast(t("event.overview.moved"));
});

document.getElementById("assignment").addEventListener("change", async (event) => {
  const result = await call(`/api/events/${code}`, { method: "PATCH", body: { assignment: event.target.value } });
  if (!result.ok) {
    toast(errorText(result), "error");
    return render();
  }
  data = result.body;
  render();
  toast(t(`event.assignment.${data.event.assignment}.saved`));
});

poll();
