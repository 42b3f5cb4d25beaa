"""Question steps over the API: cards, themes, card votes and insights, with who sees whose
card and hidden card votes (PROTOCOL v1.1)."""

import pytest

from tests.helpers import events, settle


def ack(sio, event: str, payload: dict) -> dict:
    return sio.emit(event, payload, callback=True)


def focus_group(workshops, participants: int = 2, **fields):
    """A focus group in its first question: (created, fac, people, question ids)."""
    created, fac, people = workshops.room(participants=participants, template="focus_group", **fields)
    agenda = fac.state["workshop"]["agenda"]
    questions = [s["id"] for s in agenda if s["kind"] == "question"]
    assert ack(fac, "step:set", {"step": questions[0]}) == {"ok": True}
    for sio in (fac, *people):
        events(sio)
    return created, fac, people, questions


def test_a_card_belongs_to_the_current_question_and_everyone_sees_it(workshops):
    _, fac, (anna, bram), (q1, _) = focus_group(workshops)
    answer = ack(anna, "card:add", {"text": "  Lokale partijen moeten meedoen  "})
    card = answer["card"]
    assert card == {"id": card["id"], "step": q1, "text": "Lokale partijen moeten meedoen",
                    "author_id": anna.state["me"]["id"], "theme_id": None, "votes": None, "my_votes": 0}
    (seen,) = events(bram)
    assert seen["type"] == "card.added" and seen["by"] == anna.state["me"]["id"]
    assert seen["data"] == {"card": {k: v for k, v in card.items() if k != "my_votes"}}
    (facilitator_copy,) = events(fac)
    assert facilitator_copy["data"]["card"]["votes"] == 0


def test_outside_a_question_cards_cannot_be_added_or_voted(workshops):
    _, fac, (anna, _), (q1, q2) = focus_group(workshops)
    card = ack(anna, "card:add", {"text": "Eerste"})["card"]
    assert ack(fac, "phase:set", {"phase": "actions"}) == {"ok": True}
    assert ack(anna, "card:add", {"text": "Te laat"})["error"]["code"] == "invalid"
    assert ack(anna, "card:vote", {"id": card["id"]})["error"]["code"] == "invalid"
    theme = ack(anna, "theme:add", {"step": q1, "title": "Netwerk"})["theme"]  # tidying up still works
    moved = ack(anna, "card:update", {"id": card["id"], "theme_id": theme["id"]})
    assert moved["card"]["theme_id"] == theme["id"]


def test_an_anonymous_card_names_its_author_only_to_them_and_the_facilitator(workshops):
    created, fac, (anna, bram), _ = focus_group(workshops)
    anna_id = anna.state["me"]["id"]
    card = ack(anna, "card:add", {"text": "Er is geen geld", "anonymous": True})["card"]
    assert card["author_id"] == anna_id
    (others,) = events(bram)
    assert others["data"]["card"]["author_id"] is None and others["by"] is None
    (own,) = events(anna)
    assert own["data"]["card"]["author_id"] == anna_id and own["by"] == anna_id
    (full,) = events(fac)
    assert full["data"]["card"]["author_id"] == anna_id and full["by"] == anna_id
    assert ack(anna, "card:update", {"id": card["id"], "text": "Er is geen structureel geld"})["ok"]
    (edited,) = events(bram)
    assert edited["by"] is None and edited["data"]["card"]["author_id"] is None
    # Replays and state say the same, per person.
    assert ack(bram, "sync", {"since": 0})["events"][-2:] == [others, edited]
    assert [e["by"] for e in ack(anna, "sync", {"since": 0})["events"][-2:]] == [anna_id, anna_id]
    again = workshops.connect(created["code"], bram.token).state
    assert again["cards"][0]["author_id"] is None
    assert workshops.connect(created["code"], anna.token).state["cards"][0]["author_id"] == anna_id


def test_in_an_anonymous_workshop_every_card_hides_its_author(workshops):
    _, fac, (anna, bram), _ = focus_group(workshops, anonymous=True)
    ack(anna, "card:add", {"text": "Zonder naam"})
    assert events(bram)[0]["data"]["card"]["author_id"] is None
    assert events(fac)[0]["data"]["card"]["author_id"] == anna.state["me"]["id"]


def test_only_the_author_or_the_facilitator_rewrites_or_removes_a_card_anyone_clusters_it(workshops):
    _, fac, (anna, bram), (q1, _) = focus_group(workshops)
    card = ack(anna, "card:add", {"text": "Trekker nodig"})["card"]
    theme = ack(bram, "theme:add", {"step": q1, "title": "Eigenaarschap"})["theme"]
    assert ack(bram, "card:update", {"id": card["id"], "text": "Anders"})["error"]["code"] == "forbidden"
    assert ack(bram, "card:remove", {"id": card["id"]})["error"]["code"] == "forbidden"
    moved = ack(bram, "card:update", {"id": card["id"], "theme_id": theme["id"]})["card"]
    assert moved["theme_id"] == theme["id"] and moved["text"] == "Trekker nodig"
    assert ack(fac, "card:update", {"id": card["id"], "text": "Een trekker is nodig"})["ok"]
    assert ack(anna, "card:remove", {"id": card["id"]}) == {"ok": True}
    assert events(bram)[-1]["type"] == "card.removed" and events(bram) == []


def test_themes_belong_to_a_question_and_removing_one_leaves_its_cards_unthemed(workshops):
    created, fac, (anna, bram), (q1, q2) = focus_group(workshops)
    lobby = fac.state["workshop"]["agenda"][0]["id"]
    card = ack(anna, "card:add", {"text": "Subsidie stopt"})["card"]
    theme = ack(anna, "theme:add", {"step": q1, "title": "Geld"})["theme"]
    assert theme == {"id": theme["id"], "step": q1, "title": "Geld"}
    assert ack(anna, "theme:add", {"step": lobby, "title": "X"})["error"]["code"] == "invalid"
    assert ack(anna, "theme:add", {"step": "s99", "title": "X"})["error"]["code"] == "not_found"
    other = ack(anna, "theme:add", {"step": q2, "title": "Elders"})["theme"]
    assert ack(anna, "card:update", {"id": card["id"], "theme_id": other["id"]})["error"]["code"] == "invalid"
    ack(anna, "card:update", {"id": card["id"], "theme_id": theme["id"]})
    renamed = ack(bram, "theme:update", {"id": theme["id"], "title": "Financiering"})
    assert renamed["theme"]["title"] == "Financiering"
    assert ack(bram, "theme:remove", {"id": theme["id"]}) == {"ok": True}
    state = workshops.connect(created["code"], anna.token).state
    assert state["cards"][0]["theme_id"] is None
    assert [t["id"] for t in state["themes"]] == [other["id"]]


def test_card_votes_have_a_budget_per_question_and_a_cap_per_card(workshops):
    _, fac, (anna, _), (q1, q2) = focus_group(workshops, votes_per_participant=3, max_votes_per_strategy=2)
    first = ack(fac, "card:add", {"text": "Wat de zaal zegt"})["card"]
    second = ack(anna, "card:add", {"text": "Tweede"})["card"]
    assert ack(anna, "card:vote", {"id": first["id"]}) == {"ok": True, "votes_left": 2, "my_votes": 1}
    assert ack(anna, "card:vote", {"id": first["id"]}) == {"ok": True, "votes_left": 1, "my_votes": 2}
    assert ack(anna, "card:vote", {"id": first["id"]})["error"]["code"] == "invalid"
    assert ack(anna, "card:vote", {"id": second["id"]}) == {"ok": True, "votes_left": 0, "my_votes": 1}
    assert ack(anna, "card:vote", {"id": second["id"]})["error"]["code"] == "invalid"
    assert ack(fac, "card:vote", {"id": second["id"]})["error"]["code"] == "forbidden"
    # The next question has a budget of its own; the earlier one can still be unvoted.
    assert ack(fac, "step:set", {"step": q2}) == {"ok": True}
    assert ack(anna, "card:vote", {"id": first["id"]})["error"]["code"] == "invalid"
    third = ack(anna, "card:add", {"text": "Nieuwe vraag"})["card"]
    assert ack(anna, "card:vote", {"id": third["id"]}) == {"ok": True, "votes_left": 2, "my_votes": 1}
    assert ack(anna, "card:unvote", {"id": first["id"]}) == {"ok": True, "votes_left": 1, "my_votes": 1}
    state = workshops.connect(fac.state["workshop"]["code"], anna.token).state
    assert state["me"]["card_votes_left"] == {q1: 1, q2: 2}
    assert {c["id"]: c["my_votes"] for c in state["cards"]} == {
        first["id"]: 1, second["id"]: 1, third["id"]: 1}
    assert state["me"]["votes_left"] == 3  # strategy votes are a budget apart, untouched


def test_card_votes_are_hidden_until_results_are_shown(workshops):
    created, fac, (anna, bram), _ = focus_group(workshops)
    card = ack(anna, "card:add", {"text": "Kaartje"})["card"]
    ack(anna, "card:vote", {"id": card["id"]})
    ack(bram, "card:vote", {"id": card["id"]})
    settle(workshops)
    participant = [e for e in events(bram) if e["type"] == "card_votes.changed"]
    facilitator = [e for e in events(fac) if e["type"] == "card_votes.changed"]
    assert participant and all(e["data"] == {"tallies": []} for e in participant)
    assert facilitator[-1]["data"]["tallies"][-1] == {"card_id": card["id"], "votes": 2}
    assert workshops.connect(created["code"], bram.token).state["cards"][0]["votes"] is None
    assert ack(fac, "results:show", {"visible": True}) == {"ok": True}
    shown = [e for e in events(bram) if e["type"] == "workshop.updated"][-1]
    assert shown["data"]["card_tallies"] == [{"card_id": card["id"], "votes": 2}]
    ack(anna, "card:unvote", {"id": card["id"]})
    settle(workshops)
    assert [e["data"] for e in events(bram) if e["type"] == "card_votes.changed"] == [
        {"tallies": [{"card_id": card["id"], "votes": 1}]}]
    assert workshops.connect(created["code"], bram.token).state["cards"][0]["votes"] == 1


def test_insights_are_the_facilitators_and_everyone_sees_them(workshops):
    _, fac, (anna, _), (q1, _) = focus_group(workshops)
    insight = ack(fac, "insight:add", {"step": q1, "text": "Context bepaalt de aanpak."})["insight"]
    assert insight == {"id": insight["id"], "step": q1, "text": "Context bepaalt de aanpak."}
    assert events(anna)[0] == {"seq": insight and events(fac)[0]["seq"], "type": "insight.added",
                               "data": {"insight": insight}, "by": fac.state["me"]["id"]}
    assert ack(anna, "insight:add", {"step": q1, "text": "Ik ook"})["error"]["code"] == "forbidden"
    reworded = ack(fac, "insight:update", {"id": insight["id"], "text": "Context bepaalt de aanpak, lokaal."})
    assert reworded["insight"]["text"] == "Context bepaalt de aanpak, lokaal."
    assert [e["type"] for e in events(anna)] == ["insight.updated"]
    assert ack(fac, "insight:remove", {"id": insight["id"]}) == {"ok": True}
    assert ack(fac, "insight:remove", {"id": insight["id"]})["error"]["code"] == "not_found"


def test_state_carries_every_steps_cards_themes_and_insights_also_off_the_agenda(workshops):
    created, fac, (anna, _), (q1, q2) = focus_group(workshops)
    ack(anna, "card:add", {"text": "Blijft bewaard"})
    ack(anna, "theme:add", {"step": q1, "title": "Thema"})
    ack(fac, "insight:add", {"step": q1, "text": "Inzicht"})
    lobby, closed = fac.state["workshop"]["agenda"][0]["id"], fac.state["workshop"]["agenda"][-1]["id"]
    ack(fac, "step:set", {"step": lobby})
    assert ack(fac, "agenda:set", {"agenda": [{"id": lobby}, {"id": q2}, {"id": closed}]})["ok"]
    state = workshops.connect(created["code"], anna.token).state
    assert q1 in [s["id"] for s in state["workshop"]["off_agenda"]]
    assert [c["text"] for c in state["cards"]] == ["Blijft bewaard"]
    assert [t["step"] for t in state["themes"]] == [q1] and [i["step"] for i in state["insights"]] == [q1]


def other_workshops_card(workshops) -> int:
    _, fac, (anna,), _ = focus_group(workshops, participants=1)
    return ack(anna, "card:add", {"text": "Elders"})["card"]["id"]


@pytest.mark.parametrize("event, payload, code", [
    ("card:add", {"text": ""}, "invalid"),
    ("card:add", {"text": "x" * 501}, "invalid"),
    ("card:add", {"text": "ok", "anonymous": "yes"}, "invalid"),
    ("card:add", {"text": "ok", "step": "s3"}, "invalid"),
    ("card:update", {"id": "OTHER", "text": "Overgenomen"}, "not_found"),
    ("card:remove", {"id": "OTHER"}, "not_found"),
    ("card:vote", {"id": "OTHER"}, "not_found"),
    ("card:unvote", {"id": 10**6}, "not_found"),
    ("card:update", {"id": "MINE", "text": None}, "invalid"),
    ("card:update", {"id": "MINE", "theme_id": 10**6}, "not_found"),
    ("theme:add", {"step": "s3", "title": "x" * 121}, "invalid"),
    ("theme:add", {"step": 3, "title": "Geld"}, "invalid"),
    ("theme:add", {"step": "s" * 17, "title": "Geld"}, "not_found"),
    ("insight:add", {"step": "s" * 17, "text": "Inzicht"}, "not_found"),
    ("theme:update", {"id": 10**6, "title": "Geld"}, "not_found"),
    ("insight:add", {"step": "s3", "text": "x" * 2001}, "invalid"),
])
def test_bad_card_and_theme_events_change_nothing(workshops, event, payload, code):
    foreign = other_workshops_card(workshops)
    created, fac, (anna, bram), _ = focus_group(workshops)
    mine = ack(anna, "card:add", {"text": "Van mij"})["card"]["id"]
    ids = {"OTHER": foreign, "MINE": mine}
    payload = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}
    events(bram)
    sender = fac if event.startswith("insight") else anna
    before = workshops.connect(created["code"], fac.token).state
    answer = ack(sender, event, payload)
    assert answer["ok"] is False and answer["error"]["code"] == code
    assert events(bram) == []
    assert workshops.connect(created["code"], fac.token).state == before


def test_an_anonymous_author_cannot_be_probed_through_acks_or_refusals(workshops):
    created, fac, (anna, bram), (q1, _) = focus_group(workshops)
    card = ack(anna, "card:add", {"text": "Geheim", "anonymous": True})["card"]
    # A stranger's edit is refused the same way whoever wrote it; what they get back hides the author.
    assert ack(bram, "card:update", {"id": card["id"], "text": "?"})["error"]["code"] == "forbidden"
    theme = ack(bram, "theme:add", {"step": q1, "title": "T"})["theme"]
    moved = ack(bram, "card:update", {"id": card["id"], "theme_id": theme["id"]})["card"]
    assert moved["author_id"] is None
    assert all(e["data"].get("card", {}).get("author_id") is None for e in events(bram))
    summary = workshops.client.get(f"/api/workshops/{created['code']}/summary.json",
                                   headers={"Authorization": f"Bearer {fac.token}"}).json
    assert "author" not in str(summary["questions"])


def test_the_summary_holds_each_question_with_its_themes_cards_and_insights(workshops):
    created, fac, (anna, bram), (q1, q2) = focus_group(workshops)
    money = ack(anna, "theme:add", {"step": q1, "title": "Geld"})["theme"]
    people = ack(anna, "theme:add", {"step": q1, "title": "Mensen"})["theme"]
    cards = {text: ack(anna, "card:add", {"text": text})["card"]["id"]
             for text in ("Subsidie stopt", "Een trekker", "Lokale partijen", "Los")}
    for text, theme in (("Subsidie stopt", money), ("Een trekker", people), ("Lokale partijen", people)):
        ack(bram, "card:update", {"id": cards[text], "theme_id": theme["id"]})
    for voter, text in ((anna, "Subsidie stopt"), (bram, "Een trekker"), (bram, "Lokale partijen"),
                        (anna, "Lokale partijen")):
        assert ack(voter, "card:vote", {"id": cards[text]})["ok"]
    ack(fac, "insight:add", {"step": q1, "text": "Geld volgt draagvlak."})
    settle(workshops)
    summary = workshops.client.get(f"/api/workshops/{created['code']}/summary.json",
                                   headers={"Authorization": f"Bearer {fac.token}"}).json
    first, second = summary["questions"]
    assert [(t["title"], t["votes"]) for t in first["themes"]] == [("Mensen", 3), ("Geld", 1)]
    assert [(c["text"], c["votes"]) for c in first["themes"][0]["cards"]] == [("Lokale partijen", 2),
                                                                             ("Een trekker", 1)]
    assert [c["text"] for c in first["unthemed"]] == ["Los"]
    assert first["insights"] == ["Geld volgt draagvlak."]
    assert first["title"] == "Gespreksvraag 1" and second["step"] == q2
    assert [s["kind"] for s in summary["agenda"]] == [
        "lobby", "info", "question", "question", "actions", "closed"]
    assert summary["slides"][0]["step"] == summary["agenda"][1]["id"]


def test_a_participants_summary_while_results_are_hidden_has_no_card_or_theme_votes(workshops):
    created, fac, (anna, bram), (q1, _) = focus_group(workshops, participants_can_download=True)
    money = ack(anna, "theme:add", {"step": q1, "title": "Geld"})["theme"]
    people = ack(anna, "theme:add", {"step": q1, "title": "Mensen"})["theme"]
    cards = {text: ack(anna, "card:add", {"text": text})["card"]["id"]
             for text in ("Subsidie stopt", "Een trekker", "Lokale partijen", "Los", "Apart")}
    for text, theme in (("Subsidie stopt", money), ("Een trekker", people), ("Lokale partijen", people)):
        ack(bram, "card:update", {"id": cards[text], "theme_id": theme["id"]})
    for text in ("Lokale partijen", "Lokale partijen", "Los"):
        assert ack(bram, "card:vote", {"id": cards[text]})["ok"]
    settle(workshops)
    url = f"/api/workshops/{created['code']}/summary"
    answer = workshops.client.get(f"{url}.json", headers={"Authorization": f"Bearer {anna.token}"})
    assert answer.status_code == 200
    first = answer.json["questions"][0]
    # No counts, and no order by them: themes by title, cards by text.
    assert [(t["title"], t["votes"]) for t in first["themes"]] == [("Geld", None), ("Mensen", None)]
    assert [(c["text"], c["votes"]) for c in first["themes"][1]["cards"]] == [("Een trekker", None),
                                                                             ("Lokale partijen", None)]
    assert [(c["text"], c["votes"]) for c in first["unthemed"]] == [("Apart", None), ("Los", None)]
    for fmt in ("md", "csv", "pdf"):
        assert workshops.client.get(f"{url}.{fmt}", headers={"Authorization": f"Bearer {anna.token}"}
                                    ).status_code == 200
    markdown = workshops.client.get(f"{url}.md", headers={"Authorization": f"Bearer {anna.token}"}).data
    assert "(1 stem)" not in markdown.decode() and "(2 stemmen)" not in markdown.decode()
    facilitators = workshops.client.get(f"{url}.json", headers={"Authorization": f"Bearer {fac.token}"}).json
    assert [(t["title"], t["votes"]) for t in facilitators["questions"][0]["themes"]] == [("Mensen", 2),
                                                                                         ("Geld", 0)]
