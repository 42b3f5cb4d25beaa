"""One write to one workshop: the events it records get consecutive `seq` numbers.

An action's fixed cost in a small workshop is mostly SQLAlchemy's per statement and per
object, not SQLite's: so the statements are built once (`bindparam`: SQLAlchemy finds each
one's compiled form by the key it memoised on the statement), the workshop and the rows an
action of participants changes are read as plain values (`LOADED`, `Values`: no ORM object
for the session to track and the commit to expire), and the log, the workshop's `seq`, the
stored ack and a changed row are written with plain inserts and updates rather than through
the unit of work.
"""

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, delete, insert, inspect, select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..database import execute
from ..domain import redaction
from ..domain.rules import RuleError
from ..extensions import db
from ..models import LogEntry, Operation, Workshop, utcnow

_W = Workshop.__table__.c
# What every change reads of its workshop: the rules' phase and lock, the settings and step
# the operations of participants read, whether results show (the copies' facts), `seq` and
# the room's key. An operation that changes the workshop, or reads more of it, asks for the
# stored object (`Change.stored`).
LOADED = (_W.id, _W.created_at, _W.last_seq, _W.phase, _W.locked, _W.results_visible,
          _W.votes_per_participant, _W.max_votes_per_strategy, _W.determinants, _W.step_id,
          _W.anonymous)
_INSERT_EVENTS = insert(LogEntry.__table__)
_INSERT_OPERATION = insert(Operation.__table__)
_SET_SEQ = update(Workshop.__table__).where(_W.id == bindparam("workshop")).values(last_seq=bindparam("seq"))
_PRUNE = delete(LogEntry.__table__).where(LogEntry.__table__.c.workshop_id == bindparam("workshop"),
                                          LogEntry.__table__.c.seq <= bindparam("upto"))
_OBJECTS: dict[type, tuple] = {}  # model -> (its key's attribute names, the select of its object by them)
_ROWS: dict[type, tuple] = {}  # model -> (its key's attribute names, the select of its values by them)
_UPDATES: dict[tuple, object] = {}  # (model, names of the fields set) -> the update of one row
_DELETES: dict[type, object] = {}  # model -> the delete of one row by its key
_INSERTS: dict[tuple, tuple] = {}  # (model, names of the fields given) -> the insert of one row,
# and the names of the key's generated columns it returns
_KEYS: dict[type, tuple] = {}  # model -> (column, attribute name) of each key column


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
    the aggregates (`operations.aggregates` kinds) the change touched.

    `workshop` is the workshop's values as loaded (`LOADED`), or the stored object once an
    operation asked for it (`stored`); `by` has the acting person's `id` and `facilitator`."""

    def __init__(self, workshop, by):
        self._loaded = workshop
        self._stored: Workshop | None = None
        self.by = by
        self.seq = workshop.last_seq  # the last event's, this change's included
        self.events: list[Recorded] = []
        self.aggregates: set[str] = set()
        # People this change names who are hidden from other participants (an anonymous
        # card's author): hidden in its events and in the ack alike.
        self.anonymous: set[int] = set()

    @property
    def workshop(self):
        return self._loaded if self._stored is None else self._stored

    def stored(self) -> Workshop:
        """The workshop as a stored object, for an operation that changes it or reads more than
        `LOADED`: read on first use, in the change's transaction (the workshop is held), and
        `workshop` from then on."""
        if self._stored is None:
            w = db.session.get(Workshop, self._loaded.id, populate_existing=True)
            set_committed_value(w, "last_seq", self.seq)  # `store` writes it with the events
            self._stored = w
        return self._stored

    def facts(self, anonymous=()) -> dict | None:
        """What the copies of this change's messages depend on (`domain.redaction.facts`)."""
        return redaction.facts(votes_hidden=not self.workshop.results_visible,
                               anonymous={*anonymous, *self.anonymous})

    def record(self, type_: str, data: dict, anonymous=(), *, by_server: bool = False) -> None:
        """Append one event (the facilitator's copy, with the facts of every other copy);
        `anonymous`: people it names who are hidden from other participants; `by_server`: the
        server's own (an aggregate), whoever's change it goes with. Stored by `store`."""
        self.anonymous.update(anonymous)
        self.seq += 1
        if self._stored is not None:  # not marked as changed: `store` writes it
            set_committed_value(self._stored, "last_seq", self.seq)
        self.events.append(Recorded(seq=self.seq, type=type_, data=data, redaction=self.facts(anonymous),
                                    by=self.by.id if self.by and not by_server else None))

    def added(self, name: str, row, shape) -> dict:
        """A new row of the workshop: stored (for its id; `Values` of `insert_row` already are),
        recorded as `<name>.added {name: …}`, and the ack `{name: …}` (the same shape)."""
        if not isinstance(row, Values):
            db.session.add(row)
            db.session.flush()
        data = shape(row)
        self.record(f"{name}.added", {name: data})
        return {name: data}

    def store(self, keep: int, op: str | None = None, ack: dict | None = None) -> None:
        """Write the recorded events, the workshop's `seq` and (for a client's `op`) the ack it
        got, in the caller's transaction; and bound the log to `keep` (`prune`)."""
        workshop_id = self.workshop.id
        if self.events:
            now = utcnow()
            execute(_INSERT_EVENTS, [
                {"workshop_id": workshop_id, "seq": e.seq, "type": e.type, "data": e.data,
                 "redaction": e.redaction, "by": e.by, "created_at": now} for e in self.events])
            execute(_SET_SEQ, {"workshop": workshop_id, "seq": self.seq})
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
        first, last = self.events[0].seq, self.seq
        if (first - 1) // batch != last // batch:
            execute(_PRUNE, {"workshop": self.workshop.id, "upto": last - keep})


class Values:
    """A row's fields as plain attributes, read without the ORM: nothing for the session to
    track or a commit to expire. `apply` and `delete_row` write it back by its key."""

    def __init__(self, model, fields: dict):
        self.__dict__.update(fields)
        self.model = model

    def key(self) -> dict:
        return {f"key_{column.key}": getattr(self, name) for column, name in _key_names(self.model)}


def _key_names(model) -> tuple[tuple, ...]:
    """(column, attribute name) of each of the model's key columns."""
    found = _KEYS.get(model)
    if found is None:
        mapper = model.__mapper__
        found = _KEYS[model] = tuple((column, mapper.get_property_by_column(column).key)
                                     for column in mapper.primary_key)
    return found


def _by_key(model, cache: dict, what) -> tuple:
    """(the key's attribute names, `what(model)` where the key equals them), built once."""
    found = cache.get(model)
    if found is None:
        names = _key_names(model)
        where = and_(*(column == bindparam(name) for column, name in names))
        found = cache[model] = (tuple(name for _, name in names), what(model).where(where))
    return found


def _columns(model):
    """The select of the model's fields (on the table's columns, named as the model's attributes)."""
    return select(*(prop.columns[0].label(prop.key) for prop in model.__mapper__.column_attrs))


def values(model, *key) -> Values | None:
    """The fields of the row with this primary key (in the order of the model's key columns),
    or None."""
    names, query = _by_key(model, _ROWS, _columns)
    row = execute(query, dict(zip(names, key, strict=True))).first()
    return None if row is None else Values(model, row._asdict())


def in_workshop(model, id_: int, change: Change, what: str) -> Values:
    """The fields of the row with this id in the changed workshop, else `not_found`."""
    found = values(model, id_)
    if found is None or found.workshop_id != change.workshop.id:
        raise RuleError("not_found", f"No {what} {id_} in this workshop.")
    return found


def find(model, *key):
    """The stored object with this primary key (in the order of the model's key columns), or
    None: `Session.get` with a statement built once per model."""
    names, query = _by_key(model, _OBJECTS, select)
    return db.session.execute(query, dict(zip(names, key, strict=True))).scalar_one_or_none()


def get(model, id_: int, change: Change, what: str):
    """The stored object with this id in the changed workshop, else `not_found`."""
    found = find(model, id_)
    if found is None or found.workshop_id != change.workshop.id:
        raise RuleError("not_found", f"No {what} {id_} in this workshop.")
    return found


def insert_row(model, fields: dict) -> Values:
    """Store a new row (a vote, a score, an actor) at once, without the unit of work; its
    values, for reading and `apply`. A key not given (an id) is generated and read back."""
    names = tuple(fields)
    found = _INSERTS.get((model, names))
    if found is None:
        mapper = model.__mapper__
        statement = insert(model.__table__).values(
            {mapper.get_property(name).columns[0]: bindparam(name) for name in names})
        generated = tuple((column, name) for column, name in _key_names(model) if name not in fields)
        if generated:
            statement = statement.returning(*(column for column, _ in generated))
        found = _INSERTS[(model, names)] = (statement, tuple(name for _, name in generated))
    statement, generated = found
    result = execute(statement, fields)
    if generated:
        fields = {**fields, **dict(zip(generated, result.one(), strict=True))}
    return Values(model, fields)


def delete_row(row: Values) -> None:
    """Delete a stored row at once, without the unit of work (`apply`'s counterpart)."""
    model = row.model
    statement = _DELETES.get(model)
    if statement is None:
        statement = _DELETES[model] = delete(model.__table__).where(
            and_(*(column == bindparam(f"key_{column.key}") for column, _ in _key_names(model))))
    execute(statement, row.key())


def apply(row, fields: dict) -> bool:
    """Set the given fields of a stored object or of `Values`; True when anything actually
    changed. A stored row is updated at once, with a statement built once per model and set
    of fields, and its object takes the values as loaded: the commit then has nothing of it
    to flush."""
    changed = {name: value for name, value in fields.items() if getattr(row, name) != value}
    if not changed:
        return False
    if isinstance(row, Values):
        model, key = row.model, row.key()
    elif inspect(row).persistent:
        model = type(row)
        key = {f"key_{column.key}": value
               for (column, _), value in zip(_key_names(model), inspect(row).identity, strict=True)}
    else:
        for name, value in changed.items():
            setattr(row, name, value)
        return True
    names = tuple(sorted(changed))
    statement = _UPDATES.get((model, names))
    if statement is None:
        mapper = model.__mapper__
        statement = _UPDATES[(model, names)] = (
            update(model.__table__)
            .where(and_(*(column == bindparam(f"key_{column.key}") for column, _ in _key_names(model))))
            .values({mapper.get_property(name).columns[0]: bindparam(f"new_{name}") for name in names}))
    execute(statement, {**key, **{f"new_{name}": value for name, value in changed.items()}})
    for name, value in changed.items():
        if isinstance(row, Values):
            setattr(row, name, value)
        else:
            set_committed_value(row, name, value)
    return True
