"""One write to one workshop: the events it records get consecutive `seq` numbers."""

from sqlalchemy import delete

from ..domain import redaction
from ..domain.rules import RuleError
from ..extensions import db
from ..models import LogEntry, Participant, Workshop


class Change:
    """The locked workshop, who acts (None for the server itself), the events recorded and
    the aggregates (`operations.aggregates` kinds) the change touched."""

    def __init__(self, workshop: Workshop, by: Participant | None):
        self.workshop = workshop
        self.by = by
        self.events: list[LogEntry] = []
        self.aggregates: set[str] = set()
        # People this change names who are hidden from other participants (an anonymous
        # card's author): hidden in its events and in the ack alike.
        self.anonymous: set[int] = set()

    def facts(self, anonymous=()) -> dict | None:
        """What the copies of this change's messages depend on (`domain.redaction.facts`)."""
        return redaction.facts(votes_hidden=not self.workshop.results_visible,
                               anonymous={*anonymous, *self.anonymous})

    def record(self, type_: str, data: dict, anonymous=()) -> None:
        """Append one event (the facilitator's copy, with the facts of every other copy);
        `anonymous`: people it names who are hidden from other participants."""
        self.anonymous.update(anonymous)
        w = self.workshop
        w.last_seq += 1
        event = LogEntry(workshop_id=w.id, seq=w.last_seq, type=type_, data=data,
                      redaction=self.facts(anonymous), by=self.by.id if self.by else None)
        db.session.add(event)
        self.events.append(event)

    def added(self, name: str, row, shape) -> dict:
        """A new row of the workshop: stored (for its id), recorded as `<name>.added {name: …}`,
        and the ack `{name: …}` (the same shape)."""
        db.session.add(row)
        db.session.flush()
        data = shape(row)
        self.record(f"{name}.added", {name: data})
        return {name: data}

    def prune(self, keep: int) -> None:
        """Bound the log: each time the workshop passes another tenth of `keep` events, drop
        those beyond the newest `keep` (0 keeps them all). `sync` from before the oldest kept
        answers `state`."""
        if not self.events or keep <= 0:
            return
        batch = max(1, keep // 10)
        first, last = self.events[0].seq, self.workshop.last_seq
        if (first - 1) // batch != last // batch:
            db.session.execute(delete(LogEntry).where(LogEntry.workshop_id == self.workshop.id,
                                                   LogEntry.seq <= last - keep))


def get(model, id_: int, change: Change, what: str):
    """The row with this id in the changed workshop, else `not_found`."""
    row = db.session.get(model, id_)
    if row is None or row.workshop_id != change.workshop.id:
        raise RuleError("not_found", f"No {what} {id_} in this workshop.")
    return row


def apply(row, fields: dict) -> bool:
    """Set the given fields; True when anything actually changed."""
    changed = False
    for name, value in fields.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed
