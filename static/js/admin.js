// The admin page: add facilitator accounts, disable and enable them, give a new password, remove them
// (their workshops pass to an admin).

import { call, dateText, EMAIL, errorCode, errorText, PASSWORD_MIN, start } from "./account.js";
import { h, openDialog, setText, toast } from "./dom.js";
import { t } from "./i18n.js";

const me = document.body.dataset.email;
const table = document.getElementById("users");
const form = document.getElementById("add-form");
const error = document.getElementById("add-error");
let users = [];

await start(() => render());

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no look-alikes, easy to read out on the phone

/** Four groups of four random characters: about 79 bits, readable aloud. */
function newPassword() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join("")).join("-");
}

function row(user) {
  const self = user.email === me;
  const label = (key) => t(`accounts.admin.col.${key}`);
  const actions = h("div", { class: "button-row" },
    self ? null : h("button", { type: "button", class: "btn btn-small", text: t(user.disabled ? "accounts.admin.enable" : "accounts.admin.disable"),
      "aria-label": `${t(user.disabled ? "accounts.admin.enable" : "accounts.admin.disable")}: ${user.email}`, on: { click: () => toggle(user) } }),
    h("button", { type: "button", class: "btn btn-small", text: t("accounts.admin.reset"),
      "aria-label": `${t("accounts.admin.reset")}: ${user.email}`, on: { click: () => reset(user) } }),
    self ? null : h("button", { type: "button", class: "btn btn-small btn-quiet", text: t("accounts.admin.delete"),
      "aria-label": `${t("accounts.admin.delete")}: ${user.email}`, on: { click: () => remove(user) } }));
  return h("tr", { dataset: { email: user.email } },
    h("td", { "data-label": label("account") }, h("span", { class: "user-cell" },
      h("strong", { text: user.name || user.email }), user.name ? h("span", { class: "muted", text: user.email }) : null,
      self ? h("span", { class: "muted", text: `(${t("accounts.admin.you")})` }) : null,
      h("span", { class: "muted", text: `${label("last_login")}: ${user.last_login_at ? dateText(user.last_login_at) : t("accounts.admin.never")}` }))),
    h("td", { "data-label": label("role"), text: t(user.admin ? "accounts.admin.role.admin" : "accounts.admin.role.facilitator") }),
    h("td", { "data-label": label("workshops"), text: String(user.workshops) }),
    h("td", { "data-label": label("status") }, h("span", { class: user.disabled ? "status-off" : "",
      text: t(user.disabled ? "accounts.admin.status.disabled" : "accounts.admin.status.active") })),
    h("td", { "data-label": label("actions") }, actions));
}

function render() {
  if (!users.length) {
    table.replaceChildren(h("p", { class: "empty", text: t("accounts.admin.empty") }));
    return;
  }
  const head = ["account", "role", "workshops", "status", "actions"]
    .map((key) => h("th", { scope: "col", text: t(`accounts.admin.col.${key}`) }));
  table.replaceChildren(h("table", { class: "data-table users-table" },
    h("caption", { class: "visually-hidden", text: t("accounts.admin.list") }),
    h("thead", {}, h("tr", {}, head)), h("tbody", {}, users.map(row))));
}

async function refresh() {
  const result = await call("/api/users");
  if (!result.ok) {
    toast(errorText(result), "error");
    return;
  }
  users = result.body.users;
  render();
}

async function confirm(title, text, label, kind = "danger") {
  const answer = await openDialog({ title, body: [h("p", { text })],
    actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label, kind }] });
  return answer === "ok";
}

async function toggle(user) {
  const disable = !user.disabled;
  if (disable && !await confirm(t("accounts.admin.disable"), t("accounts.admin.disable.confirm", { email: user.email }), t("accounts.admin.disable"))) return;
  const result = await call(`/api/users/${user.id}`, { method: "PATCH", body: { disabled: disable } });
  if (!result.ok) return toast(errorText(result), "error");
  toast(t(disable ? "accounts.admin.disabled" : "accounts.admin.enabled", { email: user.email }));
  refresh();
}

async function reset(user) {
  const input = h("input", { id: "reset-password", type: "text", autocomplete: "new-password", spellcheck: "false",
    value: newPassword(), "aria-describedby": "reset-hint" });
  const answer = await openDialog({
    title: t("accounts.admin.reset.title", { email: user.email }),
    body: [h("label", { htmlFor: "reset-password", text: t("accounts.password.new") }), input,
      h("p", { id: "reset-hint", class: "hint", text: t("accounts.admin.password.hint") })],
    actions: [{ value: "cancel", label: t("ui.cancel") }, { value: "ok", label: t("accounts.password.save"), kind: "primary" }],
  });
  if (answer !== "ok") return;
  if (input.value.length < PASSWORD_MIN) return toast(t("accounts.password.short"), "error");
  const result = await call(`/api/users/${user.id}`, { method: "PATCH", body: { password: input.value } });
  if (!result.ok) return toast(errorText(result), "error");
  toast(t("accounts.admin.reset.done", { email: user.email }));
  refresh();
}

async function remove(user) {
  if (!await confirm(t("accounts.admin.delete"), t("accounts.admin.delete.confirm", { email: user.email }), t("accounts.admin.delete"))) return;
  const result = await call(`/api/users/${user.id}`, { method: "DELETE" });
  if (!result.ok) return toast(errorText(result), "error");
  const { passed_to: heir, workshops } = result.body;
  toast(heir && workshops ? t("accounts.admin.deleted", { email: user.email, count: workshops, heir: heir.email })
    : t("accounts.admin.deleted.kept", { email: user.email }));
  refresh();
}

function fail(text, field) {
  error.hidden = false;
  setText(error, text);
  field.focus();
}

document.getElementById("generate")?.addEventListener("click", () => {
  form.elements.password.value = newPassword();
  form.elements.password.focus();
});

form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const f = form.elements;
  const email = f.email.value.trim().toLowerCase();
  if (!EMAIL.test(email)) return fail(t("accounts.share.email_invalid"), f.email);
  if (f.password.value.length < PASSWORD_MIN) return fail(t("accounts.password.short"), f.password);
  const body = { email, password: f.password.value, admin: f.admin.checked };
  if (f.name.value.trim()) body.name = f.name.value.trim();
  const result = await call("/api/users", { method: "POST", body });
  if (!result.ok) return fail(errorCode(result) === "invalid" ? t("accounts.admin.exists") : errorText(result), f.email);
  toast(t("accounts.admin.added", { email }));
  form.reset();
  f.email.focus();
  refresh();
});

if (table) refresh();
