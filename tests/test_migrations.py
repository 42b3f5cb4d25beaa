"""Migrations carry stored workshops forward, their content and what was sent intact."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from tests.helpers import fresh_postgres_database, make_app
from workshop.extensions import db

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
    with fresh_postgres_database("migrations") as url:
        app = make_app(tmp_path, DATABASE_URL=url)
        check_0009(app)
        with app.app_context():
            db.engine.dispose()


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
        downgrade(revision="0009")
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
    with fresh_postgres_database("migrations") as url:
        app = make_app(tmp_path, DATABASE_URL=url)
        check_0011(app)
        with app.app_context():
            db.engine.dispose()
