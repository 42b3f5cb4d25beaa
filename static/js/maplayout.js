// Room on the actor map, so no actor hides another: where each label goes so that no label
// covers another (where a new actor starts is the server's rule, domain/placement.py).
// Pure (numbers in, numbers out), so the same map always gets the same layout and nothing
// jumps between renders.

const overlap = (a, b, gap) => Math.max(0, Math.min(a.left + a.width + gap, b.left + b.width + gap) - Math.max(a.left, b.left))
  * Math.max(0, Math.min(a.top + a.height + gap, b.top + b.height + gap) - Math.max(a.top, b.top));

const inside = (box, bounds) => ({
  ...box,
  left: Math.max(0, Math.min(bounds.width - box.width, box.left)),
  top: Math.max(0, Math.min(bounds.height - box.height, box.top)),
});

/** Offsets from a label's own place, nearest first: steps of half its width and its height, across the plane. */
function tries(width, height, gap, bounds) {
  const offsets = [];
  const dx = (width + gap) / 2;
  const dy = height + gap;
  const rows = Math.ceil(bounds.height / dy);
  const cols = Math.ceil(bounds.width / dx);
  for (let row = -rows; row <= rows; row++) {
    for (let col = -cols; col <= cols; col++) offsets.push({ x: col * dx, y: row * dy, cost: Math.hypot(col / 2, row) });
  }
  return offsets.sort((a, b) => a.cost - b.cost || a.y - b.y || a.x - b.x);
}

/**
 * Boxes for labels so none covers another: `items` are `{id, x, y, width, height}` in pixels
 * (x, y: the point the label belongs to, from the plane's top left), `bounds` the plane's
 * `{width, height}`. Each label is centred on its point where it fits, else moved to the
 * nearest free place (rows above and below, then sideways); earlier items keep their place,
 * so a new actor never pushes the others around. When nothing is free, the place that covers
 * the least. `taken`: boxes no label may cover (the quadrants' names). Returns
 * `[{id, left, top, width, height, moved}]` in the order given.
 */
export function layoutLabels(items, bounds, taken = [], gap = 4) {
  const placed = [...taken];
  const boxes = [];
  for (const item of items) {
    const home = inside({ left: item.x - item.width / 2, top: item.y - item.height / 2, width: item.width, height: item.height }, bounds);
    let best = null;
    for (const offset of tries(item.width, item.height, gap, bounds)) {
      const box = inside({ ...home, left: home.left + offset.x, top: home.top + offset.y }, bounds);
      const covered = placed.reduce((sum, other) => sum + overlap(box, other, gap), 0);
      if (!best || covered < best.covered) best = { box, covered };
      if (covered === 0) break;
    }
    const { box } = best;
    const laid = { id: item.id, ...box, moved: box.left !== home.left || box.top !== home.top };
    placed.push(laid);
    boxes.push(laid);
  }
  return boxes;
}

/** Whether any two boxes share area: what the layout must never produce while there is room. */
export function overlapping(boxes) {
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i], boxes[j], 0) > 0) return true;
  }
  return false;
}
