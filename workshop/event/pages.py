"""The event's pages: creating one, the room's join link (pick a group), the organiser's
overview and the plenary display; the join link's QR code."""

from flask import Blueprint, abort, current_app, redirect, session

from .. import limits
from ..database import reading
from ..domain import assignment, vocab
from ..extensions import db
from ..models import Participant
from ..security import base_url
from ..tokens import display_code
from ..views import page_language, qr_svg, render_page
from . import reads

bp = Blueprint("event_pages", __name__)


def event_or_404(code: str):
    event = limits.lookup(lambda: reads.event_by_code(code))
    if event is None:
        abort(404)
    return event


@bp.get("/events/new")
def new():
    return render_page("event_new.html", "event_new", page_language())


@bp.get("/e/<code>")
def join(code: str):
    """One link for the whole room: everyone picks their group and lands in its workshop; or, while
    the event assigns, gives their name and is placed (`POST /api/events/{code}/participants`).
    A browser already in one of its groups goes back there; while people choose, the picker marks
    that group as theirs."""
    with reading():
        event = event_or_404(code)
        groups = reads.groups_of(event)
        mine = in_group(groups)
        if event.assignment == "assign" and mine is not None:
            return redirect(f"/join/{mine}")
        cap = current_app.config["MAX_PARTICIPANTS"]
        refusals = {g.id: assignment.reason(g, cap) for g in reads.as_groups(event)}
        return render_page(
            "event_join.html",
            "event_join",
            page_language(event.language),
            event=event,
            groups=groups,
            refusals=refusals,
            mine=mine,
            display_code=display_code(event.code),
            categories=vocab.ACTOR_CATEGORIES,
        )


def in_group(groups) -> str | None:
    """The code of the group this browser's cookie session is a participant of, if any (the
    organiser's browser is the facilitator of every group: it sees the form)."""
    known = session.get("people", {})
    for w in groups:
        if w.code in known:
            person = db.session.get(Participant, known[w.code])
            if (
                person is not None
                and person.workshop_id == w.id
                and not person.removed
                and not person.facilitator
            ):
                return w.code
    return None


def organiser_page(code: str, template: str, view: str):
    # The token arrives in the link's fragment; the page exchanges it for the cookie session.
    with reading():
        event = event_or_404(code)
        return render_page(
            template,
            view,
            page_language(event.language),
            event=event,
            display_code=display_code(event.code),
            join_url=f"{base_url()}/e/{event.code}",
        )


@bp.get("/events/<code>")
def overview(code: str):
    return organiser_page(code, "event_overview.html", "event_overview")


@bp.get("/events/<code>/plenary")
def plenary(code: str):
    return organiser_page(code, "event_plenary.html", "event_plenary")


@bp.get("/qr/e/<code>.svg")
def qr(code: str):
    with reading():
        event = event_or_404(code)
        code, language = event.code, event.language
    return qr_svg(f"{base_url()}/e/{code}", language, code)
