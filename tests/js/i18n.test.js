// Plurals by the language's rules (Intl.PluralRules) and dates in the reader's language.

import { test } from "node:test";
import assert from "node:assert/strict";

import { formatDate, formatTime, locale, strategyText, t, use } from "../../static/js/i18n.js";
import { agreedLine, endView } from "../../static/js/phases/closed.js";
import { determinantText } from "../../static/js/phases/determinants.js";
import { participantState } from "./fakes.js";

test("a count picks the plural form its language's rules name", () => {
  use("nl", { "gaps": "{count} leemtes", "gaps.one": "{count} leemte" });
  assert.equal(t("gaps", { count: 1 }), "1 leemte");
  assert.equal(t("gaps", { count: 2 }), "2 leemtes");
  assert.equal(t("gaps", { count: 0 }), "0 leemtes");
  use("en", { "gaps": "{count} gaps", "gaps.one": "{count} gap" });
  assert.equal(t("gaps", { count: 1 }), "1 gap");
  assert.equal(t("gaps", { count: 1.5 }), "1.5 gaps");
});

test("dates follow the reader's language", () => {
  assert.equal(formatDate("2027-03-01", "medium", "nl"), "1 mrt 2027");
  assert.equal(formatDate("2027-03-01", "medium", "en-GB"), "1 Mar 2027");
  assert.equal(formatDate(null), "");
  assert.equal(formatDate("not a date"), "not a date");
});

test("dates and times read in the reader's own locale of the page's language, else European", () => {
  use("en", {});
  assert.equal(locale(["en"]), "en-GB", "a bare language reads as the European region, not US");
  assert.equal(locale(["nl-NL", "de"]), "en-GB", "a reader of another language gets the default");
  assert.equal(locale(["nl-NL", "en-IE"]), "en-IE");
  assert.equal(formatTime("2027-03-01T22:45:00", "en-GB"), "22:45");
  assert.match(formatTime("2027-03-01T22:45:00", locale(["en-US"])), /^10:45\sPM$/, "a US reader keeps their own");
  assert.equal(formatDate("2027-03-01", "medium", locale([])), "1 Mar 2027");
  use("nl", {});
  assert.equal(locale(["en-GB"]), "nl-NL");
  assert.equal(locale(["nl-BE", "nl"]), "nl-BE");
  assert.equal(formatTime("2027-03-01T09:05:00", locale([])), "09:05");
});

test("the end screen names owners and dates, and offers downloads only when they work", () => {
  use("en", { "ui.actions.due_on": "due {date}", "ui.actions.no_owner": "no owner" });
  assert.match(agreedLine({ due: "2027-03-01" }, { name: "GGD" }), /^GGD · due (1 Mar|Mar 1,) 2027$/);
  assert.equal(agreedLine({ due: null }, null), "no owner");
  const s = participantState();
  s.workshop.settings.participants_can_download = true;
  s.workshop.results_visible = false;
  assert.equal(endView("participant", s).downloads, false, "while results are hidden the download would be an error");
  s.workshop.results_visible = true;
  assert.equal(endView("participant", s).downloads, true);
  assert.equal(endView("display", s).downloads, false);
  s.workshop.settings.participants_can_download = false;
  assert.equal(endView("participant", s).downloads, false);
});

test("a built-in strategy reads in the reader's language; a typed one stays as typed", () => {
  use("en", { "strategy.lobby.title": "Lobby relevant stakeholders", "strategy.lobby.description": "Approach decision makers and funders actively." });
  const builtIn = { title: "Lobby bij relevante partijen", description: "Beslissers en financiers actief benaderen.", catalog_key: "lobby" };
  assert.equal(strategyText(builtIn), "Lobby relevant stakeholders");
  assert.equal(strategyText(builtIn, "description"), "Approach decision makers and funders actively.");
  const typed = { title: "Wethouder uitnodigen", description: null, catalog_key: null };
  assert.equal(strategyText(typed), "Wethouder uitnodigen");
});

test("a determinant's own wording stays as typed; a built-in one follows the reader", () => {
  use("en", { "determinant.funding": "Funding", "determinant.funding.help": "Is there money?" });
  const entries = [{ key: "funding", label: null, help: null }, { key: "draagvlak", label: "Draagvlak", help: null }];
  assert.equal(determinantText(entries, "funding"), "Funding");
  assert.equal(determinantText(entries, "funding", "help"), "Is there money?");
  assert.equal(determinantText(entries, "draagvlak"), "Draagvlak");
  assert.equal(determinantText(entries, "draagvlak", "help"), "");
});
