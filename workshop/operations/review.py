"""What the action review's events do: focus one of last time's actions, set its outcome.

An outcome also changes the follow-up's action that continues the item (its status, for a
carried-over action its owner and due date; dropped takes it off the list, another outcome
brings it back), with the same `action.*` events as editing the action directly.
"""

from sqlalchemy import select

from .. import shapes
from ..domain import review
from ..extensions import db
from ..models import Action, Actor, ReviewItem
from .change import Change, apply, get, in_workshop


def start(w_id: int, pairs: list[tuple[Action, Action]], owners: dict[int, str]) -> None:
    """A follow-up's review items: each earlier open action, as it was, with the copy the
    follow-up carries over. `pairs`: (earlier action, its flushed copy); `owners`: earlier
    actor id → name."""
    db.session.add_all(ReviewItem(workshop_id=w_id, **review.item(a, owners.get(a.owner_actor_id), copy.id))
                       for a, copy in pairs)


def unlink(change: Change, action_id: int) -> None:
    """The follow-up's action was removed by hand: the items it continued no longer point at it."""
    for item in db.session.scalars(select(ReviewItem).where(ReviewItem.workshop_id == change.workshop.id,
                                                            ReviewItem.action_id == action_id)):
        item.action_id = None
        change.record("review.updated", {"item": shapes.review_item_json(item)})


def review_focus(change: Change, p) -> dict:
    w = change.stored()
    if p.id is not None:
        in_workshop(ReviewItem, p.id, change, "review item")
    if w.review_focus != p.id:
        w.review_focus = p.id
        change.record("review.focused", {"focus": p.id})
    return {"focus": p.id}


def review_set(change: Change, p) -> dict:
    item = get(ReviewItem, p.id, change, "review item")
    fields = {k: v for k, v in p.given().items() if k != "id"}
    outcome = fields.get("outcome", item.outcome)
    review.check_set(outcome, set(fields))
    if fields.get("owner_actor_id") is not None:
        in_workshop(Actor, fields["owner_actor_id"], change, "actor")
    changed = apply(item, {k: fields[k] for k in ("outcome", "note") if k in fields})
    if _continue(change, item, fields) or changed:
        change.record("review.updated", {"item": shapes.review_item_json(item)})
    return {"item": shapes.review_item_json(item)}


def _continue(change: Change, item: ReviewItem, fields: dict) -> bool:
    """Bring the follow-up's action in line with the outcome; True when the item's link moved."""
    status = review.follow_up_status(item.outcome, item.status)
    action = db.session.get(Action, item.action_id) if item.action_id else None
    if status is None:
        if action is None:
            return False
        db.session.delete(action)
        item.action_id = None
        change.record("action.removed", {"id": action.id})
        return True
    wanted = {"status": status, **{k: fields[k] for k in ("owner_actor_id", "due") if k in fields}}
    if action is None:
        action = Action(workshop_id=change.workshop.id, title=item.title, due=item.due, **wanted)
        db.session.add(action)
        db.session.flush()
        item.action_id = action.id
        change.record("action.added", {"action": shapes.action_json(action)})
        return True
    if apply(action, wanted):
        change.record("action.updated", {"action": shapes.action_json(action)})
    return False

