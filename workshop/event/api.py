"""The events API: create an event of parallel groups, its settings, the organiser's overview,
moving a person to another group and every group to the plenary, joining through the event's
link, the plenary's comparison and the one report."""

from flask import Blueprint, Response, current_app, jsonify, request, session

from .. import api as workshops
from .. import export, limits, shapes
from ..accounts import access, logins
from ..api import attachment, body, remember
from ..bodies import CreateEvent, EventSettings, Join, Move
from ..database import reading
from ..domain import assignment
from ..domain import events as rules
from ..domain.rules import RuleError
from ..extensions import db, socketio
from ..models import Event, Participant, Workshop, utcnow
from ..operations import events as operations
from ..reads import workshop_by_code
from ..schemas import ParticipantMove, StepSet
from ..security import base_url
from . import reads

bp = Blueprint("events_api", __name__)


def organiser_of(code: str):
    return reads.organised(code, request.headers.get("Authorization", ""))


def remember_event(event_id: int) -> None:
    """The organiser's browser keeps the event in its cookie session (no token in JS needed)."""
    known = list(session.get("events", ()))
    if event_id not in known:
        session["events"] = [*known, event_id]


@bp.post("/api/events")
def create_event():
    access.may_create()
    fields = body(CreateEvent)
    limits.workshop_created()
    account = logins.current()
    event, token, groups = operations.create_event(fields, account.user.id if account else None)
    for w, _ in groups:
        access.created(w, None)
    db.session.commit()
    remember_event(event.id)
    for w, _ in groups:
        remember(w, reads.facilitator_of(w))
    base = base_url()
    return jsonify({
        "code": event.code, "facilitator_token": token, "event": reads.event_json(event),
        "join_url": f"{base}/e/{event.code}",
        "overview_url": f"{base}/events/{event.code}#token={token}",
        "plenary_url": f"{base}/events/{event.code}/plenary#token={token}",
        "groups": [{"code": w.code, "facilitator_token": group_token, "title": w.title,
                    "join_url": f"{base}/join/{w.code}",
                    "facilitator_url": f"{base}/facilitate/{w.code}#token={group_token}"}
                   for w, group_token in groups],
    }), 201


@bp.post("/api/events/<code>/session")
def open_session(code: str):
    """Exchange the event's token (from a link) for this browser's cookie session: the organiser's,
    and the facilitator's of every group, so each group's console opens without a token."""
    with reading():
        event = organiser_of(code)
        remember_event(event.id)
        for w in reads.groups_of(event):
            remember(w, reads.facilitator_of(w))
        return jsonify({"event": reads.event_json(event)})


@bp.get("/api/events/<code>")
def overview(code: str):
    with reading():
        return jsonify(reads.overview(organiser_of(code)))


@bp.patch("/api/events/<code>")
def settings(code: str):
    """The organiser changes how the event's link places newcomers."""
    fields = body(EventSettings)
    event = organiser_of(code)
    event.assignment = fields.assignment
    db.session.commit()
    with reading():
        return jsonify(reads.overview(event))


@bp.post("/api/events/<code>/participants")
def join(code: str):
    """Joining through the event's link while it assigns: the group taking people with the fewest
    people (`domain.assignment`), then as `POST /api/workshops/{code}/participants` there."""
    fields = body(Join)
    with reading():
        event = limits.lookup(lambda: reads.event_by_code(code))
        if event is None:
            raise RuleError("not_found", "No event with this code.")
        if event.assignment != "assign":
            raise RuleError("invalid", "In this event everyone picks their own group.")
        group = assignment.emptiest(reads.as_groups(event), current_app.config["MAX_PARTICIPANTS"])
        if group is None:
            raise RuleError("closed", "No group of this event takes participants now.")
        group_code = db.session.get(Workshop, group.id).code
        db.session.rollback()
    response, status = workshops.joined(group_code, fields)
    return jsonify({**response, "code": group_code}), status


@bp.post("/api/events/<code>/moves")
def move(code: str):
    """The organiser moves a participant to another group of the event. Their open connections get
    `moved` (the new group's code and their token there: only they, connected with their old
    token, learn it) and are then closed; their old token works nowhere from then on."""
    fields = body(Move)
    with reading():
        event = organiser_of(code)
        person = db.session.get(Participant, fields.participant)
        source = db.session.get(Workshop, person.workshop_id) if person is not None else None
        if source is None or source.event_id != event.id:
            raise RuleError("not_found", "No such participant in this event.")
        target = workshop_by_code(fields.to)
        if target is None:
            raise RuleError("not_found", "No group with this code.")
        payload = ParticipantMove(id=person.id, to=target.id, event=event.id,
                                  cap=current_app.config["MAX_PARTICIPANTS"])
        source_id, facilitator_id, source_code = source.id, source.facilitator_id, source.code
        db.session.rollback()
    ack = current_app.extensions["live"].perform("participant:move", source_id, facilitator_id, payload)
    moved = {"code": ack["code"], "token": ack["token"], "participant": ack["participant"],
             "url": f"/join/{ack['code']}"}
    for sid in ack["connections"]:
        socketio.emit("moved", moved, to=sid)
        socketio.server.disconnect(sid, namespace="/")
    return jsonify({"participant": ack["participant"], "from": source_code, "to": ack["code"]})


@bp.get("/api/events/<code>/plenary")
def plenary(code: str):
    """What the plenary display shows: the event's slides and the groups side by side."""
    with reading():
        event = organiser_of(code)
        found = {"event": reads.event_json(event), **reads.comparison(event)}
        db.session.rollback()
    return jsonify(found)


@bp.post("/api/events/<code>/plenary")
def to_plenary(code: str):
    """Move every group to its plenary step (the slide before its end), as its facilitator would."""
    with reading():
        event = organiser_of(code)
        moves = [(w.id, w.facilitator_id, rules.plenary_step(shapes.agenda_json(w))["id"])
                 for w in reads.groups_of(event)]
        event_id = event.id
        db.session.rollback()
    live = current_app.extensions["live"]
    for workshop_id, facilitator_id, step_id in moves:
        live.perform("step:set", workshop_id, facilitator_id, StepSet(step=step_id))
    event = db.session.get(Event, event_id)
    event.plenary_at = utcnow()
    db.session.commit()
    with reading():
        return jsonify(reads.overview(event))


def event_summary(code: str) -> tuple[dict, str, int]:
    """The event's summary, its digest and the event's id; the read transaction ends here."""
    with reading():
        event = organiser_of(code)
        found = *reads.summary(event), event.id
        db.session.rollback()
    return found


@bp.get("/api/events/<code>/summary.json")
def summary_json(code: str):
    summary, _, _ = event_summary(code)
    return attachment(jsonify(summary), summary, "json")


@bp.get("/api/events/<code>/summary.<any(md, pdf):fmt>")
def summary_file(code: str, fmt: str):
    """Rendered off the event loop and cached like a workshop's downloads (workshop.downloads)."""
    summary, digest, event_id = event_summary(code)
    # Render slots count per person; an event's organiser is not a participant, so a negative id.
    data = current_app.extensions["downloads"].file(summary, fmt, audience="facilitator", person=-event_id,
                                                    digest=digest)
    return attachment(Response(data, mimetype=export.MIMETYPES[fmt]), summary, fmt)
