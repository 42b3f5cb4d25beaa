"""Where new actors start: apart from the others, the same spot for the same map."""

import math
import random

from workshop.domain.placement import free_spot


def clear(a, b):
    return abs(a[1] - b[1]) >= 24 or abs(a[0] - b[0]) >= 11


def test_the_first_actor_starts_in_the_middle_the_next_ones_where_their_labels_have_room():
    taken = []
    for n in range(12):
        spot = free_spot(taken)
        assert all(0 <= v <= 100 and isinstance(v, int) for v in spot)
        assert all(clear(spot, other) for other in taken), (n, spot, taken)
        taken.append(spot)
    assert taken[0] == (50, 50)
    assert len(set(taken)) == 12


def test_a_new_actor_avoids_where_people_dragged_theirs_and_the_choice_is_always_the_same():
    taken = [(50, 50), (55, 45), (45, 60)]
    spot = free_spot(taken)
    assert spot == free_spot(list(taken))
    assert all(clear(spot, other) for other in taken)


def test_on_a_full_map_the_new_actor_goes_where_it_is_least_crowded():
    taken = [(influence, interest) for influence in range(0, 101, 10) for interest in range(0, 101, 20)]
    spot = free_spot(taken)
    assert spot not in taken
    assert 0 <= spot[0] <= 100 and 0 <= spot[1] <= 100


def by_definition(taken):
    """The rule as the docstring says it, spot by spot and actor by actor."""
    spots = [(influence, interest) for influence in range(95, 0, -5) for interest in range(5, 100, 5)]

    def room(spot):
        return min((max(abs(spot[1] - p[1]) / 24, abs(spot[0] - p[0]) / 11) for p in taken),
                   default=float("inf"))

    def centre(spot):
        return math.hypot((spot[1] - 50) / 24, (spot[0] - 50) / 11)

    fitting = [s for s in spots if room(s) >= 1]
    return min(fitting, key=centre) if fitting else max(spots, key=room)


def test_the_spot_is_the_one_the_rule_defines_on_any_map_however_full():
    rng = random.Random(7)
    for n in [0, 1, 3, 8, 20, 60, 150, 400] * 6:
        on_grid = rng.random() < 0.3
        taken = [(rng.randrange(0, 101, 5), rng.randrange(0, 101, 5)) if on_grid
                 else (rng.randint(0, 100), rng.randint(0, 100)) for _ in range(n)]
        assert free_spot(taken) == by_definition(taken), taken
