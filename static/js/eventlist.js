// The events of "my workshops" (`GET /api/me` → events): each with its overview, plenary display,
// report and groups; the groups themselves are listed with the workshops below.

import { dateText } from "./account.js";
import { formatCode, h } from "./dom.js";
import { t } from "./i18n.js";

export function showEvents(section, events) {
  section.hidden = !events.length;
  section.querySelector("div").replaceChildren(...events.map((e) => h("article", {
    class: "card workshop-card", "aria-label": e.title, dataset: { event: e.code } },
  h("h3", { class: "card-title", text: e.title }),
  h("p", { class: "status-line" }, formatCode(e.code), " · ", dateText(e.created_at), " · ",
    t("event.mine.groups", { count: e.groups.length }), ": ", e.groups.map((g) => g.title).join(", ")),
  h("div", { class: "button-row" },
    h("a", { class: "btn btn-primary", href: `/events/${e.code}`, text: t("event.made.overview") }),
    h("a", { class: "btn btn-small", href: `/events/${e.code}/plenary`, text: t("event.made.plenary") }),
    h("a", { class: "btn btn-small", href: `/api/events/${e.code}/summary.pdf`, download: "", text: t("ui.download.pdf") })))));
}
