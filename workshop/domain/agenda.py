"""A workshop's agenda: the steps the facilitator chooses, orders and words. No Flask, no database.

A step is `{"id", "kind", "title", "prompt"}`; `title` / `prompt` None mean the
kind's default wording in the workshop's language. Steps are never deleted: a
step left off the agenda keeps its content and can come back by its id.
"""

from ..i18n import translate
from .rules import RuleError
from .vocab import STEP_KINDS as KINDS

# Kinds that hold one part of the workshop's outcome: at most one step each.
CONTENT_KINDS = ("actors", "ownership", "determinants", "strategies", "review", "actions")
REPEATABLE = ("info", "question")
TEMPLATES = {
    "scaling": ("lobby", "actors", "ownership", "determinants", "strategies", "actions", "closed"),
    "focus_group": ("lobby", "info", "question", "question", "actions", "closed"),
    "follow_up": ("lobby", "review", "actors", "ownership", "determinants", "strategies", "actions",
                  "closed"),
}
MAX_STEPS = 40
TITLE_MAX = 120
PROMPT_MAX = 2000


def step(id_: str, kind: str, title: str | None = None, prompt: str | None = None) -> dict:
    return {"id": id_, "kind": kind, "title": title, "prompt": prompt}


def number_of(step_id: str) -> int:
    """Where a step id falls in the order steps were made (`s7` → 7)."""
    return int(step_id[1:]) if step_id[:1] == "s" and step_id[1:].isdigit() else 0


def next_id(known: set[str] | list[str]) -> str:
    """Ids are `s1`, `s2`, … in the order steps were made; never reused, since steps stay."""
    return f"s{max((number_of(i) for i in known), default=0) + 1}"


def from_kinds(kinds, known: set[str] | None = None) -> list[dict]:
    """New steps for a sequence of kinds (with optional wording), ids after `known`."""
    made, ids = [], set(known or ())
    for item in kinds:
        fields = item if isinstance(item, dict) else {"kind": item}
        new = step(next_id(ids), fields["kind"], fields.get("title"), fields.get("prompt"))
        ids.add(new["id"])
        made.append(new)
    return made


def template(name: str) -> list[dict]:
    return from_kinds(TEMPLATES[name])


def validate(kinds: list[str]) -> None:
    """Exactly one lobby, first; exactly one closed, last; content kinds at most once."""
    if not kinds or len(kinds) > MAX_STEPS:
        raise RuleError("invalid", f"An agenda has 2 to {MAX_STEPS} steps.")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise RuleError("invalid", f"Unknown step kind {unknown[0]!r}.")
    if kinds[0] != "lobby" or kinds.count("lobby") != 1:
        raise RuleError("invalid", "An agenda starts with exactly one lobby step.")
    if kinds[-1] != "closed" or kinds.count("closed") != 1:
        raise RuleError("invalid", "An agenda ends with exactly one closed step.")
    repeated = [k for k in CONTENT_KINDS if kinds.count(k) > 1]
    if repeated:
        raise RuleError("invalid", f"A {repeated[0]} step can be on the agenda only once.")


def _wording(item: dict) -> None:
    for field, limit in (("title", TITLE_MAX), ("prompt", PROMPT_MAX)):
        value = item.get(field)
        if value is not None and not (isinstance(value, str) and len(value) <= limit):
            raise RuleError("invalid", f"A step's {field} is at most {limit} characters.")


def create(items: list[dict]) -> list[dict]:
    """An agenda sent when creating a workshop: [{kind, title?, prompt?}], taken as it is."""
    validate([item["kind"] for item in items])
    for item in items:
        _wording(item)
    return from_kinds(items)


def merge(steps: list[dict], agenda: list[str], requested: list[dict],
          current: str) -> tuple[list[dict], list[str]]:
    """`agenda:set`: every step there is (on the agenda or not), the agenda's ids, the
    requested agenda ([{id?, kind?, title?, prompt?}], omitted keys left out) and the
    current step's id. Returns every step (changed and new ones included) and the new
    agenda's ids; raises RuleError and changes nothing when the request breaks a rule."""
    by_id = {s["id"]: dict(s) for s in steps}
    known = set(by_id)
    order, seen = [], set()
    for item in requested:
        _wording(item)
        if "id" in item and item["id"] is not None:
            found = by_id.get(item["id"])
            if found is None:
                raise RuleError("not_found", f"No step {item['id']!r} in this workshop.")
            if item["id"] in seen:
                raise RuleError("invalid", f"Step {item['id']!r} is on the agenda twice.")
            if item.get("kind", found["kind"]) != found["kind"]:
                raise RuleError("invalid", "A step's kind cannot change; add a new step instead.")
            for field in ("title", "prompt"):
                if field in item:
                    found[field] = item[field]
            seen.add(found["id"])
            order.append(found["id"])
        else:
            if "kind" not in item:
                raise RuleError("invalid", "A new step needs a kind.")
            new = step(next_id(known), item["kind"], item.get("title"), item.get("prompt"))
            known.add(new["id"])
            by_id[new["id"]] = new
            order.append(new["id"])
    validate([by_id[i]["kind"] for i in order])
    if current not in order:
        raise RuleError("invalid", "The current step must stay on the agenda; move to another step first.")
    return list(by_id.values()), order


def first_of(kind: str, agenda: list[dict]) -> dict:
    """`phase:set`: the first step of that kind on the agenda."""
    for s in agenda:
        if s["kind"] == kind:
            return s
    raise RuleError("invalid", f"The agenda has no {kind} step.")


def find(step_id: str, agenda: list[dict]) -> dict:
    """`step:set`: a step on the agenda, by id."""
    for s in agenda:
        if s["id"] == step_id:
            return s
    raise RuleError("not_found", f"No step {step_id!r} on the agenda.")


def for_phase(phase: str, agenda: list[dict]) -> dict:
    """The step an older workshop (one phase, no agenda) was at: the first of its kind."""
    try:
        return first_of(phase, agenda)
    except RuleError:
        return agenda[0]


def title(s: dict, language: str, number: int | None = None) -> str:
    """The step's title, or its kind's default wording; questions and slides are numbered."""
    if s["title"]:
        return s["title"]
    base = translate(language, f"phase.{s['kind']}")
    return f"{base} {number}" if number is not None else base


def prompt(s: dict, language: str) -> str | None:
    """The step's prompt or its kind's default instruction (a slide without a body has none)."""
    if s["prompt"]:
        return s["prompt"]
    if s["kind"] == "info":
        return None
    return translate(language, f"ui.instruction.{s['kind']}")


def numbers(agenda: list[dict]) -> dict[str, int]:
    """Question n of m, slide n of m: each repeatable kind counted along the agenda."""
    counts: dict[str, int] = {}
    result = {}
    for s in agenda:
        if s["kind"] in REPEATABLE:
            counts[s["kind"]] = counts.get(s["kind"], 0) + 1
            result[s["id"]] = counts[s["kind"]]
    return result


def position(kinds: list[str], at: int) -> tuple[int | None, int]:
    """Step n of m as every reader counts it: the working steps only, not the waiting room or
    the end, so n is None in the lobby and once closed. Phones and the console count the same
    way in the browser (static/js/steps.js `position`); the organiser's overview reads it here."""
    working = [n for n, kind in enumerate(kinds) if kind not in ("lobby", "closed")]
    return (working.index(at) + 1 if at in working else None), len(working)


def kinds_on(agenda: list[dict]) -> set[str]:
    return {s["kind"] for s in agenda}
