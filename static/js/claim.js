// Adding the workshops this device knows to the logged-in facilitator's account (the overview page):
// each one is claimed with its facilitator token, which proves its holder facilitates it.

import { call, errorText } from "./account.js";
import { h, setText, toast } from "./dom.js";
import { t } from "./i18n.js";

let account = null; // {user, codes: Set} once logged in; null otherwise
let accountsInUse = false;

export async function loadAccount() {
  const accounts = await call("/api/accounts");
  accountsInUse = Boolean(accounts.body.in_use);
  if (!accounts.body.user) return;
  const me = await call("/api/me");
  if (me.ok) account = { user: me.body.user, codes: new Set(me.body.workshops.map((w) => w.code)) };
}

async function claim(entry) {
  const result = await call(`/api/workshops/${entry.code}/claim`, { method: "POST", token: entry.token });
  if (result.ok) account.codes.add(entry.code);
  return result;
}

/** The card's "Add to my account" button, or its "In your account" note; nothing when logged out. */
export function claimButton(entry, title, changed) {
  if (!account || !entry.token) return null;
  if (account.codes.has(entry.code)) return h("span", { class: "badge badge-shared", text: t("accounts.claim.in_account") });
  return h("button", { type: "button", class: "btn btn-small", text: t("accounts.claim.one"), on: { click: async () => {
    const result = await claim(entry);
    if (result.ok) toast(t("accounts.claim.done", { count: 1 }));
    else toast(t("accounts.claim.failed", { title, reason: errorText(result) }), "error");
    changed();
  } } });
}

/** The banner above the list: add them all, or log in to keep them in an account. */
export function claimPanel(entries, changed) {
  const panel = document.getElementById("claim");
  if (!account) {
    panel.hidden = !accountsInUse;
    if (accountsInUse) {
      panel.replaceChildren(h("p", {}, t("accounts.claim.login"), " ",
        h("a", { href: `/login?next=${encodeURIComponent("/workshops")}`, text: t("accounts.login") })));
    }
    return;
  }
  const open = entries.filter((e) => e.token && !account.codes.has(e.code));
  panel.hidden = false;
  const mine = h("a", { class: "btn", href: "/mine", text: t("accounts.mine") });
  if (!open.length) {
    panel.replaceChildren(h("p", {}, t("accounts.logged_in_as", { email: account.user.email }), ". ",
      entries.length ? t("accounts.claim.all_in") : ""), h("div", { class: "button-row" }, mine));
    return;
  }
  const text = h("p", {}, t("accounts.claim.banner", { email: account.user.email }));
  const all = h("button", { type: "button", class: "btn btn-primary", text: t("accounts.claim.all") });
  all.addEventListener("click", async () => {
    all.disabled = true;
    let added = 0;
    for (const entry of open) {
      const result = await claim(entry);
      if (result.ok) added += 1;
      else toast(t("accounts.claim.failed", { title: entry.title || entry.code, reason: errorText(result) }), "error");
    }
    if (added) toast(t("accounts.claim.done", { count: added }));
    changed();
  });
  setText(all, t("accounts.claim.all"));
  panel.replaceChildren(text, h("div", { class: "button-row" }, all, mine));
}
