"""Who goes to which group of an event: the organiser lets people choose, or has the event's
link place each newcomer, and moves a person from one group to another. No Flask, no database.

A group takes people while it is not closed, its joins are open and it is below the
participants' cap; the same test serves a newcomer and a move, so the organiser never puts
someone where the link would not.
"""

from typing import NamedTuple

from .rules import RuleError

MODES = ("choose", "assign")  # "choose": the link shows a picker; "assign": it places people
DEFAULT_MODE = "choose"


class Group(NamedTuple):
    """One group (workshop) as the rules see it."""

    id: int
    event_id: int | None
    phase: str
    joins_open: bool
    people: int  # participants, not the facilitator, not the removed


# Why a group takes nobody now, by the reason the organiser's overview names in "Move to…".
REASONS = {
    "closed": "This group is closed.",
    "joins_closed": "This group's facilitator has closed it to new participants.",
    "full": "This group is full.",
}


def reason(group: Group, cap: int) -> str | None:
    """Which of REASONS keeps `group` from taking people now, or None when it takes people."""
    if group.phase == "closed":
        return "closed"
    if not group.joins_open:
        return "joins_closed"
    if group.people >= cap:
        return "full"
    return None


def refusal(group: Group, cap: int) -> RuleError | None:
    """The error a join or move into `group` gets (always `closed`), or None when it takes people."""
    why = reason(group, cap)
    return None if why is None else RuleError("closed", REASONS[why])


def emptiest(groups: list[Group], cap: int) -> Group | None:
    """Where a newcomer goes: the group taking people with the fewest people; of equals the
    first in the event's order. None when no group takes anyone."""
    open_groups = [g for g in groups if refusal(g, cap) is None]
    return min(open_groups, key=lambda g: g.people) if open_groups else None  # min keeps the first


def check_move(event_id: int, source: Group, target: Group, cap: int) -> None:
    """The organiser moves someone from `source` to `target`: both groups of this event, two
    different groups, and the target takes people."""
    if source.event_id != event_id or target.event_id != event_id:
        raise RuleError("invalid", "Both groups must belong to this event.")
    if source.id == target.id:
        raise RuleError("invalid", "This person is already in that group.")
    refused = refusal(target, cap)
    if refused is not None:
        raise refused
