"""Accounts against the real eventlet server: the python-socketio client connects as the facilitator
with only the workshop code and the login's cookie, the login survives a restart of the server,
logging out closes that connection, and password hashing runs off the event loop."""

import subprocess
import sys
import threading
import time

import pytest
import requests
import socketio

from tests.helpers import PASSWORD, ROOT, add_account

pytestmark = pytest.mark.live
ANSWER = 30  # seconds a busy machine may take to answer (six argon2 hashes at once, on a shared core)


def create_account(server, email: str) -> None:
    add_account(server.sessions_dir, email)


def logged_in(server, email: str) -> requests.Session:
    http = requests.Session()
    assert http.post(f"{server.url}/api/login", json={"email": email, "password": PASSWORD},
                     timeout=ANSWER).ok
    return http


def new_workshop(server, http: requests.Session) -> str:
    response = http.post(f"{server.url}/api/workshops", json={"title": "T", "intervention": "I"},
                         timeout=ANSWER)
    return response.json()["code"]


def refusal(server, code: str, cookie: str | None) -> dict:
    """The connect_error data of a connection the server refuses."""
    console = Console.__new__(Console)
    with pytest.raises(socketio.exceptions.ConnectionError):
        Console.__init__(console, server, code, cookie)
    return console.refusal


class Console:
    """A python-socketio client sending the login's cookie with the handshake, as a browser does."""

    def __init__(self, server, code: str, cookie: str | None):
        self.sio = socketio.Client(reconnection=False)
        self.state = threading.Event()
        self.me = None
        self.refusal = None
        self.closed = threading.Event()
        self.sio.on("state", self._state)
        self.sio.on("connect_error", self._refused)
        self.sio.on("disconnect", lambda *args: self.closed.set())
        headers = {"Cookie": f"session={cookie}"} if cookie else {}
        self.sio.connect(server.url, auth={"code": code}, headers=headers, transports=["websocket"],
                         wait_timeout=30)

    def _refused(self, data):
        self.refusal = data

    def _state(self, state):
        self.me = state["me"]
        self.state.set()


def test_the_login_cookie_connects_as_the_facilitator_and_survives_a_restart(server):
    create_account(server, "anna@ggd.nl")
    code = new_workshop(server, logged_in(server, "anna@ggd.nl"))
    # Another browser: it knows the workshop only through the login.
    http = logged_in(server, "anna@ggd.nl")
    cookie = http.cookies["session"]

    console = Console(server, code, cookie)
    assert console.state.wait(ANSWER) and console.me["facilitator"] is True
    assert console.sio.call("phase:set", {"phase": "actors"}, timeout=30)["ok"]
    console.sio.disconnect()
    assert refusal(server, code, None)["data"]["code"] == "unauthorized"

    server.stop()
    server.start()
    assert http.get(f"{server.url}/api/me", timeout=ANSWER).json()["workshops"][0]["code"] == code
    again = Console(server, code, cookie)
    assert again.state.wait(ANSWER) and again.me["facilitator"] is True

    assert http.post(f"{server.url}/api/logout", timeout=ANSWER).status_code == 204
    assert again.closed.wait(ANSWER)
    assert refusal(server, code, cookie)["data"]["code"] == "unauthorized"


def test_another_account_cannot_connect_to_the_workshop(server):
    create_account(server, "anna@ggd.nl")
    create_account(server, "bram@ggd.nl")
    code = new_workshop(server, logged_in(server, "anna@ggd.nl"))
    bram = logged_in(server, "bram@ggd.nl")
    assert refusal(server, code, bram.cookies["session"])["data"]["code"] == "unauthorized"


CHECK = """
import eventlet
eventlet.monkey_patch()
from eventlet.patcher import original
from workshop.accounts import passwords
native = original("threading").get_native_id
print(passwords.off_loop(native) != native(), passwords.hash_password("paard batterij nietje")[:10])
"""


def test_password_hashing_runs_in_a_native_thread_under_eventlet():
    """The event loop's own thread never runs argon2, so no client waits for someone's login."""
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "$argon2id$"]


def test_the_server_keeps_answering_while_people_log_in(server):
    create_account(server, "anna@ggd.nl")
    done = []
    threads = [threading.Thread(target=lambda: done.append(("login", logged_in(server, "anna@ggd.nl"))))
               for _ in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(0.02)
    assert requests.get(f"{server.url}/healthz", timeout=ANSWER).status_code == 200
    for thread in threads:
        thread.join(60)
    assert len(done) == 6
