"""Retention: closed workshops keep their results but lose their personal data after RETENTION_DAYS.

Personal data here: participants' and the facilitator's names and roles, rating
comments, tokens (replaced by a hash no token matches, so old links stop
working), remembered operation acks and connections, and who wrote which card or
added which strategy; and the copies of them that went out live: the event log (`LogEntry`,
kept for `sync`, which then answers with `state`) and the comments in the scores as last
sent (`SentAggregate`). What the workshop produced (actors, ownership, stages, scores,
strategies, votes, actions, cards, themes, insights) stays, so its summary can still be
read (without names). Accounts: see `accounts/retention.py`. Run `flask retention` from
cron, e.g. daily.
"""

import hashlib
import secrets
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, select, update

from .accounts.retention import apply as accounts_retention
from .extensions import db
from .models import (
    Card,
    Connection,
    LogEntry,
    Operation,
    Participant,
    Rating,
    SentAggregate,
    Strategy,
    Workshop,
    utcnow,
)


def expired(days: int) -> list[Workshop]:
    """Workshops closed more than `days` days ago (a reopened workshop is not closed)."""
    cutoff = utcnow() - timedelta(days=days)
    return list(db.session.scalars(select(Workshop).where(
        Workshop.phase == "closed", Workshop.closed_at.is_not(None), Workshop.closed_at <= cutoff)
        .order_by(Workshop.id)))


def erase_personal_data(w: Workshop) -> None:
    """Forget who took part in `w` and what they wrote about themselves; keep the results."""
    people = select(Participant.id).where(Participant.workshop_id == w.id)
    db.session.execute(delete(Operation).where(Operation.participant_id.in_(people)))
    db.session.execute(delete(Connection).where(Connection.workshop_id == w.id))
    db.session.execute(update(Rating).where(Rating.workshop_id == w.id).values(comment=None))
    db.session.execute(update(Card).where(Card.workshop_id == w.id).values(author_id=None))
    db.session.execute(update(Strategy).where(Strategy.workshop_id == w.id).values(added_by=None))
    db.session.execute(delete(LogEntry).where(LogEntry.workshop_id == w.id))
    sent = db.session.get(SentAggregate, (w.id, "ratings"))
    if sent is not None:  # as the flush compares them: no comments now
        sent.data = {key: {**value, "comments": []} for key, value in sent.data.items()}
    for person in db.session.scalars(select(Participant).where(Participant.workshop_id == w.id)):
        person.name = None
        person.role = None
        person.token_hash = hashlib.sha256(secrets.token_bytes(32)).hexdigest()


def apply_retention(days: int) -> list[str]:
    """Erase personal data of every expired workshop; returns their codes."""
    codes = []
    for w in expired(days):
        erase_personal_data(w)
        codes.append(w.code)
    db.session.commit()
    return codes


@click.command("retention")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Override RETENTION_DAYS for this run.")
@with_appcontext
def retention_command(days: int | None) -> None:
    """Remove personal data of workshops closed more than RETENTION_DAYS ago (for cron)."""
    days = current_app.config["RETENTION_DAYS"] if days is None else days
    codes = apply_retention(days)
    click.echo(f"Personal data removed from {len(codes)} workshop(s) closed more than {days} days ago"
               + (f": {', '.join(codes)}" if codes else "."))
    ended, emails = accounts_retention(days)
    click.echo(f"{ended} expired login(s) removed; {len(emails)} account(s) disabled more than {days} days "
               "ago deleted" + (f": {', '.join(emails)}" if emails else "."))


def init_app(app: Flask) -> None:
    app.cli.add_command(retention_command)
