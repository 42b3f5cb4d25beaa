"""Migrations carry stored workshops forward, their content intact."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from tests.conftest import make_app
from workshop.extensions import db

WORKSHOP_0001 = """INSERT INTO workshop (id, code, title, intervention, language, phase, locked,
    results_visible, votes_per_participant, max_votes_per_strategy, participants_can_download, anonymous,
    last_seq, sent_tallies, sent_ratings, tallies_sent_at, ratings_sent_at, goals, created_at)
    VALUES (:id, :code, 'Beweegkuur', 'Beweegkuur', 'nl', :phase, false, false, 5, 3, false, false, 0,
    '{}', '{}', 0, 0, '{}', '2026-01-01 10:00:00')"""


def test_stored_workshops_get_the_scaling_agenda_at_their_phase(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        downgrade(revision="0001")
        for id_, code, phase in ((1, "ABCDEFGH", "ownership"), (2, "BCDEFGHJ", "closed")):
            db.session.execute(text(WORKSHOP_0001), {"id": id_, "code": code, "phase": phase})
        db.session.commit()
        upgrade()
        steps = db.session.execute(text(
            "SELECT workshop_id, id, kind, position FROM step ORDER BY workshop_id, position")).all()
        assert [(s.id, s.kind) for s in steps if s.workshop_id == 1] == [
            ("s1", "lobby"), ("s2", "actors"), ("s3", "ownership"), ("s4", "determinants"),
            ("s5", "strategies"), ("s6", "actions"), ("s7", "closed")]
        current = dict(db.session.execute(text("SELECT id, step_id FROM workshop")).all())
        assert current == {1: "s3", 2: "s7"}
