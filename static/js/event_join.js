// The room's one link: the page lists the groups (drawn by the server); while the event assigns,
// a name form instead: the server places the person, who then enters that group as its participant
// (the token kept where the participant view looks for it).

import { call, errorText, start } from "./account.js";
import { setText } from "./dom.js";
import { t } from "./i18n.js";
import { participantKey, writeJSON } from "./storage.js";

await start();

const form = document.getElementById("event-join");
form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = form.elements.name;
  const error = form.querySelector(".form-error");
  const button = form.querySelector("button");
  error.hidden = true;
  if (!name.value.trim()) {
    error.hidden = false;
    setText(error, t("ui.join.name.required"));
    name.focus();
    return;
  }
  const body = { name: name.value.trim() };
  if (form.elements.role.value.trim()) body.role = form.elements.role.value.trim();
  if (form.elements.group.value) body.group = form.elements.group.value;
  if (form.elements.anonymous.checked) body.anonymous = true;
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
