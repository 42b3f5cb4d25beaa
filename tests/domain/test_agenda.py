"""The agenda on plain values: templates, the shape rules and `agenda:set`'s merge."""

import pytest

from workshop.domain import agenda
from workshop.domain.rules import RuleError


def kinds(steps):
    return [s["kind"] for s in steps]


def test_templates_have_the_contract_sequences():
    assert kinds(agenda.template("scaling")) == [
        "lobby", "actors", "ownership", "determinants", "strategies", "actions", "closed"]
    assert kinds(agenda.template("focus_group")) == [
        "lobby", "info", "question", "question", "actions", "closed"]
    assert kinds(agenda.template("follow_up")) == [
        "lobby", "review", "actors", "ownership", "determinants", "strategies", "actions", "closed"]
    steps = agenda.template("focus_group")
    assert [s["id"] for s in steps] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert all(s["title"] is None and s["prompt"] is None for s in steps)


@pytest.mark.parametrize("sequence", [
    ["actors", "closed"],
    ["lobby", "actors"],
    ["lobby", "lobby", "closed"],
    ["lobby", "closed", "closed"],
    ["lobby", "closed", "actors", "closed"],
    ["lobby", "actors", "actors", "closed"],
    ["lobby", "review", "question", "review", "closed"],
    ["lobby", "poll", "closed"],
    [],
    ["lobby"] + ["question"] * 40 + ["closed"],
])
def test_an_agenda_that_breaks_the_shape_is_invalid(sequence):
    with pytest.raises(RuleError) as error:
        agenda.validate(sequence)
    assert error.value.code == "invalid"


def test_info_and_question_steps_repeat():
    agenda.validate(["lobby", "info", "question", "info", "question", "question", "actions", "closed"])


def test_created_agenda_keeps_the_wording_it_was_given():
    steps = agenda.create([{"kind": "lobby"}, {"kind": "question", "prompt": "Context gebonden?"},
                           {"kind": "closed", "title": "Einde"}])
    assert steps[1] == {"id": "s2", "kind": "question", "title": None, "prompt": "Context gebonden?"}
    assert steps[2]["title"] == "Einde"


def merge(requested, current="s1", steps=None):
    steps = steps or agenda.template("focus_group")
    return agenda.merge(steps, [s["id"] for s in steps], requested, current)


def test_steps_sent_with_their_id_keep_it_and_new_steps_get_fresh_ids():
    steps, order = merge([{"id": "s1"}, {"kind": "info", "title": "Take-aways"},
                          {"id": "s3", "kind": "question"}, {"id": "s6", "kind": "closed"}])
    assert order == ["s1", "s7", "s3", "s6"]
    assert {s["id"] for s in steps} == {"s1", "s2", "s3", "s4", "s5", "s6", "s7"}


def test_a_left_out_step_keeps_its_wording_and_comes_back_by_id():
    base = agenda.template("focus_group")
    base[2]["prompt"] = "Context gebonden?"
    steps, order = merge([{"id": "s1"}, {"id": "s6"}], steps=base)
    assert order == ["s1", "s6"]
    steps, order = agenda.merge(steps, order, [{"id": "s1"}, {"id": "s3"}, {"id": "s6"}], "s1")
    assert order == ["s1", "s3", "s6"]
    assert next(s for s in steps if s["id"] == "s3")["prompt"] == "Context gebonden?"


def test_omitted_wording_is_kept_and_null_resets_it():
    base = agenda.template("focus_group")
    base[2].update(title="Vraag 1", prompt="Context gebonden?")
    steps, _ = merge([{"id": "s1"}, {"id": "s3", "title": None}, {"id": "s6"}], steps=base)
    third = next(s for s in steps if s["id"] == "s3")
    assert third["title"] is None and third["prompt"] == "Context gebonden?"


def test_kind_never_changes():
    with pytest.raises(RuleError) as error:
        merge([{"id": "s1"}, {"id": "s3", "kind": "info"}, {"id": "s6"}])
    assert error.value.code == "invalid"


def test_the_current_step_must_stay():
    with pytest.raises(RuleError) as error:
        merge([{"id": "s1"}, {"id": "s6"}], current="s3")
    assert error.value.code == "invalid"


def test_unknown_and_repeated_ids_are_refused():
    with pytest.raises(RuleError) as unknown:
        merge([{"id": "s1"}, {"id": "s99"}, {"id": "s6"}])
    assert unknown.value.code == "not_found"
    with pytest.raises(RuleError) as twice:
        merge([{"id": "s1"}, {"id": "s3"}, {"id": "s3"}, {"id": "s6"}])
    assert twice.value.code == "invalid"


def test_a_merge_that_breaks_the_shape_is_refused():
    with pytest.raises(RuleError):
        merge([{"id": "s1"}, {"kind": "lobby"}, {"id": "s6"}])


def test_phase_set_finds_the_first_step_of_a_kind():
    steps = agenda.template("focus_group")
    assert agenda.first_of("question", steps)["id"] == "s3"
    with pytest.raises(RuleError) as error:
        agenda.first_of("actors", steps)
    assert error.value.code == "invalid"
    with pytest.raises(RuleError) as missing:
        agenda.find("s9", steps)
    assert missing.value.code == "not_found"


def test_default_wording_comes_from_the_catalogue_in_the_workshop_language():
    question = agenda.step("s3", "question")
    assert agenda.title(question, "nl") == "Gespreksvraag"
    assert agenda.title(question, "en", 2) == "Question 2"
    assert agenda.prompt(question, "en")
    assert agenda.prompt(agenda.step("s2", "info"), "en") is None
    assert agenda.title({**question, "title": "Context gebonden?"}, "nl") == "Context gebonden?"


def test_position_counts_the_working_steps_as_phones_do():
    """The same counts as tests/js/steps.test.js gives the phones and the console."""
    kinds = ["lobby", "info", "question", "question", "actions", "closed"]
    assert agenda.position(kinds, 0) == (None, 4), "the lobby is no step of the work"
    assert agenda.position(kinds, 3) == (3, 4)
    assert agenda.position(kinds, 4) == (4, 4)
    assert agenda.position(kinds, 5) == (None, 4)
