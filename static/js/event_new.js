// Creating an event: its title and opening slides, then 1–12 groups (each an ordinary workshop,
// from a template or its own discussion questions); afterwards every link the organiser needs.

import { call, errorText, start } from "./account.js";
import { h, setText, toast } from "./dom.js";
import { lang, remember, t } from "./i18n.js";
import { rememberFacilitated } from "./live.js";
import { rememberEvent } from "./eventlinks.js";

const MAX_GROUPS = 12;
const AGENDAS = ["questions", "focus_group", "scaling", "follow_up"];
const form = document.getElementById("event-form");
const slides = document.getElementById("slides");
const groups = document.getElementById("groups");
const error = document.getElementById("event-error");
let made = 0; // ids for labels

await start(() => relabel());

function input(label, attrs, tag = "input") {
  const id = `f${++made}`;
  return [h("label", { htmlFor: id, class: "field-label", dataset: { key: label }, text: t(label) }),
    h(tag, { id, ...attrs })];
}

function slideRow() {
  const row = h("fieldset", { class: "event-slide stack" },
    h("legend", { class: "numbered", dataset: { key: "event.new.slide" } }),
    input("event.new.slide.title", { name: "slide_title", maxlength: 120 }),
    input("event.new.slide.text", { name: "slide_text", rows: 4, maxlength: 2000 }, "textarea"),
    h("p", {}, h("button", { type: "button", class: "btn btn-small btn-quiet", dataset: { key: "event.new.remove" },
      text: t("event.new.remove"), on: { click: () => { row.remove(); relabel(); } } })));
  return row;
}

function groupRow() {
  const choice = h("select", { id: `f${++made}`, name: "agenda" },
    AGENDAS.map((a) => h("option", { value: a, dataset: { key: `event.new.agenda.${a}` }, text: t(`event.new.agenda.${a}`) })));
  const [questionsLabel, questions] = input("event.new.group.questions", { name: "questions", rows: 3 }, "textarea");
  const questionsBox = h("div", { class: "stack" }, questionsLabel, questions);
  choice.addEventListener("change", () => { questionsBox.hidden = choice.value !== "questions"; });
  const row = h("fieldset", { class: "event-group stack" },
    h("legend", { class: "numbered", dataset: { key: "event.new.group" } }),
    input("event.new.group.title", { name: "group_title", maxlength: 120, required: true }),
    input("event.new.group.intervention", { name: "intervention", maxlength: 120, required: true }),
    h("label", { htmlFor: choice.id, class: "field-label", dataset: { key: "event.new.group.agenda" }, text: t("event.new.group.agenda") }),
    choice, questionsBox,
    input("event.new.group.facilitator", { name: "facilitator_name", maxlength: 120, autocomplete: "off" }),
    h("p", {}, h("button", { type: "button", class: "btn btn-small btn-quiet", dataset: { key: "event.new.remove" },
      text: t("event.new.remove"), on: { click: () => { row.remove(); relabel(); } } })));
  return row;
}

/** Numbers and texts after a change of language or of the lists. */
function relabel() {
  for (const [list, key] of [[slides, "event.new.slide"], [groups, "event.new.group"]]) {
    [...list.children].forEach((row, i) => setText(row.querySelector("legend"), t(key, { n: i + 1 })));
  }
  for (const el of document.querySelectorAll("[data-key]:not(legend)")) setText(el, t(el.dataset.key));
  document.getElementById("add-group").disabled = groups.children.length >= MAX_GROUPS;
  for (const button of groups.querySelectorAll(".event-group .btn-quiet")) button.hidden = groups.children.length <= 1;
}

document.getElementById("add-slide").addEventListener("click", () => {
  slides.append(slideRow());
  relabel();
  slides.lastChild.querySelector("input").focus();
});
document.getElementById("add-group").addEventListener("click", () => {
  groups.append(groupRow());
  relabel();
  groups.lastChild.querySelector("input").focus();
});
slides.append(slideRow());
groups.append(groupRow(), groupRow());
relabel();

function fail(message, focus) {
  error.hidden = false;
  setText(error, message);
  focus?.focus();
}

/** The request body, or null after saying what is missing. */
function collect() {
  const f = form.elements;
  const title = f.title.value.trim();
  if (!title) return fail(t("event.new.required"), f.title), null;
  const body = { title, language: form.querySelector("input[name=language]:checked")?.value || lang(), slides: [], groups: [] };
  if (f.description.value.trim()) body.description = f.description.value.trim();
  const assignment = form.querySelector("input[name=assignment]:checked")?.value;
  if (assignment && assignment !== "choose") body.assignment = assignment;
  for (const row of slides.children) {
    const slideTitle = row.querySelector("[name=slide_title]").value.trim();
    const text = row.querySelector("[name=slide_text]").value.trim();
    if (slideTitle) body.slides.push({ title: slideTitle, text });
  }
  for (const [i, row] of [...groups.children].entries()) {
    const get = (name) => row.querySelector(`[name=${name}]`);
    const group = { title: get("group_title").value.trim(), intervention: get("intervention").value.trim() };
    for (const name of ["group_title", "intervention"]) {
      if (!get(name).value.trim()) return fail(t("event.new.required"), get(name)), null;
    }
    if (get("facilitator_name").value.trim()) group.facilitator_name = get("facilitator_name").value.trim();
    const agenda = get("agenda").value;
    if (agenda === "questions") {
      const asked = get("questions").value.split("\n").map((q) => q.trim()).filter(Boolean);
      if (!asked.length) return fail(t("event.new.questions_required", { n: i + 1 }), get("questions")), null;
      group.agenda = [{ kind: "lobby" },
        ...asked.map((q) => (q.length <= 120 ? { kind: "question", title: q } : { kind: "question", prompt: q })),
        { kind: "closed" }];
    } else {
      group.template = agenda;
    }
    body.groups.push(group);
  }
  return body;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const body = collect();
  if (!body) return;
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  const result = await call("/api/events", { method: "POST", body });
  button.disabled = false;
  if (!result.ok) return fail(result.body?.error?.message || errorText(result));
  const answer = result.body;
  remember(body.language);
  rememberEvent({ code: answer.code, title: body.title, token: answer.facilitator_token });
  for (const g of answer.groups) rememberFacilitated({ code: g.code, title: g.title, token: g.facilitator_token });
  showMade(answer, body.assignment);
});

function copyable(url) {
  return h("span", { class: "copyable" }, h("a", { href: url, text: url }),
    h("button", { type: "button", class: "btn btn-small", text: t("event.made.copy"), on: { click: async () => {
      await navigator.clipboard?.writeText(url).catch(() => null);
      toast(t("event.made.copied"));
    } } }));
}

/** The event is made: the room's link (its hint as the link places people), the organiser's own
 * link with its token (the overview and the plenary display on another device), every group's links. */
function showMade(answer, assignment) {
  const organiserUrl = `${answer.join_url.replace(/\/e\/[^/]+$/, "")}/events/${answer.code}#token=${answer.facilitator_token}`;
  form.hidden = true;
  const made_ = document.getElementById("made");
  made_.hidden = false;
  document.getElementById("made-body").replaceChildren(
    h("section", { class: "panel made-room" },
      h("img", { class: "qr", src: `/qr/e/${answer.code}.svg`, alt: "", width: 160, height: 160 }),
      h("div", { class: "stack" }, h("h3", { text: t("event.made.join") }),
        h("p", { class: "hint", text: t(assignment === "assign" ? "event.made.join.hint.assign" : "event.made.join.hint") }),
        copyable(answer.join_url),
        h("span", { class: "made-link" }, h("span", { class: "muted", text: `${t("event.made.organiser")}: ` }), copyable(organiserUrl)),
        h("p", { class: "button-row" },
          h("a", { class: "btn btn-primary", href: `/events/${answer.code}`, text: t("event.made.overview") }),
          h("a", { class: "btn", href: `/events/${answer.code}/plenary`, target: "_blank", rel: "noopener", text: t("event.made.plenary") })))),
    h("section", { class: "panel stack" }, h("h3", { text: t("event.made.groups") }),
      h("p", { class: "hint", text: t("event.made.keep") }),
      h("ol", { class: "made-groups" }, answer.groups.map((g) => h("li", {},
        h("strong", { text: g.title }),
        h("span", { class: "made-link" }, h("span", { class: "muted", text: `${t("event.made.participants")}: ` }), copyable(g.join_url)),
        h("span", { class: "made-link" }, h("span", { class: "muted", text: `${t("event.made.console")}: ` }), copyable(g.facilitator_url)))))));
  made_.focus();
}
