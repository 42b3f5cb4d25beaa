// Words split over two lines, and controls whose text is cut off, on the visible page:
// evaluated by tests/browser/test_polish.py.
() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(".join-url, .visually-hidden, [hidden], option, .toasts") || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.hyphens === "auto") found.push(`hyphens:auto on ${el.className}`);
    const text = node.textContent;
    for (const match of text.matchAll(/[^\s\-\/]{4,}/g)) {  // a line may break at a hyphen or slash
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) found.push(`"${match[0]}" in ${el.tagName}.${el.className} < .${el.parentElement.className}`);
    }
  }
  for (const el of document.querySelectorAll("button, .btn, select, label, .step-name")) {
    if (!el.getClientRects().length || el.closest("[hidden], .visually-hidden")) continue;
    if (el.scrollWidth > el.clientWidth + 1) found.push(`cut off: ${el.textContent.trim().slice(0, 40)}`);
  }
  return found;
}
