"""JSON as clients send it (HTTP bodies and Socket.IO packets), decoded with a depth limit.

No message of the contract nests deeper than a few levels; a deeply nested one (a 64 KiB
request can nest 32,000 levels) would otherwise end in a RecursionError somewhere between
the decoder and a handler. It decodes as `TOO_DEEP` instead, which no schema accepts, so the
sender gets `invalid` like for any other bad payload. `dumps` is the standard one.
"""

import json
from json import dumps

__all__ = ["MAX_DEPTH", "TOO_DEEP", "dumps", "loads"]

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
