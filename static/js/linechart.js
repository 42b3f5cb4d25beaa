// A small SVG line chart: one line per series over evenly spaced points (the workshops of a timeline).
// `layout` is the geometry, pure and unit-tested with node --test; `lineChart` draws it. Lines differ
// in colour, dash and marker shape, so they can be told apart without colour too.

const SVG = "http://www.w3.org/2000/svg";
export const COLOURS = ["#2158d9", "#0e7a55", "#b45309", "#7338d6", "#c0267a"];
export const DASHES = ["", "8 5", "2 5", "12 4 2 4", "5 3"];
export const MARKERS = ["circle", "square", "triangle", "diamond", "cross"];
const LABEL_GAP = 17; // px between end labels, so they never overlap
const MIN_LABEL_SPACE = 76; // px between x-axis labels ("nov 2026" and a margin)

/** Where everything goes. `series`: [{key, label, values: [number|null] per point}]. */
export function layout(series, count, { width, height, min = 1, max = 5, labels = true }) {
  const left = 40;
  const right = width - (labels ? Math.min(180, Math.max(120, width * 0.24)) : 8);
  const top = 14;
  const bottom = height - 44;
  // Room for half an x-axis label ("nov 2026") on either side of the first and last point.
  const inset = labels ? 36 : 32;
  const step = count > 1 ? (right - left - 2 * inset) / (count - 1) : 0;
  const xs = Array.from({ length: count }, (_, i) => (count > 1 ? left + inset + i * step : (left + right) / 2));
  const y = (value) => bottom - ((value - min) / (max - min)) * (bottom - top);
  const ticks = [];
  for (let v = min; v <= max; v += 1) ticks.push({ value: v, y: y(v) });
  const drawn = series.map((s) => {
    const segments = [];
    let current = [];
    s.values.forEach((value, i) => {
      if (value === null || value === undefined) {
        if (current.length) segments.push(current);
        current = [];
      } else {
        current.push({ x: xs[i], y: y(value), value, index: i });
      }
    });
    if (current.length) segments.push(current);
    const points = segments.flat();
    const last = points[points.length - 1] || null;
    return { key: s.key, label: s.label, segments, points, end: last ? { x: right + 10, y: last.y } : null };
  });
  spreadLabels(drawn.map((d) => d.end).filter(Boolean), top, bottom);
  // Every n-th x label, the last one always; one too close before the last makes way for it.
  const every = Math.max(1, Math.ceil(MIN_LABEL_SPACE / Math.max(step, 1)));
  const xLabels = xs.map((x, i) => ({ x, index: i, shown: i % every === 0 || i === count - 1 }));
  const before = xLabels.slice(0, -1).filter((l) => l.shown).at(-1);
  if (before && xs[count - 1] - before.x < MIN_LABEL_SPACE && before.index !== 0) before.shown = false;
  return { width, height, plot: { left, right, top, bottom }, xs, ticks, series: drawn, xLabels };
}

/** Move end labels apart (keeping their order) so no two are closer than LABEL_GAP. */
export function spreadLabels(ends, top, bottom) {
  const sorted = [...ends].sort((a, b) => a.y - b.y);
  for (let i = 1; i < sorted.length; i += 1) {
    sorted[i].y = Math.max(sorted[i].y, sorted[i - 1].y + LABEL_GAP);
  }
  const overflow = sorted.length ? sorted[sorted.length - 1].y - (bottom + 6) : 0;
  if (overflow > 0) for (const end of sorted) end.y -= overflow;
  for (let i = sorted.length - 2; i >= 0; i -= 1) sorted[i].y = Math.min(sorted[i].y, sorted[i + 1].y - LABEL_GAP);
  for (const end of sorted) end.y = Math.max(end.y, top - 6);
  return ends;
}

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A marker of shape `index` at (x, y). */
export function marker(index, x, y, colour, size = 5.5) {
  const shape = MARKERS[index % MARKERS.length];
  const s = size;
  if (shape === "circle") return el("circle", { cx: x, cy: y, r: s, fill: colour });
  if (shape === "square") return el("rect", { x: x - s, y: y - s, width: 2 * s, height: 2 * s, fill: colour });
  if (shape === "triangle") return el("path", { d: `M${x} ${y - s * 1.2}L${x + s * 1.15} ${y + s * 0.85}L${x - s * 1.15} ${y + s * 0.85}Z`, fill: colour });
  if (shape === "diamond") return el("path", { d: `M${x} ${y - s * 1.3}L${x + s * 1.3} ${y}L${x} ${y + s * 1.3}L${x - s * 1.3} ${y}Z`, fill: colour });
  return el("path", { d: `M${x - s} ${y - s}L${x + s} ${y + s}M${x + s} ${y - s}L${x - s} ${y + s}`, stroke: colour, "stroke-width": 3, fill: "none" });
}

/** The chart as an <svg>; `xLabel(i)` names point i on the x axis; `title` names the whole chart. */
export function lineChart({ series, count, xLabel, width, title, min = 1, max = 5 }) {
  const height = Math.round(Math.min(380, Math.max(250, width * 0.46)));
  const labels = width >= 520;
  const g = layout(series, count, { width, height, min, max, labels });
  const svg = el("svg", { class: "line-chart", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": title });
  svg.append(el("title", {}, title));
  for (const tick of g.ticks) {
    svg.append(el("line", { class: "grid", x1: g.plot.left, x2: g.plot.right, y1: tick.y, y2: tick.y }));
    svg.append(el("text", { class: "axis-label", x: g.plot.left - 10, y: tick.y + 4, "text-anchor": "end" }, String(tick.value)));
  }
  for (const label of g.xLabels) {
    if (!label.shown) continue;
    svg.append(el("line", { class: "grid", x1: label.x, x2: label.x, y1: g.plot.bottom, y2: g.plot.bottom + 6 }));
    svg.append(el("text", { class: "x-label", x: label.x, y: g.plot.bottom + 24, "text-anchor": "middle" }, xLabel(label.index)));
  }
  g.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const group = el("g", { "data-key": s.key });
    for (const segment of s.segments) {
      if (segment.length > 1) {
        group.append(el("path", { class: "series-line", stroke: colour, "stroke-dasharray": DASHES[i % DASHES.length],
          d: segment.map((p, j) => `${j ? "L" : "M"}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join("") }));
      }
    }
    for (const p of s.points) group.append(marker(i, p.x, p.y, colour));
    if (labels && s.end) {
      group.append(el("text", { class: "end-label", x: s.end.x, y: s.end.y + 4, fill: colour }, s.label));
    }
    svg.append(group);
  });
  return svg;
}

/** A legend entry's small sample of line and marker. */
export function sample(index) {
  const colour = COLOURS[index % COLOURS.length];
  const svg = el("svg", { width: 34, height: 14, viewBox: "0 0 34 14", "aria-hidden": "true" });
  svg.append(el("line", { x1: 1, x2: 33, y1: 7, y2: 7, stroke: colour, "stroke-width": 3, "stroke-dasharray": DASHES[index % DASHES.length] }));
  svg.append(marker(index, 17, 7, colour, 4.5));
  return svg;
}
