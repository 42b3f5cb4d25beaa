"""WebSocket frames as the eventlet server writes them: small messages uncompressed, large
ones compressed without a compressor kept per connection.

Every browser offers permessage-deflate and eventlet accepts it, and then compressed every
frame to that browser with a zlib stream of that connection's own: each delivery of a
broadcast cost one compression per recipient (about 7 µs for a 200-byte event, a quarter of
what queueing and writing it costs, to save a hundred bytes), and each connection kept a
compressor of 100–300 KB (100–300 MB for 1,000 phones). RFC 7692 lets the sender choose per
message (the RSV1 bit) and never obliges it to refer back to earlier messages, so messages
shorter than `COMPRESS_FROM` go out as they are, and each large one (`state`, `sync`, a big
`workshop.updated`) is compressed by a compressor of its own, dropped once it is written.
Clients that do not offer the extension are not affected.
"""

import zlib

from engineio.async_drivers import eventlet as engineio_eventlet
from eventlet import websocket

COMPRESS_FROM = 1024  # characters


class Frames(websocket.RFC6455WebSocket):
    _compress = False

    def _pack_message(self, message, *args, **kwargs):
        # Packing does not yield: no other green thread writes to this socket meanwhile.
        self._compress = len(message) >= COMPRESS_FROM
        return super()._pack_message(message, *args, **kwargs)

    def _get_permessage_deflate_enc(self):
        options = self.extensions.get("permessage-deflate")
        if options is None or not self._compress:
            return None
        return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED,
                                -options.get("server_max_window_bits", zlib.MAX_WBITS))


class WebSocketWSGI(engineio_eventlet.WebSocketWSGI):
    def _handle_hybi_request(self, environ):
        ws = super()._handle_hybi_request(environ)
        if type(ws) is websocket.RFC6455WebSocket:
            ws.__class__ = Frames
        return ws


def install(eio) -> None:
    """Make the Engine.IO server `eio` (eventlet) write its WebSocket frames with `Frames`."""
    eio._async = {**eio._async, "websocket": WebSocketWSGI}
