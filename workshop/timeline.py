"""The intervention's timeline: `GET /api/workshops/{code}/timeline` and its page `/timeline/{code}`.

The chain is found through `follow_up_of`; what each workshop shows comes from its
summary, so the timeline and the summaries always agree.
"""

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import select
from sqlalchemy.orm import aliased

from . import export, limits, reads, tokens
from .api import identify
from .database import reading
from .domain import timeline
from .domain.redaction import FACILITATOR
from .domain.rules import RuleError
from .extensions import db
from .models import Workshop
from .views import page_language, render_page

bp = Blueprint("timeline", __name__)


def _parent_of(code: str) -> str | None:
    parent = aliased(Workshop)
    return db.session.scalar(select(parent.code).join(Workshop, Workshop.follow_up_of == parent.code)
                             .where(Workshop.code == code))


def _children_of(codes: list[str]) -> list[str]:
    return list(db.session.scalars(select(Workshop.code).where(Workshop.follow_up_of.in_(codes))
                                   .order_by(Workshop.created_at, Workshop.id)))


def of(w: Workshop) -> dict:
    """The timeline of the chain `w` belongs to, oldest workshop first."""
    codes = timeline.family(w.code, _parent_of, _children_of)
    chain = db.session.scalars(select(Workshop).where(Workshop.code.in_(codes)))
    result = timeline.build([reads.summary(x, FACILITATOR, with_comparison=False) for x in chain])
    return {"code": w.code, "intervention": w.intervention, "language": w.language, **result}


@bp.get("/api/workshops/<code>/timeline")
def timeline_json(code: str):
    with reading():
        w, person = identify(code)
        if not person.facilitator:
            raise RuleError("forbidden", "Only a facilitator sees the timeline.")
        return jsonify(of(w))


@bp.get("/api/workshops/<code>/timeline.<any(md, pdf):fmt>")
def timeline_file(code: str, fmt: str):
    """The timeline as a report, rendered off the event loop and cached like the summaries
    (`workshop.downloads`): the read ends before the render starts."""
    with reading():
        w, person = identify(code)
        if not person.facilitator:
            raise RuleError("forbidden", "Only a facilitator sees the timeline.")
        data, person_id = of(w), person.id
    body = current_app.extensions["downloads"].file(data, fmt, audience="timeline", person=person_id,
                                                    render=export.render_timeline)
    response = Response(body, mimetype=export.MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{export.timeline_filename(data, fmt)}"'
    return response


@bp.get("/timeline/<code>")
def page(code: str):
    w = limits.lookup(lambda: reads.workshop_by_code(code))
    if w is None:
        return render_page("missing.html", "missing", page_language()), 404
    return render_page("timeline.html", "timeline", page_language(w.language), code=w.code,
                       display_code=tokens.display_code(w.code), intervention=w.intervention)
