// The plenary display on the room's screen: the event's opening slides, then the groups side by
// side (top themes with their cards, insights, strategies, determinant profiles). Polled every
// few seconds; sized to fit 1920×1080 without scrolling, so fewer items show as groups increase.

import { call, errorCode, start } from "./account.js";
import { h, setText } from "./dom.js";
import { locale, t } from "./i18n.js";
import { openAsOrganiser } from "./eventlinks.js";

const POLL_MS = 8000;
const code = document.body.dataset.code;
const body = document.getElementById("plenary-body");
const status = document.getElementById("plenary-status");
let data = null;
let chosen = null; // "slides" | "groups" when the organiser switched by hand
let slide = 0;
let timer = null;

await openAsOrganiser(code);
await start(() => render());

const number = (value) => Number(value).toLocaleString(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const mode = () => chosen || (data?.event.plenary_at || !data?.event.slides.length ? "groups" : "slides");

function slides() {
  const all = data.event.slides;
  slide = Math.min(slide, all.length - 1);
  const s = all[slide];
  return h("article", { class: "plenary-slide" },
    h("h2", { text: s.title }),
    s.text ? h("div", { class: "plenary-slide-text" }, s.text.split(/\n+/).map((line) => h("p", { text: line }))) : null,
    all.length > 1 ? h("p", { class: "plenary-slide-count", text: `${slide + 1} / ${all.length}` }) : null);
}

/** How much fits per group: fewer items when more groups share the screen. */
function budget(count) {
  if (count <= 2) return { themes: 3, cards: 2, insights: 3, strategies: 3 };
  if (count <= 4) return { themes: 3, cards: 1, insights: 2, strategies: 2 };
  if (count <= 8) return { themes: 2, cards: 0, insights: 1, strategies: 1 };
  return { themes: 1, cards: 0, insights: 1, strategies: 0 };
}

function profile(i) {
  const rows = data.determinants.filter((d) => d.means[i] !== null && d.means[i] !== undefined);
  if (!rows.length) return null;
  return h("section", { class: "plenary-block" }, h("h3", { text: t("event.plenary.profile") }),
    h("ul", { class: "plenary-profile" }, rows.map((d) => h("li", {},
      h("span", { class: "profile-label", text: d.label }),
      h("span", { class: "profile-bar", "aria-hidden": "true", vars: { "--mean": `${(d.means[i] / 5) * 100}%` } }),
      h("strong", { text: number(d.means[i]) })))));
}

function column(g, i, fit) {
  const themes = g.themes.slice(0, fit.themes);
  const insights = g.insights.slice(0, fit.insights);
  const strategies = g.strategies.slice(0, fit.strategies);
  const shown = themes.length || insights.length || strategies.length || profile(i);
  return h("article", { class: "plenary-group", "aria-labelledby": `group-${g.code}` },
    h("header", {}, h("h2", { id: `group-${g.code}`, text: g.title }),
      h("p", { class: "plenary-people", text: t("event.plenary.people", { count: g.participants }) })),
    themes.length ? h("section", { class: "plenary-block" }, h("h3", { text: t("event.plenary.themes") }),
      h("ol", { class: "plenary-themes" }, themes.map((th) => h("li", {},
        h("span", { class: "theme-title" }, th.title, h("span", { class: "votes", text: t("event.plenary.votes", { count: th.votes }) })),
        fit.cards ? th.cards.slice(0, fit.cards).map((c) => h("span", { class: "theme-card", text: c })) : null)))) : null,
    insights.length ? h("section", { class: "plenary-block insights" }, h("h3", { text: t("event.plenary.insights") }),
      h("ul", {}, insights.map((text) => h("li", { text })))) : null,
    strategies.length ? h("section", { class: "plenary-block" }, h("h3", { text: t("event.plenary.strategies") }),
      h("ol", {}, strategies.map((s) => h("li", { text: s.title })))) : null,
    profile(i),
    shown ? null : h("p", { class: "empty", text: t("event.plenary.nothing") }));
}

function groups() {
  const count = data.groups.length;
  const fit = budget(count);
  return h("div", { class: "plenary-groups", vars: { "--columns": String(Math.min(count, 4)), "--rows": String(Math.ceil(count / 4)) } },
    data.groups.map((g, i) => column(g, i, fit)));
}

function render() {
  if (!data) return;
  const now = mode();
  document.body.dataset.mode = now;
  setText(document.getElementById("plenary-mode"), t(now === "slides" ? "event.plenary.slides" : "event.plenary.groups"));
  for (const button of document.querySelectorAll("[data-mode]")) button.setAttribute("aria-pressed", String(button.dataset.mode === now));
  body.replaceChildren(now === "slides" ? slides() : groups());
}

async function poll() {
  clearTimeout(timer);
  const result = await call(`/api/events/${code}/plenary`);
  if (result.ok) {
    data = result.body;
    setText(status, "");
    render();
  } else {
    setText(status, ["unauthorized", "forbidden"].includes(errorCode(result)) ? t("event.overview.refused") : t("event.overview.stalled"));
    if (errorCode(result) === "unauthorized") return;
  }
  if (!document.hidden) timer = setTimeout(poll, POLL_MS);
}

for (const button of document.querySelectorAll("[data-mode]")) {
  button.addEventListener("click", () => {
    chosen = button.dataset.mode;
    render();
  });
}
document.addEventListener("keydown", (event) => {
  if (!data || mode() !== "slides") return;
  if (event.key === "ArrowRight" || event.key === "PageDown") slide = Math.min(slide + 1, data.event.slides.length - 1);
  else if (event.key === "ArrowLeft" || event.key === "PageUp") slide = Math.max(slide - 1, 0);
  else return;
  render();
});
document.addEventListener("visibilitychange", () => { if (!document.hidden) poll(); });
poll();
