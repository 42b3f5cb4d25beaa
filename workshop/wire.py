"""JSON as clients send it (HTTP bodies and Socket.IO packets), decoded with a depth limit.

No message of the contract nests deeper than a few levels; a deeply nested one (a 64 KiB
request can nest 32,000 levels) would otherwise end in a RecursionError somewhere between
the decoder and a handler. It decodes as `TOO_DEEP` instead, which no schema accepts, so the
sender gets `invalid` like for any other bad payload.

`dumps` is the standard one, except that a `Raw` value is written as the JSON text it holds:
a part of a message encoded once and sent to many (the participant list of `state`).
"""

import json
import re
import secrets
from dataclasses import dataclass

__all__ = ["MAX_DEPTH", "TOO_DEEP", "Raw", "dumps", "loads"]

MAX_DEPTH = 32


class _TooDeep:
    def __repr__(self) -> str:
        return "TOO_DEEP"


TOO_DEEP = _TooDeep()


def depth_exceeds(value, limit: int = MAX_DEPTH) -> bool:
    """True when lists and objects nest more than `limit` levels (without recursing itself)."""
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if level > limit:
            return True
        stack.extend((child, level + 1) for child in children)
    return False


def loads(text, **options):
    """json.loads, except that a document nested too deeply is `TOO_DEEP`; a Socket.IO event
    (`["name", ...]`) keeps its name, so its handler can answer `invalid` through the ack."""
    try:
        value = json.loads(text, **options)
    except RecursionError:
        value = None
    else:
        if not depth_exceeds(value):
            return value
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8", errors="replace")
    if text.startswith('["'):
        try:
            name, _ = json.JSONDecoder().raw_decode(text, 1)
            return [name, TOO_DEEP]
        except ValueError:
            pass
    return TOO_DEEP


@dataclass(frozen=True, slots=True)
class Raw:
    """JSON text already encoded, written into a message as it is."""

    text: str


# A placeholder no string a client sent can hold (C0 characters are stripped from input).
_MARK = f"\x00raw-{secrets.token_hex(8)}-"
_PLACED = re.compile(re.escape(json.dumps(_MARK)[:-1]) + r"(\d+)\\u0000\"")


def dumps(value, **options) -> str:
    """json.dumps, with each `Raw` value written as its text."""
    raws: list[str] = []

    def place(item):
        if isinstance(item, Raw):
            raws.append(item.text)
            return f"{_MARK}{len(raws) - 1}\x00"
        raise TypeError(f"Object of type {type(item).__name__} is not JSON serializable")

    text = json.dumps(value, default=place, **options)
    return _PLACED.sub(lambda m: raws[int(m.group(1))], text) if raws else text
