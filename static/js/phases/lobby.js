// The lobby: who is here, while people join.

import { h, keyed, setText } from "../dom.js";
import { t } from "../i18n.js";

export function create(ctx) {
  const intro = h("p", { class: "lobby-intro" });
  const count = h("p", { class: "lobby-count" });
  const list = h("ul", { class: "people-chips", "aria-label": t("ui.lobby.here") });
  const el = h("section", { class: "phase phase-lobby" }, intro, count, list);
  return {
    el,
    update(s) {
      // A participant's welcome is the step's one sentence above; who they are is under the view.
      intro.hidden = ctx.role === "participant";
      setText(intro, ctx.role === "participant" ? "" : t("ui.lobby.facilitator"));
      const online = s.participants.filter((p) => p.online);
      setText(count, t("ui.people.online", { count: online.length }));
      keyed(list, online, (p) => p.id, () => h("li", { class: "chip" }), (li, p) => {
        setText(li, p.name ?? t("ui.anonymous"));
        li.classList.toggle("chip-me", p.id === s.me.id);
      });
    },
  };
}
