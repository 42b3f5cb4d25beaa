"""Validation of every payload: strict types, trimmed text, limits, unknown fields, `op`."""

from datetime import date

import pytest

from workshop.bodies import CreateWorkshop, Join
from workshop.domain.rules import RuleError
from workshop.schemas import EVENTS
from workshop.validation import parse


def invalid(schema, payload) -> str:
    with pytest.raises(RuleError) as refused:
        parse(schema, payload)
    assert refused.value.code == "invalid"
    return refused.value.message


def test_every_contract_event_has_a_schema():
    assert {
        "actor:add",
        "actor:update",
        "actor:remove",
        "ownership:set",
        "stage:set",
        "rating:set",
        "strategy:add",
        "vote:cast",
        "vote:retract",
        "action:add",
        "action:update",
        "sync",
        "strategy:remove",
        "phase:set",
        "results:show",
        "workshop:lock",
        "workshop:settings",
    } <= set(EVENTS)


def test_names_are_trimmed_and_inner_whitespace_collapsed():
    actor = parse(EVENTS["actor:add"], {"name": "  GGD \t  Amsterdam\n", "category": "provider"})
    assert actor.name == "GGD Amsterdam"


def test_control_and_direction_characters_are_removed():
    actor = parse(
        EVENTS["actor:add"], {"name": "G\x00G\u202eD", "category": "provider", "note": "regel 1\nregel 2\x07"}
    )
    assert actor.name == "GGD" and actor.note == "regel 1\nregel 2"


@pytest.mark.parametrize("length, ok", [(120, True), (121, False)])
def test_names_are_at_most_120_characters(length, ok):
    payload = {"name": "n" * length, "category": "other"}
    if ok:
        assert len(parse(EVENTS["actor:add"], payload).name) == 120
    else:
        assert "name" in invalid(EVENTS["actor:add"], payload)


@pytest.mark.parametrize("length, ok", [(2000, True), (2001, False)])
def test_free_text_is_at_most_2000_characters(length, ok):
    payload = {"title": "T", "category": "monitoring", "description": "d" * length}
    if ok:
        assert len(parse(EVENTS["strategy:add"], payload).description) == 2000
    else:
        invalid(EVENTS["strategy:add"], payload)


def test_empty_optional_text_means_none():
    assert parse(EVENTS["actor:add"], {"name": "A", "category": "other", "note": "   "}).note is None
    assert parse(Join, {"name": "Anna", "role": ""}).role is None
    assert (
        parse(CreateWorkshop, {"title": "T", "intervention": "I", "facilitator_name": ""}).facilitator_name
        is None
    )


@pytest.mark.parametrize("value", [1.0, "1", True, None, [1], {"id": 1}, 0, -3, 2**60])
def test_ids_are_positive_json_integers(value):
    invalid(EVENTS["vote:cast"], {"strategy_id": value})


@pytest.mark.parametrize("value", ["true", 1, 0, None])
def test_booleans_are_booleans(value):
    invalid(EVENTS["results:show"], {"visible": value})


def test_unknown_fields_are_refused_except_op():
    invalid(EVENTS["sync"], {"since": 0, "extra": 1})
    assert parse(EVENTS["sync"], {"since": 0, "op": "o-1"}).op == "o-1"


@pytest.mark.parametrize("op", ["", "x" * 121, 5, 1.5])
def test_op_is_a_string_of_1_to_120_characters(op):
    invalid(EVENTS["actor:remove"], {"id": 1, "op": op})


@pytest.mark.parametrize("payload", [None, [], "text", 3, 2.5, True])
def test_non_object_payloads_are_invalid(payload):
    assert "object" in invalid(EVENTS["actor:add"], payload)


def test_given_lists_only_the_fields_sent_without_op():
    update = parse(EVENTS["actor:update"], {"id": 3, "note": "", "op": "x"})
    assert update.given() == {"id": 3, "note": None}


def test_dates_are_real_days_as_yyyy_mm_dd():
    assert parse(EVENTS["action:add"], {"title": "A", "due": "2027-02-28"}).due == date(2027, 2, 28)
    for wrong in ("2027-02-30", "2027-2-3", "28-02-2027", "2027-02-28T10:00", 20270228):
        invalid(EVENTS["action:add"], {"title": "A", "due": wrong})


def test_create_workshop_defaults():
    fields = parse(CreateWorkshop, {"title": "T", "intervention": "I"}).model_dump()
    assert fields["language"] == "nl" and fields["results_hidden"] is True
    assert fields["votes_per_participant"] is None and fields["max_votes_per_strategy"] is None
    assert fields["participants_can_download"] is False and fields["anonymous"] is False


@pytest.mark.parametrize("budget", [0, 21, 5.0, "5", True])
def test_vote_budgets_are_integers_from_1_to_20(budget):
    invalid(CreateWorkshop, {"title": "T", "intervention": "I", "votes_per_participant": budget})
    invalid(EVENTS["workshop:settings"], {"votes_per_participant": budget})


def test_error_messages_name_the_field():
    message = invalid(EVENTS["rating:set"], {"determinant": "time", "score": 9})
    assert message.startswith("score:")


def test_c1_control_characters_are_removed_like_c0():
    actor = parse(EVENTS["actor:add"], {"name": "G\x85G\x9bD\x80", "category": "provider",
                                        "note": "regel\x9d 1"})
    assert actor.name == "GGD" and actor.note == "regel 1"


INVISIBLE = ["\u200b", "\u200c\u200d", "\u2060", "\ufeff", "\u115f", "\u1160", "\u3164", "\uffa0",
             "\u00ad", "\u034f", "\u2800", "\u180e", "\u200e\u200f", "\u2061\u2064", "\ufe0f",
             "\u3000\u00a0\u2003", " \u200b \u3164 "]


@pytest.mark.parametrize("name", INVISIBLE)
def test_a_name_or_title_of_only_invisible_characters_is_invalid(name):
    assert "name" in invalid(Join, {"name": name})
    assert "title" in invalid(EVENTS["strategy:add"], {"title": name, "category": "dissemination"})
    assert "title" in invalid(CreateWorkshop, {"title": name, "intervention": "I"})


@pytest.mark.parametrize("text", INVISIBLE)
def test_optional_text_of_only_invisible_characters_is_empty(text):
    assert parse(Join, {"name": "Anna", "role": text}).role is None
    assert parse(EVENTS["actor:add"], {"name": "A", "category": "funder", "note": text}).note is None


def test_visible_text_keeps_its_joiners_and_marks():
    family = "\U0001f469\u200d\U0001f467"  # a joined emoji sequence keeps its zero-width joiner
    assert parse(Join, {"name": f"Anna {family}"}).name == f"Anna {family}"
    assert parse(Join, {"name": "Zoë Ångström"}).name == "Zoë Ångström"


def test_nesting_too_deep_for_any_event_is_invalid():
    from workshop import wire

    deep = wire.loads("[" * 40 + "]" * 40)
    assert deep is wire.TOO_DEEP
    assert "nested too deeply" in invalid(Join, deep)
    assert wire.loads('["actor:add",' + "[" * 5000 + "]" * 5000 + "]") == ["actor:add", wire.TOO_DEEP]
    assert wire.loads('{"a": [1, {"b": 2}]}') == {"a": [1, {"b": 2}]}
