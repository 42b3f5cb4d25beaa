"""The coalescer on its own: background tasks are run by hand and sleeping takes no time."""

import pytest

from workshop.live.coalescer import Coalescer


class Clockwork:
    """Background tasks wait in `tasks` until the test runs them; `sleep` only records."""

    def __init__(self):
        self.tasks, self.slept = [], []

    def spawn(self, task, *args):
        self.tasks.append((task, args))

    def sleep(self, seconds):
        self.slept.append(seconds)

    def run(self):
        tasks, self.tasks = self.tasks, []
        for task, args in tasks:
            task(*args)


@pytest.fixture
def clock():
    return Clockwork()


def coalescer(clock, send, interval=0.25):
    return Coalescer(interval, send, spawn=clock.spawn, sleep=clock.sleep)


def test_changes_of_one_key_before_the_send_become_one_send_with_every_item(clock):
    sent = []
    c = coalescer(clock, lambda key, items: sent.append((key, items)) or 0)
    c.changed("w1", {1})
    c.changed("w1", {2, 3})
    c.changed("w2")
    assert len(clock.tasks) == 2 and not c.idle()
    clock.run()
    assert sorted(sent) == [("w1", {1, 2, 3}), ("w2", set())]
    assert clock.slept == [0.25, 0.25] and c.idle()


def test_a_change_after_the_send_started_starts_the_next_one(clock):
    sent = []

    def send(key, items):
        sent.append(items)
        if len(sent) == 1:
            c.changed(key, {"late"})
        return 0

    c = coalescer(clock, send)
    c.changed("w", {"first"})
    clock.run()
    assert sent == [{"first"}] and len(clock.tasks) == 1
    clock.run()
    assert sent == [{"first"}, {"late"}] and c.idle()


def test_a_send_asked_to_wait_tries_again_with_its_items_and_those_that_joined(clock):
    sent, waits = [], [0.1, 0]

    def send(key, items):
        sent.append(set(items))
        return waits[len(sent) - 1]

    def sleep(seconds):
        clock.slept.append(seconds)
        if seconds == 0.1:
            c.changed("w", {"joined"})  # while waiting to retry: joins it, starts no new task

    c = Coalescer(0.25, send, spawn=clock.spawn, sleep=sleep)
    c.changed("w", {"first"})
    clock.run()
    assert sent == [{"first"}, {"first", "joined"}]
    assert clock.slept == [0.25, 0.1] and clock.tasks == [] and c.idle()


def test_a_change_during_a_send_that_must_wait_goes_with_the_newer_send(clock):
    sent = []

    def send(key, items):
        sent.append(set(items))
        if len(sent) == 1:
            c.changed(key, {"late"})
            return 0.1
        return 0

    c = coalescer(clock, send)
    c.changed("w", {"first"})
    clock.run()
    assert sent == [{"first"}] and len(clock.tasks) == 1
    clock.run()
    assert sent == [{"first"}, {"first", "late"}] and c.idle()


def test_a_failing_send_is_logged_and_the_next_change_sends_again(clock, caplog):
    calls = []

    def send(key, items):
        calls.append(items)
        if len(calls) == 1:
            raise RuntimeError("database gone")
        return 0

    c = coalescer(clock, send)
    c.changed("w", {1})
    clock.run()
    assert c.idle() and "could not send 'w'" in caplog.text
    c.changed("w", {2})
    clock.run()
    assert calls == [{1}, {2}] and c.idle()
