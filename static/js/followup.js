// Starting a follow-up workshop, the same from the console and the overview: the title asked
// for, and every setting of the earlier workshop carried over.

import { h, openDialog, toast } from "./dom.js";
import { t } from "./i18n.js";

/** The body of `POST /api/workshops` for a follow-up of workshop `w` (its `state.workshop`). Pure. */
export function followUpBody(w, code, title) {
  const s = w.settings;
  return {
    title, intervention: w.intervention, language: w.language, follow_up_of: code,
    ...(w.description ? { description: w.description } : {}),
    votes_per_participant: s.votes_per_participant, max_votes_per_strategy: s.max_votes_per_strategy,
    anonymous: s.anonymous, participants_can_download: s.participants_can_download,
  };
}

/** Ask for the title, create the follow-up and open its console. */
export async function startFollowUp({ code, token, workshop }) {
  const input = h("input", { id: "follow-title", name: "title", maxlength: "120", required: true,
    value: t("overview.follow.default", { title: workshop.title }).slice(0, 120) });
  const answer = await openDialog({
    title: t("overview.follow.title"),
    body: [h("p", { text: t("overview.follow.intro", { title: workshop.title }) }),
      h("label", { htmlFor: "follow-title", text: t("overview.follow.name") }), input],
    actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: t("overview.follow.create"), kind: "primary" }],
  });
  const title = input.value.trim();
  if (answer !== "ok" || !title) return;
  const response = await fetch("/api/workshops", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(followUpBody(workshop, code, title)),
  }).catch(() => null);
  const body = response ? await response.json().catch(() => ({})) : {};
  if (!response?.ok) {
    toast(t("ui.not_saved", { reason: t(`ui.error.${body.error?.code || "offline"}`) }), "error");
    return;
  }
  const { rememberFacilitated } = await import("./live.js"); // late: followUpBody stays importable on its own
  rememberFacilitated({ code: body.code, title, token: body.facilitator_token, created_at: new Date().toISOString() });
  sessionStorage.setItem(`opschalen.showlink.${body.code}`, "1");
  location.assign(`/facilitate/${body.code}`);
}

/** What a follow-up changed so far, from `state.earlier` and the live ownership: the gaps of
 * the earlier workshop that are now filled, those still open. Pure. */
export function gapsSince(earlier, ownership, required) {
  const closed = [];
  const open = [];
  for (const gap of earlier?.gaps || []) {
    const held = new Set(ownership.filter((o) => o.area === gap.area && required.includes(o.role)).map((o) => o.role));
    for (const role of gap.missing) (held.has(role) ? closed : open).push({ area: gap.area, role });
  }
  return { closed, open };
}
