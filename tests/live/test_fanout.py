"""Each viewer's copy of a message: a participant's own copy reaches their tabs that have their
`state`, and never one that is still connecting."""

from sqlalchemy import select

from tests.helpers import wait_for
from workshop.extensions import db
from workshop.live import fanout
from workshop.models import Connection, Workshop


def test_an_own_copy_goes_to_the_participants_room_which_a_tab_joins_with_its_state(app, workshops):
    code = workshops.create(anonymous=True)["code"]
    bram = workshops.join(code, "Bram")
    bram_id = bram["participant"]["id"]
    tabs = [workshops.connect(code, bram["token"]) for _ in range(2)]
    other = workshops.connect(code, workshops.join(code, "Anna")["token"])
    assert wait_for(app.extensions["live"].idle)  # the connects' presence went out
    for sio in (*tabs, other):
        sio.get_received()
    with app.app_context():
        w = db.session.scalar(select(Workshop).where(Workshop.code == code))
        # A third tab: its connection is stored, its `state` not yet sent (it waits for the workshop).
        db.session.add(Connection(sid="still-connecting", server_id=app.config["SERVER_ID"],
                                  workshop_id=w.id, participant_id=bram_id))
        db.session.commit()
        emits = fanout.copies("presence", w, lambda viewer: {"mine": viewer.id == bram_id}, [bram_id])
        fanout.send(emits)
    assert "still-connecting" not in {e.to for e in emits}
    (shared,) = [e for e in emits if e.to.endswith(":participants")]
    assert "still-connecting" in shared.skip and len(shared.skip) == 3
    for sio in tabs:
        assert [m["args"][0] for m in sio.get_received() if m["name"] == "presence"] == [{"mine": True}]
    assert [m["args"][0] for m in other.get_received() if m["name"] == "presence"] == [{"mine": False}]
