// Widgets the views share: labelled fields, selects that keep an open picker alone, the
// confirm and edit dialogs, empty notes and download links.

import { clear, h, openDialog, setText } from "./dom.js";
import { t } from "./i18n.js";

let uid = 0;
export const nextId = (prefix) => `${prefix}-${++uid}`;

/** A label, its control and an optional hint, wired together for screen readers. */
export function field(label, control, hint) {
  const id = control.id || (control.id = nextId("f"));
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint`, text: hint }) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id, text: label }), control, hintEl);
}

/** [[value, label]] for a vocabulary, labelled from the catalogue as `prefix.value`. */
export function labelled(values, prefix) {
  return values.map((value) => [value, t(`${prefix}.${value}`)]);
}

/**
 * Fill a select with [[value, label]] and show `selected`. The options are rebuilt only when
 * they changed, so an open picker stays open; the value is set whenever it differs, so a
 * refused choice goes back to what the server has.
 */
export function options(select, items, selected) {
  const signature = JSON.stringify(items);
  if (select._signature !== signature) {
    clear(select);
    for (const [value, label] of items) select.append(h("option", { value, text: label }));
    select._signature = signature;
  }
  const value = selected ?? "";
  if (select.value !== value) select.value = value;
}

export function select(items, selected, attrs = {}) {
  const el = h("select", attrs);
  options(el, items, selected);
  return el;
}

export function emptyNote(text) {
  return h("p", { class: "empty", text });
}

/** Ask before something that cannot be undone; resolves true when confirmed. */
export async function confirm({ title, text, action, kind = "danger" }) {
  const choice = await openDialog({
    title,
    body: [h("p", { text })],
    actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: action, kind }],
  });
  return choice === "ok";
}

/** A dialog of fields with Save (and optionally a remove button); resolves with the choice. */
export function editDialog({ title, fields, remove }) {
  const actions = [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: t("ui.save"), kind: "primary" }];
  if (remove) actions.unshift({ value: "remove", label: remove, kind: "danger" });
  return openDialog({ title, body: fields, actions });
}

/** Text in a field, trimmed; focuses the field and answers null when it is required and empty. */
export function required(input) {
  const value = input.value.trim();
  if (!value) input.focus();
  return value || null;
}

/** A join form's answers (its fields named name, role, group and anonymous) as the join routes
 * take them; null without a name, which the form's `error` then says, with the name focused. */
export function joinAnswers(form, error) {
  const { name, role, group, anonymous } = form.elements;
  error.hidden = true;
  if (!name.value.trim()) {
    error.hidden = false;
    setText(error, t("ui.join.name.required"));
    name.focus();
    return null;
  }
  const body = { name: name.value.trim() };
  if (role.value.trim()) body.role = role.value.trim();
  if (group.value) body.group = group.value;
  if (anonymous.checked) body.anonymous = true;
  return body;
}

export function downloadLinks(code) {
  return ["pdf", "md", "csv", "json"].map((format) => h("a", {
    class: "btn btn-small", href: `/api/workshops/${code}/summary.${format}`,
    download: "", text: t(`ui.download.${format}`), // the server's name: one pattern for every file
  }));
}
