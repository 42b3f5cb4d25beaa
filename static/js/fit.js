// Scaling a wall to fit its box without scrolling (the room display): the largest font size,
// between a readable maximum and a floor, at which the content fits. Measured only when what
// is on the wall changed, in a few layout passes (a binary search).

export const MAX_PX = 40;
export const MIN_PX = 10;

/** The largest size in [lo, hi] (whole pixels) for which `fits(size)` holds, or lo. Pure. */
export function largestFitting(fits, lo = MIN_PX, hi = MAX_PX) {
  if (fits(hi)) return hi;
  let good = lo;
  let bad = hi;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (fits(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

export function fitToBox(box, content, property = "--wall-font") {
  let signature = null;
  const fits = (px) => {
    box.style.setProperty(property, `${px}px`);
    return content.scrollHeight <= box.clientHeight + 1 && content.scrollWidth <= box.clientWidth + 1;
  };
  const refit = () => {
    if (!box.isConnected || box.closest("[hidden]")) return;
    // The box takes the rest of the screen below where it starts.
    let height = innerHeight - box.getBoundingClientRect().top - scrollY - 8;
    box.style.height = `${Math.max(120, height)}px`;
    const over = document.scrollingElement.scrollHeight - innerHeight;
    if (over > 0) box.style.height = `${Math.max(120, (height -= over))}px`;
    box.style.setProperty(property, `${largestFitting(fits)}px`);
  };
  addEventListener("resize", () => {
    signature = null;
    refit();
  });
  return {
    update(next) {
      if (next === signature) return;
      signature = next;
      refit();
    },
  };
}
