// Sharing a workshop with colleagues' accounts: the dialog that "my workshops" and the console open,
// and the console's small "Colleagues" card (share, add to my account, timeline).

import { call, EMAIL, errorCode, errorText } from "./account.js";
import { h, openDialog, setText, toast } from "./dom.js";
import { t } from "./i18n.js";

function who(person, me) {
  const tags = [];
  if (person.owner) tags.push(t("accounts.share.owner"));
  if (person.email === me) tags.push(t("accounts.share.you"));
  if (person.disabled) tags.push(t("accounts.share.disabled"));
  return h("span", { class: "who" }, h("span", { text: person.name || person.email }),
    h("span", { text: [person.name ? person.email : null, ...tags].filter(Boolean).join(" · ") }));
}

function shareError(result, email, me) {
  const code = errorCode(result);
  if (code === "not_found") return t("accounts.share.not_found");
  if (code === "invalid") return email === me ? t("accounts.share.self") : t("accounts.share.refused");
  return errorText(result);
}

/** The sharing dialog of one workshop; `me` is the logged-in email. Resolves once closed. */
export async function openShare({ code, title, me, onChange }) {
  const list = h("ul", { class: "people-shared", "aria-live": "polite" });
  const email = h("input", { id: "share-email", type: "email", autocomplete: "email", autocapitalize: "none",
    spellcheck: "false", "aria-describedby": "share-error" });
  const error = h("p", { id: "share-error", class: "form-error", role: "alert", hidden: true });
  const submit = h("button", { type: "button", class: "btn btn-primary", text: t("accounts.share.submit") });
  let people = [];

  function render() {
    const mine = people.find((p) => p.email === me);
    list.replaceChildren(...people.map((person) => {
      let action = null;
      if (!person.owner && person.email === me) {
        action = h("button", { type: "button", class: "btn btn-small btn-quiet", text: t("accounts.share.leave"),
          on: { click: () => remove(person) } });
      } else if (!person.owner && mine?.owner) {
        action = h("button", { type: "button", class: "btn btn-small", text: t("accounts.share.remove"),
          "aria-label": t("accounts.share.remove.label", { email: person.email }), on: { click: () => remove(person) } });
      }
      return h("li", { dataset: { email: person.email } }, who(person, me), action);
    }));
  }

  async function load() {
    const result = await call(`/api/workshops/${code}/facilitators`);
    if (result.ok) {
      people = result.body.facilitators;
      render();
    } else {
      list.replaceChildren(h("li", { class: "form-error", text: errorText(result) }));
    }
  }

  async function share() {
    error.hidden = true;
    const address = email.value.trim().toLowerCase();
    const fail = (text) => {
      error.hidden = false;
      setText(error, text);
      email.focus();
    };
    if (!EMAIL.test(address)) return fail(t("accounts.share.email_invalid"));
    submit.disabled = true;
    const result = await call(`/api/workshops/${code}/facilitators`, { method: "POST", body: { email: address } });
    submit.disabled = false;
    if (!result.ok) return fail(shareError(result, address, me));
    people = result.body.facilitators;
    render();
    email.value = "";
    email.focus();
    toast(t(result.status === 201 ? "accounts.share.done" : "accounts.share.already", { email: address }));
    onChange?.();
  }

  async function remove(person) {
    const result = await call(`/api/workshops/${code}/facilitators/${encodeURIComponent(person.email)}`, { method: "DELETE" });
    if (!result.ok) {
      toast(errorText(result), "error");
      return;
    }
    if (person.email === me) {
      toast(t("accounts.share.left"));
      document.getElementById("dialog").close("left");
    } else {
      toast(t("accounts.share.removed", { email: person.email }));
      await load();
    }
    onChange?.();
  }

  submit.addEventListener("click", share);
  // Enter shares instead of submitting (and closing) the dialog's form.
  email.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      share();
    }
  });
  const opened = openDialog({
    title: t("accounts.share.title", { title }),
    body: [
      h("p", { class: "hint", text: t("accounts.share.intro") }),
      h("div", { class: "share-form" },
        h("div", { class: "field" }, h("label", { htmlFor: "share-email", text: t("accounts.share.email") }), email), submit),
      error,
      h("h3", { text: t("accounts.share.people") }), list,
    ],
    actions: [{ value: "cancel", label: t("accounts.share.close"), kind: "primary" }],
  });
  await load();
  return opened;
}

/** The console's "Colleagues" card: sharing for a logged-in facilitator, and the timeline link. */
export function consoleCard(code, title) {
  const body = h("div", {});
  const timeline = h("a", { class: "btn btn-small", href: `/timeline/${code}`, text: t("accounts.mine.timeline") });
  const card = h("section", { class: "card", "aria-labelledby": "colleagues-title" },
    h("h2", { id: "colleagues-title", class: "card-title", text: t("accounts.console.heading") }), body);
  const row = (...buttons) => h("div", { class: "button-row" }, ...buttons, timeline);

  async function fill() {
    const accounts = await call("/api/accounts");
    const me = accounts.body.user ? await call("/api/me") : null;
    if (!me?.ok) {
      body.replaceChildren(accounts.body.in_use
        ? h("p", { class: "hint" }, h("a", { href: `/login?next=${encodeURIComponent(location.pathname)}`, text: t("accounts.login") }),
          " · ", t("accounts.console.login"))
        : "", row());
      return;
    }
    const email = me.body.user.email;
    if (me.body.workshops.some((w) => w.code === code)) {
      body.replaceChildren(h("p", { class: "hint", text: t("accounts.console.text") }),
        row(h("button", { type: "button", class: "btn btn-small", text: t("accounts.mine.share"),
          on: { click: () => openShare({ code, title: title(), me: email }) } })));
      return;
    }
    const claim = h("button", { type: "button", class: "btn btn-small", text: t("accounts.console.claim") });
    claim.addEventListener("click", async () => {
      const result = await call(`/api/workshops/${code}/claim`, { method: "POST" });
      if (!result.ok) {
        toast(errorText(result), "error");
        return;
      }
      toast(t("accounts.console.claimed"));
      fill();
    });
    body.replaceChildren(h("p", { class: "hint", text: t("accounts.console.claim.text") }), row(claim));
  }
  fill();
  return card;
}
