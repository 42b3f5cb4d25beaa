"""The intervention's timeline as a report (Markdown, PDF): every workshop of a chain side by side,
a column each, oldest first — determinant means (a line chart on paper), ownership gaps opened and
closed, stages per area, goals against reach, quality and embedding, and each action's status
history with what the action reviews decided. Built from `GET /api/workshops/{code}/timeline`'s
dict with the same table model (`tables`) as the summaries."""

from .markdown import escape_line, heading, pipe_table
from .tables import Section, Table
from .words import Words

FIRST_COLUMN = 44  # mm on paper; the workshops share the rest of the page width
PAGE_WIDTH = 174


def words(timeline: dict) -> Words:
    return Words(timeline["language"])


def title(timeline: dict) -> str:
    return words(timeline)("timeline.of", intervention=timeline["intervention"])


def columns(timeline: dict, t: Words, first: str) -> tuple[list[str], list[float]]:
    shown = timeline["workshops"]
    rest = (PAGE_WIDTH - FIRST_COLUMN) / max(1, len(shown))
    return ([first, *(f"{t.day(w['created_at'])} · {w['code']}" for w in shown)],
            [FIRST_COLUMN, *([rest] * len(shown))])


def sections(timeline: dict) -> list[Section]:
    t = words(timeline)
    return [s for s in (overview(timeline, t), determinants(timeline, t), gaps(timeline, t),
                        stages(timeline, t), goals(timeline, t), actions(timeline, t)) if s is not None]


def overview(timeline: dict, t: Words) -> Section:
    table = Table("workshops", t("timeline.title"),
                  [t("summary.date"), t("timeline.workshop"), t("summary.code"), t("summary.participants"),
                   t("summary.follow_up")], widths=[30, 70, 24, 26, 24])
    for w in timeline["workshops"]:
        table.rows.append([t.day(w["created_at"]), w["title"], w["code"], w["participants"],
                           w["follow_up_of"]])
        if w["code"] == timeline["code"]:
            table.tones[(len(table.rows) - 1, 1)] = "accent"
    return Section("workshops", t("timeline.title"), [table],
                   t("timeline.count", count=len(timeline["workshops"]), **_span(timeline, t)))


def _span(timeline: dict, t: Words) -> dict:
    shown = timeline["workshops"]
    return {"from": t.day(shown[0]["created_at"]), "to": t.day(shown[-1]["created_at"])}


def determinant_label(t: Words, key: str) -> str:
    label = t(f"determinant.{key}")
    return key if label == f"determinant.{key}" else label


def series(timeline: dict) -> list[dict]:
    """One line per determinant: its mean in each workshop (None where it was not scored)."""
    t = words(timeline)
    return [{"key": key, "label": determinant_label(t, key),
             "values": [next((d["mean"] for d in w["determinants"] if d["key"] == key), None)
                        for w in timeline["workshops"]]}
            for key in timeline["determinant_keys"]]


def determinants(timeline: dict, t: Words) -> Section:
    names, widths = columns(timeline, t, t("summary.determinant"))
    table = Table("determinants", t("timeline.determinants"), names,
                  [[s["label"], *s["values"]] for s in series(timeline)], widths=widths)
    return Section("determinants", t("timeline.determinants"), [table], t("timeline.determinants.hint"))


def gaps(timeline: dict, t: Words) -> Section:
    names, widths = columns(timeline, t, t("summary.area"))
    table = Table("gaps", t("timeline.gaps"), names, widths=widths)
    for r, area in enumerate(("intervention", "supply", "use")):
        row = [t.label("area", area)]
        for c, w in enumerate(timeline["workshops"], start=1):
            missing = next((g["missing"] for g in w["gaps"] if g["area"] == area), [])
            parts = [f"{t('timeline.gap.missing')}: {t.missing(missing)}" if missing
                     else t("timeline.gap.ok")]
            for found, key in ((w["gaps_closed"], "timeline.gap.closed"),
                               (w["gaps_opened"], "timeline.gap.opened")):
                roles = [t(f"role.{g['role']}") for g in found if g["area"] == area]
                if roles:
                    parts.append(f"{t(key)}: {', '.join(roles)}")
            row.append("; ".join(parts))
            table.tones[(r, c)] = "gap" if missing else "ok"
        table.rows.append(row)
    return Section("gaps", t("timeline.gaps"), [table], t("timeline.gaps.hint"))


def stages(timeline: dict, t: Words) -> Section:
    names, widths = columns(timeline, t, t("summary.area"))
    table = Table("stages", t("timeline.stages"), names, widths=widths)
    for area in ("intervention", "supply", "use"):
        table.rows.append([t.label("area", area),
                           *(t.label("stage", w["stages"].get(area)) or None for w in timeline["workshops"])])
    return Section("stages", t("timeline.stages"), [table], t("timeline.stages.hint"))


def goals(timeline: dict, t: Words) -> Section:
    names, widths = columns(timeline, t, t("summary.measure"))
    table = Table("goals", t("timeline.goals"), names, widths=widths)
    shown = timeline["workshops"]
    measures = [m["measure"] for m in shown[0]["goals"]["measures"]] if shown else []
    for r, measure in enumerate(measures):
        row = [t(f"goal.{measure}")]
        for c, w in enumerate(timeline["workshops"], start=1):
            found = next((m for m in w["goals"]["measures"] if m["measure"] == measure), None)
            if not found or (found["now"] is None and found["goal"] is None):
                row.append(None)
                continue
            value = t("timeline.goal.value", now=_goal(t, measure, found["now"]),
                      goal=_goal(t, measure, found["goal"]))
            if found["reached"]:
                value += f" ✓ {t('timeline.goal.reached')}"
                table.tones[(r, c)] = "ok"
            row.append(value)
        table.rows.append(row)
    table.rows.append([t("goal.quality"), *(w["goals"].get("quality") for w in timeline["workshops"])])
    return Section("goals", t("timeline.goals"), [table], t("timeline.goals.hint"))


def _goal(t: Words, measure: str, value) -> str:
    return "?" if value is None else t.number(t.goal_value(measure, value))


def actions(timeline: dict, t: Words) -> Section:
    """The counts per workshop, then each action's status in each workshop; where a follow-up's
    review decided about it, that outcome beside the status."""
    names, widths = columns(timeline, t, t("summary.action"))
    table = Table("actions", t("timeline.actions"), names, widths=widths, empty=t("timeline.actions.none"))
    table.rows.append([t("phase.actions"), *(t("timeline.actions.counts", **w["actions"])
                                             for w in timeline["workshops"])])
    table.tones[(0, 0)] = "accent"
    for row in timeline["action_history"]:
        cells = [row["title"]]
        outcomes = row.get("outcomes") or [None] * len(row["statuses"])
        for c, (status, outcome) in enumerate(zip(row["statuses"], outcomes, strict=True), start=1):
            parts = [t.label("status", status)] if status else []
            if outcome:
                parts.append(f"{t('timeline.review')}: {t(f'outcome.{outcome}')}")
            cells.append(" · ".join(parts) or None)
            if status == "done" or outcome == "done":
                table.tones[(len(table.rows), c)] = "ok"
            elif outcome == "dropped":
                table.tones[(len(table.rows), c)] = "gap"
        table.rows.append(cells)
    return Section("actions", t("timeline.actions"), [table], t("timeline.actions.hint"))


def markdown(timeline: dict) -> str:
    t = words(timeline)
    lines = [f"# {heading(title(timeline))}", ""]
    for section in sections(timeline):
        lines += [f"## {heading(section.title)}", ""]
        if section.intro:
            lines += [escape_line(section.intro), ""]
        for table in section.tables:
            lines += [*pipe_table(table, t), ""]
    return "\n".join(lines)
