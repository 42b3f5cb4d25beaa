"""Extension objects, created without an app so that any module can import them."""

from contextvars import ContextVar

import flask_sqlalchemy.session
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

# The action transaction running in this context (`database.Actions`), or None.
action_transaction: ContextVar = ContextVar("action_transaction", default=None)


class Base(DeclarativeBase):
    pass


class Session(flask_sqlalchemy.session.Session):
    """`db.session`, which inside an action's transaction (`database.Actions`) runs in it: on
    its connection and within its transaction, which it flushes into and may roll back but
    never commits (`join_transaction_mode="rollback_only"`); the action commits."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None:
            action = action_transaction.get()
            if action is not None:
                return action.connection
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


db = SQLAlchemy(model_class=Base,
                session_options={"class_": Session, "join_transaction_mode": "rollback_only"})
migrate = Migrate()
socketio = SocketIO()
