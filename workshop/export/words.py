"""Words, numbers and dates of a summary in one workshop's language, as every format writes them."""

from datetime import date, datetime

from babel.dates import format_date
from babel.numbers import format_decimal

from ..domain import goals as goal_rules
from ..i18n import locale, translate


class Change(float):
    """A difference: on paper it carries its sign (+0,5, −1); in tables of text, a plain number."""


class Words:
    """Translation and formatting in one workshop's language."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, key: str, **values) -> str:
        return translate(self.language, key, **values)

    def number(self, value) -> str:
        """The text of a value that is not text: decimals with a comma in Dutch (as Excel and
        readers there expect), yes/no, a date in words; None is empty."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return self("summary.yes" if value else "summary.no")
        if isinstance(value, float):  # at most two decimals, no grouping (Excel reads it back)
            return format_decimal(value, format="0.##", locale=locale(self.language))
        if isinstance(value, date):
            return self.day(value)
        return str(value)

    def signed(self, value) -> str:
        if value is None:
            return ""
        text = self.number(round(value, 2) if isinstance(value, float) else value)
        return f"+{text}" if value > 0 else text.replace("-", "−")

    def day(self, moment: str | date | None) -> str:
        """A day as people write it: "1 maart 2027"."""
        if not moment:
            return ""
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment.rstrip("Z"))
        return format_date(moment, format="d MMMM y", locale=locale(self.language))

    def label(self, kind: str, value) -> str:
        return self(f"{kind}.{value}") if value else ""

    def join(self, items: list[str]) -> str:
        """"a, b en c" ("a, b and c")."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self('summary.and')} {items[-1]}"

    def goal_value(self, measure: str, value):
        """Counts stay numbers (for Excel); levels and embedding become words."""
        if value is None or measure in goal_rules.COUNTS:
            return value
        return self(f"{measure}.{value}")

    def goal_change(self, measure: str, change):
        """Counts as a signed number; steps on a scale as arrows."""
        if change is None:
            return None
        if measure in goal_rules.COUNTS:
            return Change(change)
        steps = "↑" * change if change > 0 else "↓" * -change
        return steps or "="

    def missing(self, roles: list[str]) -> str:
        return ", ".join(self(f"gap.{r}") for r in roles)
