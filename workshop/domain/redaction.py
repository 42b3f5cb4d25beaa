"""Who sees what: each viewer's copy of what the server sends. No Flask, no database.

A viewer is the facilitator or one participant. From participants the server hides
- vote counts, ranks and even which counts changed, while results are hidden;
- the name and role of an anonymous participant (in an anonymous workshop: of everyone),
  and who made what they make anonymously, from everyone but the facilitator and that person.

What the copies of a message depend on is fixed when it is made (its `facts`) and stored
with each event, so a replay (`sync`) gives every viewer exactly the copy they were sent.
Every serialisation of the server (`state`, events, acks, `sync`, presence, summaries)
goes through this module.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .groups import MIN_GROUP

# What only the facilitator gets live, whatever the facts: the determinant comments in
# `ratings.changed` (participants read the room's scores, not each other's words; summaries
# carry comments as the contract says).
FACILITATOR_ONLY = ("comments",)
COUNTED = ("strategy", "card")  # content objects that carry a vote count (and rank)
TALLIES = ("tallies", "card_tallies")


@dataclass(frozen=True)
class Viewer:
    """The facilitator, or one participant. `id` None stands for any participant a message
    does not name: the copy most participants share."""

    facilitator: bool = False
    id: int | None = None


FACILITATOR = Viewer(facilitator=True)
PARTICIPANT = Viewer()


def viewer(person_id: int, facilitator: bool) -> Viewer:
    return FACILITATOR if facilitator else Viewer(id=person_id)


def facts(*, votes_hidden: bool = False, anonymous: Iterable[int] = ()) -> dict | None:
    """What the copies of one message depend on (JSON, stored with events); None when
    everyone gets the same copy. `anonymous`: the people the message names who are hidden."""
    result: dict = {}
    if votes_hidden:
        result["votes_hidden"] = True
    people = sorted(set(anonymous))
    if people:
        result["anonymous"] = people
    return result or None


def is_anonymous(own_choice: bool, workshop_anonymous: bool) -> bool:
    """A participant is hidden when they chose to be, or while the whole workshop is anonymous."""
    return own_choice or workshop_anonymous


def sees_votes(viewer: Viewer, facts: dict | None) -> bool:
    return viewer.facilitator or not (facts or {}).get("votes_hidden", False)


def sees_person(viewer: Viewer, person_id: int, facts: dict | None) -> bool:
    return (viewer.facilitator or viewer.id == person_id
            or person_id not in (facts or {}).get("anonymous", ()))


def personal(facts: dict | None) -> list[int]:
    """Participants whose copy may differ from the one other participants share: the
    anonymous people a message names see themselves in it."""
    return list((facts or {}).get("anonymous", ()))


# --- copies ------------------------------------------------------------------------------

def counted(viewer: Viewer, item: dict, facts: dict | None) -> dict:
    """A strategy or card as this viewer sees it: no count or rank while hidden from them."""
    if sees_votes(viewer, facts):
        return item
    return {**item, "votes": None, **({"rank": None} if "rank" in item else {})}


def without_results(summary: dict) -> dict:
    """A participant's summary while results are hidden: no vote count or rank of any strategy,
    card or theme, nor the votes of any group. Made from counts of none, so strategies, themes
    and cards already come in the order of their titles and texts, as equal votes would."""
    def cards(items: list[dict]) -> list[dict]:
        return [{**c, "votes": None} for c in items]

    return {
        **summary,
        "strategies": [{**s, "votes": None, "rank": None} for s in summary["strategies"]],
        "questions": [{**q, "themes": [{**t, "votes": None, "cards": cards(t["cards"])} for t in q["themes"]],
                       "unthemed": cards(q["unthemed"])} for q in summary["questions"]],
        "groups": [{**g, "votes": [], "top": []} for g in summary["groups"]],
    }


def content(viewer: Viewer, data: dict, facts: dict | None) -> dict:
    """A viewer's copy of an event's `data` or of an ack."""
    if not viewer.facilitator and any(key in data for key in FACILITATOR_ONLY):
        data = {k: v for k, v in data.items() if k not in FACILITATOR_ONLY}
    if not facts:
        return data
    result = dict(data)
    if not sees_votes(viewer, facts):
        for key in TALLIES:  # which counts changed is a result too
            if key in result:
                result[key] = []
        result.pop("ranks", None)
    for key in COUNTED:
        if isinstance(result.get(key), dict):
            item = counted(viewer, result[key], facts)
            author = item.get("author_id")
            if author is not None and not sees_person(viewer, author, facts):
                item = {**item, "author_id": None}
            result[key] = item
    return result


def event(viewer: Viewer, message: dict, facts: dict | None) -> dict:
    """A viewer's copy of one event `{seq, type, data, by}`."""
    if not facts:
        data = content(viewer, message["data"], facts)
        return message if data is message["data"] else {**message, "data": data}
    by = message["by"]
    return {**message, "data": content(viewer, message["data"], facts),
            "by": by if by is None or sees_person(viewer, by, facts) else None}


def person(viewer: Viewer, item: dict, anonymous: bool) -> dict:
    """A participant `{id, name, role, ...}`: an anonymous one is nameless to other participants."""
    if anonymous and not (viewer.facilitator or viewer.id == item["id"]):
        return {**item, "name": None, "role": None}
    return item


def presence(viewer: Viewer, message: dict, facts: dict | None) -> dict:
    """`{online, changed: [participant]}`; `facts` name the anonymous people in `changed`."""
    hidden = set(personal(facts))
    return {**message, "changed": [person(viewer, p, p["id"] in hidden) for p in message["changed"]]}


def people(viewer: Viewer, participants: Iterable[dict], workshop_anonymous: bool) -> dict:
    """The `participants` section of a summary, from `{name, role, anonymous}` (anonymous as
    `is_anonymous` decides).

    Names: never of an anonymous participant, none at all in an anonymous workshop. Roles:
    the facilitator's summary counts everyone's. In a participant's copy a role held by few
    would name them, so the roles of anonymous participants are counted only where at least
    MIN_GROUP of them share one (as results per group); the others are counted together in
    `roles_unshown`.
    """
    participants = list(participants)
    shown = [p for p in participants if viewer.facilitator or not p["anonymous"]]
    hidden = Counter(p["role"] or "" for p in participants if not viewer.facilitator and p["anonymous"])
    by_role = Counter(p["role"] or "" for p in shown)
    unshown = 0
    for role, n in hidden.items():
        if n >= MIN_GROUP:
            by_role[role] += n
        else:
            unshown += n
    section = {"count": len(participants), "by_role": dict(sorted(by_role.items())), "roles_unshown": unshown}
    if not workshop_anonymous:
        section["names"] = sorted((p["name"] for p in participants if p["name"] and not p["anonymous"]),
                                  key=str.casefold)
    return section
