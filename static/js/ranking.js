// The strategy ranking as the server ranks it (`rank` on each strategy; null when this
// viewer may not see votes): bars for the results card, the room display and the end.

import { h, keyed, setText } from "./dom.js";
import { strategyText, t } from "./i18n.js";

const ranked = (x) => (x.rank === null || x.rank === undefined ? Infinity : x.rank);

/**
 * Strategies by the server's rank; within a tie in the server's ranking order (`ranking`:
 * ids as the last `ranks` list gave them), else as listed. Unranked ones last. Pure: the
 * browser does not rank.
 */
export function byRank(strategies, ranking = []) {
  const place = new Map(ranking.map((id, i) => [id, i]));
  const at = (x) => place.get(x.id) ?? Infinity;
  return strategies.slice().sort((a, b) => ranked(a) - ranked(b) || at(a) - at(b));
}

/** The ranked strategies that have votes, best first, at most `limit`. */
export function rankRows(strategies, ranking, limit = Infinity) {
  return byRank(strategies.filter((x) => ranked(x) !== Infinity && x.votes > 0), ranking).slice(0, limit);
}

export function rankChart(limit) {
  const chart = h("ol", { class: "rank-chart" });
  const empty = h("p", { class: "rank-empty", text: t("ui.strategies.no_votes") });
  return {
    el: h("div", { class: "rank" }, chart, empty),
    update(strategies, ranking) {
      const rows = rankRows(strategies, ranking, limit);
      const max = Math.max(1, ...rows.map((r) => r.votes));
      empty.hidden = rows.length > 0;
      keyed(chart, rows, (r) => r.id, () => h("li", { class: "rank-row" },
        h("span", { class: "rank-no" }), h("span", { class: "rank-title" }),
        h("span", { class: "rank-bar" }, h("span", { class: "rank-fill" })), h("span", { class: "rank-votes" })), (li, r) => {
        setText(li.querySelector(".rank-no"), String(r.rank));
        setText(li.querySelector(".rank-title"), strategyText(r));
        li.querySelector(".rank-fill").style.setProperty("--w", `${(r.votes / max) * 100}%`);
        setText(li.querySelector(".rank-votes"), t("ui.strategies.votes", { count: r.votes }));
        li.className = `rank-row cat-${r.category}`;
      });
    },
  };
}
