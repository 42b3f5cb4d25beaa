"""The coalescer on its own: background tasks are run by hand and sleeping takes no time."""

import pytest

from workshop.live.coalescer import Coalescer


class Clockwork:
    """Background tasks wait in `tasks` until the test runs them; `sleep` only records, and
    runs `during_sleep` (a test's changes while the loop waits) once if set."""

    def __init__(self):
        self.tasks, self.slept, self.during_sleep = [], [], []

    def spawn(self, task, *args):
        self.tasks.append((task, args))

    def sleep(self, seconds):
        self.slept.append(seconds)
        if self.during_sleep:
            self.during_sleep.pop(0)()

    def run(self):
        tasks, self.tasks = self.tasks, []
        for task, args in tasks:
            task(*args)


@pytest.fixture
def clock():
    return Clockwork()


def coalescer(clock, send, interval=0.25):
    return Coalescer(interval, send, spawn=clock.spawn, sleep=clock.sleep)


def test_changes_of_many_keys_before_a_round_are_one_loop_and_one_send_per_key(clock):
    sent = []
    c = coalescer(clock, lambda key, items: sent.append((key, set(items))))
    c.changed("w1", {1})
    c.changed("w1", {2, 3})
    c.changed("w2")
    assert len(clock.tasks) == 1 and not c.idle()
    clock.run()
    assert sent == [("w1", {1, 2, 3}), ("w2", set())]
    assert clock.slept == [0.25, 0.25] and c.idle() and clock.tasks == []


def test_a_change_during_a_round_goes_in_the_next_one_of_the_same_loop(clock):
    sent = []

    def send(key, items):
        sent.append((key, set(items)))
        if len(sent) == 1:
            c.changed(key, {"late"})
            c.changed("other", {"new"})

    c = coalescer(clock, send)
    c.changed("w", {"first"})
    clock.run()
    assert sent == [("w", {"first"}), ("w", {"late"}), ("other", {"new"})]
    assert clock.tasks == [] and c.idle()


def test_items_a_send_returns_go_again_in_the_next_round_with_those_that_joined(clock):
    sent = []

    def send(key, items):
        sent.append(set(items))
        return {"waited"} if len(sent) == 1 else None

    c = coalescer(clock, send)
    c.changed("w", {"first", "waited"})
    clock.during_sleep = [lambda: None, lambda: c.changed("w", {"joined"})]
    clock.run()
    assert sent == [{"first", "waited"}, {"waited", "joined"}]
    assert clock.slept == [0.25, 0.25, 0.25] and clock.tasks == [] and c.idle()


def test_a_failing_send_is_logged_and_the_other_keys_are_still_sent(clock, caplog):
    calls = []

    def send(key, items):
        calls.append(key)
        if key == "broken":
            raise RuntimeError("database gone")

    c = coalescer(clock, send)
    c.changed("broken", {1})
    c.changed("fine", {2})
    clock.run()
    assert calls == ["broken", "fine"] and c.idle() and "could not send 'broken'" in caplog.text
    c.changed("broken", {3})
    clock.run()
    assert calls == ["broken", "fine", "broken"] and c.idle()


def test_the_loop_stops_when_a_round_finds_nothing_and_the_next_change_starts_it_again(clock):
    sent = []
    c = coalescer(clock, lambda key, items: sent.append(key))
    c.changed("w")
    clock.run()
    assert c.idle() and clock.tasks == []
    c.changed("w")
    assert len(clock.tasks) == 1 and not c.idle()
    clock.run()
    assert sent == ["w", "w"] and c.idle()
