"""A workshop's own determinant list: add, rename, remove and bring back."""

import pytest

from workshop.domain import determinants
from workshop.domain.rules import RuleError
from workshop.domain.vocab import DETERMINANTS


def test_the_built_in_list_is_stored_as_nothing():
    assert determinants.keys(None) == list(DETERMINANTS)
    known, shown = determinants.merge(None, [{"key": k} for k in DETERMINANTS])
    assert determinants.to_store(known, shown) is None


def test_a_new_determinant_gets_a_readable_key_from_its_label():
    known, shown = determinants.merge(None, [{"key": "driver"}, {"label": "Know-how"}, {"label": "Draagvlak"},
                                             {"label": "Know how"}])
    assert shown == ["driver", "know_how", "draagvlak", "know_how_2"]
    stored = determinants.to_store(known, shown)
    assert [e["key"] for e in determinants.listed(stored)] == shown
    assert determinants.label(determinants.listed(stored)[1], "nl") == "Know-how"


def test_renaming_keeps_the_key_and_null_resets_a_built_in_label():
    known, shown = determinants.merge(None, [{"key": "funding", "label": "Geld"}])
    stored = determinants.to_store(known, shown)
    assert determinants.listed(stored) == [{"key": "funding", "label": "Geld", "help": None}]
    known, shown = determinants.merge(stored, [{"key": "funding", "label": None}])
    assert determinants.label(determinants.listed(determinants.to_store(known, shown))[0], "en") == "Funding"


def test_a_removed_determinant_keeps_its_wording_and_comes_back_by_key():
    known, shown = determinants.merge(
        None, [{"key": "driver"}, {"label": "Draagvlak", "help": "Wie staat erachter?"}])
    stored = determinants.to_store(known, shown)
    known, shown = determinants.merge(stored, [{"key": "driver"}])
    stored = determinants.to_store(known, shown)
    assert determinants.keys(stored) == ["driver"]
    known, shown = determinants.merge(stored, [{"key": "draagvlak"}, {"key": "time"}])
    listed = determinants.listed(determinants.to_store(known, shown))
    assert listed == [{"key": "draagvlak", "label": "Draagvlak", "help": "Wie staat erachter?"},
                      {"key": "time", "label": None, "help": None}]


@pytest.mark.parametrize("requested, code", [
    ([], "invalid"),
    ([{"key": "nope"}], "not_found"),
    ([{"key": "driver"}, {"key": "driver"}], "invalid"),
    ([{"help": "no label"}], "invalid"),
    ([{"label": "x" * 121}], "invalid"),
    ([{"label": f"d{i}"} for i in range(21)], "invalid"),
])
def test_bad_lists_are_refused(requested, code):
    with pytest.raises(RuleError) as error:
        determinants.merge(None, requested)
    assert error.value.code == code


def test_a_custom_determinant_cannot_lose_its_label():
    known, shown = determinants.merge(None, [{"label": "Draagvlak"}])
    with pytest.raises(RuleError):
        determinants.merge(determinants.to_store(known, shown), [{"key": "draagvlak", "label": None}])
