// The landing page: join with a code typed as spoken, or create a workshop and go to its console.

import { h, normalizeCode, setText } from "./dom.js";
import { applyStatic, lang, load, preferred, remember, t, wireSwitch } from "./i18n.js";
import { facilitated, rememberFacilitated } from "./live.js";
import { readJSON } from "./storage.js";

const SAVED_TEMPLATES = "opschalen.templates";

await load(preferred(document.body.dataset.lang));
applyStatic();
const chosen = document.querySelector(`input[name=language][value="${lang()}"]`);
if (chosen) chosen.checked = true;
wireSwitch(() => {
  renderRecent();
  templateHint?.();
});

const joinForm = document.getElementById("join-form");
const joinError = document.getElementById("join-error");

function fail(el, message) {
  el.hidden = false;
  setText(el, message);
}

joinForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  joinError.hidden = true;
  const code = normalizeCode(joinForm.elements.code.value);
  if (code.length !== 8) {
    fail(joinError, t("ui.landing.join.invalid"));
    joinForm.elements.code.focus();
    return;
  }
  const response = await fetch(`/join/${code}`, { method: "HEAD" }).catch(() => null);
  if (!response) return fail(joinError, t("ui.error.offline"));
  if (response.status === 404) {
    fail(joinError, t("ui.error.not_found"));
    joinForm.elements.code.focus();
    return;
  }
  location.assign(`/join/${code}`);
});

const createForm = document.getElementById("create-form");
const createError = document.getElementById("create-error");

/** The built-in formats, the templates saved on this device, and a colleague's template code. */
function templateChoices() {
  const picker = createForm?.elements.template;
  if (!picker) return;
  for (const option of picker.querySelectorAll("option[data-saved]")) option.remove();
  const saved = readJSON(SAVED_TEMPLATES, []);
  const code = picker.querySelector("option[value=code]");
  for (const { id, name } of Array.isArray(saved) ? saved : []) {
    picker.insertBefore(h("option", { value: `saved:${id}`, dataset: { saved: "1" }, text: t("ui.landing.create.template.saved", { name }) }), code);
  }
  const showCode = () => {
    document.getElementById("create-template-code-row").hidden = picker.value !== "code";
    const kind = picker.value.startsWith("saved:") ? "saved" : picker.value;
    setText(document.getElementById("create-template-hint"), t(`ui.landing.create.template.hint.${kind}`));
  };
  picker.addEventListener("change", showCode);
  showCode();
  return showCode;
}
const templateHint = templateChoices();

/** What `template` to send: a built-in name, a saved template's id, or the code typed in. */
function chosenTemplate(f) {
  const value = f.template?.value || "scaling";
  if (value === "code") return normalizeCode(f.template_code.value) || null;
  return value.startsWith("saved:") ? value.slice(6) : value;
}

createForm?.addEventListener("submit", async (event) => {
  event.preventDefault();
  createError.hidden = true;
  const f = createForm.elements;
  for (const name of ["title", "intervention"]) {
    if (!f[name].value.trim()) {
      fail(createError, t("ui.landing.create.required"));
      f[name].focus();
      return;
    }
  }
  const votes = Number(f.votes_per_participant.value) || 5;
  const body = {
    title: f.title.value.trim(), intervention: f.intervention.value.trim(),
    language: createForm.querySelector("input[name=language]:checked")?.value || lang(),
    votes_per_participant: votes,
    max_votes_per_strategy: Math.min(votes, Number(f.max_votes_per_strategy.value) || 3),
    results_hidden: f.results_hidden.checked, anonymous: f.anonymous.checked,
    participants_can_download: f.participants_can_download.checked,
  };
  if (f.facilitator_name.value.trim()) body.facilitator_name = f.facilitator_name.value.trim();
  const template = chosenTemplate(f);
  if (template) body.template = template;
  if (f.description?.value.trim()) body.description = f.description.value.trim();
  const button = createForm.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const response = await fetch("/api/workshops", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error?.message || t(`ui.error.${answer.error?.code || "internal"}`));
    rememberFacilitated({ code: answer.code, title: body.title, token: answer.facilitator_token, created_at: new Date().toISOString() });
    sessionStorage.setItem(`opschalen.showlink.${answer.code}`, "1");
    remember(body.language);
    location.assign(`/facilitate/${answer.code}`);
  } catch (failure) {
    fail(createError, failure.message || t("ui.error.offline"));
    button.disabled = false;
  }
});

function renderRecent() {
  const list = facilitated().slice(0, 5);
  const section = document.getElementById("recent");
  const ul = document.getElementById("recent-list");
  section.hidden = !list.length;
  ul.replaceChildren(...list.map((w) => h("li", {},
    h("a", { href: `/facilitate/${w.code}` }, h("strong", { text: w.title || w.code }), " ",
      h("span", { class: "muted", text: `${w.code.slice(0, 4)}-${w.code.slice(4)}` })))));
}
renderRecent();
