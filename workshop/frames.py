"""WebSocket frames as the eventlet server writes them: small messages uncompressed.

Every browser offers permessage-deflate and eventlet accepts it; from then on it compressed
every frame to that browser with the connection's own zlib stream, so each delivery of a
broadcast was compressed once per recipient: about 7 µs for a 200-byte event, a quarter of
what queueing and writing it costs, to save a hundred bytes. RFC 7692 lets the sender choose
per message (the RSV1 bit), so messages shorter than `COMPRESS_FROM` go out as they are and
the large ones (`state`, `sync`, a big `workshop.updated`) are still compressed. Clients that
do not offer the extension are not affected.
"""

from engineio.async_drivers import eventlet as engineio_eventlet
from eventlet import websocket

COMPRESS_FROM = 1024  # characters


class Frames(websocket.RFC6455WebSocket):
    def _pack_message(self, message, *args, **kwargs):
        if len(message) >= COMPRESS_FROM or "permessage-deflate" not in self.extensions:
            return super()._pack_message(message, *args, **kwargs)
        # Packing does not yield, so no other green thread sees the extensions set aside.
        extensions, self.extensions = self.extensions, {}
        try:
            return super()._pack_message(message, *args, **kwargs)
        finally:
            self.extensions = extensions


class WebSocketWSGI(engineio_eventlet.WebSocketWSGI):
    def _handle_hybi_request(self, environ):
        ws = super()._handle_hybi_request(environ)
        if type(ws) is websocket.RFC6455WebSocket:
            ws.__class__ = Frames
        return ws


def install(eio) -> None:
    """Make the Engine.IO server `eio` (eventlet) write its WebSocket frames with `Frames`."""
    eio._async = {**eio._async, "websocket": WebSocketWSGI}
