"""Locks by key (a workshop, an IP address) that exist only while someone holds or waits for
one, so a server that saw many keys keeps none of them. Green under eventlet (run.py patches
`threading` first), thread locks otherwise."""

import threading
from collections.abc import Hashable
from contextlib import contextmanager


class KeyedLocks:
    def __init__(self):
        self._guard = threading.Lock()
        self._locks: dict[Hashable, list] = {}  # key -> [lock, how many hold or wait for it]

    def __len__(self) -> int:
        with self._guard:
            return len(self._locks)

    def queued(self, key: Hashable) -> int:
        """How many hold or wait for the key's lock."""
        with self._guard:
            entry = self._locks.get(key)
            return entry[1] if entry else 0

    @contextmanager
    def hold(self, key: Hashable):
        with self._guard:
            entry = self._locks.setdefault(key, [threading.Lock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._guard:
                entry[1] -= 1
                if entry[1] == 0:
                    del self._locks[key]

    @contextmanager
    def attempt(self, key: Hashable):
        """Hold `key` only if nobody holds it; yields whether it is held (it never waits)."""
        with self._guard:
            entry = self._locks.setdefault(key, [threading.Lock(), 0])
            held = entry[0].acquire(blocking=False)
            if held:
                entry[1] += 1
        if not held:
            yield False
            return
        try:
            yield True
        finally:
            entry[0].release()
            with self._guard:
                entry[1] -= 1
                if entry[1] == 0:
                    del self._locks[key]
