"""The JSON API of the contract: create, join, read state, summaries, health."""

from flask import Blueprint, Response, current_app, jsonify, request, session
from sqlalchemy import text

from . import arrivals, export, limits, reads, shapes, summaries, wire
from .accounts import access
from .bodies import CreateWorkshop, Join
from .database import reading
from .domain.groups import MIN_GROUP
from .domain.rules import RuleError
from .extensions import db
from .models import Participant, Template, Workshop
from .operations import create
from .security import base_url
from .tokens import bearer
from .validation import Schema, parse

bp = Blueprint("api", __name__)

STATUS = {"invalid": 400, "unauthorized": 401, "forbidden": 403, "not_found": 404, "closed": 409,
          "too_large": 413, "rate_limited": 429, "internal": 500}


def error_response(code: str, message: str):
    return jsonify({"error": {"code": code, "message": message}}), STATUS[code]


def body(schema: type[Schema]) -> Schema:
    """The request's JSON body (read whole before the route ran), validated."""
    try:
        payload = wire.loads(request.get_data()) if request.is_json else None
    except ValueError:
        payload = None
    if payload is None:
        raise RuleError("invalid", "The body must be JSON.")
    return parse(schema, payload)


def remember(w: Workshop, person: Participant) -> None:
    """The browser's cookie session knows who it is in each workshop (no token in JS needed).
    Reads `w.code` and `person.id` only (a join passes plain rows)."""
    people = dict(session.get("people", {}))
    people[w.code] = person.id
    session["people"] = people


UNAUTHORIZED = "A valid token for this workshop is needed."


def identify(code: str) -> tuple[Workshop, Participant]:
    """The workshop and the person asking: a bearer token, or the browser's cookie session.
    A wrong code or token counts as a failed lookup; a browser that is simply not (or no
    longer) in this workshop does not."""

    def find() -> tuple[Workshop, Participant] | None:
        w = reads.workshop_by_code(code)
        header = request.headers.get("Authorization", "")
        if w is None or header:
            token = bearer(header)
            person = reads.authenticate(code, token) if w is not None and token is not None else None
            return (w, person) if person is not None and person.workshop_id == w.id else None
        # A logged-in facilitator of the workshop counts as its facilitator.
        person = access.facilitator_in(w)
        if person is not None:
            return w, person
        known = session.get("people", {}).get(w.code)
        person = db.session.get(Participant, known) if known else None
        if person is None or person.workshop_id != w.id or person.removed:
            raise RuleError("unauthorized", UNAUTHORIZED)
        return w, person

    found = limits.lookup(find)
    if found is None:
        raise RuleError("unauthorized", UNAUTHORIZED)
    return found


@bp.post("/api/workshops")
def create_workshop():
    access.may_create()
    fields = body(CreateWorkshop)
    limits.workshop_created()
    earlier = None
    if fields.follow_up_of:
        earlier, person = identify(fields.follow_up_of)
        if not person.facilitator:
            raise RuleError("forbidden", "Only the earlier workshop's facilitator can start a follow-up.")
    values = fields.model_dump()
    if earlier and "language" not in fields.model_fields_set:
        values["language"] = earlier.language  # a follow-up speaks the earlier workshop's language
    w, token = create.create_workshop(values, earlier)
    access.created(w, earlier)
    db.session.commit()
    remember(w, db.session.get(Participant, w.facilitator_id))
    base = base_url()
    return jsonify({
        "code": w.code, "facilitator_token": token,
        "join_url": f"{base}/join/{w.code}",
        "facilitator_url": f"{base}/facilitate/{w.code}#token={token}",
        "workshop": shapes.workshop_json(w),
    }), 201


@bp.get("/api/templates/<template_id>")
def template(template_id: str):
    """A saved template, for whoever has its id (facilitators share it like a link)."""
    found = limits.lookup(lambda: db.session.get(Template, template_id.strip().upper()[:16]))
    if found is None:
        raise RuleError("not_found", "No template with this id.")
    return jsonify({"template": shapes.template_json(found)})


@bp.post("/api/workshops/<code>/participants")
def join(code: str):
    response, status = joined(code, body(Join))
    return jsonify(response), status


def joined(code: str, fields: Join) -> tuple[dict, int]:
    """A join to the workshop with this code (also where an event's link placed someone)."""
    limits.join_attempt()
    w = limits.lookup(lambda: arrivals.joining(code))
    if w is None:
        raise RuleError("not_found", "No workshop with this code.")
    if w.phase == "closed":
        raise RuleError("closed", "This workshop is closed.")
    if not w.joins_open:
        raise RuleError("closed", "The facilitator has closed this workshop to new participants.")
    if w.count >= current_app.config["MAX_PARTICIPANTS"]:
        # An abuse limit like the others (see limits.py), so it answers rate_limited.
        raise RuleError("rate_limited", "This workshop is full.")
    limits.seat(w.id)
    person, token = create.add_participant(w, fields.name, fields.role, fields.group, fields.anonymous)
    added = {"id": person.id, "name": person.name, "role": person.role, "group": person.group}
    remember(w, person)
    db.session.commit()
    return {"participant": added, "token": token}, 201


@bp.post("/api/workshops/<code>/session")
def open_session(code: str):
    """Exchange a token (from a link) for this browser's cookie session, so it can leave the URL."""
    with reading():
        w, person = identify(code)
        remember(w, person)
        return jsonify({"participant": {"id": person.id, "name": person.name, "role": person.role,
                                        "facilitator": person.facilitator}})


@bp.get("/api/workshops/<code>")
def workshop_state(code: str):
    with reading():
        w, person = identify(code)
        return jsonify(reads.snapshot(w, person))


def summary_for(code: str) -> tuple[dict, str, str, int]:
    """The summary, for the facilitator, and for participants while downloads are allowed
    (without vote counts while the results are hidden: `redaction.without_results`); with its
    digest, the audience and the person asking. Kept while the workshop does not change
    (`workshop.summaries`); the read transaction ends here: nothing waits while it is open."""
    with reading():
        w, person = identify(code)
        if not (person.facilitator or w.participants_can_download):
            raise RuleError("forbidden", "The facilitator has not made the summary available.")
        viewer = reads.viewer_of(person)
        summary, digest = summaries.kept().get(w, viewer)
        found = summary, digest, summaries.audience(viewer), person.id
        db.session.rollback()
    return found


def attachment(response: Response, summary: dict, fmt: str) -> Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename(summary, fmt)}"'
    return response


@bp.get("/api/workshops/<code>/summary.json")
def summary_json(code: str):
    summary, _, _, _ = summary_for(code)
    return attachment(jsonify(summary), summary, "json")


@bp.get("/api/workshops/<code>/summary.<any(md, csv, pdf):fmt>")
def summary_file(code: str, fmt: str):
    """The same summary as a download: Markdown, CSV (for Excel) or PDF, rendered off the event
    loop (workshop.downloads); 429 rate_limited while too many renders are under way."""
    summary, digest, audience, person = summary_for(code)
    data = current_app.extensions["downloads"].file(summary, fmt, audience=audience, person=person,
                                                    digest=digest)
    return attachment(Response(data, mimetype=export.MIMETYPES[fmt]), summary, fmt)


@bp.get("/api/workshops/<code>/groups")
def group_results(code: str):
    """Per stakeholder group (at least three participants): vote totals and determinant means."""
    with reading():
        w, person = identify(code)
        if not person.facilitator:
            raise RuleError("forbidden", "Only the facilitator sees results per group.")
        return jsonify({"min_group_size": MIN_GROUP, "groups": reads.group_results(w.id)})


@bp.get("/healthz")
def healthz():
    """Answers as long as the server serves and its database reads: never waits for writers."""
    with reading():
        db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})
