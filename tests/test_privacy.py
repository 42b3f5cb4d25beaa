"""Privacy: anonymous participants, and personal data gone after the retention period."""

from datetime import timedelta

from sqlalchemy import JSON, String, Text, cast, func, inspect, select

from tests.helpers import events, wait_for
from workshop.extensions import db
from workshop.models import Card, Operation, Participant, Rating, Workshop, utcnow


def test_an_anonymous_participant_is_nameless_to_the_others_but_not_to_the_facilitator(workshops):
    created = workshops.create()
    code = created["code"]
    fac = workshops.connect(code, created["facilitator_token"])
    other = workshops.connect(code, workshops.join(code, "Bob", role="huisarts")["token"])
    joined = workshops.join(code, "Anna", role="GGD", anonymous=True)
    anna = workshops.connect(code, joined["token"])
    me = joined["participant"]["id"]

    def seen_by(state):
        return next(p for p in state["participants"] if p["id"] == me)

    assert seen_by(anna.state)["name"] == "Anna" and anna.state["me"]["name"] == "Anna"
    assert seen_by(fac.emit("sync", {"since": 10**6}, callback=True)["state"])["name"] == "Anna"
    hidden = seen_by(other.emit("sync", {"since": 10**6}, callback=True)["state"])
    assert hidden["name"] is None and hidden["role"] is None
    assert next(p for p in anna.state["participants"] if p["name"] == "Bob")["role"] == "huisarts"
    presence = wait_for(lambda: [c for m in events(other, "presence") for c in m["changed"] if c["id"] == me])
    assert presence and all(c["name"] is None for c in presence)


def test_a_summary_leaves_out_the_names_of_anonymous_participants(workshops, client):
    created = workshops.create()
    workshops.join(created["code"], "Anna", anonymous=True)
    workshops.join(created["code"], "Bob")
    summary = client.get(f"/api/workshops/{created['code']}/summary.json",
                         headers={"Authorization": f"Bearer {created['facilitator_token']}"}).json
    assert summary["participants"]["count"] == 2
    assert summary["participants"]["names"] == ["Bob"]


def test_a_summary_a_participant_downloads_names_no_role_few_anonymous_people_share(workshops, client):
    created = workshops.create(participants_can_download=True, results_hidden=False)
    code = created["code"]
    room = [("Jansen", "Wethouder", True), ("Anna", "GGD", True), ("Bram", "GGD", False),
            ("Carla", "Huisarts", False)]
    for name, role, anonymous in room:
        joined = workshops.join(code, name, role=role, anonymous=anonymous)
    downloads = {fmt: client.get(f"/api/workshops/{code}/summary.{fmt}",
                                 headers={"Authorization": f"Bearer {joined['token']}"})
                 for fmt in ("json", "md", "csv")}
    assert all(r.status_code == 200 for r in downloads.values())
    people = downloads["json"].json["participants"]
    assert people == {"count": 4, "by_role": {"GGD": 1, "Huisarts": 1}, "roles_unshown": 2,
                      "names": ["Bram", "Carla"]}
    for response in downloads.values():
        assert "Wethouder" not in response.get_data(as_text=True)
        assert "Jansen" not in response.get_data(as_text=True)
    facilitator = client.get(f"/api/workshops/{code}/summary.json",
                             headers={"Authorization": f"Bearer {created['facilitator_token']}"}).json
    assert facilitator["participants"]["by_role"] == {"GGD": 2, "Huisarts": 1, "Wethouder": 1}


def test_who_joined_while_the_workshop_was_anonymous_stays_anonymous_after_it_is_turned_off(workshops):
    created = workshops.create(anonymous=True)
    code = created["code"]
    fac = workshops.connect(code, created["facilitator_token"])
    anna = workshops.join(code, "Anna", role="GGD")
    assert fac.emit("workshop:settings", {"anonymous": False}, callback=True)["ok"]
    bram = workshops.connect(code, workshops.join(code, "Bram", role="Huisarts")["token"])
    seen = {p["id"]: (p["name"], p["role"]) for p in bram.state["participants"]}
    assert seen[anna["participant"]["id"]] == (None, None)
    assert seen[bram.state["me"]["id"]] == ("Bram", "Huisarts")
    own = workshops.connect(code, anna["token"]).state
    assert {p["id"]: p["name"] for p in own["participants"]}[anna["participant"]["id"]] == "Anna"
    assert {p["id"]: p["name"] for p in own["participants"]}[bram.state["me"]["id"]] == "Bram"


def close_days_ago(app, code: str, days: int) -> None:
    with app.app_context():
        w = db.session.scalar(select(Workshop).where(Workshop.code == code))
        w.phase, w.closed_at = "closed", utcnow() - timedelta(days=days)
        db.session.commit()


def test_retention_removes_personal_data_of_old_closed_workshops_only(app, workshops, client, runner):
    old, recent = workshops.create(facilitator_name="Fee"), workshops.create()
    for created in (old, recent):
        joined = workshops.join(created["code"], "Anna", role="GGD")
        sio = workshops.connect(created["code"], joined["token"])
        ack = sio.emit("rating:set", {"determinant": "funding", "score": 4, "comment": "Ik, Anna, vind..",
                                      "op": "op-1"}, callback=True)
        assert ack["ok"]
        sio.disconnect()
    close_days_ago(app, old["code"], 91)
    close_days_ago(app, recent["code"], 89)

    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0 and old["code"] in result.output and recent["code"] not in result.output

    with app.app_context():
        old_id = db.session.scalar(select(Workshop.id).where(Workshop.code == old["code"]))
        people = db.session.scalars(select(Participant)).all()
        erased = [p for p in people if p.workshop_id == old_id]
        kept = [p for p in people if p.workshop_id != old_id]
        assert all(p.name is None and p.role is None for p in erased)
        assert all(p.name in ("Anna", None) for p in kept) and any(p.name == "Anna" for p in kept)
        ratings = db.session.scalars(select(Rating)).all()
        assert [r.score for r in ratings if r.workshop_id == old_id] == [4]
        assert [r.comment for r in ratings if r.workshop_id == old_id] == [None]
        assert {o.participant_id for o in db.session.scalars(select(Operation))}.isdisjoint(
            p.id for p in erased)
    for token in (old["facilitator_token"],):
        response = client.get(f"/api/workshops/{old['code']}", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
    assert runner.invoke(args=["retention", "--days", "0"]).exit_code == 0


def test_retention_keeps_the_cards_but_not_who_wrote_them(app, workshops, runner):
    created = workshops.create(template="focus_group")
    fac = workshops.connect(created["code"], created["facilitator_token"])
    question = next(s["id"] for s in fac.state["workshop"]["agenda"] if s["kind"] == "question")
    assert fac.emit("step:set", {"step": question}, callback=True)["ok"]
    sio = workshops.connect(created["code"], workshops.join(created["code"], "Anna")["token"])
    assert sio.emit("card:add", {"text": "Wat de zaal zei"}, callback=True)["ok"]
    close_days_ago(app, created["code"], 91)
    assert runner.invoke(args=["retention"]).exit_code == 0
    with app.app_context():
        cards = [(c.text, c.author_id) for c in db.session.scalars(select(Card))]
        assert cards == [("Wat de zaal zei", None)]


def test_deleting_a_workshop_leaves_no_personal_data_in_any_table(app, workshops, runner, tmp_path):
    created = workshops.create(facilitator_name="Fenna Facilitator")
    kept = workshops.create()
    joined = workshops.join(created["code"], "Zwaantje Zorgvuldig", role="Wijkverpleegkundige")
    sio = workshops.connect(created["code"], joined["token"])
    assert sio.emit("rating:set", {"determinant": "time", "score": 2, "comment": "Geheime opmerking",
                                   "op": "op-secret"}, callback=True)["ok"]
    sio.disconnect()

    result = runner.invoke(args=["workshops", "delete", created["code"], "--yes"])
    assert result.exit_code == 0, result.output

    with app.app_context():
        dump = "\n".join(db.session.connection().connection.driver_connection.iterdump())
    for secret in ("Fenna Facilitator", "Zwaantje Zorgvuldig", "Wijkverpleegkundige", "Geheime opmerking",
                   "op-secret", created["code"]):
        assert secret not in dump
    assert kept["code"] in dump


def test_after_retention_no_table_holds_a_comment_or_a_name_not_even_copies_sent_live(app, workshops, runner):
    created = workshops.create(facilitator_name="Fenna Facilitator", template="focus_group")
    fac = workshops.connect(created["code"], created["facilitator_token"])
    question = next(s["id"] for s in fac.state["workshop"]["agenda"] if s["kind"] == "question")
    assert fac.emit("step:set", {"step": question}, callback=True)["ok"]
    people = [workshops.connect(created["code"], workshops.join(created["code"], name, role=role)["token"])
              for name, role in (("Zwaantje Zorgvuldig", "Wijkverpleegkundige"), ("Bram Bescheiden", "GGD"))]
    for n, sio in enumerate(people):  # the first goes out with its change, the second with the loop
        assert sio.emit("rating:set", {"determinant": "time", "score": 2 + n,
                                       "comment": f"Geheime opmerking {n}"}, callback=True)["ok"]
    assert people[0].emit("card:add", {"text": "Wat de zaal zei"}, callback=True)["ok"]
    assert wait_for(app.extensions["live"].idle)
    secrets = ["Fenna Facilitator", "Zwaantje Zorgvuldig", "Bram Bescheiden", "Wijkverpleegkundige",
               "Geheime opmerking"]
    with app.app_context():
        assert stored_in(secrets[-1]) == {"log_entry.data", "rating.comment", "sent_aggregate.data"}
    for sio in (fac, *people):
        sio.disconnect()
    close_days_ago(app, created["code"], 91)
    assert runner.invoke(args=["retention"]).exit_code == 0
    with app.app_context():
        assert {secret: stored_in(secret) for secret in secrets} == {secret: set() for secret in secrets}
        assert stored_in("Wat de zaal zei") == {"card.text"}  # what the workshop produced stays


def stored_in(text: str) -> set[str]:
    """Every table's text and JSON columns (`table.column`) that hold `text` somewhere."""
    tables = db.metadata.sorted_tables
    in_database = set(inspect(db.session.connection()).get_table_names()) - {"alembic_version"}
    assert {t.name for t in tables} >= in_database
    return {f"{table.name}.{column.name}" for table in tables for column in table.columns
            if isinstance(column.type, (String, JSON)) and db.session.scalar(
                select(func.count()).select_from(table).where(cast(column, Text).contains(text)))}
