// Room on the actor map: labels that never cover each other.

import { test } from "node:test";
import assert from "node:assert/strict";

import { layoutLabels, overlapping } from "../../static/js/maplayout.js";

const label = (id, x, y, width = 180, height = 50) => ({ id, x, y, width, height });

test("labels that fit stay centred on their point", () => {
  const boxes = layoutLabels([label(1, 200, 100), label(2, 600, 400)], { width: 800, height: 600 });
  assert.deepEqual(boxes.map((b) => [b.left, b.top, b.moved]), [[110, 75, false], [510, 375, false]]);
});

test("labels on the same point are moved apart, inside the plane, the first one staying put", () => {
  const items = Array.from({ length: 8 }, (_, i) => label(i + 1, 400, 300));
  const bounds = { width: 800, height: 600 };
  const boxes = layoutLabels(items, bounds);
  assert.equal(overlapping(boxes), false);
  assert.equal(boxes[0].moved, false);
  for (const b of boxes) assert.ok(b.left >= 0 && b.top >= 0 && b.left + b.width <= 800 && b.top + b.height <= 600);
  assert.deepEqual(boxes, layoutLabels(items, bounds), "the same map gets the same layout");
});

test("labels at the edges and corners stay inside and apart", () => {
  const items = [label(1, 0, 0), label(2, 5, 5), label(3, 800, 600), label(4, 790, 600), label(5, 0, 600), label(6, 800, 0, 300, 60)];
  const boxes = layoutLabels(items, { width: 800, height: 600 });
  assert.equal(overlapping(boxes), false);
  for (const b of boxes) assert.ok(b.left >= 0 && b.top >= 0 && b.left + b.width <= 800 && b.top + b.height <= 600);
});

test("a crowded workshop map of thirty actors has no label on another", () => {
  const items = Array.from({ length: 30 }, (_, i) => label(i, 300 + ((i * 37) % 400), 200 + ((i * 53) % 300), 200 + (i % 3) * 40, 56));
  assert.equal(overlapping(layoutLabels(items, { width: 1200, height: 900 })), false);
});

test("a new label never moves the labels placed before it", () => {
  const items = [label(1, 300, 300), label(2, 320, 310), label(3, 500, 200)];
  const before = layoutLabels(items, { width: 800, height: 600 });
  const after = layoutLabels([...items, label(4, 310, 300)], { width: 800, height: 600 });
  assert.deepEqual(after.slice(0, 3), before);
});

test("labels keep clear of the boxes already taken, such as the quadrants' names", () => {
  const taken = [{ left: 0, top: 0, width: 200, height: 30 }];
  const boxes = layoutLabels([label(1, 60, 20), label(2, 70, 25)], { width: 800, height: 600 }, taken);
  assert.equal(overlapping([...taken, ...boxes]), false);
});

test("overlapping tells boxes that share area from boxes that only touch", () => {
  const a = { left: 0, top: 0, width: 10, height: 10 };
  assert.equal(overlapping([a, { left: 10, top: 0, width: 10, height: 10 }]), false);
  assert.equal(overlapping([a, { left: 9, top: 9, width: 10, height: 10 }]), true);
});
