// The line chart's geometry: points inside the plot, a gap where a workshop has no score, end labels apart.
import assert from "node:assert/strict";
import { test } from "node:test";

import { layout, spreadLabels } from "../../static/js/linechart.js";

const series = [
  { key: "driver", label: "Driver", values: [3, 4, 5] },
  { key: "funding", label: "Funding", values: [1, null, 2] },
  { key: "time", label: "Time", values: [null, null, null] },
];

test("points go left to right and higher scores higher up", () => {
  const g = layout(series, 3, { width: 800, height: 360 });
  const [a, b, c] = g.series[0].points;
  assert.ok(a.x < b.x && b.x < c.x);
  assert.ok(a.y > b.y && b.y > c.y);
  for (const p of g.series.flatMap((s) => s.points)) {
    assert.ok(p.x >= g.plot.left && p.x <= g.plot.right && p.y >= g.plot.top && p.y <= g.plot.bottom);
  }
  assert.deepEqual(g.ticks.map((t) => t.value), [1, 2, 3, 4, 5]);
  assert.equal(g.ticks[0].y, g.plot.bottom);
  assert.equal(g.ticks[4].y, g.plot.top);
});

test("a workshop without a score breaks the line instead of joining across it", () => {
  const g = layout(series, 3, { width: 800, height: 360 });
  assert.equal(g.series[1].segments.length, 2);
  assert.deepEqual(g.series[1].points.map((p) => p.index), [0, 2]);
  assert.equal(g.series[2].points.length, 0);
  assert.equal(g.series[2].end, null);
});

test("one workshop is one point in the middle", () => {
  const g = layout([{ key: "driver", label: "Driver", values: [4] }], 1, { width: 400, height: 250, labels: false });
  assert.equal(g.xs.length, 1);
  assert.equal(g.xs[0], (g.plot.left + g.plot.right) / 2);
});

test("the x-axis leaves labels out rather than let them collide", () => {
  const g = layout(series.map((s) => ({ ...s, values: Array(20).fill(3) })), 20, { width: 320, height: 250, labels: false });
  const shown = g.xLabels.filter((l) => l.shown);
  assert.ok(shown.length < 20 && shown.at(-1).index === 19 && shown[0].index === 0);
  for (let i = 1; i < shown.length; i += 1) assert.ok(shown[i].x - shown[i - 1].x >= 76);
});

test("end labels are moved apart and stay in order", () => {
  const ends = [{ y: 100 }, { y: 101 }, { y: 99 }, { y: 300 }];
  spreadLabels(ends, 10, 320);
  const ys = ends.map((e) => e.y).sort((a, b) => a - b);
  for (let i = 1; i < ys.length; i += 1) assert.ok(ys[i] - ys[i - 1] >= 17);
  assert.ok(ends[2].y < ends[0].y && ends[0].y < ends[1].y);
});
