"""At most one send per key and interval, however many changes: the pattern behind the
aggregate events and presence. No Flask.

One background loop serves every key: the first change while it is idle starts it; every
`interval` it takes every key that changed since its last round and sends each once, with
the items their changes collected (changes meanwhile go to the next round). It stops when a
round finds nothing to send. `send(key, items)` returns the items to send again in the next
round (another process sent some moments ago, or someone else holds the workshop: a send never
waits, so one busy key delays no other), or nothing when done. One loop instead of a
task per key: with many workshops, one round does what a task, a wake-up and an application
context each did before.
"""

import logging
import threading
from collections.abc import Callable, Hashable, Iterable

log = logging.getLogger(__name__)


class Coalescer:
    def __init__(self, interval: float, send: Callable[[Hashable, set], Iterable | None], *,
                 spawn: Callable, sleep: Callable[[float], None]):
        self.interval = interval
        self._send, self._spawn, self._sleep = send, spawn, sleep
        self._guard = threading.Lock()
        self._pending: dict[Hashable, set] = {}  # key -> items, in the order keys first changed
        self._sending: set[Hashable] = set()  # keys of the round under way not sent yet
        self._running = False

    def changed(self, key: Hashable, items: Iterable = ()) -> None:
        with self._guard:
            self._pending.setdefault(key, set()).update(items)
            if self._running:
                return
            self._running = True
        self._spawn(self._run)

    def pending(self, key: Hashable) -> bool:
        """A change of `key` waits for its send: in the next round, or in this one before it
        reached `key`."""
        with self._guard:
            return key in self._pending or key in self._sending

    def idle(self) -> bool:
        """Nothing pending or being sent: nothing more goes out until the next change."""
        with self._guard:
            return not self._running

    def _run(self) -> None:
        try:
            while True:
                self._sleep(self.interval)
                with self._guard:
                    batch, self._pending = self._pending, {}
                    if not batch:
                        self._running = False
                        return
                    self._sending = set(batch)
                for key, items in batch.items():
                    try:
                        again = self._send(key, items)
                    except Exception:
                        log.exception("could not send %r", key)
                        again = None
                    with self._guard:
                        self._sending.discard(key)
                        if again:
                            self._pending.setdefault(key, set()).update(again)
        except BaseException:
            with self._guard:
                self._running = False
                self._sending = set()
            raise
