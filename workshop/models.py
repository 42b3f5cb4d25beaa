"""Database tables (SQLAlchemy 2.0 typed models). Rules live in `domain`, not here."""

from datetime import UTC, date, datetime

from sqlalchemy import JSON, ForeignKey, ForeignKeyConstraint, Index, String, Text, false, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> datetime:
    """Now in UTC, without a time zone: how every moment is stored."""
    return datetime.now(UTC).replace(tzinfo=None)


class Workshop(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    intervention: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2), default="nl")
    phase: Mapped[str] = mapped_column(String(16), default="lobby")
    locked: Mapped[bool] = mapped_column(default=False)
    results_visible: Mapped[bool] = mapped_column(default=False)
    follow_up_of: Mapped[str | None] = mapped_column(String(8))
    facilitator_id: Mapped[int | None] = mapped_column()
    votes_per_participant: Mapped[int] = mapped_column(default=5)
    max_votes_per_strategy: Mapped[int] = mapped_column(default=3)
    participants_can_download: Mapped[bool] = mapped_column(default=False)
    anonymous: Mapped[bool] = mapped_column(default=False)
    # Whether new participants may join (separate from `locked`, which stops changes).
    joins_open: Mapped[bool] = mapped_column(default=True, server_default=true())
    # The number of the last event in this workshop's log; raised in the same
    # transaction that writes the event, so seq is gap-free across processes.
    last_seq: Mapped[int] = mapped_column(default=0)
    # The facilitator's countdown for the current phase: when it ends, and its length.
    timer_ends_at: Mapped[datetime | None] = mapped_column()
    timer_seconds: Mapped[int | None] = mapped_column()
    # Where the intervention stands and where it should go (reach, quality, embedding).
    goals: Mapped[dict] = mapped_column(JSON, default=dict)
    # The current step of the agenda (`phase` is its kind, kept beside it for v1's rules).
    step_id: Mapped[str | None] = mapped_column(String(16))
    # The workshop's own determinant list (domain.determinants); None is the built-in five.
    determinants: Mapped[list | None] = mapped_column(JSON)
    # The review item everyone's screen shows large during the action review.
    review_focus: Mapped[int | None] = mapped_column()
    # Every step, on the agenda (with a position) or taken off it; loaded when first read.
    steps: Mapped[list["Step"]] = relationship(viewonly=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column()
    # The event this workshop is a group of (its token is also this workshop's facilitator).
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"), index=True)


class Event(db.Model):
    """A meeting of parallel workshops (its groups) and one plenary; `slides` open the plenary.
    Its token is accepted as the facilitator of every group."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2), default="nl")
    slides: Mapped[list] = mapped_column(JSON, default=list)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The account that created it (while logged in); its groups belong to that account too.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # How the event's link places a newcomer: "choose" (a group picker) or "assign" (the open
    # group with the fewest people, `domain.assignment`).
    assignment: Mapped[str] = mapped_column(String(8), default="choose", server_default="choose")
    # When the organiser moved every group to the plenary.
    plenary_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Participant(db.Model):
    """Everyone with a token: participants and the workshop's facilitator."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[str | None] = mapped_column(String(120))
    facilitator: Mapped[bool] = mapped_column(default=False)
    # A participant may choose not to show their name and role to other participants.
    anonymous: Mapped[bool] = mapped_column(default=False)
    # Optional stakeholder group (an actor category), for anonymous per-group results.
    group: Mapped[str | None] = mapped_column("stakeholder_group", String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Removed by the facilitator: no longer listed, their token replaced; what they added stays.
    removed: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Moved by the organiser: the participant they became in the other group. A moved person's
    # token keeps its hash, so that it can be exchanged for the new one (`arrivals.followed`).
    moved_to: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Actor(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(16))
    influence: Mapped[int] = mapped_column(default=50)
    interest: Mapped[int] = mapped_column(default=50)
    note: Mapped[str | None] = mapped_column(Text)


class Ownership(db.Model):
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True)
    area: Mapped[str] = mapped_column(String(16), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))


class Stage(db.Model):
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    area: Mapped[str] = mapped_column(String(16), primary_key=True)
    stage: Mapped[str] = mapped_column(String(16))


class Rating(db.Model):
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    determinant: Mapped[str] = mapped_column(String(16), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    score: Mapped[int] = mapped_column()
    comment: Mapped[str | None] = mapped_column(Text)

    # Every determinant's histogram of a workshop, counted from this index alone; it serves
    # every lookup by workshop too. And the scores with a comment, by person (0011).
    __table_args__ = (Index("ix_rating_scores", "workshop_id", "determinant", "score"),
                      Index("ix_rating_comments", "workshop_id", "participant_id",
                            sqlite_where=text("comment != ''"), postgresql_where=text("comment != ''")))


class Strategy(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16), default="catalog")
    # Who added a participant's strategy (they may edit it); a plain id, as the person may go.
    added_by: Mapped[int | None] = mapped_column()


class Vote(db.Model):
    """How many of a participant's votes sit on one strategy."""

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id", ondelete="CASCADE"), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    count: Mapped[int] = mapped_column()

    # Each strategy's votes in a workshop, counted from this index alone; it serves every
    # lookup by workshop too (0011).
    __table_args__ = (Index("ix_vote_tally", "workshop_id", "strategy_id", "count"),)


class Action(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    strategy_id: Mapped[int | None] = mapped_column(ForeignKey("strategy.id", ondelete="SET NULL"))
    owner_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id", ondelete="SET NULL"))
    due: Mapped[date | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(8), default="open")


class ReviewItem(db.Model):
    """One of the earlier workshop's open actions, reviewed in a follow-up: what was agreed
    then (kept as it was, the earlier workshop may go), its outcome and note, and the
    follow-up's action that continues it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    owner: Mapped[str | None] = mapped_column(String(120))
    due: Mapped[date | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(8))
    outcome: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id", ondelete="SET NULL"))


class Step(db.Model):
    """A step of a workshop's agenda; `position` None when it was taken off the agenda (its
    cards, themes and insights stay, and it can come back)."""

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(String(120))
    prompt: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int | None] = mapped_column()


def _in_step() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["workshop_id", "step_id"], ["step.workshop_id", "step.id"],
                                ondelete="CASCADE")


class Theme(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(120))

    __table_args__ = (_in_step(),)


class Card(db.Model):
    """An answer to a question step. `anonymous`: the author's id is shown only to the author
    and the facilitator."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    # A removed participant's cards stay: what the room said is never lost.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    anonymous: Mapped[bool] = mapped_column(default=False)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (_in_step(),)


class CardVote(db.Model):
    """How many of a participant's votes of one question step sit on one card."""

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id", ondelete="CASCADE"), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    # The card's step, kept here so the per-step budget is one indexed sum.
    step_id: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column()

    __table_args__ = (Index("ix_card_vote_budget", "participant_id", "step_id"),)


class Insight(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (_in_step(),)


class Template(db.Model):
    """A workshop's agenda, determinant list and strategy catalogue, saved to start another
    workshop from; `id` is an unguessable code that facilitators share."""

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(2))
    content: Mapped[dict] = mapped_column(JSON)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshop.id", ondelete="SET NULL"),
                                                    index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LogEntry(db.Model):
    """One entry of the append-only log behind `seq`, `sync` and the audit of a workshop.

    `data` is what the facilitator received; `redaction` the facts every other copy was
    made from (`domain.redaction.facts`, e.g. vote counts hidden at the time), so `sync`
    replays exactly what each client received. Pruned beyond EVENT_LOG_KEEP per workshop.
    """

    __tablename__ = "log_entry"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict] = mapped_column(JSON)
    redaction: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    by: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Operation(db.Model):
    """Client operation ids already applied, with the ack they got (idempotent resend);
    kept OPERATION_KEEP_HOURS."""

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    op: Mapped[str] = mapped_column(String(120), primary_key=True)
    ack: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class SentAggregate(db.Model):
    """A coalesced aggregate (votes, ratings) as last broadcast to a workshop: the next
    event carries only what changed since, and `sent_at` keeps every process to one
    event per interval."""

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)
    sent_at: Mapped[float] = mapped_column(default=0.0)


class Connection(db.Model):
    """One open Socket.IO connection; shared by all server processes for presence."""

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    server_id: Mapped[str] = mapped_column(String(120), index=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    connected_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_connection_participant", "workshop_id", "participant_id"),)




class User(db.Model):
    """A facilitator account (participants never have one). `email` is stored lower-case."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    admin: Mapped[bool] = mapped_column(default=False)
    # A disabled account cannot log in; retention removes it RETENTION_DAYS after this moment.
    disabled_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()


class Login(db.Model):
    """One logged-in browser. The cookie session holds its key and the table only the key's hash,
    so logging out, a new password or a disabled account ends it on the server."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()


class WorkshopFacilitator(db.Model):
    """An account that runs a workshop: its owner (who created or claimed it) or a co-facilitator."""

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
                                         index=True)
    owner: Mapped[bool] = mapped_column(default=False)
    shared_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginConnection(db.Model):
    """A Socket.IO connection let in by a login rather than a token: closed when the login ends."""

    sid: Mapped[str] = mapped_column(ForeignKey("connection.sid", ondelete="CASCADE"), primary_key=True)
    login_id: Mapped[int] = mapped_column(ForeignKey("login.id", ondelete="CASCADE"), index=True)
