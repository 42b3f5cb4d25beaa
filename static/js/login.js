// The login page: the form posts JSON to /api/login and goes on to where the person was heading.
// Without JavaScript the same form posts to /login.

import { call, errorCode, start } from "./account.js";
import { setText } from "./dom.js";
import { t } from "./i18n.js";

await start();

const form = document.getElementById("login-form");
const error = document.getElementById("login-error");
const button = form.querySelector("button[type=submit]");
const show = document.getElementById("login-show");
show.addEventListener("change", () => {
  form.elements.password.type = show.checked ? "text" : "password";
});

function fail(key, field) {
  error.hidden = false;
  setText(error, t(key));
  field.focus();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const email = form.elements.email.value.trim();
  const password = form.elements.password.value;
  if (!email) return fail("accounts.error.invalid", form.elements.email);
  if (!password) return fail("accounts.error.invalid", form.elements.password);
  button.disabled = true;
  setText(button, t("accounts.login.busy"));
  const result = await call("/api/login", { method: "POST", body: { email, password } });
  if (result.ok) {
    location.assign(form.elements.next.value || "/mine");
    return;
  }
  button.disabled = false;
  setText(button, t("accounts.login.submit"));
  const code = errorCode(result);
  form.elements.password.value = "";
  fail(code === "offline" ? "ui.error.offline" : `accounts.error.${code}`, form.elements.password);
});
