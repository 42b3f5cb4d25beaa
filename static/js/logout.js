// The logout page: ends this browser's login through the API (the form works without JavaScript too).

import { call, errorText, start } from "./account.js";
import { setText } from "./dom.js";
import { t } from "./i18n.js";

const confirm = document.getElementById("logout-confirm");
const relabel = () => confirm && setText(confirm, t("accounts.logout.confirm", { email: confirm.dataset.email }));
await start(relabel);
relabel();

const form = document.getElementById("logout-form");
form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = await call("/api/logout", { method: "POST" });
  if (result.ok) {
    location.assign("/logout");
    return;
  }
  const error = document.getElementById("logout-error");
  error.hidden = false;
  setText(error, errorText(result));
});
