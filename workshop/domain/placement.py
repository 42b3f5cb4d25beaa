"""Where a new actor starts on the influence × interest map, so no actor lands on another.

One rule for every client: an actor added without a position gets the spot nearest the
centre whose label (about 24 × 11 grid points) touches no other actor's; when the map is
that full, the spot farthest from every actor. Deterministic: ties go to the first spot in
reading order (top row first, left to right), so the same map always gives the same spot.

Runs with the workshop held, so its cost must not grow with the number of actors: the
actors are counted once into a table of sums over the 101 × 101 grid, after which "is
anyone within this distance of this spot" is four look-ups; on a full map only a spot with
more room than the best so far is measured further (`_Counts.roomiest`).
"""

import math
from itertools import accumulate
from operator import add

LABEL_INTEREST = 24
LABEL_INFLUENCE = 11
SPOTS = range(5, 100, 5)  # 5, 10, … 95 on each axis
SIDE = 101  # positions are whole percentages, 0 … 100
# Distances are compared as whole numbers: apart = max(|Δinterest|·11, |Δinfluence|·24) / 264,
# so labels do not touch when it is at least 264 (one label size).
LABEL = LABEL_INTEREST * LABEL_INFLUENCE
FAR = max(LABEL_INFLUENCE * (SIDE - 1), LABEL_INTEREST * (SIDE - 1)) + 1


class _Counts:
    """How many actors lie in any rectangle of the grid, from a table of prefix sums."""

    def __init__(self, positions: list[tuple[int, int]]):
        grid = [[0] * SIDE for _ in range(SIDE)]
        for influence, interest in positions:
            grid[min(max(int(influence), 0), SIDE - 1)][min(max(int(interest), 0), SIDE - 1)] += 1
        self.sums = sums = [[0] * (SIDE + 1)]
        for row in grid:
            sums.append([0, *map(add, sums[-1][1:], accumulate(row))])

    def any_within(self, spot: tuple[int, int], apart: int) -> bool:
        """Whether an actor is closer to `spot` than `apart` (in 1/264 label sizes)."""
        d_influence, d_interest = (apart - 1) // LABEL_INTEREST, (apart - 1) // LABEL_INFLUENCE
        i0, i1 = max(spot[0] - d_influence, 0), min(spot[0] + d_influence, SIDE - 1) + 1
        j0, j1 = max(spot[1] - d_interest, 0), min(spot[1] + d_interest, SIDE - 1) + 1
        s = self.sums
        return s[i1][j1] - s[i0][j1] - s[i1][j0] + s[i0][j0] > 0

    def roomiest(self, spots: list[tuple[int, int]]) -> tuple[int, int]:
        """The first of the spots farthest from every actor. Only a spot with more room than
        the best so far is measured (by halving, from that room up); any other takes one
        look-up, so a full map costs about one per spot instead of a dozen."""
        best, most = spots[0], self.room(spots[0], 0)
        for spot in spots[1:]:
            if not self.any_within(spot, most + 1):  # more room than `most`
                best, most = spot, self.room(spot, most + 1)
        return best

    def room(self, spot: tuple[int, int], low: int) -> int:
        """How far the nearest actor is (in 1/264 label sizes), known to be at least `low`: the
        largest distance within which nobody is, found by halving."""
        high = FAR  # nobody within `low`; somebody within `high` (or the map's edge)
        while high - low > 1:
            middle = (low + high) // 2
            if self.any_within(spot, middle):
                high = middle
            else:
                low = middle
        return low


def free_spot(positions: list[tuple[int, int]]) -> tuple[int, int]:
    """The (influence, interest) a new actor starts at, given the others' (influence, interest)."""
    spots = [(influence, interest) for influence in reversed(SPOTS) for interest in SPOTS]
    if not positions:
        return min(spots, key=_centre)
    counts = _Counts(positions)
    fitting = [spot for spot in spots if not counts.any_within(spot, LABEL)]
    if fitting:
        return min(fitting, key=_centre)  # min keeps the first of equals: reading order
    return counts.roomiest(spots)


def _centre(spot: tuple[int, int]) -> float:
    influence, interest = spot
    return math.hypot((interest - 50) / LABEL_INTEREST, (influence - 50) / LABEL_INFLUENCE)
