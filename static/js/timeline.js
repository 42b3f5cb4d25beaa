// The intervention's timeline: every workshop of a chain of follow-ups side by side, oldest first —
// determinant means as a line chart (with the same figures as a table), ownership gaps opened and
// closed, stages per area, goals against reach, quality and embedding, and actions across workshops.

import { call, dateText, errorCode, start } from "./account.js";
import { h, setText } from "./dom.js";
import { t } from "./i18n.js";
import { lineChart, sample } from "./linechart.js";

const code = document.body.dataset.code;
const root = document.getElementById("timeline");
const status = document.getElementById("timeline-status");
const AREAS = ["intervention", "supply", "use"];
const ROLES = ["driver", "accountable"];
const STAGES = ["want", "can", "do", "sustain"];
const MEASURES = ["participants", "providers", "locations", "level", "embedding"];
let data = null;
let tableShown = false;
let chartBox = null;
let chartWidth = 0;

await start(() => render());

const short = (w) => dateText(w.created_at, "short");
const number = (value) => (value === null || value === undefined ? null : Number(value).toLocaleString(document.documentElement.lang, { maximumFractionDigits: 1 }));

function table(caption, rows, { head = t("timeline.workshop") } = {}) {
  // A region that can take focus: a keyboard scrolls a table wider than the screen.
  return h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption }, h("table", { class: "data-table timeline-table" },
    h("caption", { class: "visually-hidden", text: caption }),
    h("thead", {}, h("tr", {}, h("th", { scope: "col", text: head }),
      data.workshops.map((w) => h("th", { scope: "col" }, short(w), h("span", { class: "muted", text: w.title }))))),
    h("tbody", {}, rows.map(([label, cells]) => h("tr", {}, h("th", { scope: "row", text: label }),
      cells.map((cell) => h("td", {}, cell)))))));
}

function section(id, titleKey, hintKey, ...content) {
  return h("section", { class: "timeline-section", "aria-labelledby": id },
    h("h2", { id, text: t(titleKey) }), hintKey ? h("p", { class: "hint", text: t(hintKey) }) : null, content);
}

function strip() {
  return h("ol", { class: "workshop-strip", "aria-label": t("timeline.title") }, data.workshops.map((w) => h("li", {
    class: w.code === code ? "current" : "", "aria-current": w.code === code ? "true" : null },
  h("span", { class: "when", text: dateText(w.created_at) }),
  h("a", { class: "title", href: `/facilitate/${w.code}`, text: w.title }),
  h("span", { class: "muted", text: `${t(`phase.${w.phase}`)} · ${t("timeline.participants", { count: w.participants })}` }))));
}

function determinantSeries() {
  return data.determinant_keys.map((key) => ({
    key, label: t(`determinant.${key}`),
    values: data.workshops.map((w) => w.determinants.find((d) => d.key === key)?.mean ?? null),
  }));
}

function drawChart(force = false) {
  if (!chartBox) return;
  const width = Math.max(280, Math.floor(chartBox.clientWidth - 24));
  if (width === chartWidth && !force) return;
  chartWidth = width;
  chartBox.firstChild.replaceChildren(lineChart({ series: determinantSeries(), count: data.workshops.length, width,
    xLabel: (i) => short(data.workshops[i]), title: t("timeline.chart.label") }));
}

function determinants() {
  const series = determinantSeries();
  chartBox = h("div", { class: "chart-box" }, h("div", { class: "chart-holder" }));
  const legend = h("ul", { class: "chart-legend", "aria-hidden": "true" },
    series.map((s, i) => h("li", {}, sample(i), s.label)));
  const rows = series.map((s) => [s.label, s.values.map((v) => number(v) ?? h("span", { class: "muted", text: t("timeline.no_score") }))]);
  const figures = table(t("timeline.determinants"), rows);
  figures.classList.toggle("visually-hidden", !tableShown);
  const toggle = h("button", { type: "button", class: "btn btn-small table-toggle", "aria-expanded": String(tableShown),
    text: t(tableShown ? "timeline.table.hide" : "timeline.table.show") });
  toggle.addEventListener("click", () => {
    tableShown = !tableShown;
    figures.classList.toggle("visually-hidden", !tableShown);
    toggle.setAttribute("aria-expanded", String(tableShown));
    setText(toggle, t(tableShown ? "timeline.table.hide" : "timeline.table.show"));
  });
  chartBox.append(legend);
  return section("det-heading", "timeline.determinants", "timeline.determinants.hint", chartBox, toggle, figures);
}

function gapCell(w, area) {
  const missing = w.gaps.find((g) => g.area === area)?.missing || [];
  const closed = w.gaps_closed.filter((g) => g.area === area).map((g) => t(`role.${g.role}`));
  const opened = w.gaps_opened.filter((g) => g.area === area).map((g) => t(`role.${g.role}`));
  const main = missing.length
    ? h("span", { class: "cell-gap" }, h("span", { class: "cell-icon", "aria-hidden": "true", text: "!" }),
      `${t("timeline.gap.missing")}: ${missing.map((r) => t(`gap.${r}`)).join(", ")}`)
    : h("span", { class: "cell-ok" }, h("span", { class: "cell-icon", "aria-hidden": "true", text: "✓" }), t("timeline.gap.ok"));
  return [main,
    closed.length ? h("span", { class: "cell-change", text: `${t("timeline.gap.closed")}: ${closed.join(", ")}` }) : null,
    opened.length ? h("span", { class: "cell-change", text: `${t("timeline.gap.opened")}: ${opened.join(", ")}` }) : null];
}

function ownership() {
  return section("gaps-heading", "timeline.gaps", "timeline.gaps.hint",
    table(t("timeline.gaps"), AREAS.map((area) => [t(`area.${area}`), data.workshops.map((w) => gapCell(w, area))])));
}

function stageCell(stage) {
  if (!stage) return h("span", { class: "muted", text: t("timeline.stage.none") });
  const reached = STAGES.indexOf(stage);
  return [h("span", { class: "stage-steps", "aria-hidden": "true" }, STAGES.map((_, i) => h("i", { class: i <= reached ? "on" : "" }))),
    t(`stage.${stage}`)];
}

function stages() {
  return section("stages-heading", "timeline.stages", "timeline.stages.hint",
    table(t("timeline.stages"), AREAS.map((area) => [t(`area.${area}`), data.workshops.map((w) => stageCell(w.stages[area]))])));
}

function goalValue(measure, value) {
  if (value === null || value === undefined) return "?";
  return ["level", "embedding"].includes(measure) ? t(`${measure}.${value}`) : number(value);
}

function goalCell(row) {
  if (!row || (row.now === null && row.goal === null)) return h("span", { class: "muted", text: t("timeline.goal.none") });
  return [t("timeline.goal.value", { now: goalValue(row.measure, row.now), goal: goalValue(row.measure, row.goal) }),
    row.reached ? h("span", { class: "cell-change reached", text: `✓ ${t("timeline.goal.reached")}` }) : null];
}

function goals() {
  const rows = MEASURES.map((m) => [t(`goal.${m}`), data.workshops.map((w) => goalCell(w.goals.measures.find((r) => r.measure === m)))]);
  rows.push([t("goal.quality"), data.workshops.map((w) => w.goals.quality || h("span", { class: "muted", text: t("timeline.goal.none") }))]);
  return section("goals-heading", "timeline.goals", "timeline.goals.hint", table(t("timeline.goals"), rows));
}

function actions() {
  const counts = [t("phase.actions"), data.workshops.map((w) => t("timeline.actions.counts", w.actions))];
  const rows = data.action_history.map((a) => [a.title, a.statuses.map((s, i) => [s
    ? h("span", { class: `status-badge status-${s}`, text: t(`status.${s}`) })
    : h("span", { class: "muted", text: "—", title: t("timeline.actions.absent") }),
  a.outcomes?.[i] ? h("span", { class: `cell-change outcome-${a.outcomes[i]}`, text: t("timeline.review.outcome", { outcome: t(`outcome.${a.outcomes[i]}`) }) }) : null])]);
  return section("actions-heading", "timeline.actions", "timeline.actions.hint",
    rows.length ? table(t("timeline.actions"), [counts, ...rows]) : h("p", { class: "empty", text: t("timeline.actions.none") }));
}

function render() {
  if (!data) return;
  const first = data.workshops[0];
  const last = data.workshops[data.workshops.length - 1];
  setText(document.getElementById("timeline-count"), t("timeline.count", {
    count: data.workshops.length, from: dateText(first.created_at, "short"), to: dateText(last.created_at, "short") }));
  document.title = `${t("timeline.of", { intervention: data.intervention })} · ${t("ui.app.name")}`;
  const single = data.workshops.length === 1 ? h("p", { class: "notice", text: t("timeline.single") }) : null;
  root.replaceChildren(...[single].filter(Boolean), strip(), determinants(), ownership(), stages(), goals(), actions());
  drawChart(true);
}

async function load() {
  const result = await call(`/api/workshops/${code}/timeline`);
  if (!result.ok) {
    const code_ = errorCode(result);
    setText(status, code_ === "offline" ? t("ui.error.offline") : t("timeline.refused"));
    status.className = "notice";
    if (code_ === "unauthorized" || code_ === "forbidden") {
      status.after(h("p", { class: "button-row" },
        h("a", { class: "btn btn-primary", href: `/login?next=${encodeURIComponent(location.pathname)}`, text: t("accounts.login") }),
        h("a", { class: "btn", href: "/", text: t("ui.home") })));
    }
    return;
  }
  data = result.body;
  status.hidden = true;
  render();
}

new ResizeObserver(() => drawChart()).observe(root);
load();
