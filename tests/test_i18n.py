"""Translations: plural forms by the language's CLDR rules (Babel), numbers and dates in
the workshop's language."""

from datetime import date

from workshop.export.words import Words
from workshop.i18n import catalog, translate


def test_a_count_picks_the_plural_form_of_its_language():
    assert translate("nl", "summary.key.participants", count=1) == "1 deelnemer deed mee."
    assert translate("nl", "summary.key.participants", count=2) == "2 deelnemers deden mee."
    assert translate("nl", "summary.key.participants", count=0) == "0 deelnemers deden mee."
    assert translate("en", "overview.participants", count=1) == "1 participant"
    assert translate("en", "overview.participants", count=12) == "12 participants"


def test_a_key_without_plural_forms_is_used_for_every_count():
    assert translate("en", "ui.people.count", online=1, total=1) == "1 online of 1"


def test_every_plural_form_has_its_plain_key_in_both_languages():
    for language in ("nl", "en"):
        texts = catalog(language)
        for key in texts:
            if key.endswith(".one") and key.removesuffix(".one") + ".other" not in texts:
                if key.removesuffix(".one") not in texts:  # a name like "accounts.claim.one"
                    assert "{count}" not in texts[key] and "1" not in texts[key], key
                    continue
                assert key.removesuffix(".one") in texts, key


def test_numbers_and_dates_are_written_as_each_language_writes_them():
    nl, en = Words("nl"), Words("en")
    assert (nl.number(2.5), en.number(2.5)) == ("2,5", "2.5")
    assert (nl.number(3.0), nl.number(1234.567)) == ("3", "1234,57")
    assert nl.day(date(2027, 3, 1)) == "1 maart 2027"
    assert en.day("2026-03-10T09:00:00Z") == "10 March 2026"
    assert nl.signed(-0.5) == "−0,5"
