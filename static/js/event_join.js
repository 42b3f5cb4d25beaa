// The room's one link: the page lists the groups (drawn by the server); while the event assigns,
// a name form instead: the server places the person, who then enters that group as its participant
// (the token kept where the participant view looks for it).

import { call, errorText, start } from "./account.js";
import { setText } from "./dom.js";
import { t } from "./i18n.js";
import { participantKey, writeJSON } from "./storage.js";
import { joinAnswers } from "./ui.js";

await start();

const form = document.getElementById("event-join");
form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = form.querySelector(".form-error");
  const button = form.querySelector("button");
  const body = joinAnswers(form, error);
  if (!body) return;
  button.disabled = true;
  const result = await call(`/api/events/${document.body.dataset.code}/participants`, { method: "POST", body });
  if (!result.ok) {
    error.hidden = false;
    setText(error, t("ui.join.failed", { reason: errorText(result) }));
    button.disabled = false;
    return;
  }
  const { code, token, participant } = result.body;
  writeJSON(participantKey(code), { token, id: participant.id, name: participant.name });
  location.assign(`/join/${code}`);
});
