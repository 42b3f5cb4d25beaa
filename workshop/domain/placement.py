"""Where a new actor starts on the influence × interest map, so no actor lands on another.

One rule for every client: an actor added without a position gets the spot nearest the
centre whose label (about 24 × 11 grid points) touches no other actor's; when the map is
that full, the spot farthest from every actor. Deterministic: ties go to the first spot in
reading order (top row first, left to right), so the same map always gives the same spot.
"""

import math

LABEL_INTEREST = 24
LABEL_INFLUENCE = 11
SPOTS = range(5, 100, 5)  # 5, 10, … 95 on each axis


def _apart(a: tuple[int, int], b: tuple[int, int]) -> float:
    """How far apart two (influence, interest) positions are in label sizes; ≥ 1: labels do not touch."""
    return max(abs(a[1] - b[1]) / LABEL_INTEREST, abs(a[0] - b[0]) / LABEL_INFLUENCE)


def free_spot(positions: list[tuple[int, int]]) -> tuple[int, int]:
    """The (influence, interest) a new actor starts at, given the others' (influence, interest)."""
    best = None  # (fits, key) where a smaller key is better
    for influence in reversed(SPOTS):
        for interest in SPOTS:
            spot = (influence, interest)
            room = min((_apart(spot, p) for p in positions), default=math.inf)
            centre = math.hypot((interest - 50) / LABEL_INTEREST, (influence - 50) / LABEL_INFLUENCE)
            fits = room >= 1
            key = centre if fits else -room
            if best is None or (fits and not best[0]) or (fits == best[0] and key < best[1]):
                best = (fits, key, spot)
    return best[2]
