"""Which accounts run which workshops: owners and co-facilitators, and what a login opens up.

A logged-in account that facilitates a workshop acts as that workshop's facilitator
(the same person as its facilitator token), so two colleagues can run one console at
once and every route or event that takes the token takes the login too.
"""

from flask import current_app, g
from sqlalchemy import func, select

from ..domain import accounts as rules
from ..domain.rules import RuleError
from ..extensions import db
from ..models import Event, Participant, User, Workshop, WorkshopFacilitator
from . import logins


def members(workshop_id: int) -> dict[int, bool]:
    """The accounts facilitating a workshop: user id → whether it is the owner."""
    return dict(db.session.execute(select(WorkshopFacilitator.user_id, WorkshopFacilitator.owner)
                                   .where(WorkshopFacilitator.workshop_id == workshop_id)).all())


def facilitates(user_id: int, workshop_id: int) -> bool:
    return db.session.get(WorkshopFacilitator, (workshop_id, user_id)) is not None


def facilitator_in(w: Workshop) -> Participant | None:
    """The workshop's facilitator, when the logged-in account facilitates it; else None."""
    account = logins.current()
    if account is None or not facilitates(account.user.id, w.id):
        return None
    g.login_connects = account.login.id
    return db.session.get(Participant, w.facilitator_id)


def may_create() -> None:
    """With ACCOUNTS_REQUIRED, only a logged-in facilitator may create workshops."""
    if current_app.config["ACCOUNTS_REQUIRED"] and logins.current() is None:
        raise RuleError("unauthorized", "Log in to create a workshop.")


def created(w: Workshop, earlier: Workshop | None) -> None:
    """A workshop created while logged in belongs to that account. A follow-up is run by the
    same colleagues as the workshop it follows up."""
    account = logins.current()
    if account is None:
        return
    db.session.add(WorkshopFacilitator(workshop_id=w.id, user_id=account.user.id, owner=True))
    if earlier is not None:
        for user_id in members(earlier.id):
            if user_id != account.user.id:
                db.session.add(WorkshopFacilitator(workshop_id=w.id, user_id=user_id, owner=False,
                                                   shared_by=account.user.id))


def claim(w: Workshop, person: Participant, user: User) -> bool:
    """The holder of a workshop's facilitator token adds it to their account: as its owner when no
    account has it yet, else as a co-facilitator. False when the account already has it."""
    if not person.facilitator:
        raise RuleError("forbidden", "Only the workshop's facilitator can add it to an account.")
    current = members(w.id)
    if user.id in current:
        return False
    db.session.add(WorkshopFacilitator(workshop_id=w.id, user_id=user.id, owner=not current))
    return True


def share(w: Workshop, sharer: User, email: str) -> tuple[User, bool]:
    """Give the account with this email access to the workshop; True when it is new to it."""
    target = db.session.scalar(select(User).where(User.email == rules.normalize_email(email)))
    added = rules.check_share(sharer.id, members(w.id),
                              rules.Account(target.id, target.disabled_at is not None) if target else None)
    if added:
        db.session.add(WorkshopFacilitator(workshop_id=w.id, user_id=target.id, owner=False,
                                           shared_by=sharer.id))
    return target, added


def unshare(w: Workshop, remover: User, user_id: int) -> None:
    rules.check_removal(remover.id, members(w.id), user_id)
    db.session.delete(db.session.get(WorkshopFacilitator, (w.id, user_id)))


def facilitators(w: Workshop) -> list[dict]:
    """Who runs the workshop, its owner first."""
    rows = db.session.execute(
        select(User, WorkshopFacilitator.owner)
        .join(WorkshopFacilitator, WorkshopFacilitator.user_id == User.id)
        .where(WorkshopFacilitator.workshop_id == w.id)
        .order_by(WorkshopFacilitator.owner.desc(), WorkshopFacilitator.added_at, User.email)).all()
    return [{**logins.user_json(u), "owner": owner, "disabled": u.disabled_at is not None}
            for u, owner in rows]


def iso(moment) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def workshops_of(user: User) -> list[dict]:
    """Every workshop the account runs, newest first, as `GET /api/me` lists them."""
    mine = select(WorkshopFacilitator.workshop_id).where(WorkshopFacilitator.user_id == user.id)
    counts = (select(Participant.workshop_id, func.count(Participant.id).label("n"))
              .where(Participant.workshop_id.in_(mine), Participant.facilitator.is_(False))
              .group_by(Participant.workshop_id).subquery())
    rows = db.session.execute(
        select(Workshop, WorkshopFacilitator.owner, func.coalesce(counts.c.n, 0))
        .join(WorkshopFacilitator, WorkshopFacilitator.workshop_id == Workshop.id)
        .outerjoin(counts, counts.c.workshop_id == Workshop.id)
        .where(WorkshopFacilitator.user_id == user.id)
        .order_by(Workshop.created_at.desc(), Workshop.id.desc())).all()
    return [{"code": w.code, "title": w.title, "intervention": w.intervention, "phase": w.phase,
             "created_at": iso(w.created_at), "closed_at": iso(w.closed_at), "follow_up_of": w.follow_up_of,
             "owner": owner, "language": w.language, "locked": w.locked, "participants": participants,
             "results_visible": w.results_visible,
             "settings": {"votes_per_participant": w.votes_per_participant,
                          "max_votes_per_strategy": w.max_votes_per_strategy,
                          "participants_can_download": w.participants_can_download,
                          "anonymous": w.anonymous}}
            for w, owner, participants in rows]


def events_of(user: User) -> list[dict]:
    """Every event the account created, newest first, with its groups' codes (`GET /api/me`)."""
    events = list(db.session.scalars(select(Event).where(Event.owner_id == user.id)
                                     .order_by(Event.created_at.desc(), Event.id.desc())))
    groups: dict[int, list[dict]] = {}
    for event_id, code, title in db.session.execute(
            select(Workshop.event_id, Workshop.code, Workshop.title)
            .where(Workshop.event_id.in_([e.id for e in events])).order_by(Workshop.id)):
        groups.setdefault(event_id, []).append({"code": code, "title": title})
    return [{"code": e.code, "title": e.title, "language": e.language, "created_at": iso(e.created_at),
             "plenary_at": iso(e.plenary_at), "groups": groups.get(e.id, [])} for e in events]


def pass_on(user: User, heir_id: int | None) -> int:
    """Before `user` is deleted: the workshops they own pass to `heir_id` (an admin), who becomes
    their owner. Returns how many. Without an heir they stay, reachable by their tokens."""
    owned = list(db.session.scalars(select(WorkshopFacilitator).where(
        WorkshopFacilitator.user_id == user.id, WorkshopFacilitator.owner.is_(True))))
    if heir_id is None:
        return len(owned)
    for event in db.session.scalars(select(Event).where(Event.owner_id == user.id)):
        event.owner_id = heir_id
    for row in owned:
        inherited = db.session.get(WorkshopFacilitator, (row.workshop_id, heir_id))
        if inherited is None:
            db.session.add(WorkshopFacilitator(workshop_id=row.workshop_id, user_id=heir_id, owner=True))
        else:
            inherited.owner = True
    return len(owned)
