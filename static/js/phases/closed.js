// The end: what the room agreed — the actions with their owners and dates, the top strategies
// (when this viewer may see them) and, for participants when the facilitator allows it and the
// results are shown, the summary downloads (a link is shown only when it works).

import { h, keyed, setText } from "../dom.js";
import { formatDate, t } from "../i18n.js";
import { rankChart } from "../ranking.js";
import { downloadLinks } from "../ui.js";

/** What the end screen shows this viewer. Pure. */
export function endView(role, s) {
  const resultsShown = s.workshop.results_visible || role === "console";
  return {
    top: resultsShown && s.strategies.some((x) => x.votes !== null),
    downloads: role === "participant" && s.workshop.settings.participants_can_download && s.workshop.results_visible,
    actions: s.actions.length > 0 && role !== "display", // the wall keeps to one screen: the ranking
  };
}

/** "GGD · 1 mrt 2027": an action's owner and date in the reader's language. Pure. */
export function agreedLine(action, owner) {
  return [owner ? owner.name : t("ui.actions.no_owner"),
    action.due ? t("ui.actions.due_on", { date: formatDate(action.due) }) : null].filter(Boolean).join(" · ");
}

export function create(ctx) {
  const thanks = h("p", { class: "closed-thanks", text: t(ctx.role === "console" ? "ui.closed.console" : "ui.closed.thanks") });
  const actions = h("ul", { class: "agreed-list" });
  const agreed = h("section", { class: "card closed-actions" }, h("h3", { text: t("ui.closed.agreed") }), actions);
  const chart = rankChart(5);
  const top = h("section", { class: "card" }, h("h3", { text: t("ui.closed.top") }), chart.el);
  const downloads = h("p", { class: "downloads" });
  const el = h("section", { class: "phase phase-closed" }, thanks, agreed, top, downloads);
  return {
    el,
    update(s) {
      const view = endView(ctx.role, s);
      agreed.hidden = !view.actions;
      keyed(actions, s.actions, (a) => a.id, () => h("li", { class: "agreed" },
        h("span", { class: "agreed-title" }), h("span", { class: "agreed-meta muted" })), (li, action) => {
        setText(li.querySelector(".agreed-title"), action.title);
        const owner = action.owner_actor_id ? ctx.store.actor(action.owner_actor_id) : null;
        setText(li.querySelector(".agreed-meta"), agreedLine(action, owner));
        li.classList.toggle("is-done", action.status === "done");
      });
      top.hidden = !view.top;
      chart.update(view.top ? s.strategies : [], ctx.store.ranking);
      downloads.hidden = !view.downloads;
      if (view.downloads && !downloads.childElementCount) downloads.append(...downloadLinks(s.workshop.code));
    },
  };
}
