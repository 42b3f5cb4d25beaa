"""Python's garbage collector as the server runs it: without stopping every client for a
tenth of a second.

A full collection walks every tracked object and, on the one event loop, stops every client
meanwhile: with 500 connected it took 110–320 ms, every four or five seconds, and each of those
pauses delayed every broadcast on its way (a large share of the broadcast p95). The
application and its libraries, some 180,000 objects once `create_app` has run, are never
garbage, so they are frozen out of the collector (`gc.freeze`); and the youngest generation is
collected every 50,000 allocations instead of 700, so that the objects of one request or event
die before a collection moves them into an older one. Full collections still happen, when the
older generations have grown by a quarter (CPython's own rule), but rarely and over the
connections' objects only.
"""

import gc

THRESHOLDS = (50_000, 20, 100)


def collect_steadily() -> None:
    """Freeze what exists now (call once the app is made) and raise the thresholds."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
