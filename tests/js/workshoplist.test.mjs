// "My workshops": search by title, intervention or code, without regard to case or accents; grouped by intervention.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fold, grouped } from "../../static/js/workshoplist.js";

const items = [
  { code: "AAAA2222", title: "Beweegkuur 2026", intervention: "Beweegkuur" },
  { code: "BBBB2222", title: "Samen in de wijk", intervention: "Welzijn op recept" },
  { code: "CCCC2222", title: "Beweegkuur 2025", intervention: "beweegkuur " },
  { code: "DDDD2222", title: "Café-overleg", intervention: "Welzijn op recept" },
];

test("groups keep the order of their newest workshop", () => {
  const groups = grouped(items, "");
  assert.deepEqual(groups.map((g) => g.intervention), ["Beweegkuur", "Welzijn op recept"]);
  assert.deepEqual(groups[0].workshops.map((w) => w.code), ["AAAA2222", "CCCC2222"]);
});

test("every word must match, in the title, the intervention or the code", () => {
  assert.deepEqual(grouped(items, "recept samen").flatMap((g) => g.workshops.map((w) => w.code)), ["BBBB2222"]);
  assert.deepEqual(grouped(items, "cccc").flatMap((g) => g.workshops.map((w) => w.code)), ["CCCC2222"]);
  assert.deepEqual(grouped(items, "cafe").flatMap((g) => g.workshops.map((w) => w.code)), ["DDDD2222"]);
  assert.deepEqual(grouped(items, "nothing like it"), []);
});

test("folding ignores case, accents and extra spaces", () => {
  assert.equal(fold("  Café   Overleg "), "cafe overleg");
});
