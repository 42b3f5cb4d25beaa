// The room display (projector view): the current phase in large type, read-only, with the
// join code and QR code always in a corner. Opened from the console, so it is the facilitator.

import { clear, h, setText } from "./dom.js";
import { phaseHeader } from "./header.js";
import { t } from "./i18n.js";
import { boot, facilitatorToken, startLive } from "./live.js";
import { PhaseHost } from "./phases/host.js";
import { currentStep, stepTitle } from "./steps.js";

const { code, displayCode, vocab } = await boot();
const main = document.getElementById("main");
main.classList.add("display");
const header = phaseHeader("display", vocab);
const hostEl = h("div", { class: "phase-host" });
const joinUrl = `${location.origin}/join/${code}`;
const online = h("p", { class: "corner-online" });
const corner = h("aside", { class: "corner", "aria-label": t("ui.console.join") },
  h("img", { class: "qr", src: `/qr/${code}.svg`, alt: t("ui.console.qr_alt", { url: joinUrl }), width: 200, height: 200 }),
  h("div", { class: "corner-text" },
    h("p", { class: "corner-label", text: t("ui.display.join_at", { host: location.host }) }),
    h("p", { class: "join-code", text: displayCode }), online));
const workshopTitle = h("p", { class: "display-title" });
clear(main).append(workshopTitle, header.el, hostEl, corner);

const live = startLive({
  code, token: facilitatorToken(code), who: "display", role: "display", vocab,
  onRefused() {
    clear(main).append(h("section", { class: "panel notice-panel" }, h("h1", { text: t("ui.display.refused") })));
  },
  render(s) {
    if (!s.me.facilitator) {
      clear(main).append(h("section", { class: "panel notice-panel" }, h("h1", { text: t("ui.display.refused") })));
      live.conn.stop();
      return;
    }
    const step = currentStep(s.workshop, vocab);
    document.body.classList.toggle("phase-is-lobby", step.kind === "lobby");
    setText(document.getElementById("phase-line"), stepTitle(step));
    setText(workshopTitle, s.workshop.title);
    document.title = `${s.workshop.title} · ${stepTitle(step)}`;
    header.update(s);
    setText(online, t("ui.people.online", { count: s.participants.filter((p) => p.online).length }));
    host.update(s);
  },
});
const host = new PhaseHost(live.ctx, hostEl);
live.ctx.relabel = () => location.reload();
