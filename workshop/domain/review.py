"""The action review of a follow-up: last workshop's open actions, one by one, each with an
outcome and a short note. No Flask, no database.

A review item is what was agreed last time (`title`, `owner`, `due`, `status`), kept as it
was then, and the follow-up's action that continues it (`action_id`). The outcome decides
what that action becomes, so the follow-up's action list always says where things stand.
"""

from collections.abc import Iterable

from .rules import RuleError
from .vocab import REVIEW_OUTCOMES as OUTCOMES

NOTE_MAX = 500
# What the follow-up's action becomes for each outcome; None: it is taken off the list.
FOLLOW_UP_STATUS = {"done": "done", "doing": "doing", "dropped": None, "carried_over": "open"}


def carried_over(actions: Iterable) -> list:
    """Which of the earlier workshop's actions a follow-up carries over into its own actions
    and reviews: those not done, in the order they were added. `actions`: anything with `id`
    and `status` (model objects or plain rows: migration 0010 applies this to stored rows)."""
    return sorted((a for a in actions if a.status != "done"), key=lambda a: a.id)


def item(action, owner: str | None, continued_by: int | None) -> dict:
    """The review item of one carried-over action (model object or plain row): what was agreed,
    kept as it was, its owner by name (the earlier workshop may go), and `continued_by`: the
    follow-up's action that continues it."""
    return {"title": action.title, "owner": owner, "due": action.due, "status": action.status,
            "action_id": continued_by}


def follow_up_status(outcome: str | None, status: str) -> str | None:
    """The status of the follow-up's action after this outcome (no outcome yet: as agreed last
    time); None when the action leaves the follow-up's list (dropped)."""
    return status if outcome is None else FOLLOW_UP_STATUS[outcome]


def check_set(outcome: str | None, fields: set[str]) -> None:
    """A new owner or due date goes with carrying the action over, and only with that."""
    if fields & {"owner_actor_id", "due"} and outcome != "carried_over":
        raise RuleError("invalid", "A new owner or due date is given only when carrying an action over.")


def counts(items: list[dict]) -> dict[str, int]:
    """How many items got each outcome; `open`: not reviewed yet."""
    result = {outcome: 0 for outcome in OUTCOMES}
    result["open"] = 0
    for item in items:
        result[item["outcome"] or "open"] += 1
    return result


def section(items: list[dict], actions: list[dict]) -> dict:
    """summary.json's `review`: each item with where it went (the follow-up action's owner and
    due date as they are now), and the counts. `actions` as in the summary (with `owner`)."""
    by_id = {a["id"]: a for a in actions}
    rows = []
    for item in items:
        continued = by_id.get(item["action_id"])
        rows.append({"title": item["title"], "owner": item["owner"], "due": item["due"],
                     "status": item["status"], "outcome": item["outcome"], "note": item["note"],
                     "new_owner": continued["owner"] if continued else None,
                     "new_due": continued["due"] if continued else None})
    return {"items": rows, "counts": counts(items)}
