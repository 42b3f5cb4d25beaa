// The views' pure parts: positions on the actor map, gaps, a determinant's mean, what
// the results card shows whom, and the choices of an action.

import { test } from "node:test";
import assert from "node:assert/strict";

import { actionLine, strategyChoices } from "../../../static/js/phases/actions.js";
import { clamp, leaderEnd, nudged, pointOnPlane, pointerPosition } from "../../../static/js/phases/actors.js";
import { formatMean } from "../../../static/js/phases/determinants.js";
import { missingRoles } from "../../../static/js/phases/ownership.js";
import { resultsView } from "../../../static/js/phases/strategies.js";
import { clock } from "../../../static/js/header.js";
import { VOCAB, participantState } from "../fakes.js";

test("the actor map turns pointer and arrow keys into whole grid points from 0 to 100", () => {
  const rect = { left: 100, top: 50, width: 400, height: 200 };
  assert.deepEqual(pointerPosition(rect, 420, 90), { influence: 80, interest: 80 });
  assert.deepEqual(pointerPosition(rect, 0, 400), { influence: 0, interest: 0 }, "outside the plane stays on its edge");
  assert.deepEqual(nudged({ influence: 50, interest: 98 }, "ArrowRight", false), { influence: 50, interest: 100 });
  assert.deepEqual(nudged({ influence: 50, interest: 50 }, "ArrowUp", true), { influence: 60, interest: 50 });
  assert.equal(nudged({ influence: 50, interest: 50 }, "Enter", false), null);
  assert.equal(clamp(-3.4), 0);
});

test("an actor's dot sits at its position on the plane, a moved label's line ends on its nearest edge", () => {
  assert.deepEqual(pointOnPlane({ influence: 75, interest: 20 }, 800, 600), { x: 160, y: 150 });
  const box = { left: 200, top: 100, width: 100, height: 40 };
  assert.deepEqual(leaderEnd({ x: 160, y: 150 }, box), { x: 200, y: 140 });
  assert.deepEqual(leaderEnd({ x: 250, y: 120 }, box), { x: 250, y: 120 }, "a dot under its label needs no line");
});

test("a gap is a required role (the server's list) that nobody holds in an area", () => {
  const ownership = [{ actor_id: 1, area: "use", role: "driver" }, { actor_id: 2, area: "supply", role: "contributor" }];
  assert.deepEqual(missingRoles(ownership, "use", VOCAB.required_roles), ["accountable"]);
  assert.deepEqual(missingRoles(ownership, "supply", VOCAB.required_roles), ["driver", "accountable"]);
});

test("a mean is shown with one decimal in the reader's locale", () => {
  assert.equal(formatMean(null), "–");
  assert.equal(formatMean(3, "nl"), "3,0");
});

test("the results card: counts for the console always, for the room once shown, never while unknown", () => {
  const hidden = participantState();
  assert.deepEqual(resultsView("participant", hidden), { chart: false, note: "ui.strategies.results_hidden", card: false });
  const counted = participantState();
  counted.strategies[0].votes = 2;
  assert.equal(resultsView("console", counted).chart, true);
  assert.match(resultsView("console", counted).note, /ui\.strategies\.only_you/);
  assert.equal(resultsView("display", counted).chart, false);
  assert.match(resultsView("display", counted).note, /results_hidden.*cast_total/, "the wall shows how far voting is, not where votes went");
  counted.workshop.results_visible = true;
  assert.equal(resultsView("display", counted).chart, true);
  assert.equal(resultsView("participant", counted).card, true);
});

test("an action's strategy choices put the best ranked first; its line names status, owner and date", () => {
  const s = [{ id: 1, title: "A", rank: 2 }, { id: 2, title: "B", rank: 1 }, { id: 3, title: "C", rank: null }];
  assert.deepEqual(strategyChoices(s, []).map(([value]) => value), ["", "2", "1", "3"]);
  const line = actionLine({ status: "doing", due: "2027-03-01" }, { name: "GGD" });
  assert.equal(line, "status.doing · GGD · ui.actions.due_on");
  assert.equal(clock(125), "02:05");
});

test("a determinant shows the workshop's own wording, else the built-in one", async () => {
  const { determinantText } = await import("../../../static/js/phases/determinants.js");
  const s = participantState();
  s.workshop.determinants = [{ key: "know_how", label: "Know-how", help: null }, { key: "time", label: "Tijd genoeg", help: "Uren" }];
  const wording = (key) => ({ label: determinantText(s.workshop.determinants, key),
    help: determinantText(s.workshop.determinants, key, "help") });
  assert.deepEqual(wording("know_how"), { label: "Know-how", help: "" }, "an own determinant has no built-in help");
  assert.deepEqual(wording("time"), { label: "Tijd genoeg", help: "Uren" });
  assert.equal(wording("funding").label, "funding", "the key while no catalogue is loaded");
});
