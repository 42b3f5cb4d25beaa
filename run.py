"""Serve the workshop platform: `python run.py [--host H] [--port P]`."""

import os
import sys

# eventlet must patch the standard library (sockets, threading, time) before anything
# else imports it, or those modules keep blocking calls that stall every client.
if os.environ.get("SOCKETIO_ASYNC_MODE", "eventlet") == "eventlet":
    import eventlet

    eventlet.monkey_patch()
elif os.environ.get("SOCKETIO_ASYNC_MODE") == "gevent":
    from gevent import monkey

    monkey.patch_all()

import argparse  # noqa: E402
import socket  # noqa: E402

from workshop import create_app  # noqa: E402
from workshop.extensions import socketio  # noqa: E402


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    args = parser.parse_args(argv)
    # Each process keeps its own list of live connections; restarting it clears its own.
    server_id = os.environ.get("SERVER_ID") or f"{socket.gethostname()}:{args.port}"
    app = create_app({"SERVER_ID": server_id})
    print(f"Serving on http://{args.host}:{args.port}", flush=True)
    socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True,
                 log_output=False)


if __name__ == "__main__":
    main(sys.argv[1:])
