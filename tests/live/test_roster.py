"""`state`'s participant list as a connect gets it (kept per workshop, each person encoded once)
is the list read afresh, for every viewer, through joins, removals and anonymity."""

from workshop.live.roster import Rosters


def fresh(workshops, code: str, token: str) -> list[dict]:
    """The list read from the database as the HTTP `state` reads it, without the kept one."""
    response = workshops.client.get(f"/api/workshops/{code}", headers={"Authorization": f"Bearer {token}"})
    return response.json["participants"]


def ack(sio, event: str, data: dict) -> dict:
    return sio.emit(event, data, callback=True)


def test_a_connect_gets_the_list_as_read_afresh_through_joins_and_removals(workshops):
    created = workshops.create()
    code, fac_token = created["code"], created["facilitator_token"]
    fac = workshops.connect(code, fac_token)
    anna = workshops.join(code, "Anna")
    bram = workshops.join(code, "Bram", anonymous=True)
    for person in (anna, bram):
        sio = workshops.connect(code, person["token"])
        assert sio.state["participants"] == fresh(workshops, code, person["token"])
    names = [p["name"] for p in workshops.connect(code, anna["token"]).state["participants"]]
    assert names == ["Anna", None]  # Bram is anonymous to the others
    own = workshops.connect(code, bram["token"]).state["participants"]
    assert [p["name"] for p in own] == ["Anna", "Bram"]

    cees = workshops.join(code, "Cees")
    assert ack(fac, "participant:remove", {"id": anna["participant"]["id"]})["ok"]
    dirk = workshops.join(code, "Dirk")
    for person in (cees, dirk, bram):
        sio = workshops.connect(code, person["token"])
        assert sio.state["participants"] == fresh(workshops, code, person["token"])
    again = workshops.connect(code, fac_token)
    assert again.state["participants"] == fresh(workshops, code, fac_token)
    assert [p["name"] for p in again.state["participants"]] == ["Bram", "Cees", "Dirk"]
    assert all(p["online"] for p in again.state["participants"])


def test_a_connect_after_others_joined_encodes_only_the_newcomers(workshops):
    created = workshops.create()
    code = created["code"]
    people = [workshops.join(code, f"P{i}") for i in range(5)]
    workshops.connect(code, people[0]["token"])
    rosters: Rosters = workshops.app.extensions["live"].rosters
    (kept,) = rosters._lists.values()
    first = {pid: entry for pid, entry in kept.people.items()}
    later = [workshops.join(code, f"Q{i}") for i in range(3)]
    workshops.connect(code, later[-1]["token"])
    (kept,) = rosters._lists.values()
    assert len(kept.people) == 8
    assert all(kept.people[pid] is entry for pid, entry in first.items())  # not made again
