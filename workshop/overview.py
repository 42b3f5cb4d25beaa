"""The facilitator's overview page (/workshops): the workshops this browser facilitated.

The list itself lives in the browser (localStorage, with the facilitator links), for
facilitators without an account; the page's script reads it and asks the API for each
one, and offers a logged-in facilitator to add them to their account.
"""

from flask import Blueprint, render_template, request

from .domain import vocab
from .i18n import DEFAULT_LANGUAGE, translate

bp = Blueprint("overview", __name__)


@bp.get("/workshops")
def overview():
    asked = request.args.get("lang", "")
    language = asked if asked in vocab.LANGUAGES else DEFAULT_LANGUAGE
    return render_template("overview.html", view="overview", lang=language, languages=vocab.LANGUAGES,
                           t=lambda key, **values: translate(language, key, **values))
