// Fitting a wall into its box without scrolling (the room display): the largest font size
// between a readable floor and a maximum at which everything fits; when even the floor is
// too large, each group shows only its first cards (by votes once they are shown) and says
// how many more it has. Measured only when what is on the wall changed, in a few layout
// passes (binary searches).

export const MAX_PX = 40;
export const MIN_PX = 24;

/** The readable floor: 24 px on a 1920×1080 screen, in proportion on a smaller one (≥ 16 px). Pure. */
export function floorPx(width, height) {
  return Math.max(16, Math.round(MIN_PX * Math.min(1, width / 1920, height / 1080)));
}

/** The largest whole number in [lo, hi] for which `fits(n)` holds (fits is monotone), or lo. Pure. */
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

/**
 * `trim(limit)` shows at most `limit` cards per group (Infinity: all) and answers the largest
 * group's size; `box` is given the rest of the screen below where it starts.
 */
export function fitToBox(box, content, trim, property = "--wall-font") {
  let signature = null;
  const fits = (px) => {
    box.style.setProperty(property, `${px}px`);
    return content.scrollHeight <= box.clientHeight + 1 && content.scrollWidth <= box.clientWidth + 1;
  };
  const refit = () => {
    if (!box.isConnected || box.closest("[hidden]")) return;
    let height = innerHeight - box.getBoundingClientRect().top - scrollY - 8;
    box.style.height = `${Math.max(120, height)}px`;
    const over = document.scrollingElement.scrollHeight - innerHeight;
    if (over > 0) box.style.height = `${Math.max(120, (height -= over))}px`;
    const floor = floorPx(innerWidth, innerHeight);
    const largest = trim(Infinity);
    if (fits(floor)) {
      box.style.setProperty(property, `${largestFitting(fits, floor)}px`);
      return;
    }
    const limit = largestFitting((n) => {
      trim(n);
      return fits(floor);
    }, 0, Math.max(0, largest - 1));
    trim(limit);
    box.style.setProperty(property, `${floor}px`);
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
