"""Who may change a card, and who sees who wrote it. No Flask, no database."""

from .rules import RuleError


def author_hidden(*, card_anonymous: bool, workshop_anonymous: bool, viewer_id: int | None,
                  viewer_is_facilitator: bool, author_id: int | None) -> bool:
    """An anonymous card (or any card of an anonymous workshop) names its author only to the
    author and the facilitator; `viewer_id` None is "every other participant"."""
    if not (card_anonymous or workshop_anonymous):
        return False
    return not (viewer_is_facilitator or (viewer_id is not None and viewer_id == author_id))


def check_edit(*, fields: set[str], facilitator: bool, me: int, author_id: int | None) -> None:
    """Anyone clusters (theme_id); only the author or the facilitator rewrites the text."""
    if "text" in fields and not (facilitator or me == author_id):
        raise RuleError("forbidden", "Only the card's author or the facilitator can change its text.")


def check_remove(*, facilitator: bool, me: int, author_id: int | None) -> None:
    if not (facilitator or me == author_id):
        raise RuleError("forbidden", "Only the card's author or the facilitator can remove it.")


def check_strategy_edit(*, facilitator: bool, participant_added: bool, me: int, added_by: int | None) -> None:
    """`strategy:update`: the facilitator, or the participant who added the strategy."""
    if not (facilitator or (participant_added and added_by is not None and me == added_by)):
        raise RuleError("forbidden", "Only the facilitator or whoever added it can change this strategy.")
