"""Summary downloads that never stall live clients: rendering off the event loop, a cache of
rendered files, and limits on how many renders run at once.

The route reads the summary (kept while the workshop's version is the same, see
`workshop.summaries`, with its hash made once) and ends its transaction; the file
is then rendered in a worker process (a PDF takes a whole core for a moment) while
the event loop goes on serving everyone else: the waiting is cooperative, because
under eventlet's monkey-patching the executor's threads and futures are green. In
threading mode (tests, `flask` commands) `RENDER_PROCESSES=0` renders in the
request's own thread, which blocks no one else.

Rendered files are cached by what they say: the key is a hash of the summary
(everything but the moment it was made) with the audience, format and language.
Any change that reaches the database — an acknowledged event, a vote or rating
whose broadcast is still being coalesced, a join, an edit from the command line —
changes the summary and so the key, so the cache can never serve a file older than
the data; no write path has to remember to invalidate it. Each workshop, audience,
format and language keeps only its newest file, and all files together stay under
SUMMARY_CACHE_MB. (A kept summary is used again only while the version of its workshop,
which covers those same writes, has not changed.)
"""

import ctypes
import hashlib
import json
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import NamedTuple

from flask import Flask

from . import export
from .domain.rules import RuleError

log = logging.getLogger(__name__)


class Key(NamedTuple):
    code: str
    audience: str
    fmt: str
    language: str
    digest: str

    @property
    def slot(self) -> tuple:
        return self[:4]


def content_of(summary: dict) -> dict:
    """Everything but the moment it was made; of an event's summary, each group's too."""
    content = {k: v for k, v in summary.items() if k != "generated_at"}
    if "event" in summary:
        content["groups"] = [content_of(g) for g in summary["groups"]]
    return content


def digest_of(summary: dict) -> str:
    """The SHA-256 of a summary's content (`content_of`)."""
    return hashlib.sha256(json.dumps(content_of(summary), sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()


def event_digest(event: dict, groups: list[str]) -> str:
    """An event's summary's digest from its own part and its groups' digests (each `digest_of`
    a group's summary, kept with it), so a download hashes no group again."""
    return hashlib.sha256(json.dumps([event, groups], sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()


def key_of(summary: dict, fmt: str, audience: str, digest: str | None = None) -> Key:
    """A summary's key (`digest`: its `digest_of`, if already made); a timeline (no `workshop`
    of its own) is keyed by the workshop asked about."""
    w = summary.get("workshop") or summary.get("event") or summary
    return Key(w["code"], audience, fmt, w["language"], digest or digest_of(summary))


class Cache:
    """Rendered files, the newest per slot (workshop, audience, format, language), least recently
    used dropped first once they take more than `max_bytes` together."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self._files: OrderedDict[tuple, tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key) -> bytes | None:
        with self._lock:
            found = self._files.get(key.slot)
            if found is None or found[0] != key.digest:
                return None
            self._files.move_to_end(key.slot)
            return found[1]

    def put(self, key: Key, data: bytes) -> None:
        if len(data) > self.max_bytes:
            return
        with self._lock:
            old = self._files.pop(key.slot, None)
            if old is not None:
                self.size -= len(old[1])
            self._files[key.slot] = (key.digest, data)
            self.size += len(data)
            while self.size > self.max_bytes:
                _, (_, dropped) = self._files.popitem(last=False)
                self.size -= len(dropped)


class Slots:
    """Renders running now, per person and in total; beyond either limit a download is refused
    with `rate_limited` (a limit of 0 is no limit). Not locked: the Renderer holds its lock."""

    def __init__(self, per_person: int, total: int):
        self.per_person, self.total = per_person, total
        self.running = 0
        self.by_person: dict[int, int] = {}

    def take(self, person: int) -> None:
        if self.total and self.running >= self.total:
            raise RuleError("rate_limited", "The server is preparing many summaries right now; "
                                            "try again in a few seconds.")
        if self.per_person and self.by_person.get(person, 0) >= self.per_person:
            raise RuleError("rate_limited", "Your earlier summary downloads are still being prepared; "
                                            "try again once they have arrived.")
        self.running += 1
        self.by_person[person] = self.by_person.get(person, 0) + 1

    def give_back(self, person: int) -> None:
        self.running -= 1
        self.by_person[person] -= 1
        if not self.by_person[person]:
            del self.by_person[person]


class Renderer:
    """Summary files for the download routes (`app.extensions["downloads"]`)."""

    def __init__(self, *, processes: int, per_person: int, total: int, cache_bytes: int):
        self.processes = processes
        self.cache = Cache(cache_bytes)
        self.slots = Slots(per_person, total)
        self._lock = threading.Lock()
        self._in_flight: dict[Key, Future] = {}
        self._pool: ProcessPoolExecutor | None = None

    def file(self, summary: dict, fmt: str, *, audience: str, person: int, render=export.render,
             digest: str | None = None) -> bytes:
        """The summary as a file in `fmt`: from the cache, from a render of the same file already
        under way (a double click costs one render), or rendered now. `render(summary, fmt)`, a
        module-level function (it runs in a worker process): the summaries' or the timeline's;
        `digest`: the summary's `digest_of` (or `event_digest`), if already made."""
        key = key_of(summary, fmt, audience, digest)
        data = self.cache.get(key)
        if data is not None:
            return data
        with self._lock:
            running = self._in_flight.get(key)
            if running is None:
                self.slots.take(person)
                mine = self._in_flight[key] = Future()
        if running is not None:
            return running.result()
        started = time.perf_counter()
        what = "summary" if "workshop" in summary else "timeline"
        log.debug("%s: rendering %s.%s for the %s", key.code, what, fmt, audience)
        try:
            data = self._render(render, summary, fmt)
            self.cache.put(key, data)
            mine.set_result(data)
        except BaseException as error:
            mine.set_exception(error)
            raise
        finally:
            with self._lock:
                del self._in_flight[key]
                self.slots.give_back(person)
        log.info("%s: %s.%s rendered in %.0f ms (%d bytes)", key.code, what, fmt,
                 (time.perf_counter() - started) * 1000, len(data))
        return data

    def _render(self, render, summary: dict, fmt: str) -> bytes:
        if not self.processes:
            return render(summary, fmt)
        pool = self._worker_pool()
        try:
            return self._submit(pool, render, summary, fmt).result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory): the next download gets fresh workers.
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise

    def _worker_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn: a fork of a monkey-patched server with its hub and sockets is not safe.
                self._pool = ProcessPoolExecutor(
                    self.processes, mp_context=multiprocessing.get_context("spawn"),
                    initializer=prepare_worker, initargs=(os.getpid(), serving_green(), worker_niceness()))
            return self._pool

    def start(self) -> None:
        """Start the worker processes now, so the first download does not wait for them. They
        start below the server's priority (`give_way`): each spends a second or more of CPU
        importing the platform, on the server's core, just as a restarted server meets the room
        that reconnects to it."""
        if self.processes:
            pool = self._worker_pool()
            for _ in range(self.processes):
                self._submit(pool, ready)

    @staticmethod
    def _submit(pool: ProcessPoolExecutor, task, *args) -> Future:
        """Submit a task; a worker it started (the pool starts them as tasks come) gives way."""
        future = pool.submit(task, *args)
        give_way(multiprocessing.active_children())
        return future

    def close(self) -> None:
        """Stop the worker processes (the interpreter also stops them when it exits)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


WORKER_NICENESS = 10  # how far below the server's CPU priority a render worker runs


def worker_niceness() -> int | None:
    """The niceness of a render worker: the server's plus WORKER_NICENESS (None without `nice`)."""
    if not hasattr(os, "getpriority"):
        return None
    return min(19, os.getpriority(os.PRIO_PROCESS, 0) + WORKER_NICENESS)


def give_way(processes) -> None:
    """Lower the worker processes' priority from the server, right after they were started:
    `prepare_worker` does it in each worker too, but only once the worker has imported the
    platform (a spawned process imports the server's main module first), a second or more of
    CPU at the server's priority that the event loop would otherwise share."""
    niceness = worker_niceness()
    if niceness is None:
        return
    for process in processes:
        try:
            os.setpriority(os.PRIO_PROCESS, process.pid, niceness)
        except (OSError, TypeError):  # gone already, or not started
            pass


def prepare_worker(server_pid: int, green: bool, niceness: int | None = None) -> None:
    """In a worker process: give way to the server, and end with it.

    A render runs at a lower CPU priority (`niceness`, `worker_niceness`), so on a busy
    machine the event loop gets the core first. The worker ends with the server even when the
    server is killed without a chance to stop it: Linux ties that to the thread that started
    the worker, which under eventlet is the server's only thread; elsewhere a worker ends at
    the server's normal exit."""
    if niceness is not None:
        try:
            os.setpriority(os.PRIO_PROCESS, 0, niceness)
        except OSError:  # only a privileged process may raise its own priority again
            pass
    if green and sys.platform.startswith("linux"):
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != server_pid:  # the server was already gone before the line above
        os._exit(0)


def ready() -> bool:
    """A task that only makes a worker import what rendering needs."""
    return True


def serving_green() -> bool:
    """Whether this process serves under eventlet's monkey-patching (`python run.py`), where
    waiting on a worker process is cooperative."""
    if "eventlet" not in sys.modules:
        return False
    from eventlet import patcher

    return patcher.is_monkey_patched("thread")


def init_app(app: Flask) -> None:
    config = app.config
    processes = config["RENDER_PROCESSES"]
    if processes is None:  # worker processes where the event loop must not wait; none in threading mode
        processes = 0 if config["SOCKETIO_ASYNC_MODE"] == "threading" else 2
    renderer = app.extensions["downloads"] = Renderer(
        processes=processes, per_person=config["RENDERS_PER_PERSON"], total=config["RENDERS_AT_ONCE"],
        cache_bytes=config["SUMMARY_CACHE_MB"] * 1024 * 1024)
    if serving_green():
        renderer.start()
