// The room display (projector view): the current phase in large type, read-only, with the
// join code and QR code always in a corner, on one screen without scrolling. Opened from the
// console, so it connects as the facilitator and receives the facilitator's copy; what the
// room may see (results hidden or shown) follows the server's `results_visible` in each view.

import { clear, h, setText } from "./dom.js";
import { phaseHeader } from "./header.js";
import { t } from "./i18n.js";
import { boot, facilitatorToken, startLive } from "./live.js";
import { PhaseHost } from "./phases/host.js";
import { currentStep, stepTitle } from "./steps.js";

const MIN_FIT = 24 / 28; // the host's 28 px type shrinks at most to 24 px

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
    fit();
  },
});
const host = new PhaseHost(live.ctx, hostEl);
new ResizeObserver(fit).observe(hostEl);
hostEl.addEventListener("animationend", fit); // what moved in has settled: measure again

/**
 * The view on one screen: while it would need scrolling (a long list), its type shrinks a
 * step at a time, at most to 24 px for content (see display.css).
 */
function fit() {
  const overflows = () => hostEl.scrollHeight > hostEl.clientHeight + 1;
  let scale = 1;
  hostEl.style.setProperty("--fit", "1");
  while (scale > MIN_FIT && overflows()) {
    scale = Math.max(MIN_FIT, scale - 0.03);
    hostEl.style.setProperty("--fit", String(scale));
  }
}
live.ctx.relabel = () => location.reload();
