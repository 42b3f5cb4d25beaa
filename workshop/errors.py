"""Every error answers the contract's JSON shape; a server fault never shows a stack trace."""

import logging

from flask import Flask
from werkzeug.exceptions import HTTPException

from .api import error_response
from .domain.rules import RuleError
from .extensions import db

log = logging.getLogger(__name__)

HTTP_CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "closed",
              413: "too_large", 429: "rate_limited"}


def init_errors(app: Flask) -> None:
    @app.errorhandler(RuleError)
    def rule_error(error: RuleError):
        db.session.rollback()
        return error_response(error.code, error.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = HTTP_CODES.get(error.code, "invalid" if error.code < 500 else "internal")
        response, _ = error_response(code, error.description or error.name)
        # Keep the HTTP status (405 stays 405, with its Allow header); only the body is ours.
        response.status_code = error.code
        if error.code == 405:
            response.headers["Allow"] = ", ".join(error.valid_methods or [])
        return response

    @app.errorhandler(Exception)
    def fault(error: Exception):
        log.exception("request failed")
        db.session.rollback()
        return error_response("internal", "Something went wrong on the server.")
