"""The HTTP server `run.py` starts (eventlet's): deadlines for headers, bodies and idle connections,
writes that go out at once (TCP_NODELAY), and JSON errors even for requests refused before
the app sees them.

A per-read socket timeout does not stop a client that sends one byte every few seconds, so
each deadline is a total: from accepting the connection (or the end of the previous request,
plus the idle time allowed between requests) until the last header line, and from the last
header line until the last byte of the body. A client that misses one is disconnected; a body
that misses its deadline reads as a client that went away (`400 invalid`). WebSocket
connections are not affected: they are past their headers and never read a body.
"""

import json
import re
import socket
import time
from contextlib import contextmanager

import eventlet
import eventlet.green.socket
import eventlet.wsgi

from . import frames, limits
from .extensions import socketio

# Connections the kernel queues until the loop accepts them (eventlet's default is 50): a room
# joining at once must not find the door shut (connection refused or reset) while it is busy.
BACKLOG = 4096


class BodyTimeout(OSError):
    """The body did not arrive in time. An OSError, so readers treat it as a lost client."""


class Input(eventlet.wsgi.Input):
    """A request body that can be read until its deadline."""

    deadline = 0.0

    @classmethod
    def of(cls, body: eventlet.wsgi.Input, seconds: float) -> "Input":
        timed = cls.__new__(cls)
        timed.__dict__.update(body.__dict__)
        timed.deadline = time.monotonic() + seconds
        return timed

    @contextmanager
    def _in_time(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise BodyTimeout("request body deadline passed")
        with eventlet.Timeout(left, BodyTimeout("request body deadline passed")):
            yield

    def _do_read(self, reader, length=None):
        with self._in_time():
            return super()._do_read(reader, length)

    def _chunked_read(self, rfile, length=None, use_readline=False):
        with self._in_time():
            return super()._chunked_read(rfile, length, use_readline)


class JsonErrors:
    """The connection's writer, turning the few answers eventlet makes before the app sees a
    request (a request line or header too long, a bad `Content-Length`) into the contract's
    JSON error with the same status: `{"error": {"code": "invalid", "message"}}`. eventlet
    writes each of them whole, as HTTP/1.0; every answer of the app is HTTP/1.1."""

    CANNED = re.compile(rb"HTTP/1\.0 (4\d\d) ([^\r\n]*)\r\n")

    def __init__(self, wfile):
        self._wfile = wfile
        self.writelines, self.flush = wfile.writelines, wfile.flush  # the app's answers, as they were

    def write(self, data):
        found = self.CANNED.match(data) if isinstance(data, bytes | bytearray) else None
        if found is None:
            return self._wfile.write(data)
        status, reason = found.groups()
        body = json.dumps({"error": {"code": "invalid", "message": reason.decode("latin-1")}}).encode()
        return self._wfile.write(
            b"HTTP/1.0 %s %s\r\nConnection: close\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (status, reason, len(body), body))

    def __getattr__(self, name):
        return getattr(self._wfile, name)


class Protocol(eventlet.wsgi.HttpProtocol):
    """eventlet's HTTP/1.1 handler with total deadlines (seconds, set by `options`)."""

    header_timeout = 10.0
    body_timeout = 10.0
    idle_timeout = 30.0

    def setup(self):
        """Every write goes out at once (TCP_NODELAY). With Nagle's algorithm a small frame
        written while an earlier one is unacknowledged waits for that acknowledgement, which the
        client's kernel delays (40 ms on Linux, up to 200 ms elsewhere): an ack written right
        after a broadcast to the same connection arrived that much later."""
        super().setup()
        self.wfile = JsonErrors(self.wfile)
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # not TCP (a Unix socket)
            pass

    def handle(self):
        self.served = 0
        super().handle()

    def handle_one_request(self):
        wait = self.header_timeout + (self.idle_timeout if self.served else 0)
        self.served += 1
        self.headers_due = eventlet.Timeout(wait)
        try:
            super().handle_one_request()
        except eventlet.Timeout as timeout:
            if timeout is not self.headers_due:
                raise
            self.close_connection = 1
        finally:
            self.headers_due.cancel()

    def parse_request(self):
        try:
            return super().parse_request()
        finally:
            self.headers_due.cancel()

    def get_environ(self):
        environ = super().get_environ()
        environ["wsgi.input"] = environ["eventlet.input"] = Input.of(environ["eventlet.input"],
                                                                     self.body_timeout)
        return environ


def serve(app, host: str, port: int, max_connections: int) -> None:
    """Serve `app` (with its Socket.IO middleware) until stopped: what socketio.run does for
    eventlet, with the deadlines above and a listen backlog for a room joining at once."""
    config = app.config
    frames.install(socketio.server.eio)
    limits.count_arrivals(app, socketio.server)

    class Configured(Protocol):
        header_timeout = config["HTTP_HEADER_TIMEOUT"]
        body_timeout = config["HTTP_BODY_TIMEOUT"]
        idle_timeout = config["HTTP_IDLE_TIMEOUT"]

    family, _, _, _, address = eventlet.green.socket.getaddrinfo(host, port)[0]
    listener = eventlet.listen(address, family, backlog=BACKLOG)
    eventlet.wsgi.server(listener, app, log_output=False, max_size=max_connections, protocol=Configured)
