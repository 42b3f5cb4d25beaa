"""Facilitator accounts: login sessions, which accounts run which workshops, the `flask users`
commands, the admin and "my workshops" pages. Participants never have an account, and a
server without any account works exactly as before, by links and tokens."""

from flask import Flask


def init_app(app: Flask) -> None:
    # Imported here: the route modules import the API, which imports `access` from this package.
    from . import admin, api, cli, logins, pages, users

    logins.init_app(app)
    # Pages offer to log in only where there are accounts: a server without any looks as before.
    app.context_processor(lambda: {"accounts_in_use": users.in_use})
    app.register_blueprint(api.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(pages.bp)
    app.cli.add_command(cli.group)
