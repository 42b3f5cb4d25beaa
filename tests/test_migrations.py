"""Migrations carry stored workshops forward, their content and what was sent intact."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from tests.helpers import make_app, postgres_app
from workshop.extensions import db
from workshop.tokens import hash_token

OLD_WORKSHOP = """INSERT INTO workshop (id, code, title, intervention, language, phase, locked,
    results_visible, votes_per_participant, max_votes_per_strategy, participants_can_download, anonymous,
    last_seq, sent_tallies, sent_ratings, tallies_sent_at, ratings_sent_at, goals, created_at)
    VALUES (1, 'ABCDEFGH', 'Beweegkuur', 'Beweegkuur', 'nl', 'lobby', false, false, 5, 3, false, false, 2,
    '{"1": 2}', '{}', 1.5, 0, '{}', '2026-01-01 10:00:00')"""
OLD_EVENT = """INSERT INTO event (workshop_id, seq, type, data, participant_data, created_at)
    VALUES (1, :seq, :type, :data, :participant_data, '2026-01-01 10:00:00')"""


def test_0002_keeps_which_events_hid_votes_and_what_was_last_sent(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        downgrade(revision="0001")
        db.session.execute(text(OLD_WORKSHOP))
        hidden = '{"tallies": [{"strategy_id": 1, "votes": null}]}'
        db.session.execute(text(OLD_EVENT), {"seq": 1, "type": "votes.changed",
                                             "data": '{"tallies": [{"strategy_id": 1, "votes": 2}]}',
                                             "participant_data": hidden})
        db.session.execute(text(OLD_EVENT), {"seq": 2, "type": "actor.added", "data": '{"actor": {}}',
                                             "participant_data": "null"})
        db.session.commit()
        upgrade()
        facts = db.session.execute(text("SELECT seq, redaction FROM log_entry ORDER BY seq")).all()
        assert facts == [(1, '{"votes_hidden": true}'), (2, None)]
        sent = db.session.execute(text("SELECT kind, data, sent_at FROM sent_aggregate ORDER BY kind")).all()
        assert sent == [("ratings", "{}", 0.0), ("votes", '{"tallies": {"1": 2}, "ranks": {}}', 1.5)]
        columns = {row[1] for row in db.session.execute(text("PRAGMA table_info(workshop)"))}
        assert "sent_tallies" not in columns and "last_seq" in columns


def test_stored_workshops_get_the_scaling_agenda_at_their_phase(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        downgrade(revision="0001")
        db.session.execute(text(OLD_WORKSHOP))
        db.session.execute(text(OLD_WORKSHOP.replace("(1, 'ABCDEFGH'", "(2, 'BCDEFGHJ'")
                                .replace("'lobby', false", "'ownership', false")))
        db.session.commit()
        upgrade()
        steps = db.session.execute(text(
            "SELECT workshop_id, id, kind, position FROM step ORDER BY workshop_id, position")).all()
        assert [(s.id, s.kind) for s in steps if s.workshop_id == 2] == [
            ("s1", "lobby"), ("s2", "actors"), ("s3", "ownership"), ("s4", "determinants"),
            ("s5", "strategies"), ("s6", "actions"), ("s7", "closed")]
        current = dict(db.session.execute(text("SELECT id, step_id FROM workshop")).all())
        assert current == {1: "s1", 2: "s3"}


def moved_column(app) -> bool:
    with app.app_context():
        return "moved_to" in {c["name"] for c in inspect(db.engine).get_columns("participant")}


def check_0009(app) -> None:
    """0009 adds `moved_to` in place (no copy of the table, whose rows others point to) and
    takes it away again; the people stay."""
    made = app.test_client().post(
        "/api/workshops", json={"title": "Beweegkuur", "intervention": "Beweegkuur"}
    )
    assert made.status_code == 201
    assert moved_column(app)
    with app.app_context():
        db.session.remove()
        downgrade(revision="0008")
    assert not moved_column(app)
    with app.app_context():
        upgrade()
        people = db.session.execute(text("SELECT moved_to FROM participant")).all()
        assert people == [(None,)]
        db.session.remove()
    assert moved_column(app)


def test_0009_notes_where_a_moved_participant_went(tmp_path):
    check_0009(make_app(tmp_path))


@pytest.mark.services
def test_0009_on_postgresql(tmp_path):
    with postgres_app(tmp_path, "migrations") as app:
        check_0009(app)


WORKSHOP_0009 = """INSERT INTO workshop (id, code, title, intervention, language, phase, locked,
    results_visible, follow_up_of, votes_per_participant, max_votes_per_strategy, participants_can_download,
    anonymous, joins_open, last_seq, goals, step_id, created_at)
    VALUES (:id, :code, 'Beweegkuur', 'Beweegkuur', 'nl', 'lobby', false, false, :follow_up_of, 5, 3, false,
    false, true, 0, '{}', 's1', '2026-01-01 10:00:00')"""
STEP = "INSERT INTO step (workshop_id, id, kind, position) VALUES (:workshop_id, :id, :kind, :position)"
FACILITATOR = """INSERT INTO participant (id, workshop_id, facilitator, anonymous, removed, token_hash,
    created_at) VALUES (:id, :workshop_id, true, false, false, :token_hash, '2026-01-01 10:00:00')"""
ACTOR = """INSERT INTO actor (id, workshop_id, name, category, influence, interest)
    VALUES (:id, :workshop_id, :name, 'funder', 50, 50)"""
ACTION = """INSERT INTO action (id, workshop_id, title, owner_actor_id, due, status)
    VALUES (:id, :workshop_id, :title, :owner_actor_id, :due, :status)"""


def review_items() -> list:
    items = db.session.execute(text("SELECT * FROM review_item ORDER BY id")).all()
    db.session.commit()  # nothing open while a migration runs
    return items


def follow_up_stored_before_review_items() -> None:
    """The earlier workshop 1 and, as stored before 0007, its follow-ups: 2 (its copies of the
    open actions edited since, one removed, one hand-added), 3 (of a workshop that is gone),
    4 (already reviewed: it has an item); and 5, made since 0007 while nothing of 1 was open (so
    without items), whose own action is no copy of the actions of 1 that are open now."""
    for w_id, code, follow_up_of in [(1, "ABCDEFGH", None), (2, "BCDEFGHJ", "ABCDEFGH"),
                                     (3, "CDEFGHJK", "ZZZZZZZZ"), (4, "DEFGHJKM", "ABCDEFGH"),
                                     (5, "EFGHJKMN", "ABCDEFGH")]:
        db.session.execute(text(WORKSHOP_0009), {"id": w_id, "code": code, "follow_up_of": follow_up_of})
        for n, kind in enumerate(("lobby", "review", "actions", "closed")):
            db.session.execute(text(STEP), {"workshop_id": w_id, "id": f"s{n + 1}", "kind": kind,
                                            "position": n})
        db.session.execute(text(FACILITATOR), {"id": w_id, "workshop_id": w_id,
                                               "token_hash": hash_token(f"t{w_id}")})
        db.session.execute(text("UPDATE workshop SET facilitator_id = :id WHERE id = :id"), {"id": w_id})
    for actor in [(1, 1, "GGD regio Utrecht"), (2, 1, "Zilveren Kruis"), (3, 2, "GGD regio Utrecht"),
                  (4, 2, "Zilveren Kruis")]:
        db.session.execute(text(ACTOR), dict(zip(("id", "workshop_id", "name"), actor, strict=True)))
    for action in [(1, 1, "Businesscase opstellen", 2, "2027-03-01", "open"),
                   (2, 1, "Al gedaan", 1, None, "done"),
                   (3, 1, "Trekker zoeken", 1, None, "doing"),
                   (4, 1, "Subsidie aanvragen", None, None, "open"),
                   (5, 1, "Trekker zoeken", None, "2027-06-01", "open"),
                   (10, 2, "Businesscase opstellen", 4, "2027-09-01", "doing"),
                   (11, 2, "Trekker zoeken", 3, None, "done"),
                   (12, 2, "Trekker zoeken", None, "2027-06-01", "open"),
                   (13, 2, "Nieuw idee", None, None, "open"),
                   (20, 3, "Trekker zoeken", None, None, "open"),
                   (30, 4, "Businesscase opstellen", None, "2027-03-01", "open"),
                   (40, 5, "Eigen actie", None, None, "open")]:
        db.session.execute(text(ACTION), dict(zip(("id", "workshop_id", "title", "owner_actor_id", "due",
                                                   "status"), action, strict=True)))
    db.session.execute(text("""INSERT INTO review_item (id, workshop_id, title, status, outcome, note,
        action_id) VALUES (1, 4, 'Businesscase opstellen', 'open', 'carried_over', 'Na de zomer', 30)"""))
    if db.engine.dialect.name == "postgresql":  # rows given their id leave the sequences behind
        for table in ("workshop", "participant", "actor", "action", "review_item"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) "
                                    f"FROM {table}"))
    db.session.commit()


def check_0010(app) -> None:
    """0010 gives a follow-up stored before 0007 the review items it would get if it were made
    now, each continued by its copy of the action; it leaves the rest alone, also the second time."""
    with app.app_context():
        downgrade(revision="0009")
        follow_up_stored_before_review_items()
        reviewed_before = review_items()
        upgrade()
        items = review_items()
        db.session.remove()
    assert items[0] == reviewed_before[0]
    assert [(i.workshop_id, i.title, i.owner, str(i.due) if i.due else None, i.status, i.outcome, i.note,
             i.action_id) for i in items[1:]] == [
        (2, "Businesscase opstellen", "Zilveren Kruis", "2027-03-01", "open", None, None, 10),
        (2, "Trekker zoeken", "GGD regio Utrecht", None, "doing", None, None, 11),
        (2, "Subsidie aanvragen", None, None, "open", None, None, None),
        (2, "Trekker zoeken", None, "2027-06-01", "open", None, None, 12)]

    client = app.test_client()
    state = client.get("/api/workshops/BCDEFGHJ", headers={"Authorization": "Bearer t2"})
    assert state.status_code == 200, state.json
    review = state.json["review"]
    assert review["focus"] is None
    assert [(i["title"], i["due"], i["outcome"], i["action_id"]) for i in review["items"]] == [
        ("Businesscase opstellen", "2027-03-01", None, 10), ("Trekker zoeken", None, None, 11),
        ("Subsidie aanvragen", None, None, None), ("Trekker zoeken", "2027-06-01", None, 12)]
    made_now = client.post("/api/workshops", json={"title": "Nu", "intervention": "Beweegkuur",
                                                   "follow_up_of": "ABCDEFGH"},
                           headers={"Authorization": "Bearer t1"})
    assert made_now.status_code == 201, made_now.json
    now = client.get(f"/api/workshops/{made_now.json['code']}",
                     headers={"Authorization": f"Bearer {made_now.json['facilitator_token']}"}).json
    keep = ("title", "owner", "due", "status", "outcome", "note")
    assert [{k: i[k] for k in keep} for i in now["review"]["items"]] \
        == [{k: i[k] for k in keep} for i in review["items"]]

    with app.app_context():
        before = review_items()
        downgrade(revision="0009")
        assert review_items() == before
        upgrade()
        assert review_items() == before
        db.session.remove()


def test_0010_gives_follow_ups_stored_before_the_action_review_their_items(tmp_path):
    check_0010(make_app(tmp_path))


@pytest.mark.services
def test_0010_on_postgresql(tmp_path):
    with postgres_app(tmp_path, "migrations") as app:
        check_0010(app)


AGGREGATE_INDEXES = {"ix_vote_tally": ["workshop_id", "strategy_id", "count"],
                     "ix_rating_scores": ["workshop_id", "determinant", "score"],
                     "ix_rating_comments": ["workshop_id", "participant_id"]}
BY_WORKSHOP = {"ix_vote_workshop_id": ["workshop_id"], "ix_rating_workshop_id": ["workshop_id"]}


def aggregate_indexes(app) -> dict[str, list[str]]:
    with app.app_context():
        found = inspect(db.engine)
        return {i["name"]: i["column_names"] for table in ("vote", "rating") for i in found.get_indexes(table)
                if i["name"] in {*AGGREGATE_INDEXES, *BY_WORKSHOP}}


def check_0011(app) -> None:
    """0011 puts the indexes a workshop's tallies and histograms are counted from in place of
    those on the workshop alone, and back again; the votes stay."""
    created = app.test_client().post(
        "/api/workshops", json={"title": "Beweegkuur", "intervention": "Beweegkuur"}
    )
    assert created.status_code == 201
    assert aggregate_indexes(app) == AGGREGATE_INDEXES
    with app.app_context():
        strategy = db.session.execute(text("SELECT id FROM strategy")).scalars().first()
        person = db.session.execute(text("SELECT id, workshop_id FROM participant")).first()
        db.session.execute(text("INSERT INTO vote (participant_id, strategy_id, workshop_id, count) "
                                "VALUES (:p, :s, :w, 2)"),
                           {"p": person.id, "s": strategy, "w": person.workshop_id})
        db.session.commit()
        db.session.remove()
        downgrade(revision="0010")
    assert aggregate_indexes(app) == BY_WORKSHOP
    with app.app_context():
        upgrade()
        assert db.session.execute(text("SELECT count FROM vote")).scalars().all() == [2]
        db.session.remove()
    assert aggregate_indexes(app) == AGGREGATE_INDEXES


def test_0011_indexes_the_counts_of_votes_and_scores(tmp_path):
    check_0011(make_app(tmp_path))


@pytest.mark.services
def test_0011_on_postgresql(tmp_path):
    with postgres_app(tmp_path, "migrations") as app:
        check_0011(app)
