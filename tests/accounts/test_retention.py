"""`flask retention` and accounts: expired logins go, an account disabled longer than RETENTION_DAYS
is deleted (its workshops pass to an admin), and participants' personal data goes as before."""

from datetime import timedelta

from sqlalchemy import func, select, update

from workshop.extensions import db
from workshop.models import Login, Participant, User, Workshop, utcnow


def age(app, model, column, days, *where):
    with app.app_context():
        db.session.execute(update(model).where(*where).values({column: utcnow() - timedelta(days=days)}))
        db.session.commit()


def test_retention_covers_accounts_and_participants(app, runner, accounts):
    accounts.create("beheer@ggd.nl", admin=True)
    for email in ("oud@ggd.nl", "recent@ggd.nl", "actief@ggd.nl"):
        accounts.create(email)
    old = accounts.login("oud@ggd.nl")
    created = old.post("/api/workshops", json={"title": "T", "intervention": "I"}).json
    old.post(f"/api/workshops/{created['code']}/participants", json={"name": "Anna"})
    stale = accounts.login("actief@ggd.nl")
    for email in ("oud@ggd.nl", "recent@ggd.nl"):
        runner.invoke(args=["users", "disable", email])
    age(app, User, "disabled_at", 91, User.email == "oud@ggd.nl")
    age(app, User, "disabled_at", 30, User.email == "recent@ggd.nl")
    age(app, Login, "expires_at", 1, Login.user_id == select(User.id).where(User.email == "actief@ggd.nl")
        .scalar_subquery())
    with app.app_context():
        w = db.session.scalar(select(Workshop).where(Workshop.code == created["code"]))
        w.phase, w.closed_at = "closed", utcnow() - timedelta(days=100)
        db.session.commit()

    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert "1 workshop(s)" in result.output
    assert "1 expired login(s) removed; 1 account(s) disabled more than 90 days ago deleted: oud@ggd.nl" \
        in result.output
    listed = runner.invoke(args=["users", "list"]).output
    assert "oud@ggd.nl" not in listed and "recent@ggd.nl" in listed and "actief@ggd.nl" in listed
    assert stale.get("/api/me").status_code == 401
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)
                                 .where(Participant.name.is_not(None))) == 0
    inherited = accounts.login("beheer@ggd.nl").get("/api/me").json["workshops"]
    assert [w["code"] for w in inherited] == [created["code"]]
