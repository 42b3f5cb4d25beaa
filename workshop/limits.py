"""Abuse limits: token buckets per IP address or participant, answered with `rate_limited`.

Each limit is a bucket holding up to `capacity` tokens that refills at `rate`
tokens a second; an action takes a token and is refused while the bucket is
empty. Buckets live in this process (`app.extensions["limits"]`): with several
server processes each enforces its own share, which only makes the limit
proportionally looser. A capacity of 0 switches a limit off.

- joins: POST /participants attempts per IP (JOINS_PER_IP_PER_HOUR)
- lookups: requests naming an unknown code or a wrong token, per IP
  (FAILED_LOOKUPS_PER_IP_PER_HOUR); once spent, every lookup from that IP is
  refused until the bucket refills, so codes cannot be guessed
- workshops: workshops created per IP (WORKSHOPS_PER_IP_PER_HOUR)
- events: socket events per participant (EVENTS_PER_SECOND, bursts of EVENT_BURST)
- floods: events refused to a participant; beyond FLOOD_DISCONNECT_AFTER (refilling at
  EVENTS_PER_SECOND) the connection is closed, so a flood stops costing the server work
"""

import threading
import time
from dataclasses import dataclass

from flask import Flask, current_app, request

from .domain.rules import RuleError

HOUR = 3600.0
MAX_BUCKETS = 100_000  # beyond this, full buckets (idle keys) are forgotten


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

    def check(self, key: str) -> None:
        """Refuse while the bucket is empty, without taking a token."""
        if self.capacity <= 0:
            return
        with self._lock:
            if self._bucket(key, time.monotonic()).tokens < 1:
                raise RuleError("rate_limited", "Too many failed attempts; wait a little and try again.")


class Limits:
    def __init__(self, config: dict):
        def per_hour(count: int) -> Limit:
            return Limit(count, count / HOUR)

        self.joins = per_hour(config["JOINS_PER_IP_PER_HOUR"])
        self.lookups = per_hour(config["FAILED_LOOKUPS_PER_IP_PER_HOUR"])
        self.workshops = per_hour(config["WORKSHOPS_PER_IP_PER_HOUR"])
        burst = config["EVENT_BURST"] if config["EVENTS_PER_SECOND"] else 0
        self.events = Limit(burst, config["EVENTS_PER_SECOND"])
        self.floods = Limit(config["FLOOD_DISCONNECT_AFTER"] if burst else 0, config["EVENTS_PER_SECOND"])


def _limits() -> Limits:
    return current_app.extensions["limits"]


def client_ip() -> str:
    return request.remote_addr or "unknown"


def join_attempt() -> None:
    _limits().joins.take(client_ip())


def workshop_created() -> None:
    _limits().workshops.take(client_ip())


def before_lookup() -> None:
    """An IP that has spent its failed lookups may not try another code or token for a while."""
    _limits().lookups.check(client_ip())


def failed_lookup() -> None:
    _limits().lookups.take(client_ip(), refuse=False)


def event(participant_id: int) -> None:
    _limits().events.take(str(participant_id))


def flooding(participant_id: int) -> bool:
    """Count one refused event; True once a participant keeps sending far beyond the limit."""
    return not _limits().floods.take(str(participant_id), refuse=False)


def init_app(app: Flask) -> None:
    app.extensions["limits"] = Limits(app.config)
