"""Creating workshops (from a template, or from an earlier one), saving templates and adding
participants."""

import secrets

from sqlalchemy import insert, select

from .. import arrivals, shapes
from ..domain import agenda as agendas
from ..domain import redaction, rules, templates
from ..domain import review as review_rules
from ..domain.rules import RuleError
from ..extensions import db
from ..models import Action, Actor, Ownership, Participant, Stage, Step, Strategy, Template, Workshop, utcnow
from ..tokens import CODE_ALPHABET, hash_token, new_code, new_token
from . import aggregates, review

TEMPLATE_ID_LENGTH = 10  # shared between facilitators like a link: long enough not to guess


def unique_code() -> str:
    while True:
        code = new_code()
        if db.session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code


def starting_point(fields: dict, earlier: Workshop | None) -> dict:
    """The agenda, determinant list and strategies a new workshop starts from: a built-in or
    saved template, an explicit agenda over it; a follow-up keeps the earlier determinants."""
    chosen = fields.get("template")
    if chosen and chosen not in templates.BUILT_IN:
        saved = db.session.get(Template, chosen.strip().upper())
        if saved is None:
            raise RuleError("not_found", f"No template {chosen!r}.")
        chosen = saved.content
    start = templates.start(chosen, language=fields["language"], follow_up=earlier is not None)
    if fields.get("agenda"):
        start["agenda"] = agendas.create(fields["agenda"])
    if earlier is not None and not isinstance(chosen, dict):
        start["determinants"] = earlier.determinants
    return start


def create_workshop(fields: dict, earlier: Workshop | None) -> tuple[Workshop, str]:
    """A new workshop with its facilitator; returns it with the facilitator's token."""
    settings = rules.VoteSettings.create(fields["votes_per_participant"], fields["max_votes_per_strategy"])
    start = starting_point(fields, earlier)
    first = start["agenda"][0]
    w = Workshop(
        code=unique_code(), title=fields["title"], intervention=fields["intervention"],
        description=fields["description"], language=fields["language"],
        votes_per_participant=settings.votes_per_participant,
        max_votes_per_strategy=settings.max_votes_per_strategy,
        results_visible=not fields["results_hidden"],
        participants_can_download=fields["participants_can_download"],
        anonymous=fields["anonymous"], follow_up_of=earlier.code if earlier else None,
        goals=dict(earlier.goals) if earlier else {}, phase=first["kind"], step_id=first["id"],
        determinants=start["determinants"])
    db.session.add(w)
    db.session.flush()
    db.session.add_all(Step(workshop_id=w.id, id=st["id"], kind=st["kind"], title=st["title"],
                            prompt=st["prompt"], position=n) for n, st in enumerate(start["agenda"]))
    token, token_hash = new_token()
    facilitator = Participant(workshop_id=w.id, name=fields["facilitator_name"], facilitator=True,
                              token_hash=token_hash)
    db.session.add(facilitator)
    db.session.flush()
    w.facilitator_id = facilitator.id
    if earlier:
        carry_over(earlier, w)
    else:
        db.session.add_all(Strategy(workshop_id=w.id, **s) for s in start["strategies"])
    db.session.flush()
    aggregates.start(w)
    return w, token


def carry_over(earlier: Workshop, w: Workshop) -> None:
    """A follow-up starts from the earlier actors, ownership, stages, strategies and open actions,
    and reviews those actions (`operations.review`)."""
    actor_ids, strategy_ids = {}, {}
    for a in db.session.scalars(select(Actor).where(Actor.workshop_id == earlier.id).order_by(Actor.id)):
        copy = Actor(workshop_id=w.id, name=a.name, category=a.category, influence=a.influence,
                     interest=a.interest, note=a.note)
        db.session.add(copy)
        db.session.flush()
        actor_ids[a.id] = copy.id
    for o in db.session.scalars(select(Ownership).where(Ownership.workshop_id == earlier.id)):
        db.session.add(Ownership(workshop_id=w.id, actor_id=actor_ids[o.actor_id], area=o.area, role=o.role))
    for s in db.session.scalars(select(Stage).where(Stage.workshop_id == earlier.id)):
        db.session.add(Stage(workshop_id=w.id, area=s.area, stage=s.stage))
    for s in db.session.scalars(select(Strategy).where(Strategy.workshop_id == earlier.id)
                                .order_by(Strategy.id)):
        copy = Strategy(workshop_id=w.id, title=s.title, category=s.category,
                        description=s.description, origin=s.origin)
        db.session.add(copy)
        db.session.flush()
        strategy_ids[s.id] = copy.id
    pairs = []
    earlier_actions = db.session.scalars(select(Action).where(Action.workshop_id == earlier.id))
    for a in review_rules.carried_over(earlier_actions):
        copy = Action(workshop_id=w.id, title=a.title, status=a.status, due=a.due,
                      strategy_id=strategy_ids.get(a.strategy_id),
                      owner_actor_id=actor_ids.get(a.owner_actor_id))
        db.session.add(copy)
        pairs.append((a, copy))
    db.session.flush()
    owners = dict(db.session.execute(select(Actor.id, Actor.name)
                                     .where(Actor.workshop_id == earlier.id)).all())
    review.start(w.id, pairs, owners)


def save_template(w: Workshop, name: str) -> Template:
    """The workshop's agenda, determinant list and strategies, kept under a new shareable id."""
    strategies = db.session.scalars(
        select(Strategy).where(Strategy.workshop_id == w.id).order_by(Strategy.id))
    content = templates.content(agenda=shapes.agenda_json(w), determinants=w.determinants,
                                strategies=[{"title": s.title, "category": s.category,
                                             "description": s.description} for s in strategies])
    while True:
        template_id = "".join(secrets.choice(CODE_ALPHABET) for _ in range(TEMPLATE_ID_LENGTH))
        if db.session.get(Template, template_id) is None:
            break
    template = Template(id=template_id, name=name, language=w.language, content=content, workshop_id=w.id,
                        created_at=utcnow())
    db.session.add(template)
    return template


_ADD_PARTICIPANT = insert(Participant.__table__)  # built once; Core: no unit of work for one row


def add_participant(w, name: str, role: str | None, group: str | None,
                    anonymous: bool = False, token: str | None = None) -> tuple[arrivals.Person, str]:
    """`w`: the workshop's `id` and `anonymous`. Someone who joins while the workshop is
    anonymous stays anonymous when the setting is turned off later: they joined trusting it.
    `token`: the one a move made (`tokens.moved_token`), else a new one."""
    token, token_hash = (token, hash_token(token)) if token else new_token()
    added = db.session.execute(_ADD_PARTICIPANT, {
        "workshop_id": w.id, "name": name, "role": role, "stakeholder_group": group, "token_hash": token_hash,
        "anonymous": redaction.is_anonymous(anonymous, w.anonymous), "facilitator": False, "removed": False,
        "created_at": utcnow()})
    return arrivals.Person(added.inserted_primary_key[0], w.id, name, role, False, group), token
