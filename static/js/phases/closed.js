// The end: thanks, the top strategies (when this viewer may see them) and, for participants
// when the facilitator allows it, the summary downloads.

import { h } from "../dom.js";
import { t } from "../i18n.js";
import { rankChart } from "../ranking.js";
import { downloadLinks } from "../ui.js";

export function create(ctx) {
  const thanks = h("p", { class: "closed-thanks", text: t(ctx.role === "console" ? "ui.closed.console" : "ui.closed.thanks") });
  const chart = rankChart(5);
  const top = h("section", { class: "card" }, h("h3", { text: t("ui.closed.top") }), chart.el);
  const downloads = h("p", { class: "downloads" });
  const el = h("section", { class: "phase phase-closed" }, thanks, top, downloads);
  return {
    el,
    update(s) {
      const visible = s.strategies.some((x) => x.votes !== null) && (s.workshop.results_visible || ctx.role === "console");
      top.hidden = !visible;
      chart.update(visible ? s.strategies : [], ctx.store.ranking);
      const canDownload = ctx.role === "participant" && s.workshop.settings.participants_can_download;
      downloads.hidden = !canDownload;
      if (canDownload && !downloads.childElementCount) downloads.append(...downloadLinks(s.workshop.code));
    },
  };
}
