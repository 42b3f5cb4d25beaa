"""A workshop's own list of determinants: the five of the synthesis, renamed, removed or joined
by the facilitator's own (e.g. "know-how", "draagvlak"). No Flask, no database.

An entry is `{"key", "label", "help"}`; `label` / `help` None mean the built-in
wording in the workshop's language (a custom determinant always has a label).
Entries are never deleted: a determinant taken off the list keeps its scores and
can come back by its key.
"""

import re
import unicodedata

from ..i18n import translate
from .rules import RuleError
from .vocab import DETERMINANTS

MAX_DETERMINANTS = 20
KEY_MAX = 32
LABEL_MAX = 120
HELP_MAX = 2000


def default() -> list[dict]:
    return [{"key": key, "label": None, "help": None} for key in DETERMINANTS]


def stored(entries: list[dict] | None) -> tuple[list[dict], list[str]]:
    """(every entry known, the keys on the list in order) from the stored column; None is the
    built-in list. Stored entries carry `shown`."""
    if not entries:
        return default(), list(DETERMINANTS)
    known = [{"key": e["key"], "label": e["label"], "help": e["help"]} for e in entries]
    return known, [e["key"] for e in entries if e.get("shown", True)]


def to_store(known: list[dict], shown: list[str]) -> list[dict] | None:
    """What the column keeps: the shown entries in order, then the hidden ones."""
    by_key = {e["key"]: e for e in known}
    hidden = [e for e in known if e["key"] not in shown]
    entries = [{**by_key[k], "shown": True} for k in shown] + [{**e, "shown": False} for e in hidden]
    return None if entries == [{**e, "shown": True} for e in default()] else entries


def listed(entries: list[dict] | None) -> list[dict]:
    """The determinants on the workshop's list, in order."""
    known, shown = stored(entries)
    by_key = {e["key"]: e for e in known}
    return [by_key[k] for k in shown]


def keys(entries: list[dict] | None) -> list[str]:
    return stored(entries)[1]


def off_list(entries: list[dict] | None) -> list[dict]:
    """Determinants taken off the list: their scores stay, and they can come back by key."""
    known, shown = stored(entries)
    return [e for e in known if e["key"] not in shown]


def slug(label: str) -> str:
    """A readable key from a label: "Know-how" → "know_how", "Draagvlak" → "draagvlak"."""
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:KEY_MAX].strip("_")


def new_key(label: str, taken: set[str]) -> str:
    base = slug(label) or "determinant"
    key, n = base, 1
    while key in taken:
        n += 1
        suffix = f"_{n}"
        key = base[:KEY_MAX - len(suffix)] + suffix
    return key


def merge(entries: list[dict] | None, requested: list[dict]) -> tuple[list[dict], list[str]]:
    """`determinants:set`: the requested list ([{key?, label?, help?}], omitted keys left out).
    An entry with a known key keeps what is not sent (`null` resets to the built-in wording);
    one without a key is new and needs a label. Returns (every entry, shown keys)."""
    known, _ = stored(entries)
    by_key = {e["key"]: dict(e) for e in known}
    taken = set(by_key) | set(DETERMINANTS)
    shown: list[str] = []
    if not 1 <= len(requested) <= MAX_DETERMINANTS:
        raise RuleError("invalid", f"A workshop has 1 to {MAX_DETERMINANTS} determinants.")
    for item in requested:
        for field, limit in (("label", LABEL_MAX), ("help", HELP_MAX)):
            value = item.get(field)
            if value is not None and len(value) > limit:
                raise RuleError("invalid", f"A determinant's {field} is at most {limit} characters.")
        key = item.get("key")
        if key is not None:
            entry = by_key.get(key)
            if entry is None and key in DETERMINANTS:
                entry = by_key[key] = {"key": key, "label": None, "help": None}
            if entry is None:
                raise RuleError("not_found", f"No determinant {key!r} in this workshop.")
            if key in shown:
                raise RuleError("invalid", f"Determinant {key!r} is on the list twice.")
            for field in ("label", "help"):
                if field in item:
                    entry[field] = item[field]
            if entry["label"] is None and key not in DETERMINANTS:
                raise RuleError("invalid", "A determinant of your own needs a label.")
        else:
            if not item.get("label"):
                raise RuleError("invalid", "A new determinant needs a label.")
            key = new_key(item["label"], taken)
            taken.add(key)
            by_key[key] = {"key": key, "label": item["label"], "help": item.get("help")}
        shown.append(key)
    return list(by_key.values()), shown


def label(entry: dict, language: str) -> str:
    return entry["label"] or translate(language, f"determinant.{entry['key']}")


def help_text(entry: dict, language: str) -> str | None:
    if entry["help"]:
        return entry["help"]
    if entry["key"] in DETERMINANTS:
        return translate(language, f"determinant.{entry['key']}.help")
    return None
