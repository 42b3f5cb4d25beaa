// A follow-up carries the earlier workshop's settings, from the console and the overview alike.

import { test } from "node:test";
import assert from "node:assert/strict";

import { followUpBody, gapsSince } from "../../static/js/followup.js";

test("a follow-up carries every setting of the earlier workshop", () => {
  const w = { title: "Beweegkuur", intervention: "BKR", language: "en", description: "Regio Noord",
    settings: { votes_per_participant: 7, max_votes_per_strategy: 2, anonymous: true, participants_can_download: true, joins_open: false } };
  assert.deepEqual(followUpBody(w, "K7M2QX9P", "Beweegkuur – vervolg"), {
    title: "Beweegkuur – vervolg", intervention: "BKR", language: "en", follow_up_of: "K7M2QX9P", description: "Regio Noord",
    votes_per_participant: 7, max_votes_per_strategy: 2, anonymous: true, participants_can_download: true,
  });
  assert.equal("description" in followUpBody({ ...w, description: null }, "K7M2QX9P", "x"), false);
});

test("a follow-up's closed gaps are the earlier gaps someone now fills", () => {
  const earlier = { gaps: [{ area: "supply", missing: ["driver", "accountable"] }, { area: "use", missing: ["driver"] }] };
  const ownership = [{ actor_id: 1, area: "supply", role: "driver" }, { actor_id: 2, area: "use", role: "contributor" }];
  assert.deepEqual(gapsSince(earlier, ownership, ["driver", "accountable"]), {
    closed: [{ area: "supply", role: "driver" }],
    open: [{ area: "supply", role: "accountable" }, { area: "use", role: "driver" }],
  });
  assert.deepEqual(gapsSince(null, ownership, ["driver"]), { closed: [], open: [] });
});
