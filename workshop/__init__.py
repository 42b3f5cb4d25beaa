"""The app factory. Flask is imported inside it so `workshop.domain` stays importable alone."""

import logging
import socket
from pathlib import Path


def create_app(overrides: dict | None = None):
    """Build the app from the environment, with `overrides` (tests pass a dict)."""
    from flask import Flask

    from . import (
        accounts,
        api,
        cli,
        downloads,
        limits,
        live,
        overview,
        security,
        summaries,
        timeline,
        views,
        wire,
    )
    from .config import ROOT, database_url, engine_options, from_environment, secret_key
    from .database import init_database
    from .errors import init_errors
    from .event import api as event_api
    from .event import pages as event_pages
    from .event import reads as event_reads
    from .extensions import db, migrate, socketio
    from .retention import init_app as init_retention

    settings = from_environment()
    settings.update(overrides or {})
    Path(settings["SESSIONS_DIR"]).mkdir(parents=True, exist_ok=True)
    settings["SERVER_ID"] = settings["SERVER_ID"] or socket.gethostname()

    app = Flask(__name__, root_path=str(ROOT), static_folder=str(ROOT / "static"),
                template_folder=str(ROOT / "templates"))
    app.config.update(
        settings,
        SECRET_KEY=secret_key(settings),
        SQLALCHEMY_DATABASE_URI=database_url(settings),
        SQLALCHEMY_ENGINE_OPTIONS=engine_options(database_url(settings)),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SYNC_MAX_EVENTS=settings.get("SYNC_MAX_EVENTS", 1000),
    )
    logging.basicConfig(level=settings["LOG_LEVEL"])

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    init_database(app)

    from . import events  # noqa: F401  (handlers must be registered before init_app)

    public = settings["PUBLIC_URL"]
    socketio.init_app(
        app,
        async_mode=settings["SOCKETIO_ASYNC_MODE"],
        message_queue=settings["SOCKETIO_MESSAGE_QUEUE"] or None,
        cors_allowed_origins=[public] if public else None,
        max_http_buffer_size=settings["MAX_MESSAGE_BYTES"],
        json=wire,  # packets are decoded before any handler runs: limit their depth there
        logger=False, engineio_logger=False,
    )
    limits.init_app(app)  # its gate in front of Socket.IO, behind a trusted proxy's headers
    security.init_app(app)
    downloads.init_app(app)
    summaries.init_app(app)
    init_retention(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(views.bp)
    init_errors(app)
    live.init_app(app)
    cli.init_app(app)
    app.register_blueprint(overview.bp)
    accounts.init_app(app)
    app.register_blueprint(timeline.bp)
    app.register_blueprint(event_api.bp)
    event_reads.init_app(app)
    app.register_blueprint(event_pages.bp)
    return app
