"""The phase countdown (`timer:set`): facilitator only, broadcast to everyone, part of `state`."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers import events


def ack(sio, event: str, payload: dict) -> dict:
    return sio.emit(event, payload, callback=True)


def test_facilitator_starts_a_countdown_everyone_sees(workshops):
    created, fac, (anna, bram, _) = workshops.room()
    before = datetime.now(UTC)
    answer = ack(fac, "timer:set", {"seconds": 300})
    after = datetime.now(UTC)
    assert answer["ok"] is True
    ends_at = datetime.fromisoformat(answer["timer"]["ends_at"].replace("Z", "+00:00"))
    # 300 s from when the server handled it (to the second), however long that took.
    assert before.replace(microsecond=0) + timedelta(seconds=300) <= ends_at <= after + timedelta(seconds=300)
    for sio in (fac, anna, bram):
        (event,) = [e for e in events(sio) if e["type"] == "timer.changed"]
        assert event["data"] == {"ends_at": answer["timer"]["ends_at"], "seconds": 300}
        assert event["seq"] == sio.state["seq"] + 1
    late = workshops.connect(created["code"], workshops.join(created["code"], "Carla")["token"])
    assert late.state["workshop"]["timer"] == answer["timer"]


def test_zero_clears_the_countdown_and_clearing_twice_is_quiet(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    assert anna.state["workshop"]["timer"] == {"ends_at": None, "seconds": 0}
    ack(fac, "timer:set", {"seconds": 60})
    events(anna)
    assert ack(fac, "timer:set", {"seconds": 0}) == {"ok": True, "timer": {"ends_at": None, "seconds": 0}}
    assert [e["data"] for e in events(anna)] == [{"ends_at": None, "seconds": 0}]
    assert ack(fac, "timer:set", {"seconds": 0}) == {"ok": True}
    assert events(anna) == []


def test_participants_cannot_set_the_timer(workshops):
    _, fac, (anna, *_) = workshops.room(participants=1)
    answer = ack(anna, "timer:set", {"seconds": 60})
    assert answer["error"]["code"] == "forbidden"


@pytest.mark.parametrize("seconds", [-1, 7201, 1.5, "60", None, True])
def test_out_of_range_or_mistyped_seconds_are_invalid(workshops, seconds):
    _, fac, _ = workshops.room(participants=0)
    assert ack(fac, "timer:set", {"seconds": seconds})["error"]["code"] == "invalid"


def test_a_closed_workshop_keeps_no_countdown_running(workshops):
    _, fac, _ = workshops.room(participants=0)
    ack(fac, "phase:set", {"phase": "closed"})
    assert ack(fac, "timer:set", {"seconds": 60})["error"]["code"] == "closed"
