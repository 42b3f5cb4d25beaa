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
import resource  # noqa: E402
import socket  # noqa: E402

from workshop import create_app  # noqa: E402
from workshop.collector import collect_steadily  # noqa: E402
from workshop.extensions import socketio  # noqa: E402


def raise_file_limit() -> int:
    """Every connection is a file descriptor: take the hard limit, not the usual soft 1,024."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def port_taken(host: str, port: int) -> bool:
    """True when a server already listens there. eventlet listens with SO_REUSEPORT, so a second
    server would silently share the port, each broadcasting only to its own clients."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is not "taken"
        try:
            probe.bind(address)
        except OSError:
            return True
    return False


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    args = parser.parse_args(argv)
    if port_taken(args.host, args.port):
        sys.exit(f"Port {args.port} on {args.host} is already in use (another server is running?).")
    # Each process keeps its own list of live connections; restarting it clears its own.
    server_id = os.environ.get("SERVER_ID") or f"{socket.gethostname()}:{args.port}"
    listening = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
    listening = f"[{listening}]" if ":" in listening else listening
    app = create_app({"SERVER_ID": server_id, "SERVER_URL": f"http://{listening}:{args.port}"})
    # eventlet's WSGI server serves at most max_size connections at once (1,024 unless told),
    # and each needs a file descriptor; keep some descriptors for the database and logs.
    collect_steadily()
    files = raise_file_limit()
    max_connections = min(int(os.environ.get("MAX_CONNECTIONS", "10000")), files - 64)
    print(f"Serving on http://{args.host}:{args.port} (up to {max_connections} connections)", flush=True)
    if not (app.config["PUBLIC_URL"] or app.config["TRUSTED_HOSTS"]):
        print("Join links and QR codes name this server as requests do only for localhost and "
              "private-network addresses; behind a domain name set PUBLIC_URL.", flush=True)
    if socketio.async_mode == "eventlet":
        from workshop import server

        server.serve(app, args.host, args.port, max_connections)
    else:
        socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True, log_output=False)


if __name__ == "__main__":
    main(sys.argv[1:])
