"""Configuration: defaults read from environment variables, overridable per app."""

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


def _hosts(value: str | None) -> list[str] | None:
    hosts = [h.strip() for h in (value or "").split(",") if h.strip()]
    return hosts or None


def from_environment() -> dict:
    """Every setting the app knows, with its safe default (see README's table)."""
    return {
        "SESSIONS_DIR": os.environ.get("SESSIONS_DIR", str(ROOT / "sessions")),
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        "SECRET_KEY": os.environ.get("SECRET_KEY", ""),
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "").rstrip("/"),
        # Host names this server answers to; Flask refuses others (400). None: any.
        "TRUSTED_HOSTS": _hosts(os.environ.get("TRUSTED_HOSTS")),
        # The address run.py listens on: links name it when the request's Host is not vouched for.
        "SERVER_URL": "http://localhost",
        "SOCKETIO_MESSAGE_QUEUE": os.environ.get("SOCKETIO_MESSAGE_QUEUE", ""),
        "SOCKETIO_ASYNC_MODE": os.environ.get("SOCKETIO_ASYNC_MODE", "eventlet"),
        "SERVER_ID": os.environ.get("SERVER_ID", ""),
        "MAX_MESSAGE_BYTES": _int("MAX_MESSAGE_BYTES", 64 * 1024),
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 64 * 1024),
        "AGGREGATE_INTERVAL": _float("AGGREGATE_INTERVAL", 0.25),
        "PRESENCE_INTERVAL": _float("PRESENCE_INTERVAL", 1.0),
        # The HTTP server's deadlines in seconds (server.py): request line and headers, body,
        # and waiting for the next request on a kept-alive connection.
        "HTTP_HEADER_TIMEOUT": _float("HTTP_HEADER_TIMEOUT", 10.0),
        "HTTP_BODY_TIMEOUT": _float("HTTP_BODY_TIMEOUT", 15.0),
        "HTTP_IDLE_TIMEOUT": _float("HTTP_IDLE_TIMEOUT", 30.0),
        "EVENT_LOG_KEEP": _int("EVENT_LOG_KEEP", 100_000),
        # A resent operation within this many hours gets its original ack (older acks are pruned).
        "OPERATION_KEEP_HOURS": _int("OPERATION_KEEP_HOURS", 24),
        # Seconds within which connections to a workshop deleted elsewhere (the CLI) are closed.
        "LIVE_CHECK_INTERVAL": float(os.environ.get("LIVE_CHECK_INTERVAL", "3.0")),
        "MAX_PARTICIPANTS": _int("MAX_PARTICIPANTS", 500),
        # NORMAL: no fsync per commit (WAL stays consistent; a power cut may lose the last changes).
        "SQLITE_SYNCHRONOUS": os.environ.get("SQLITE_SYNCHRONOUS", "NORMAL").upper(),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        "SESSION_COOKIE_SECURE": _bool(os.environ.get("SESSION_COOKIE_SECURE"), False),
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted.
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        # Abuse limits (security and limits modules); 0 switches one off.
        "JOINS_PER_IP_PER_HOUR": _int("JOINS_PER_IP_PER_HOUR", 1000),
        "JOINS_PER_IP_PER_WORKSHOP": _int("JOINS_PER_IP_PER_WORKSHOP", 150),
        "FAILED_LOOKUPS_PER_IP_PER_HOUR": _int("FAILED_LOOKUPS_PER_IP_PER_HOUR", 60),
        "WORKSHOPS_PER_IP_PER_HOUR": _int("WORKSHOPS_PER_IP_PER_HOUR", 20),
        "EVENTS_PER_SECOND": _int("EVENTS_PER_SECOND", 10),
        "EVENT_BURST": _int("EVENT_BURST", 20),
        "EVENTS_PER_IP_PER_SECOND": _int("EVENTS_PER_IP_PER_SECOND", 50),
        "EVENT_BURST_PER_IP": _int("EVENT_BURST_PER_IP", 100),
        # A participant refused this many events beyond the limit (at its rate) is disconnected.
        "FLOOD_DISCONNECT_AFTER": _int("FLOOD_DISCONNECT_AFTER", 100),
        "FLOOD_DISCONNECT_AFTER_PER_IP": _int("FLOOD_DISCONNECT_AFTER_PER_IP", 200),
        # Summary downloads (workshop.downloads): worker processes that render them (empty: 2 under
        # eventlet, none in threading mode), renders at once per person and in all, cached files.
        "RENDER_PROCESSES": _int("RENDER_PROCESSES", None),
        "RENDERS_PER_PERSON": _int("RENDERS_PER_PERSON", 2),
        "RENDERS_AT_ONCE": _int("RENDERS_AT_ONCE", 4),
        "SUMMARY_CACHE_MB": _int("SUMMARY_CACHE_MB", 64),
        # Closed workshops lose their personal data this many days after closing (`flask retention`).
        "RETENTION_DAYS": _int("RETENTION_DAYS", 90),
        # Facilitator accounts (workshop/accounts): creating workshops needs a login when set.
        "ACCOUNTS_REQUIRED": _bool(os.environ.get("ACCOUNTS_REQUIRED"), False),
        "LOGIN_DAYS": _int("LOGIN_DAYS", 14),
        "LOGIN_FAILURES_PER_IP_PER_HOUR": _int("LOGIN_FAILURES_PER_IP_PER_HOUR", 30),
        "LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR": _int("LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR", 10),
    }


def database_url(config: dict) -> str:
    """The configured database, or the embedded SQLite file in the sessions folder."""
    url = config.get("DATABASE_URL") or ""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    return url or f"sqlite:///{Path(config['SESSIONS_DIR']) / 'workshops.sqlite3'}"


def engine_options(url: str) -> dict:
    """SQLite: no cap on open connections. Writers queue on the write lock (`database.py`) while
    holding their connection, so a capped pool made readers (`/healthz`, `state`) queue behind
    every writer of a joining room; a connection beyond the kept ten is closed when returned."""
    file = url.startswith("sqlite:///") and ":memory:" not in url
    return {"pool_size": 10, "max_overflow": -1} if file else {}


def secret_key(config: dict) -> str:
    """SECRET_KEY, or one generated on first start and kept beside the data."""
    if config.get("SECRET_KEY"):
        return config["SECRET_KEY"]
    path = Path(config["SESSIONS_DIR"]) / "secret_key"
    try:
        # Private from the first byte: created with its mode, never readable by others.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()
