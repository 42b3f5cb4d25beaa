"""At most one send per key and interval, however many changes: the pattern behind the
aggregate events and presence. No Flask.

The first change of a key starts a background send after `interval`; changes until
then join it (their items are collected). `send(key, items)` returns 0 when done, or
how long to wait before trying again (another process sent moments ago); changes
meanwhile join that retry.
"""

import logging
import threading
from collections.abc import Callable, Hashable, Iterable

log = logging.getLogger(__name__)


class Coalescer:
    def __init__(self, interval: float, send: Callable[[Hashable, set], float], *,
                 spawn: Callable, sleep: Callable[[float], None]):
        self.interval = interval
        self._send, self._spawn, self._sleep = send, spawn, sleep
        self._guard = threading.Lock()
        self._pending: dict[Hashable, set] = {}
        self._running = 0

    def changed(self, key: Hashable, items: Iterable = ()) -> None:
        with self._guard:
            pending = self._pending.get(key)
            if pending is not None:
                pending.update(items)
                return
            self._pending[key] = set(items)
            self._running += 1
        self._spawn(self._run, key)

    def pending(self, key: Hashable) -> bool:
        """A change of `key` waits for its send."""
        with self._guard:
            return key in self._pending

    def idle(self) -> bool:
        """Nothing pending or being sent: nothing more goes out until the next change."""
        with self._guard:
            return self._running == 0

    def _run(self, key: Hashable) -> None:
        try:
            self._sleep(self.interval)
            while True:
                with self._guard:
                    items = self._pending.pop(key, set())
                try:
                    wait = self._send(key, items)
                except Exception:
                    log.exception("could not send %r", key)
                    return
                if wait <= 0:
                    return
                with self._guard:
                    if key in self._pending:  # a newer send is on its way: it takes these along
                        self._pending[key].update(items)
                        return
                    self._pending[key] = items
                self._sleep(wait)
        finally:
            with self._guard:
                self._running -= 1
