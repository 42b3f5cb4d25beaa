"""The aggregates read with nearly every vote and score (`workshop.reads`): each strategy's
votes, each determinant's histogram and the comments, counted in SQL from an index, as the
rows would give them one by one; another workshop's votes and scores never among them."""

import random

import pytest

from tests.helpers import make_app, postgres_app
from workshop import reads
from workshop.domain import aggregates
from workshop.domain.vocab import DETERMINANTS
from workshop.extensions import db
from workshop.models import Participant, Rating, Strategy, Vote, Workshop


def two_workshops(app) -> list[int]:
    """Two workshops of eight participants with random votes and scores (one strategy of the
    first without any votes, one determinant without any scores); their ids."""
    client, rng = app.test_client(), random.Random(7)
    codes = []
    for _ in range(2):
        made = client.post("/api/workshops", json={"title": "Beweegkuur", "intervention": "Beweegkuur"})
        code = made.json["code"]
        for i in range(8):
            joined = client.post(f"/api/workshops/{code}/participants", json={"name": f"P{i}"})
            assert joined.status_code == 201
        codes.append(code)
    with app.app_context():
        ids = []
        for code in codes:
            w = db.session.query(Workshop).filter_by(code=code).one()
            strategies = [s.id for s in
                          db.session.query(Strategy).filter_by(workshop_id=w.id).order_by(Strategy.id)]
            for p in db.session.query(Participant).filter_by(workshop_id=w.id, facilitator=False):
                for s in rng.sample(strategies[1:], 3):
                    db.session.add(Vote(participant_id=p.id, strategy_id=s, workshop_id=w.id,
                                        count=rng.randint(1, 3)))
                for key in DETERMINANTS[1:]:
                    if rng.random() < 0.8:
                        db.session.add(Rating(participant_id=p.id, determinant=key, workshop_id=w.id,
                                              score=rng.randint(1, 5),
                                              comment=rng.choice([None, None, "", f"Over {key}"])))
            ids.append(w.id)
        db.session.commit()
        return ids


def counted_one_by_one(workshop_id: int) -> tuple[list[dict], list[dict], dict]:
    """(each strategy with its votes, each determinant's aggregate, its comments in the order
    of the people) from the rows themselves."""
    strategies = db.session.query(Strategy).filter_by(workshop_id=workshop_id).order_by(Strategy.id).all()
    votes = db.session.query(Vote).filter_by(workshop_id=workshop_id).all()
    tallies = [{"id": s.id, "title": s.title, "votes": sum(v.count for v in votes if v.strategy_id == s.id)}
               for s in strategies]
    ratings = (db.session.query(Rating).filter_by(workshop_id=workshop_id)
               .order_by(Rating.participant_id).all())
    comments = {}
    for r in ratings:
        if r.comment:
            comments.setdefault(r.determinant, []).append(r.comment)
    return tallies, aggregates.determinants((r.determinant, r.score) for r in ratings), comments


def check(app) -> None:
    for workshop_id in two_workshops(app):
        with app.app_context():
            tallies, determinants, comments = counted_one_by_one(workshop_id)
            assert reads.strategy_votes(workshop_id) == tallies
            assert tallies[0]["votes"] == 0 and sum(t["votes"] for t in tallies) > 0
            assert reads.determinant_aggregates(workshop_id) == determinants
            assert determinants[0]["count"] == 0 and determinants[1]["count"] > 0
            assert reads.determinant_comments(workshop_id) == comments and comments
            # The workshop's list, in its order; scores of a determinant not on it left out.
            listed = ["time", "driver", "funding"]
            assert reads.determinant_aggregates(workshop_id, listed) == [
                next(d for d in determinants if d["key"] == key) for key in listed]


def test_tallies_and_histograms_are_those_of_the_rows(tmp_path):
    check(make_app(tmp_path))


@pytest.mark.services
def test_tallies_and_histograms_on_postgresql(tmp_path):
    with postgres_app(tmp_path, "reads") as app:
        check(app)


def test_they_are_read_from_an_index_each(app):
    """On SQLite: a lookup in the vote index per strategy, the rating index read in its order
    (neither reads a table row), the index of the scores with a comment; no sort (0011)."""
    with app.app_context():
        for statement, index in ((reads._STRATEGY_VOTES, "COVERING INDEX ix_vote_tally"),
                                 (reads._SCORES, "COVERING INDEX ix_rating_scores"),
                                 (reads._COMMENTS, "INDEX ix_rating_comments")):
            compiled = statement.compile(dialect=db.engine.dialect)
            values = tuple(1 for _ in compiled.positiontup)
            plan = " | ".join(row[-1] for row in db.session.connection().exec_driver_sql(
                f"EXPLAIN QUERY PLAN {compiled.string}", values))
            assert f"USING {index} " in plan and "TEMP B-TREE" not in plan, plan
