"""Who sees what: every viewer's copy, from plain values."""

from workshop.domain import redaction
from workshop.domain.redaction import FACILITATOR, PARTICIPANT, Viewer

HIDDEN = redaction.facts(votes_hidden=True)
ANNA, BRAM = 7, 8


def test_facts_are_none_when_everyone_gets_the_same_copy():
    assert redaction.facts() is None
    assert redaction.facts(votes_hidden=True, anonymous=[ANNA, ANNA, 3]) == {"votes_hidden": True,
                                                                              "anonymous": [3, ANNA]}
    message = {"seq": 1, "type": "actor.added", "data": {"actor": {"id": 1}}, "by": ANNA}
    assert redaction.event(PARTICIPANT, message, None) is message


def test_hidden_votes_take_counts_ranks_and_even_which_changed_from_participants_only():
    votes = {"tallies": [{"strategy_id": 1, "votes": 3}], "ranks": [{"strategy_id": 1, "rank": 1}]}
    assert redaction.content(PARTICIPANT, votes, HIDDEN) == {"tallies": []}
    assert redaction.content(Viewer(id=ANNA), votes, HIDDEN) == {"tallies": []}
    assert redaction.content(FACILITATOR, votes, HIDDEN) == votes
    assert redaction.content(PARTICIPANT, votes, None) == votes
    cards = {"tallies": [{"card_id": 4, "votes": 2}]}
    assert redaction.content(PARTICIPANT, cards, HIDDEN) == {"tallies": []}


def test_a_strategy_has_no_count_or_rank_while_hidden_but_keeps_my_votes():
    strategy = {"id": 1, "title": "Lobby", "votes": 3, "my_votes": 2, "rank": 1}
    assert redaction.counted(PARTICIPANT, strategy, HIDDEN) == {**strategy, "votes": None, "rank": None}
    assert redaction.counted(FACILITATOR, strategy, HIDDEN) == strategy
    added = {"strategy": {"id": 1, "title": "Lobby", "votes": 0, "my_votes": 0}}
    assert redaction.content(PARTICIPANT, added, HIDDEN) == {"strategy": {**added["strategy"], "votes": None}}
    ack = {"ok": True, "votes_left": 4, "my_votes": 1}
    assert redaction.content(Viewer(id=ANNA), ack, HIDDEN) == ack


def test_an_anonymous_participant_is_nameless_to_other_participants_only():
    anna = {"id": ANNA, "name": "Anna", "role": "GGD", "online": True}
    assert redaction.person(Viewer(id=BRAM), anna, anonymous=True) == {**anna, "name": None, "role": None}
    assert redaction.person(Viewer(id=ANNA), anna, anonymous=True) == anna
    assert redaction.person(FACILITATOR, anna, anonymous=True) == anna
    assert redaction.person(Viewer(id=BRAM), anna, anonymous=False) == anna
    assert redaction.is_anonymous(False, True) and redaction.is_anonymous(True, False)
    assert not redaction.is_anonymous(False, False)


def test_presence_names_the_anonymous_only_to_themselves_and_the_facilitator():
    message = {"online": 2, "changed": [{"id": ANNA, "name": "Anna", "role": None, "online": True},
                                        {"id": BRAM, "name": "Bram", "role": "GP", "online": True}]}
    facts = redaction.facts(anonymous=[ANNA])
    assert redaction.personal(facts) == [ANNA]
    others = redaction.presence(PARTICIPANT, message, facts)
    assert [p["name"] for p in others["changed"]] == [None, "Bram"]
    assert redaction.presence(Viewer(id=ANNA), message, facts) == message
    assert redaction.presence(FACILITATOR, message, facts) == message


def test_what_an_anonymous_author_makes_names_them_only_to_themselves_and_the_facilitator():
    facts = redaction.facts(votes_hidden=True, anonymous=[ANNA])
    message = {"seq": 5, "type": "card.added", "by": ANNA,
               "data": {"card": {"id": 3, "text": "Geld", "author_id": ANNA, "votes": 0, "my_votes": 0}}}
    others = redaction.event(Viewer(id=BRAM), message, facts)
    assert others["by"] is None and others["data"]["card"]["author_id"] is None
    assert others["data"]["card"]["votes"] is None
    own = redaction.event(Viewer(id=ANNA), message, facts)
    assert own["by"] == ANNA and own["data"]["card"]["author_id"] == ANNA
    assert own["data"]["card"]["votes"] is None
    assert redaction.event(FACILITATOR, message, facts) == message


def participants(*people):
    return [{"name": name, "role": role, "anonymous": anonymous} for name, role, anonymous in people]


def test_a_participants_summary_counts_anonymous_roles_only_where_three_share_one():
    room = participants(("Anna", "GGD", True), ("Bram", "GGD", True), ("Carla", "GGD", True),
                        ("Dirk", "Wethouder", True), ("Eva", "Huisarts", False), ("Fenna", None, False))
    seen = redaction.people(PARTICIPANT, room, workshop_anonymous=False)
    assert seen == {"count": 6, "by_role": {"": 1, "GGD": 3, "Huisarts": 1}, "roles_unshown": 1,
                    "names": ["Eva", "Fenna"]}
    facilitator = redaction.people(FACILITATOR, room, workshop_anonymous=False)
    assert facilitator["by_role"] == {"": 1, "GGD": 3, "Huisarts": 1, "Wethouder": 1}
    assert facilitator["roles_unshown"] == 0 and facilitator["names"] == ["Eva", "Fenna"]


def test_an_anonymous_workshops_summary_lists_no_names_and_hides_rare_roles():
    room = participants(("Anna", "GGD", True), ("Bram", "GGD", True), ("Dirk", "Wethouder", True))
    seen = redaction.people(PARTICIPANT, room, workshop_anonymous=True)
    assert seen == {"count": 3, "by_role": {}, "roles_unshown": 3}
    assert "names" not in redaction.people(FACILITATOR, room, workshop_anonymous=True)


def test_determinant_comments_are_the_facilitators_alone_whatever_the_facts():
    from workshop.domain.redaction import FACILITATOR, PARTICIPANT, event

    message = {"seq": 3, "type": "ratings.changed", "by": None,
               "data": {"determinants": [], "weakest": [],
                        "comments": [{"key": "time", "comments": ["Te druk"]}]}}
    assert event(FACILITATOR, message, None) == message
    assert event(PARTICIPANT, message, None)["data"] == {"determinants": [], "weakest": []}
    assert "comments" not in event(PARTICIPANT, message, {"votes_hidden": True})["data"]
