"""The reference for bench/load.py: a bare Flask-SocketIO broadcast server on eventlet.

Same URLs, auth, events and acks as the workshop server as far as the load
generator can see, but no database, no rules and no coalescing: every action is
broadcast at once to the workshop's room with the next `seq`. What the product
costs on top of the framework is the difference between the two.

    python bench/bare_server.py --port 5001
"""

import os

# Sockets must be green before Flask and Socket.IO import them.
import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import itertools  # noqa: E402
import resource  # noqa: E402
import secrets  # noqa: E402

from flask import Flask, jsonify, request  # noqa: E402
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode="eventlet", logger=False, engineio_logger=False)
ids = itertools.count(1)
workshops: dict[str, dict] = {}  # code -> {"seq": int, "actors": int}
people: dict[str, tuple[str, int]] = {}  # token -> (code, participant id)
sids: dict[str, tuple[str, int]] = {}
votes: dict[int, int] = {}


def _person(code: str) -> dict:
    token = secrets.token_urlsafe(16)
    pid = next(ids)
    people[token] = (code, pid)
    return {"id": pid, "token": token}


@app.post("/api/workshops")
def create():
    code = secrets.token_hex(4).upper()
    workshops[code] = {"seq": 0, "actors": 0}
    return jsonify({"code": code, "facilitator_token": _person(code)["token"]}), 201


@app.post("/api/workshops/<code>/participants")
def join(code):
    body = request.get_json()
    person = _person(code)
    return jsonify({"participant": {"id": person["id"], "name": body["name"]},
                    "token": person["token"]}), 201


@app.get("/api/workshops/<code>")
def state(code):
    return jsonify({"seq": workshops[code]["seq"]})


@app.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@socketio.on("connect")
def connect(auth=None):
    found = people.get((auth or {}).get("token", ""))
    if found is None:
        raise ConnectionRefusedError("unauthorized")
    code, pid = found
    sids[request.sid] = found
    join_room(code)
    strategies = [{"id": i, "votes": 0, "my_votes": 0} for i in range(1, 11)]
    emit("state", {"seq": workshops[code]["seq"], "me": {"id": pid, "votes_left": 5},
                   "actors": [], "strategies": strategies})


@socketio.on("disconnect")
def disconnect(reason=None):
    sids.pop(request.sid, None)


def broadcast(type_: str, data: dict) -> dict:
    code, pid = sids[request.sid]
    w = workshops[code]
    w["seq"] += 1
    socketio.emit("event", {"seq": w["seq"], "type": type_, "data": data, "by": pid}, to=code)
    return {"ok": True}


@socketio.on("actor:add")
def actor_add(data):
    w = workshops[sids[request.sid][0]]
    w["actors"] += 1
    actor = {"id": w["actors"], **data}
    broadcast("actor.added", {"actor": actor})
    return {"ok": True, "actor": actor}


@socketio.on("actor:update")
def actor_update(data):
    return broadcast("actor.updated", {"actor": data})


@socketio.on("rating:set")
def rating_set(data):
    return broadcast("ratings.changed", {"determinants": [data]})


@socketio.on("vote:cast")
def vote_cast(data):
    pid = sids[request.sid][1]
    votes[pid] = votes.get(pid, 0) + 1
    broadcast("votes.changed", {"tallies": [data]})
    return {"ok": True, "votes_left": max(0, 5 - votes[pid])}


@socketio.on("vote:retract")
def vote_retract(data):
    pid = sids[request.sid][1]
    votes[pid] = max(0, votes.get(pid, 0) - 1)
    broadcast("votes.changed", {"tallies": [data]})
    return {"ok": True, "votes_left": 5 - votes[pid]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=5001)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print(f"Serving on http://127.0.0.1:{args.port}", flush=True)
    socketio.run(app, host="127.0.0.1", port=args.port, log_output=False,
                 max_size=int(os.environ.get("MAX_CONNECTIONS", "10000")))
