"""Summary downloads without stalling anyone: the cache of rendered files, the limits on renders,
worker processes, and a server that keeps answering while a PDF is drawn."""

import multiprocessing
import os
import signal
import threading

import pytest
import requests
from werkzeug.serving import make_server

from tests.helpers import ServerProcess, free_port, large_workshop, make_app, wait_for
from tests.summary_workshop import ack, run_workshop, summary, unthrottled_app
from workshop import export, reads
from workshop.domain.redaction import FACILITATOR
from workshop.downloads import WORKER_NICENESS, Cache, Key, Renderer
from workshop.extensions import db


@pytest.fixture
def app(tmp_path):
    yield from unthrottled_app(tmp_path)


@pytest.fixture
def http(app):
    """The test app behind a real threaded HTTP server: its base URL."""
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def key(code: str, digest: str, fmt: str = "pdf") -> Key:
    return Key(code, "facilitator", fmt, "nl", digest)


def test_the_cache_keeps_the_newest_file_of_each_slot_within_its_size():
    cache = Cache(max_bytes=100)
    cache.put(key("A", "1"), b"a" * 40)
    cache.put(key("A", "2"), b"b" * 40)  # the same workshop changed: the older file goes
    assert cache.get(key("A", "1")) is None and cache.get(key("A", "2")) == b"b" * 40
    cache.put(key("B", "1"), b"c" * 40)
    cache.get(key("A", "2"))  # A was used last, so B is the one to drop
    cache.put(key("C", "1"), b"d" * 40)
    assert cache.size <= 100
    assert cache.get(key("B", "1")) is None
    assert cache.get(key("A", "2")) and cache.get(key("C", "1"))
    cache.put(key("D", "1"), b"e" * 101)  # larger than the whole cache: not kept
    assert cache.get(key("D", "1")) is None


def test_a_second_download_of_an_unchanged_workshop_is_the_same_file(workshops, client):
    run = run_workshop(workshops)
    first = summary(client, run, "pdf").data
    assert summary(client, run, "pdf").data == first, "a PDF drawn again would carry a new creation time"


def test_every_change_makes_a_new_file_at_once(workshops, client):
    run = run_workshop(workshops)
    code = run["created"]["code"]
    before = summary(client, run, "md").data.decode()
    ack(run["people"][3], "vote:cast", {"strategy_id": run["strategies"][2]["id"]})  # broadcast comes later
    voted = summary(client, run, "md").data.decode()
    third = run["strategies"][2]["title"]
    assert f"| {third} | 3 |" in voted and f"| {third} | 2 |" in before
    workshops.join(code, "Deelnemer 5", role="Huisarts")  # a join is no event at all
    joined = summary(client, run, "md").data.decode()
    assert "| Huisarts | 1 |" in joined and "| Huisarts | 1 |" not in voted


def test_renders_beyond_the_limits_are_refused_until_one_is_done(workshops, app, http):
    run = run_workshop(workshops)
    code, token = run["created"]["code"], run["created"]["facilitator_token"]
    url = f"{http}/api/workshops/{code}/summary"
    headers = {"Authorization": f"Bearer {token}"}
    assert requests.get(f"{url}.csv", headers=headers).status_code == 200
    slots = app.extensions["downloads"].slots
    with app.app_context():
        me = reads.authenticate(code, token).id
    for _ in range(slots.per_person):  # this person's earlier downloads, still being drawn
        slots.take(me)
    refused = requests.get(f"{url}.pdf", headers=headers)
    assert refused.status_code == 429
    assert refused.json()["error"] == {"code": "rate_limited", "message": (
        "Your earlier summary downloads are still being prepared; try again once they have arrived.")}
    assert requests.get(f"{url}.csv", headers=headers).status_code == 200, "a cached file needs no render"
    for _ in range(slots.per_person):
        slots.give_back(me)
    assert requests.get(f"{url}.pdf", headers=headers).status_code == 200
    for person in range(-slots.total, 0):  # the server's whole share, taken by others
        slots.take(person)
    crowded = requests.get(f"{url}.md", headers=headers)
    assert (crowded.status_code, crowded.json()["error"]["code"]) == (429, "rate_limited")
    assert "many summaries" in crowded.json()["error"]["message"]
    for person in range(-slots.total, 0):
        slots.give_back(person)
    assert requests.get(f"{url}.md", headers=headers).status_code == 200


def test_worker_processes_render_what_the_request_thread_would(tmp_path):
    app = make_app(tmp_path, RENDER_PROCESSES=1)
    try:
        with app.app_context():
            code, _ = large_workshop(participants=20, actors=10, strategies=8, votes=50)
            data = reads.summary(reads.workshop_by_code(code), FACILITATOR)
        rendered = app.extensions["downloads"].file(data, "md", audience="facilitator", person=1)
        assert rendered == export.render(data, "md")
        assert app.extensions["downloads"].processes == 1
    finally:
        app.extensions["downloads"].close()


def niceness(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[16])


def test_worker_processes_start_below_the_servers_priority():
    """Below it from the moment they are started, not only once they have imported the platform
    (a second or more of CPU on the server's core, as a restarted server meets its room)."""
    renderer = Renderer(processes=2, per_person=1, total=2, cache_bytes=1024)
    try:
        renderer.start()
        workers = [child.pid for child in multiprocessing.active_children()]
        assert len(workers) == 2
        below = min(19, os.getpriority(os.PRIO_PROCESS, 0) + WORKER_NICENESS)
        assert {niceness(pid) for pid in workers} == {below}
    finally:
        renderer.close()


@pytest.fixture
def summary_server(tmp_path):
    """A real eventlet server (`python run.py`) with a workshop to download, and its render workers."""
    app = make_app(tmp_path)
    with app.app_context():
        code, token = large_workshop(participants=20, actors=10, strategies=8, votes=50)
        db.session.remove()
    server = ServerProcess(tmp_path, env={"LOG_LEVEL": "DEBUG"}).start()
    yield server, code, token
    server.stop()


@pytest.mark.live
def test_the_server_answers_others_while_a_pdf_renders(summary_server):
    """The render workers are stopped (SIGSTOP) while the PDF is asked for, so it cannot be finished
    when `/healthz` is answered, however fast or slow the machine; then they go on."""
    server, code, token = summary_server
    assert wait_for(lambda: len(render_workers(server.process.pid)) == 2), "the server starts two"
    workers = render_workers(server.process.pid)
    downloaded = {}

    def download():
        downloaded["pdf"] = requests.get(f"{server.url}/api/workshops/{code}/summary.pdf",
                                         headers={"Authorization": f"Bearer {token}"}, timeout=120)

    downloading = threading.Thread(target=download)
    for pid in workers:
        os.kill(pid, signal.SIGSTOP)
    try:
        downloading.start()
        assert wait_for(lambda: "rendering summary.pdf" in server.log(), timeout=60)
        health = requests.get(f"{server.url}/healthz", timeout=60)
        assert health.status_code == 200
        assert downloading.is_alive() and "summary.pdf rendered" not in server.log()
    finally:
        for pid in workers:
            os.kill(pid, signal.SIGCONT)
    downloading.join()
    assert downloaded["pdf"].status_code == 200 and downloaded["pdf"].content.startswith(b"%PDF")


def render_workers(pid: int) -> list[int]:
    """The server's render worker processes: its children that multiprocessing spawned (not its
    resource tracker)."""
    found = []
    for child in children(pid):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as cmdline:
                if b"spawn_main" in cmdline.read():
                    found.append(child)
        except FileNotFoundError:  # gone meanwhile
            pass
    return found


def children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as listed:
        return [int(p) for p in listed.read().split()]


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.live
def test_worker_processes_end_with_a_killed_server(server):
    assert wait_for(lambda: len(children(server.process.pid)) >= 2, timeout=30), "workers start with it"
    workers = children(server.process.pid)
    server.kill()
    assert wait_for(lambda: all(gone(pid) for pid in workers), timeout=30)
