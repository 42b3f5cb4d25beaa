// "My workshops": every workshop the logged-in facilitator runs or that was shared with them, from the
// server, searchable by title and intervention and grouped by intervention, with status, downloads,
// "start follow-up", sharing and the timeline.

import { call, dateText, errorCode, errorText, PASSWORD_MIN, start } from "./account.js";
import { formatCode, h, openDialog, setText, toast } from "./dom.js";
import { t } from "./i18n.js";
import { rememberFacilitated } from "./live.js";
import { openShare } from "./sharing.js";
import { showEvents } from "./eventlist.js";
import { grouped } from "./workshoplist.js";

const FORMATS = [["pdf", "PDF"], ["md", "Markdown"], ["csv", "CSV (Excel)"]];
const me = document.body.dataset.email;
const list = document.getElementById("mine-list");
const status = document.getElementById("mine-status");
const search = document.getElementById("mine-search");
const count = document.getElementById("mine-count");
let workshops = null;

await start(() => {
  setText(document.getElementById("logged-in-as"), t("accounts.logged_in_as", { email: me }));
  render();
});

function inChain(w) {
  return Boolean(w.follow_up_of) || workshops.some((other) => other.follow_up_of === w.code);
}

function statusLine(w) {
  const badges = [];
  if (w.phase === "closed") {
    badges.push(h("span", { class: "badge badge-closed", text: `${t("phase.closed")}${w.closed_at ? ` · ${dateText(w.closed_at)}` : ""}` }));
  } else {
    badges.push(h("span", { class: "badge badge-live", text: t(`phase.${w.phase}`) }));
    if (w.locked) badges.push(h("span", { class: "badge", text: t("overview.locked") }));
  }
  if (!w.owner) badges.push(h("span", { class: "badge badge-shared", text: t("accounts.mine.shared") }));
  return h("p", { class: "status-line" }, formatCode(w.code), " · ", dateText(w.created_at), " · ",
    t("overview.participants", { count: w.participants }), badges);
}

function card(w) {
  const body = [h("h3", { class: "card-title", text: w.title }), statusLine(w)];
  if (w.follow_up_of) body.push(h("p", { class: "hint", text: t("overview.follow_up_of", { code: formatCode(w.follow_up_of) }) }));
  body.push(h("div", { class: "button-row" },
    h("a", { class: "btn btn-primary", href: `/facilitate/${w.code}`, text: t("overview.console") }),
    h("button", { type: "button", class: "btn btn-small", text: t("accounts.mine.follow_up"), on: { click: () => followUp(w) } }),
    h("button", { type: "button", class: "btn btn-small", text: t("accounts.mine.share"),
      on: { click: () => openShare({ code: w.code, title: w.title, me, onChange: refresh }) } }),
    inChain(w) ? h("a", { class: "btn btn-small", href: `/timeline/${w.code}`, text: t("accounts.mine.timeline") }) : null));
  body.push(h("div", { class: "button-row", role: "group", "aria-label": t("accounts.mine.download") },
    h("span", { class: "muted", text: `${t("accounts.mine.download")}:` }),
    FORMATS.map(([fmt, label]) => h("a", { class: "btn btn-small", href: `/api/workshops/${w.code}/summary.${fmt}`,
      download: "", text: label, "aria-label": `${t("accounts.mine.download")} ${label}: ${w.title}` }))));
  return h("article", { class: "card workshop-card", "aria-label": w.title, dataset: { code: w.code } }, body);
}

function render() {
  if (!workshops) return;
  const groups = grouped(workshops, search.value);
  const shown = groups.reduce((n, g) => n + g.workshops.length, 0);
  status.hidden = workshops.length > 0 && shown > 0;
  if (!workshops.length) setText(status, t("accounts.mine.empty"));
  else if (!shown) setText(status, t("accounts.mine.no_match", { query: search.value.trim() }));
  setText(count, workshops.length ? t("accounts.mine.count", { count: shown }) : "");
  list.replaceChildren(...groups.map((g, i) => h("section", { class: "intervention-group", "aria-labelledby": `group-${i}` },
    h("header", {}, h("h2", { id: `group-${i}`, text: g.intervention }),
      h("p", { class: "muted", text: t("accounts.mine.count", { count: g.workshops.length }) })),
    h("div", { class: "workshop-cards" }, g.workshops.map(card)))));
}

async function refresh() {
  const result = await call("/api/me");
  if (result.status === 401) {
    location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
    return;
  }
  if (!result.ok) {
    status.hidden = false;
    setText(status, t("accounts.mine.failed"));
    return;
  }
  workshops = result.body.workshops;
  showEvents(document.getElementById("mine-events"), result.body.events || []);
  render();
}

async function followUp(w) {
  const input = h("input", { id: "follow-title", name: "title", maxlength: "120", required: true,
    value: t("overview.follow.default", { title: w.title }).slice(0, 120) });
  const answer = await openDialog({
    title: t("overview.follow.title"),
    body: [h("p", { text: t("overview.follow.intro", { title: w.title }) }),
      h("label", { htmlFor: "follow-title", text: t("overview.follow.name") }), input],
    actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: t("overview.follow.create"), kind: "primary" }],
  });
  const title = input.value.trim();
  if (answer !== "ok" || !title) return;
  const result = await call("/api/workshops", { method: "POST", body: {
    title, intervention: w.intervention, language: w.language, follow_up_of: w.code, ...w.settings } });
  if (!result.ok) {
    toast(t("ui.not_saved", { reason: errorText(result) }), "error");
    return;
  }
  rememberFacilitated({ code: result.body.code, title, token: result.body.facilitator_token, created_at: new Date().toISOString() });
  location.assign(`/facilitate/${result.body.code}`);
}

async function changePassword() {
  const field = (id, key, autocomplete) => {
    const input = h("input", { id, type: "password", autocomplete, required: true });
    return [h("label", { htmlFor: id, text: t(key) }), input];
  };
  const current = field("password-current", "accounts.password.current", "current-password");
  const fresh = field("password-new", "accounts.password.new", "new-password");
  const again = field("password-again", "accounts.password.repeat", "new-password");
  fresh[1].setAttribute("aria-describedby", "password-hint");
  const answer = await openDialog({
    title: t("accounts.password.change"),
    body: [...current, ...fresh, h("p", { id: "password-hint", class: "hint", text: t("accounts.password.hint") }), ...again],
    actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: t("accounts.password.save"), kind: "primary" }],
  });
  if (answer !== "ok") return;
  const [password, next, repeat] = [current[1].value, fresh[1].value, again[1].value];
  if (next.length < PASSWORD_MIN) return toast(t("accounts.password.short"), "error");
  if (next !== repeat) return toast(t("accounts.password.mismatch"), "error");
  const result = await call("/api/me/password", { method: "POST", body: { password, new_password: next } });
  if (result.ok) toast(t("accounts.password.changed"));
  else toast(errorCode(result) === "forbidden" ? t("accounts.password.wrong") : errorText(result), "error");
}

search.addEventListener("input", render);
document.getElementById("change-password").addEventListener("click", changePassword);
refresh();
