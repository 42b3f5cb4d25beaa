"""Abuse limits: token buckets per IP address or participant, answered with `rate_limited`.

Each limit is a bucket holding up to `capacity` tokens that refills at `rate`
tokens a second; an action takes a token and is refused while the bucket is
empty. Buckets live in this process (`app.extensions["limits"]`): with several
server processes each enforces its own share, which only makes the limit
proportionally looser. A capacity of 0 switches a limit off.

- joins: POST /participants attempts per IP (JOINS_PER_IP_PER_HOUR)
- seats: participants who joined one workshop from one IP (JOINS_PER_IP_PER_WORKSHOP; never
  refills), so one script cannot fill a workshop however many names it makes up
- lookups: requests naming an unknown code or a wrong token, per IP
  (FAILED_LOOKUPS_PER_IP_PER_HOUR); once spent, every lookup from that IP is
  refused until the bucket refills, so codes cannot be guessed
- workshops: workshops created per IP (WORKSHOPS_PER_IP_PER_HOUR)
- events: socket events per participant (EVENTS_PER_SECOND, bursts of EVENT_BURST), and of
  all participants on one IP together (EVENTS_PER_IP_PER_SECOND, bursts of EVENT_BURST_PER_IP),
  so many identities on one address get no more than a room's share
- floods: events refused to a participant; beyond FLOOD_DISCONNECT_AFTER (refilling at
  EVENTS_PER_SECOND) the connection is closed, so a flood stops costing the server work, and
  the participant may not connect again until half of that has refilled
- turns: the events of one IP start one at a time, each after a turn of everyone else's and,
  while more of the IP's wait, no sooner than its previous one took: under eventlet a handler
  runs until it yields, so without turns every event already received (a flood's backlog) ran
  before anyone else's next one
- IP floods: events refused to all participants of one IP together; beyond
  FLOOD_DISCONNECT_AFTER_PER_IP (refilling at EVENTS_PER_IP_PER_SECOND) each of them who sends
  another is cut off, and nobody connects from that IP until half of that has refilled (its
  handshakes are answered 429 before any upgrade: `Gate`). Many
  identities flooding together are stopped as fast as one, before their refusals (cheap, but
  thousands a second) crowd out everyone else's events
"""

import json
import math
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import parse_qs

from flask import Flask, current_app, request

from .domain.rules import RuleError
from .keyed import KeyedLocks

HOUR = 3600.0
MAX_BUCKETS = 100_000  # beyond this, full buckets (idle keys) are forgotten
MAX_PAUSE = 0.05  # seconds: an event that waited long (for a workshop, PostgreSQL) pauses its key no longer
OTHERS_WINDOW = 1.0  # seconds: a key's backlog pauses only while another key was served this recently


@dataclass
class Bucket:
    tokens: float
    at: float


class Limit:
    def __init__(self, capacity: float, rate: float):
        self.capacity, self.rate = capacity, rate
        self._buckets: dict[str, Bucket] = {}
        self._lock = threading.Lock()

    def _bucket(self, key: str, now: float) -> Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= MAX_BUCKETS:
                self._forget_idle(now)
            bucket = self._buckets[key] = Bucket(self.capacity, now)
        else:
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.at) * self.rate)
            bucket.at = now
        return bucket

    def _forget_idle(self, now: float) -> None:
        for key, b in list(self._buckets.items()):
            if b.tokens + (now - b.at) * self.rate >= self.capacity:
                del self._buckets[key]

    def take(self, key: str, *, refuse: bool = True) -> bool:
        """Take one token; False (or RuleError when `refuse`) when there is none left."""
        if self.capacity <= 0:
            return True
        with self._lock:
            bucket = self._bucket(key, time.monotonic())
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return True
            if not refuse:
                bucket.tokens = 0
                return False
        raise RuleError("rate_limited", "Too many requests; wait a little and try again.")

    def wait(self, key: str, at_least: float) -> float:
        """Seconds until the bucket holds `at_least` tokens again; 0 when it does now."""
        if self.capacity <= 0:
            return 0.0
        with self._lock:
            if key not in self._buckets:  # a key never refused: full, and no bucket made for it
                return 0.0
            missing = at_least - self._bucket(key, time.monotonic()).tokens
        return 0.0 if missing <= 0 else missing / self.rate if self.rate else HOUR

    def check(self, key: str, *, at_least: float = 1,
              message: str = "Too many failed attempts; wait a little and try again.") -> None:
        """Refuse while the bucket holds fewer than `at_least` tokens, without taking one."""
        if self.capacity <= 0:
            return
        with self._lock:
            if self._bucket(key, time.monotonic()).tokens < at_least:
                raise RuleError("rate_limited", message)


class Turns:
    """Who starts next: of each key (an IP address) one event at a time, behind everyone else's,
    and while the key has a backlog, no sooner than its previous event took.

    Under eventlet a handler runs until it yields and sqlite3 never does, so events run in the
    order they were received: a flood's backlog ran before anyone else's next event. Here an
    event of a key first waits for the previous one of that key to start, then yields, so every
    other key's waiting events get to start in between. And while more events of the key wait
    behind it, it also waits out what is left of its predecessor's duration: a key with a
    backlog gets at most half of the server's time, so another key's event, which passes
    through the loop several times (read, handled, acked), waits behind about one event of it
    rather than one at every pass. A key with nothing waiting behind (one person's events one
    after another) never pauses, nor does a key alone on the server (a room on one venue
    address with nobody else about): pausing it would only leave the server idle. Only the
    start is ordered: the work itself holds nothing, so an event that waits (for a workshop,
    for PostgreSQL) holds up no other event of its key. A key's lock and its pause exist only
    while events of it wait or run."""

    def __init__(self):
        self._keys = KeyedLocks()
        self._until: dict[str, float] = {}  # key -> when its next event may start
        self._latest, self._other = ("", -OTHERS_WINDOW), -OTHERS_WINDOW  # who started last, when;
        # and when a key other than that one last started
        self._arrived: dict[str, int] = {}  # key -> events read and not started yet (`arrived`)

    def __len__(self) -> int:
        return len(self._keys)

    def arrived(self, key: str) -> None:
        """An event of `key` was read; its handler starts later (`turn`). Called as the server
        reads it, so that a key whose backlog starts first knows that someone else waits."""
        if len(self._arrived) >= MAX_BUCKETS:  # keys whose events never started (a bad packet)
            self._arrived.clear()
        self._arrived[key] = self._arrived.get(key, 0) + 1

    @contextmanager
    def turn(self, key: str):
        """Wait for the key's turn, then run the event (the `with` block) and time it. The
        turn yields only while someone else is about: alone (a room on one address), a key's
        events start one after another in the same pass of the loop, and a broadcast's
        writers each take several messages at once instead of one per pass."""
        with self._keys.hold(key):
            self._starting(key)
            if self._others_waiting(key) or self._others_about(key):
                pause = self._until.get(key, 0.0) - time.monotonic() if self._keys.queued(key) > 1 else 0
                time.sleep(max(0.0, pause))  # green under eventlet: everyone else's events go meanwhile
            started = self._until[key] = time.monotonic()  # the next one waits for this one's end
            self._started(key, started)
        try:
            yield
        finally:
            ended = time.monotonic()
            if self._keys.queued(key):
                self._until[key] = ended + min(ended - started, MAX_PAUSE)
            else:  # nothing of the key waits: nothing to pause, nothing to keep
                self._until.pop(key, None)

    def _starting(self, key: str) -> None:
        left = self._arrived.get(key, 0) - 1
        if left > 0:
            self._arrived[key] = left
        else:
            self._arrived.pop(key, None)

    def _others_waiting(self, key: str) -> bool:
        """Whether another key has an event read and not started, or one starting."""
        return len(self._arrived) > (key in self._arrived) or len(self._keys) > 1

    def _started(self, key: str, at: float) -> None:
        if self._latest[0] != key:
            self._other = self._latest[1]
        self._latest = (key, at)

    def _others_about(self, key: str) -> bool:
        """Whether another key started an event within the last OTHERS_WINDOW seconds."""
        other = self._latest[1] if self._latest[0] != key else self._other
        return time.monotonic() - other < OTHERS_WINDOW


class Limits:
    def __init__(self, config: dict):
        def per_hour(count: int) -> Limit:
            return Limit(count, count / HOUR)

        self.joins = per_hour(config["JOINS_PER_IP_PER_HOUR"])
        self.seats = Limit(config["JOINS_PER_IP_PER_WORKSHOP"], 0)
        self.lookups = per_hour(config["FAILED_LOOKUPS_PER_IP_PER_HOUR"])
        self.workshops = per_hour(config["WORKSHOPS_PER_IP_PER_HOUR"])
        burst = config["EVENT_BURST"] if config["EVENTS_PER_SECOND"] else 0
        self.events = Limit(burst, config["EVENTS_PER_SECOND"])
        ip_burst = config["EVENT_BURST_PER_IP"] if config["EVENTS_PER_IP_PER_SECOND"] else 0
        self.ip_events = Limit(ip_burst, config["EVENTS_PER_IP_PER_SECOND"])
        self.floods = Limit(config["FLOOD_DISCONNECT_AFTER"] if burst else 0, config["EVENTS_PER_SECOND"])
        # Off with the IP's event limit, and with disconnection altogether (FLOOD_DISCONNECT_AFTER=0).
        cut_off = ip_burst and config["FLOOD_DISCONNECT_AFTER"]
        self.ip_floods = Limit(config["FLOOD_DISCONNECT_AFTER_PER_IP"] if cut_off else 0,
                               config["EVENTS_PER_IP_PER_SECOND"])
        self.turns = Turns()


def _limits() -> Limits:
    return current_app.extensions["limits"]


def client_ip() -> str:
    return request.remote_addr or "unknown"


def join_attempt() -> None:
    _limits().joins.take(client_ip())


def workshop_created() -> None:
    _limits().workshops.take(client_ip())


def seat(workshop_id: int) -> None:
    """One more participant of this workshop joins from this IP."""
    try:
        _limits().seats.take(f"{client_ip()} {workshop_id}")
    except RuleError:
        raise RuleError("rate_limited", "Too many people joined this workshop from your network; "
                                        "ask the facilitator.") from None


Found = TypeVar("Found")


def lookup(find: Callable[[], Found | None]) -> Found | None:
    """Look up what a request names (a code, a token). An IP that has spent its failed lookups
    may not try another for a while; a miss (`find` returns None) counts against it."""
    _limits().lookups.check(client_ip())
    found = find()
    if found is None:
        _limits().lookups.take(client_ip(), refuse=False)
    return found


def event(participant_id: int) -> None:
    """One socket event: within the participant's own limit, then within their IP's."""
    limits = _limits()
    limits.events.take(str(participant_id))
    limits.ip_events.take(client_ip())


def turn() -> AbstractContextManager:
    """Run this event (the `with` block) after the IP's earlier ones and a turn of everyone
    else's; with a backlog of the IP's behind it, no sooner than its previous one took (`Turns`)."""
    return _limits().turns.turn(client_ip())


def flooding(participant_id: int) -> bool:
    """Count one refused event; True once a participant, or their IP, keeps sending far beyond
    the limit."""
    limits = _limits()
    own = limits.floods.take(str(participant_id), refuse=False)
    ip = limits.ip_floods.take(client_ip(), refuse=False)
    return not (own and ip)


COOLING_DOWN = "Too many messages; wait a few seconds before connecting again."


def ip_may_connect() -> None:
    """An IP cut off for flooding waits until half its allowance has refilled: checked before
    anything is looked up. A new Engine.IO session is refused even earlier (`Gate`); this
    refuses one opened before the cut-off, and test clients, which bypass HTTP."""
    floods = _limits().ip_floods
    floods.check(client_ip(), at_least=floods.capacity / 2, message=COOLING_DOWN)


class Gate:
    """WSGI middleware in front of Socket.IO: while an IP is cut off for flooding, a handshake
    from it (a request for a new Engine.IO session, polling or WebSocket: no `sid` yet) is
    answered `429 rate_limited` with a JSON error and `Retry-After`, before any upgrade,
    Engine.IO session or Socket.IO connect is made for it. A cut-off room reconnects every
    second or so; each such attempt used to cost a WebSocket handshake, an Engine.IO and a
    Socket.IO connect and a turn before the connect handler refused it. Requests of sessions
    already open pass (a browser on polling behind the same address keeps its connection), and
    so does everything else."""

    def __init__(self, wsgi_app, limits: Limits, path: str = "/socket.io/"):
        self.wsgi_app, self.floods, self.path = wsgi_app, limits.ip_floods, path

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith(self.path) and "sid" not in parse_qs(
                environ.get("QUERY_STRING", "")):
            wait = self.floods.wait(environ.get("REMOTE_ADDR") or "unknown", self.floods.capacity / 2)
            if wait > 0:
                body = json.dumps({"error": {"code": "rate_limited", "message": COOLING_DOWN}}).encode()
                start_response("429 Too Many Requests", [
                    ("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                    ("Retry-After", str(math.ceil(wait))), ("Cache-Control", "no-store")])
                return [body]
        return self.wsgi_app(environ, start_response)


def may_connect(participant_id: int) -> None:
    """A participant cut off for flooding waits until half their allowance has refilled."""
    floods = _limits().floods
    floods.check(str(participant_id), at_least=floods.capacity / 2, message=COOLING_DOWN)


def count_arrivals(app: Flask, sio) -> None:
    """Tell the turns of every event and connect as the server reads it, before its handler
    is spawned (the Socket.IO server `sio`, eventlet's: `server.serve`)."""
    turns, eio, environs = app.extensions["limits"].turns, sio.eio, sio.environ
    trigger = eio._trigger_event

    def triggered(event, *args, **kwargs):
        if event == "message" and isinstance(args[1], str) and args[1][:1] in _TAKE_TURNS:
            environ = environs.get(args[0])
            if environ is not None:
                turns.arrived(environ.get("REMOTE_ADDR") or "unknown")
        return trigger(event, *args, **kwargs)

    eio._trigger_event = triggered


_TAKE_TURNS = {"0", "2", "5"}  # Socket.IO packets whose handlers take turns: connect, event, binary event


def init_app(app: Flask) -> None:
    """Call after socketio.init_app, so that the `Gate` stands in front of Socket.IO, and before
    security.init_app, so that it sees the client's address a trusted proxy gives."""
    app.extensions["limits"] = Limits(app.config)
    app.wsgi_app = Gate(app.wsgi_app, app.extensions["limits"])
