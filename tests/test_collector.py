"""The garbage collector as the server runs it (`workshop.collector`)."""

import gc

from workshop import collector


def test_what_exists_is_frozen_and_the_thresholds_are_raised():
    before = gc.get_threshold()
    try:
        collector.collect_steadily()
        assert gc.get_threshold() == collector.THRESHOLDS
        assert gc.get_freeze_count() > 10_000  # the app and its libraries, loaded by the tests
        assert gc.get_count()[0] < collector.THRESHOLDS[0]
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_cyclic_garbage_is_still_collected():
    before = gc.get_threshold()
    try:
        collector.collect_steadily()

        class Node:
            pass

        nodes = [Node() for _ in range(1_000)]
        for a, b in zip(nodes, nodes[1:] + nodes[:1], strict=True):
            a.next = b
        del nodes, a, b
        assert gc.collect() >= 1_000
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
