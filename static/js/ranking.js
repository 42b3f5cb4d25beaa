// The strategy ranking as the server ranks it (`rank` on each strategy; null when this
// viewer may not see votes): bars for the results card, the room display and the end.

import { h, keyed, setText } from "./dom.js";
import { t } from "./i18n.js";

/**
 * The ranked strategies with votes, best first: by the server's rank, ties in the order the
 * server lists them. Pure: the browser does not rank.
 */
export function rankRows(strategies, limit = Infinity) {
  return strategies
    .filter((x) => x.rank !== null && x.rank !== undefined && x.votes > 0)
    .sort((a, b) => a.rank - b.rank)
    .slice(0, limit);
}

/** Strategies in ranking order where ranks are known, the others after them as listed. */
export function byRank(strategies) {
  const known = (x) => (x.rank === null || x.rank === undefined ? Infinity : x.rank);
  return strategies.slice().sort((a, b) => known(a) - known(b));
}

export function rankChart(limit) {
  const chart = h("ol", { class: "rank-chart" });
  const empty = h("p", { class: "rank-empty", text: t("ui.strategies.no_votes") });
  return {
    el: h("div", { class: "rank" }, chart, empty),
    update(strategies) {
      const rows = rankRows(strategies, limit);
      const max = Math.max(1, ...rows.map((r) => r.votes));
      empty.hidden = rows.length > 0;
      keyed(chart, rows, (r) => r.id, () => h("li", { class: "rank-row" },
        h("span", { class: "rank-no" }), h("span", { class: "rank-title" }),
        h("span", { class: "rank-bar" }, h("span", { class: "rank-fill" })), h("span", { class: "rank-votes" })), (li, r) => {
        setText(li.querySelector(".rank-no"), String(r.rank));
        setText(li.querySelector(".rank-title"), r.title);
        li.querySelector(".rank-fill").style.setProperty("--w", `${(r.votes / max) * 100}%`);
        setText(li.querySelector(".rank-votes"), t("ui.strategies.votes", { count: r.votes }));
        li.className = `rank-row cat-${r.category}`;
      });
    },
  };
}
