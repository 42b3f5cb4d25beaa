"""A python-socketio client that behaves as the protocol asks of real clients, for tests
against a real server: reconnects by itself, resends unacknowledged operations with
the same `op` id, and keeps a view of the workshop from `state`, `event` and `sync`."""

import threading
import time
import uuid

import requests
import socketio


def api(url: str, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, f"{url}{path}", headers=headers, timeout=30, **kwargs)


class LiveClient:
    def __init__(self, url: str, code: str, token: str, **client_options):
        self.url, self.code, self.token = url, code, token
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.1, reconnection_delay_max=0.5,
                                   randomization_factor=0.2, **client_options)
        self.lock = threading.Lock()
        self.connects = 0
        self.resends = 0
        self.seq = 0
        self.actors: dict[int, str] = {}
        self.tallies: dict[int, int | None] = {}
        self.received: list[dict] = []
        self.state_seen = threading.Event()
        self.sio.on("connect", self._connected)
        self.sio.on("state", self._state)
        self.sio.on("event", self._event)

    def connect(self, **kwargs) -> "LiveClient":
        self.sio.connect(self.url, auth={"code": self.code, "token": self.token}, wait_timeout=30, **kwargs)
        if not self.state_seen.wait(30):
            raise TimeoutError("no state after connecting")
        return self

    def close(self) -> None:
        self.sio.disconnect()

    # --- the view of the workshop -------------------------------------------------------

    def _connected(self):
        with self.lock:
            self.connects += 1

    def _state(self, state: dict) -> None:
        with self.lock:
            self._reset(state)
        self.state_seen.set()

    def _reset(self, state: dict) -> None:
        self.seq = state["seq"]
        self.actors = {a["id"]: a["name"] for a in state["actors"]}
        self.tallies = {s["id"]: s["votes"] for s in state["strategies"]}

    def _event(self, event: dict) -> None:
        with self.lock:
            self.received.append(event)
            if event["seq"] <= self.seq:
                return  # already applied (a replay after sync)
            if event["seq"] == self.seq + 1:
                self._apply(event)
                return
        threading.Thread(target=self.sync, daemon=True).start()  # a gap: fetch what was missed

    def _apply(self, event: dict) -> None:
        self.seq = event["seq"]
        data = event["data"]
        if event["type"] == "actor.added":
            self.actors[data["actor"]["id"]] = data["actor"]["name"]
        elif event["type"] == "actor.removed":
            self.actors.pop(data["id"], None)
        elif event["type"] == "votes.changed":
            self.tallies.update({t["strategy_id"]: t["votes"] for t in data["tallies"]})

    def sync(self) -> None:
        """Catch up from the last seq seen; a refused or lost call is simply tried later."""
        try:
            with self.lock:
                since = self.seq
            answer = self.sio.call("sync", {"since": since}, timeout=5)
        except (socketio.exceptions.SocketIOError, TimeoutError):
            return
        with self.lock:
            if "state" in answer:
                self._reset(answer["state"])
            for event in answer.get("events", []):
                if event["seq"] == self.seq + 1:
                    self._apply(event)

    # --- operations ---------------------------------------------------------------------

    def perform(self, event: str, payload: dict, deadline: float = 60.0) -> dict:
        """Send until acknowledged, always with the same op id, across disconnects and restarts."""
        payload = {**payload, "op": uuid.uuid4().hex}
        stop = time.monotonic() + deadline
        attempts = 0
        while time.monotonic() < stop:
            if self.sio.connected:
                attempts += 1
                if attempts > 1:
                    self.resends += 1
                try:
                    return self.sio.call(event, payload, timeout=3)
                except (socketio.exceptions.SocketIOError, TimeoutError):
                    pass
            time.sleep(0.05)
        raise TimeoutError(f"{event} was never acknowledged")
