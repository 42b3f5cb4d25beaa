// Searching and grouping a facilitator's workshops ("my workshops"). Pure: unit-tested with node --test.

/** Lower case without accents, so "zorg" finds "Zorg" and "cafe" finds "Café". */
export function fold(text) {
  return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/** Workshops whose title, intervention or code hold every word of `query`, grouped by intervention.
 * `items` come newest first, so groups are ordered by their newest workshop. */
export function grouped(items, query) {
  const words = fold(query).split(" ").filter(Boolean);
  const groups = new Map();
  for (const w of items) {
    const haystack = fold(`${w.title} ${w.intervention} ${w.code}`);
    if (!words.every((word) => haystack.includes(word))) continue;
    const key = fold(w.intervention);
    if (!groups.has(key)) groups.set(key, { intervention: w.intervention, workshops: [] });
    groups.get(key).workshops.push(w);
  }
  return [...groups.values()];
}
