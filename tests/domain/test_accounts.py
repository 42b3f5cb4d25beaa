"""The rules of accounts: emails, passwords, who may share or take someone off a workshop, heirs."""

import pytest

from workshop.domain import accounts as rules
from workshop.domain.rules import RuleError


def code_of(action) -> str:
    with pytest.raises(RuleError) as caught:
        action()
    return caught.value.code


def test_emails_are_matched_without_case_or_spaces():
    assert rules.check_email("  Anna.de.Vries@GGD.nl ") == "anna.de.vries@ggd.nl"


@pytest.mark.parametrize("text", ["", "anna", "anna@", "@ggd.nl", "anna@ggd", "an na@ggd.nl", "anna@ggd.",
                                  "a" * 250 + "@x.nl"])
def test_what_is_not_an_email_is_invalid(text):
    assert code_of(lambda: rules.check_email(text)) == "invalid"


@pytest.mark.parametrize("password", ["", "short", "123456789", " " * 12, "x" * 1001])
def test_a_password_needs_ten_to_a_thousand_characters(password):
    assert code_of(lambda: rules.check_password(password)) == "invalid"


def test_a_long_phrase_is_a_good_password():
    assert rules.check_password("paard batterij nietje") == "paard batterij nietje"


OWNER, CO, OTHER = 1, 2, 3
MEMBERS = {OWNER: True, CO: False}


def test_a_facilitator_shares_with_a_colleague():
    assert rules.check_share(CO, MEMBERS, rules.Account(OTHER)) is True


def test_sharing_with_someone_who_already_runs_it_changes_nothing():
    assert rules.check_share(OWNER, MEMBERS, rules.Account(CO)) is False


@pytest.mark.parametrize(("sharer", "target", "code"), [
    (OTHER, rules.Account(4), "forbidden"),           # someone else's workshop
    (OTHER, None, "forbidden"),                       # ... whatever the email
    (OWNER, None, "not_found"),                       # unknown email
    (OWNER, rules.Account(OWNER), "invalid"),         # oneself
    (OWNER, rules.Account(OTHER, disabled=True), "invalid"),
])
def test_sharing_that_is_refused(sharer, target, code):
    assert code_of(lambda: rules.check_share(sharer, MEMBERS, target)) == code


def test_the_owner_takes_a_co_facilitator_off_and_a_co_facilitator_may_leave():
    rules.check_removal(OWNER, MEMBERS, CO)
    rules.check_removal(CO, MEMBERS, CO)


@pytest.mark.parametrize(("remover", "target", "code"), [
    (CO, OWNER, "invalid"),       # the owner stays
    (OWNER, OWNER, "invalid"),
    (OWNER, OTHER, "not_found"),
    (OTHER, CO, "forbidden"),
])
def test_removals_that_are_refused(remover, target, code):
    assert code_of(lambda: rules.check_removal(remover, MEMBERS, target)) == code


def test_a_co_facilitator_cannot_take_another_co_facilitator_off():
    assert code_of(lambda: rules.check_removal(CO, {**MEMBERS, OTHER: False}, OTHER)) == "forbidden"


def test_an_admin_cannot_lock_themselves_out():
    assert code_of(lambda: rules.check_account_change(1, 1, locks_out=True)) == "invalid"
    rules.check_account_change(1, 1, locks_out=False)
    rules.check_account_change(1, 2, locks_out=True)


def test_the_heir_is_the_longest_standing_other_admin():
    assert rules.heir([7, 3, 5], leaving=3) == 5
    assert rules.heir([3], leaving=3) is None
    assert rules.heir([], leaving=3) is None
