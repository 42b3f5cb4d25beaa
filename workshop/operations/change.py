"""One write to one workshop: the events it records get consecutive `seq` numbers.

The statements of every action are built once (`bindparam`), so SQLAlchemy finds each one's
compiled form by the key it memoised on the statement instead of generating a key per call;
the log, the workshop's `seq` and the stored ack are written with plain inserts and updates
rather than through the unit of work: together most of an action's fixed cost in a small
workshop.
"""

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, delete, insert, inspect, select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..database import execute
from ..domain import redaction
from ..domain.rules import RuleError
from ..extensions import db
from ..models import LogEntry, Operation, Participant, Workshop, utcnow

_INSERT_EVENTS = insert(LogEntry.__table__)
_INSERT_OPERATION = insert(Operation.__table__)
_SET_SEQ = (update(Workshop.__table__).where(Workshop.__table__.c.id == bindparam("workshop"))
            .values(last_seq=bindparam("seq")))
_PRUNE = delete(LogEntry.__table__).where(LogEntry.__table__.c.workshop_id == bindparam("workshop"),
                                          LogEntry.__table__.c.seq <= bindparam("upto"))
_BY_KEY: dict[type, tuple] = {}  # model -> (its primary key's attribute names, the select by them)
_UPDATES: dict[tuple, object] = {}  # (model, names of the fields set) -> the update of one row
_DELETES: dict[type, object] = {}  # model -> the delete of one row by its key
_INSERTS: dict[type, object] = {}  # model -> the insert of one row


@dataclass(frozen=True)
class Recorded:
    """One event of the change as stored in the log (`LogEntry`'s fields)."""

    seq: int
    type: str
    data: dict
    redaction: dict | None
    by: int | None


class Change:
    """The locked workshop, who acts (None for the server itself), the events recorded and
    the aggregates (`operations.aggregates` kinds) the change touched."""

    def __init__(self, workshop: Workshop, by: Participant | None):
        self.workshop = workshop
        self.by = by
        self.events: list[Recorded] = []
        self.aggregates: set[str] = set()
        # People this change names who are hidden from other participants (an anonymous
        # card's author): hidden in its events and in the ack alike.
        self.anonymous: set[int] = set()

    def facts(self, anonymous=()) -> dict | None:
        """What the copies of this change's messages depend on (`domain.redaction.facts`)."""
        return redaction.facts(votes_hidden=not self.workshop.results_visible,
                               anonymous={*anonymous, *self.anonymous})

    def record(self, type_: str, data: dict, anonymous=(), *, by_server: bool = False) -> None:
        """Append one event (the facilitator's copy, with the facts of every other copy);
        `anonymous`: people it names who are hidden from other participants; `by_server`: the
        server's own (an aggregate), whoever's change it goes with. Stored by `store`."""
        self.anonymous.update(anonymous)
        w = self.workshop
        # Not marked as changed: `store` writes the new `seq` with the events.
        set_committed_value(w, "last_seq", w.last_seq + 1)
        self.events.append(Recorded(seq=w.last_seq, type=type_, data=data, redaction=self.facts(anonymous),
                                    by=self.by.id if self.by and not by_server else None))

    def added(self, name: str, row, shape) -> dict:
        """A new row of the workshop: stored (for its id), recorded as `<name>.added {name: …}`,
        and the ack `{name: …}` (the same shape)."""
        db.session.add(row)
        db.session.flush()
        data = shape(row)
        self.record(f"{name}.added", {name: data})
        return {name: data}

    def store(self, keep: int, op: str | None = None, ack: dict | None = None) -> None:
        """Write the recorded events, the workshop's `seq` and (for a client's `op`) the ack it
        got, in the caller's transaction; and bound the log to `keep` (`prune`)."""
        w = self.workshop
        if self.events:
            now = utcnow()
            execute(_INSERT_EVENTS, [
                {"workshop_id": w.id, "seq": e.seq, "type": e.type, "data": e.data,
                 "redaction": e.redaction, "by": e.by, "created_at": now} for e in self.events])
            execute(_SET_SEQ, {"workshop": w.id, "seq": w.last_seq})
        if op is not None:
            execute(_INSERT_OPERATION, {"participant_id": self.by.id, "op": op, "ack": ack,
                                                   "created_at": utcnow()})
        self.prune(keep)

    def prune(self, keep: int) -> None:
        """Bound the log: each time the workshop passes another tenth of `keep` events, drop
        those beyond the newest `keep` (0 keeps them all). `sync` from before the oldest kept
        answers `state`."""
        if not self.events or keep <= 0:
            return
        batch = max(1, keep // 10)
        first, last = self.events[0].seq, self.workshop.last_seq
        if (first - 1) // batch != last // batch:
            execute(_PRUNE, {"workshop": self.workshop.id, "upto": last - keep})


def find(model, *key):
    """The row with this primary key (in the order of the model's key columns), or None:
    `Session.get` with a statement built once per model."""
    found = _BY_KEY.get(model)
    if found is None:
        mapper = model.__mapper__
        names = tuple(mapper.get_property_by_column(c).key for c in mapper.primary_key)
        query = select(model).where(and_(*(getattr(model, n) == bindparam(n) for n in names)))
        found = _BY_KEY[model] = (names, query)
    names, query = found
    return db.session.execute(query, dict(zip(names, key, strict=True))).scalar_one_or_none()


def get(model, id_: int, change: Change, what: str):
    """The row with this id in the changed workshop, else `not_found`."""
    found = find(model, id_)
    if found is None or found.workshop_id != change.workshop.id:
        raise RuleError("not_found", f"No {what} {id_} in this workshop.")
    return found


def insert_row(row) -> None:
    """Store a new row whose key is not generated (a vote, a score) at once, without the unit
    of work; the object stays out of the session, for reading its fields."""
    model = type(row)
    mapper = model.__mapper__
    values = {prop.columns[0].key: value for name, value in inspect(row).dict.items()
              if (prop := mapper.attrs.get(name)) is not None and hasattr(prop, "columns")}
    statement = _INSERTS.get(model)
    if statement is None:
        statement = _INSERTS[model] = insert(model.__table__)
    execute(statement, values)


def delete_row(row) -> None:
    """Delete a stored row at once, without the unit of work (`apply`'s counterpart)."""
    model = type(row)
    statement = _DELETES.get(model)
    if statement is None:
        statement = _DELETES[model] = delete(model.__table__).where(
            and_(*(column == bindparam(f"key_{column.key}") for column in model.__mapper__.primary_key)))
    execute(statement, _key(row))
    db.session.expunge(row)


def _key(row) -> dict:
    return {f"key_{column.key}": value for column, value in
            zip(type(row).__mapper__.primary_key, inspect(row).identity, strict=True)}


def apply(row, fields: dict) -> bool:
    """Set the given fields; True when anything actually changed. A stored row is updated at
    once, with a statement built once per model and set of fields, and its object takes the
    values as loaded: the commit then has nothing of it to flush."""
    changed = {name: value for name, value in fields.items() if getattr(row, name) != value}
    if not changed:
        return False
    if not inspect(row).persistent:
        for name, value in changed.items():
            setattr(row, name, value)
        return True
    model, names = type(row), tuple(sorted(changed))
    statement = _UPDATES.get((model, names))
    if statement is None:
        mapper = model.__mapper__
        statement = _UPDATES[(model, names)] = (
            update(model.__table__)
            .where(and_(*(column == bindparam(f"key_{column.key}") for column in mapper.primary_key)))
            .values({mapper.get_property(name).columns[0]: bindparam(f"new_{name}") for name in names}))
    execute(statement, {**_key(row), **{f"new_{name}": value for name, value in changed.items()}})
    for name, value in changed.items():
        set_committed_value(row, name, value)
    return True
