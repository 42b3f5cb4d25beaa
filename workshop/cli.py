"""Flask CLI commands for operators: list workshops, export a summary, delete a workshop.

    .venv/bin/flask --app workshop:create_app workshops list
    .venv/bin/flask --app workshop:create_app workshops export CODE --format pdf --output summary.pdf
    .venv/bin/flask --app workshop:create_app workshops delete CODE

`--app workshop:create_app` runs without eventlet's monkey patching (run.py), which
these one-off commands do not need. `delete` also closes the workshop's live
connections: through the message queue if there is one, else every server notices
within LIVE_CHECK_INTERVAL.
"""

import json
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import delete, func, select

from . import export, live, reads
from .domain.redaction import FACILITATOR
from .extensions import db
from .models import (
    Action,
    Actor,
    Connection,
    LogEntry,
    Operation,
    Ownership,
    Participant,
    Rating,
    SentAggregate,
    Stage,
    Strategy,
    Vote,
    Workshop,
)
from .retention import erase_personal_data

workshops = AppGroup("workshops", help="List, export and delete workshops.")


def listing() -> list[dict]:
    """Every workshop, newest first, with its number of participants (the facilitator not counted)."""
    counts = dict(db.session.execute(
        select(Participant.workshop_id, func.count(Participant.id))
        .where(Participant.facilitator.is_(False)).group_by(Participant.workshop_id)).all())
    return [{"code": w.code, "title": w.title, "phase": w.phase, "language": w.language,
             "created_at": w.created_at.isoformat(timespec="minutes"), "participants": counts.get(w.id, 0),
             "follow_up_of": w.follow_up_of}
            for w in db.session.scalars(
                select(Workshop).order_by(Workshop.created_at.desc(), Workshop.id.desc()))]


def delete_workshop(w: Workshop) -> None:
    """Remove a workshop and everything in it: participants, names, comments, votes, the event log."""
    for model in (Connection, LogEntry, SentAggregate, Vote, Rating, Action, Ownership, Stage, Strategy,
                  Actor):
        db.session.execute(delete(model).where(model.workshop_id == w.id))
    people = select(Participant.id).where(Participant.workshop_id == w.id)
    db.session.execute(delete(Operation).where(Operation.participant_id.in_(people)))
    db.session.execute(delete(Participant).where(Participant.workshop_id == w.id))
    db.session.delete(w)


def find(code: str) -> Workshop:
    w = reads.workshop_by_code(code)
    if w is None:
        raise click.ClickException(f"No workshop with code {code}.")
    return w


@workshops.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_command(as_json: bool) -> None:
    """List every workshop: code, phase, date, participants and title."""
    rows = listing()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No workshops.")
        return
    click.echo(f"{'code':<10}{'phase':<14}{'created':<18}{'people':>6}  title")
    for r in rows:
        follow = f"  (follow-up of {r['follow_up_of']})" if r["follow_up_of"] else ""
        click.echo(f"{r['code']:<10}{r['phase']:<14}{r['created_at'].replace('T', ' '):<18}"
                   f"{r['participants']:>6}  {r['title']}{follow}")


@workshops.command("export")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(export.FORMATS), default="json", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write; '-' for standard output. Default: the download's name, "
                   "opschalen-CODE-TITLE-DATE.FORMAT")
def export_command(code: str, fmt: str, output: str | None) -> None:
    """Write a workshop's summary (in its language) to a file."""
    w = find(code)
    summary = reads.summary(w, FACILITATOR)
    data = export.render(summary, fmt)
    if output == "-":
        sys.stdout.buffer.write(data)
        return
    path = Path(output or export.filename(summary, fmt))
    path.write_bytes(data)
    click.echo(f"Wrote {path} ({len(data):,} bytes).")


@workshops.command("delete")
@click.argument("code")
@click.option("--keep-results", is_flag=True,
              help="Erase only personal data (names, roles, comments, tokens); keep the results.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_command(code: str, keep_results: bool, yes: bool) -> None:
    """Delete a workshop with all its personal data (for a privacy request)."""
    w = find(code)
    what = "personal data of" if keep_results else "workshop"
    if not yes:
        click.confirm(f"Delete {what} {w.code} ({w.title})? This cannot be undone", abort=True)
    if keep_results:
        erase_personal_data(w)
        db.session.commit()
    else:
        sids = list(db.session.scalars(select(Connection.sid).where(Connection.workshop_id == w.id)))
        delete_workshop(w)
        db.session.commit()
        for sid in sids:  # through the message queue, if any; else each server notices by itself
            live.close(sid)
    click.echo(f"Deleted {what} {w.code}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(workshops)
