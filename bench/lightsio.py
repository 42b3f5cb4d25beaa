"""A minimal Socket.IO client for load generation: asyncio streams, one raw WebSocket.

python-socketio's AsyncClient costs about twice the server's CPU per delivered
message, so a benchmark built on it measures the client. This one speaks only
what the benchmark needs: Engine.IO v4 over a WebSocket (no polling), connect
with auth, events with acks, ping/pong. Incoming `event` messages are handed to
a callback as raw text; the caller picks out what it needs without a full parse.
"""

import asyncio
import json
import struct
import time


class ConnectError(Exception):
    pass


async def http(host: str, port: int, method: str, path: str, body: dict | None = None,
               headers: dict | None = None, source: str | None = None) -> tuple[int, dict]:
    """One HTTP/1.1 request on a fresh connection; returns (status, JSON body). `source` is the
    local address to send from (any of 127.0.0.0/8 reaches a server on 127.0.0.1)."""
    reader, writer = await asyncio.open_connection(host, port, local_addr=(source, 0) if source else None)
    data = json.dumps(body).encode() if body is not None else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close",
             f"Content-Length: {len(data)}"]
    if body is not None:
        lines.append("Content-Type: application/json")
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + data)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    if b"transfer-encoding: chunked" in head.lower():
        payload = _unchunk(payload)
    return status, json.loads(payload) if payload else {}


def _unchunk(data: bytes) -> bytes:
    out, i = [], 0
    while True:
        end = data.index(b"\r\n", i)
        size = int(data[i:end], 16)
        if size == 0:
            return b"".join(out)
        out.append(data[end + 2:end + 2 + size])
        i = end + 2 + size + 2


class Client:
    """One Socket.IO connection. `on_event(text, t)` gets each `event` message's JSON text."""

    def __init__(self, on_event=None):
        self.on_event = on_event or (lambda text, t: None)
        self.state: dict | None = None
        self.received = 0
        self._acks: dict[int, asyncio.Future] = {}
        self._next_ack = 0
        self._auth: dict = {}
        self._connected: asyncio.Future | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task | None = None
        # When the connect's steps were done (time.monotonic()): the TCP connection, the
        # WebSocket upgrade's 101, Engine.IO's open packet (the Socket.IO connect is sent then)
        # and `state`.
        self.times: dict[str, float] = {}

    async def connect(self, host: str, port: int, auth: dict, timeout: float = 60,
                      source: str | None = None) -> dict:
        """Open the WebSocket, send auth, return the `state` the server answers with."""
        self._auth = auth
        self.times["start"] = time.monotonic()
        reader, writer = await asyncio.open_connection(host, port,
                                                       local_addr=(source, 0) if source else None)
        self.times["tcp"] = time.monotonic()
        self._writer = writer
        writer.write((f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {host}:{port}\r\n"
                      "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                     .encode())
        head = await reader.readuntil(b"\r\n\r\n")
        self.times["upgraded"] = time.monotonic()
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectError(head.decode(errors="replace"))
        self._connected = asyncio.get_running_loop().create_future()
        self._task = asyncio.create_task(self._read(reader))
        return await asyncio.wait_for(self._connected, timeout)

    def _send(self, text: str) -> None:
        # Client frames must be masked; an all-zero mask key leaves the payload as it is.
        data = text.encode()
        n = len(data)
        if n < 126:
            header = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 65536:
            header = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        self._writer.write(header + b"\0\0\0\0" + data)

    async def emit(self, event: str, data: dict, timeout: float = 30) -> dict:
        """Send an event and wait for its ack."""
        self._next_ack += 1
        ack_id = self._next_ack
        future = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = future
        self._send(f"42{ack_id}" + json.dumps([event, data], separators=(",", ":")))
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._acks.pop(ack_id, None)

    async def close(self) -> None:
        if self._writer is not None and not self._writer.is_closing():
            try:
                self._send("41")
                self._writer.write(b"\x88\x80\0\0\0\0")
                await self._writer.drain()
            except (ConnectionError, RuntimeError):
                pass
            self._writer.close()
        if self._task is not None:
            self._task.cancel()

    async def _read(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                b0, b1 = await reader.readexactly(2)
                n = b1 & 0x7F
                if n == 126:
                    (n,) = struct.unpack("!H", await reader.readexactly(2))
                elif n == 127:
                    (n,) = struct.unpack("!Q", await reader.readexactly(8))
                payload = await reader.readexactly(n)
                opcode = b0 & 0x0F
                if opcode == 8:
                    break
                if opcode == 9:
                    self._writer.write(struct.pack("!BB", 0x8A, 0x80 | n) + b"\0\0\0\0" + payload)
                    continue
                if opcode in (1, 2):
                    self._packet(payload.decode(), time.monotonic())
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            for future in self._acks.values():
                if not future.done():
                    future.set_exception(ConnectionError("connection closed"))
            if self._connected is not None and not self._connected.done():
                self._connected.set_exception(ConnectError("connection closed"))

    def _packet(self, text: str, t: float) -> None:
        kind = text[0]
        if kind == "2":  # Engine.IO ping
            self._writer.write(b"\x81\x81\0\0\0\x003")
        elif kind == "0":  # Engine.IO open: now the Socket.IO connect with auth
            self.times["open"] = t
            self._send("40" + json.dumps(self._auth))
        elif kind == "4":
            self._message(text[1:], t)

    def _message(self, text: str, t: float) -> None:
        kind = text[0]
        if kind == "2":
            if text.startswith('2["event",'):
                self.received += 1
                self.on_event(text[10:-1], t)
            elif text.startswith('2["state",'):
                self.times["state"] = t
                self.state = json.loads(text[1:])[1]
                if not self._connected.done():
                    self._connected.set_result(self.state)
            else:
                self.received += 1
        elif kind == "3":
            i = 1
            while text[i].isdigit():
                i += 1
            future = self._acks.get(int(text[1:i]))
            if future is not None and not future.done():
                future.set_result(json.loads(text[i:])[0])
        elif kind == "4":
            if not self._connected.done():
                self._connected.set_exception(ConnectError(text[1:]))
        elif kind == "1":  # the server disconnected us (as a browser's client, stop: no acks follow)
            self._writer.close()
