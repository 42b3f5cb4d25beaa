"""WebSocket frames of the real server to a client that offers permessage-deflate, as every
browser does (`workshop.frames`): small messages uncompressed, large ones compressed, and both
read back as sent."""

import base64
import json
import os
import socket
import struct
import zlib

import pytest
import requests

from workshop.frames import COMPRESS_FROM, Frames

DEFLATE = {"permessage-deflate": {"server_no_context_takeover": False,
                                  "client_no_context_takeover": False}}


def unpack(frame: bytes) -> tuple[bool, bytes]:
    """(compressed?, payload) of one unmasked frame."""
    length, start = frame[1] & 0x7F, 2
    if length == 126:
        (length,), start = struct.unpack("!H", frame[2:4]), 4
    elif length == 127:
        (length,), start = struct.unpack("!Q", frame[2:10]), 10
    return bool(frame[0] & 0x40), frame[start:start + length]


def test_only_large_messages_are_compressed_and_no_compressor_is_kept():
    ws = Frames(None, {}, extensions=DEFLATE)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # the browser's, kept for the connection
    small = '42["event",{"seq":1}]'
    large = ['42["state",' + json.dumps({"cards": [f"kaartje {i}" for i in range(200)]}) + "]",
             '42["event",' + json.dumps({"note": "lang " * 400}) + "]"]
    sent = [small, large[0], small, large[1]]
    frames = [unpack(ws._pack_message(text)) for text in sent]
    assert [compressed for compressed, _ in frames] == [False, True, False, True]
    assert [inflater.decompress(payload + b"\x00\x00\xff\xff") if compressed else payload
            for compressed, payload in frames] == [text.encode() for text in sent]
    assert len(frames[1][1]) < len(large[0]) / 3
    assert ws._deflate_enc is None


def test_without_the_extension_nothing_is_compressed():
    ws = Frames(None, {}, extensions={})
    text = "x" * (4 * COMPRESS_FROM)
    assert unpack(ws._pack_message(text)) == (False, text.encode())


@pytest.fixture(scope="module")
def server(module_server):
    return module_server


class DeflateClient:
    """A raw WebSocket client that offers permessage-deflate and keeps its inflater, as a
    browser does; `receive()` gives (compressed?, text)."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            f"Sec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(4096)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        self.headers = head.decode().lower()
        self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def receive(self) -> tuple[bool, str]:
        first, second = self._read(2)
        assert first & 0x80, "one frame per message"
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._read(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._read(8))
        payload = self._read(length)
        compressed = bool(first & 0x40)
        if compressed:
            payload = self.inflater.decompress(payload + b"\x00\x00\xff\xff")
        return compressed, payload.decode()

    def send(self, text: str) -> None:
        data, mask = text.encode(), os.urandom(4)
        header = bytes([0x81]) + (bytes([0x80 | len(data)]) if len(data) < 126
                                  else bytes([0x80 | 126]) + struct.pack("!H", len(data)))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def until(self, prefix: str) -> list[tuple[bool, str]]:
        """Messages up to and including the first that starts with `prefix`."""
        got = [self.receive()]
        while not got[-1][1].startswith(prefix):
            got.append(self.receive())
        return got


@pytest.mark.live
def test_small_messages_go_uncompressed_and_large_ones_compressed_to_a_deflate_client(server):
    created = requests.post(f"{server.url}/api/workshops",
                            json={"title": "Frames", "intervention": "Beweegkuur"}, timeout=30).json()
    client = DeflateClient(server.port)
    assert "permessage-deflate" in client.headers  # the extension is still accepted
    client.receive()  # the engine.io handshake
    client.send("40" + json.dumps({"code": created["code"], "token": created["facilitator_token"]}))
    compressed, state = client.until('42["state"')[-1]
    assert len(state) >= COMPRESS_FROM and compressed
    seq = json.loads(state[2:])[1]["seq"]

    long_note = " ".join(["Een lange notitie over de rol van deze partij."] * 40)
    for i, note in enumerate(["kort", long_note, "weer kort", long_note + "!"]):
        client.send(f'42{i}["actor:add",' + json.dumps({"name": f"Partij {i}", "category": "other",
                                                         "note": note}) + "]")
        messages = client.until(f"43{i}[")
        compressed, event = next(m for m in messages if m[1].startswith('42["event"'))
        body = json.loads(event[2:])[1]
        assert body["seq"] == seq + i + 1
        assert body["data"]["actor"]["note"] == note
        assert compressed == (len(event) >= COMPRESS_FROM)
    client.sock.close()
