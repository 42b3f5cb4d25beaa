"""The report as tables: every section of a summary, in reading order, with translated headings.

The one model that Markdown, CSV and PDF all render, so a column added here shows up
in every format. Cells hold raw values (numbers stay numbers for spreadsheets, dates
stay dates, differences are `Change`s); each format writes them its own way. A tone
marks a cell that needs the reader's eye (a gap, a goal reached); formats that have
no colour leave it out.
"""

from dataclasses import dataclass, field
from datetime import date

from ..domain import goals as goal_rules
from ..domain.groups import MIN_GROUP, top_strategies
from ..domain.vocab import AREAS, STAGES, STRATEGY_CATEGORIES
from .words import Change, Words


@dataclass
class Table:
    key: str  # machine name: the first column of every CSV row
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    widths: list[float] | None = None  # column widths on paper in mm, scaled to fit the page
    tones: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) → gap|ok|accent
    empty: str = ""  # what to say instead of a table without rows

    def numeric(self, column: int) -> bool:
        """A column of numbers only (right-aligned in Markdown and on paper)."""
        values = [row[column] for row in self.rows if row[column] is not None]
        return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    intro: str | None = None  # a sentence that explains the section


def agenda_kinds(summary: dict) -> set[str]:
    """The step kinds on the workshop's agenda (a summary without one ran v1's sequence)."""
    return {step["kind"] for step in summary.get("agenda") or ()} or set(SCALING)


def sections(summary: dict) -> list[Section]:
    """Every section of the report, in the order a reader meets them: who took part, then the
    agenda's steps in its order (sections of kinds not on it are left out), then goals, groups
    and what changed since an earlier workshop."""
    t = Words(summary["workshop"]["language"])
    asked = {q["step"]: q for q in summary.get("questions") or ()}
    shown = {s["step"]: s for s in summary.get("slides") or ()}
    built = [participants(summary, t)]
    for step in summary.get("agenda") or [{"id": None, "kind": kind} for kind in SCALING]:
        kind = step["kind"]
        if kind == "question" and step["id"] in asked:
            built.append(question(asked[step["id"]], t))
        elif kind == "info" and step["id"] in shown:
            built.append(slide(shown[step["id"]], t))
        elif kind in BY_KIND:
            built.append(BY_KIND[kind](summary, t))
    kinds = agenda_kinds(summary)
    if kinds & set(SCALING[:4]) or goal_rules.is_set(_goal_values(summary)):  # goals of a scaling session
        built.append(goals(summary, t))
    if kinds & {"determinants", "strategies"}:
        built.append(groups(summary, t))
    built.append(changes(summary, t))
    return [s for s in built if s is not None]


def tables(summary: dict) -> list[Table]:
    return [table for section in sections(summary) for table in section.tables]


def facts(summary: dict, t: Words) -> list[tuple[str, str]]:
    """The workshop at a glance: (label, value) pairs under the title."""
    w = summary["workshop"]
    result = [(t("summary.intervention"), w["intervention"]), (t("summary.date"), t.day(w["created_at"])),
              (t("summary.code"), w["code"])]
    if w.get("facilitator_name"):
        result.append((t("summary.facilitator"), w["facilitator_name"]))
    if w.get("follow_up_of"):
        result.append((t("summary.follow_up"), w["follow_up_of"]))
    return result


def key_points(summary: dict, t: Words) -> list[tuple[str, str | None]]:
    """The lines a director reads first, each with a tone; only of the steps on the agenda."""
    kinds = agenda_kinds(summary)
    points: list[tuple[str, str | None]] = [
        (t("summary.key.participants", count=summary["participants"]["count"]), None)]
    asked = [q for q in summary.get("questions") or () if q["on_agenda"]]
    if asked:
        cards = sum(len(q["unthemed"]) + sum(len(th["cards"]) for th in q["themes"]) for q in asked)
        points.append((t("summary.key.questions", questions=len(asked), cards=cards,
                         themes=sum(len(q["themes"]) for q in asked)), None))
    gaps = summary["ownership"]["gaps"]
    if "ownership" not in kinds:
        pass
    elif gaps:
        points.append((t("summary.key.gaps", gaps="; ".join(
            f"{t.label('area', g['area'])}: {t.missing(g['missing'])}" for g in gaps)), "gap"))
    else:
        points.append((t("summary.key.no_gaps"), None))
    weakest = [d for d in summary["determinants"]
               if d["key"] in summary.get("weakest", []) and "determinants" in kinds]
    if weakest:
        key = "summary.key.weakest" if len(weakest) == 1 else "summary.key.weakest_tied"
        points.append((t(key, label=t.join([d["label"] for d in weakest]),
                         mean=t.number(weakest[0]["mean"])), None))
    top = [s["title"] for s in top_strategies(summary["strategies"])] if "strategies" in kinds else []
    if top:
        points.append((t("summary.key.top", titles="; ".join(top)), None))
    done = sum(1 for a in summary["actions"] if a["status"] == "done")
    if kinds & {"actions", "review"}:
        points.append((t("summary.key.actions", open=len(summary["actions"]) - done, done=done), None))
    reviewed = (summary.get("review") or {}).get("counts")
    if "review" in kinds and reviewed and sum(reviewed.values()):
        points.append((t("summary.key.review", **reviewed), "gap" if reviewed["open"] else None))
    compared = summary.get("compared_to")
    if compared:
        points.append((t("summary.key.changes", code=compared["code"], closed=len(compared["gaps_closed"]),
                         new=len(compared["gaps_new"]), done=compared["actions_done"]), None))
    return points


# --- sections -----------------------------------------------------------------------------

def participants(summary: dict, t: Words) -> Section:
    people = summary["participants"]
    intro = t("summary.key.participants", count=people["count"])
    roles = [[role or t("summary.no_role"), n] for role, n in people["by_role"].items()]
    if people.get("roles_unshown"):  # anonymous people whose role too few share (domain.redaction)
        roles.append([t("summary.roles_unshown"), people["roles_unshown"]])
    result = [Table("participants", t("summary.participants"), [t("summary.role"), t("summary.count")],
                    roles, widths=[90, 25], empty=t("summary.none"))]
    if "names" in people:
        result.append(Table("names", t("summary.names"), [t("summary.name")], [[n] for n in people["names"]],
                            empty=t("summary.none")))
    else:
        intro += " " + t("summary.anonymous_note")
    return Section("participants", t("summary.participants"), result, intro)


def actors(summary: dict, t: Words) -> Section:
    table = Table(
        "actors", t("summary.actors"),
        ["#", t("summary.actor"), t("summary.category"), t("summary.axis_influence"),
         t("summary.axis_interest"), t("summary.actor_note")],
        [[i, a["name"], t.label("category", a["category"]), a["influence"], a["interest"], a.get("note")]
         for i, a in enumerate(summary["actors"], start=1)],
        widths=[9, 46, 44, 17, 17, 41], empty=t("summary.no_actors"))
    return Section("actors", t("summary.actor_map"), [table])


def ownership(summary: dict, t: Words) -> Section:
    owned = summary["ownership"]
    roles: dict[int, dict[str, str]] = {}
    for o in owned["assignments"]:
        roles.setdefault(o["actor_id"], {})[o["area"]] = o["role"]
    names = {a["id"]: a["name"] for a in summary["actors"]}
    order = [a["id"] for a in summary["actors"] if a["id"] in roles]
    matrix = Table(
        "ownership", t("summary.ownership"), [t("summary.actor"), *(t.label("area", a) for a in AREAS)],
        [[names[i], *(t.label("role", roles[i].get(area)) for area in AREAS)] for i in order],
        widths=[49, 42, 42, 41], empty=t("summary.no_ownership"))
    missing = {g["area"]: g["missing"] for g in owned["gaps"]}
    areas = Table("areas", t("summary.areas"), [t("summary.area"), t("summary.stage"), t("summary.gaps")],
                  widths=[58, 46, 70])
    for r, area in enumerate(AREAS):
        stage = owned["stages"].get(area)
        areas.rows.append([
            t.label("area", area),
            t("summary.stage_of", stage=t.label("stage", stage), n=STAGES.index(stage) + 1)
            if stage else t("summary.not_set"),
            f"{t('summary.gap')}: {t.missing(missing[area])}" if area in missing else t("summary.complete")])
        areas.tones[(r, 1)] = "accent"
        areas.tones[(r, 2)] = "gap" if area in missing else "ok"
    return Section("ownership", t("summary.ownership"), [matrix, areas], t("summary.ownership_legend"))


def determinants(summary: dict, t: Words) -> Section:
    weakest = set(summary.get("weakest", []))
    scores = Table(
        "determinants", t("summary.determinants"),
        [t("summary.determinant"), t("summary.count"), t("summary.mean"), "1", "2", "3", "4", "5",
         t("summary.weakest_column")],
        widths=[52, 16, 24, 11, 11, 11, 11, 11, 20])
    for r, d in enumerate(summary["determinants"]):
        is_weak = d["key"] in weakest
        scores.rows.append([d["label"], d["count"], d["mean"], *d["histogram"], True if is_weak else None])
        if is_weak:
            scores.tones[(r, 0)] = scores.tones[(r, 8)] = "gap"
    result = [scores]
    comments = [[d["label"], c] for d in summary["determinants"] for c in d["comments"]]
    if comments:
        result.append(Table("comments", t("summary.comments"),
                            [t("summary.determinant"), t("summary.comment")],
                            comments, widths=[45, 129]))
    return Section("determinants", t("summary.determinants"), result)


def strategies(summary: dict, t: Words) -> Section:
    """Ranked strategies grouped by ExpandNet category, keeping the overall rank."""
    ordered = [s for category in STRATEGY_CATEGORIES for s in summary["strategies"]
               if s["category"] == category]
    table = Table(
        "strategies", t("summary.strategies"),
        [t("summary.category"), t("summary.rank"), t("summary.strategy"), t("summary.votes"),
         t("summary.origin"), t("summary.description")],
        [[t.label("strategy_category", s["category"]), s["rank"], s["title"], s["votes"],
          t.label("origin", s.get("origin")), s.get("description")] for s in ordered],
        widths=[34, 12, 52, 14, 22, 40], empty=t("summary.none"))
    return Section("strategies", t("summary.strategies"), [table])


def actions(summary: dict, t: Words) -> Section:
    table = Table(
        "actions", t("summary.actions"),
        [t("summary.action"), t("summary.owner"), t("summary.due"), t("summary.status"),
         t("summary.strategy")],
        widths=[50, 38, 30, 20, 36], empty=t("summary.no_actions"))
    for r, a in enumerate(summary["actions"]):
        table.rows.append([a["title"], a.get("owner"), date.fromisoformat(a["due"]) if a["due"] else None,
                           t.label("status", a["status"]), a.get("strategy")])
        if a["status"] == "done":
            table.tones[(r, 3)] = "ok"
        if not a.get("owner"):
            table.tones[(r, 1)] = "gap"
    return Section("actions", t("summary.actions"), [table])


def review(summary: dict, t: Words) -> Section:
    """The action review: each of last time's open actions, what was agreed, its outcome, where
    it went (the owner and date it carries over with) and the note."""
    found = summary.get("review") or {"items": [], "counts": {}}
    table = Table(
        "review", t("summary.review"),
        [t("summary.action"), t("summary.review.agreed"), t("summary.review.outcome"),
         t("summary.review.now"), t("summary.review.note")],
        widths=[44, 36, 24, 34, 36], empty=t("summary.review.none"))
    tones = {"done": "ok", "dropped": "gap", None: "gap"}
    for r, item in enumerate(found["items"]):
        agreed = " · ".join(x for x in (item["owner"], t.day(item["due"])) if x) or None
        now = (" · ".join(x for x in (item["new_owner"], t.day(item["new_due"])) if x) or None
               if item["outcome"] == "carried_over" else None)
        outcome = t(f"outcome.{item['outcome'] or 'open'}")
        table.rows.append([item["title"], agreed, outcome, now, item["note"]])
        if item["outcome"] in tones:
            table.tones[(r, 2)] = tones[item["outcome"]]
    intro = t("summary.review.intro") if found["items"] else None
    return Section("review", t("summary.review"), [table], intro)


def goals(summary: dict, t: Words) -> Section:
    stated = summary.get("goals") or {"measures": []}
    table = Table("goals", t("summary.goals"),
                  [t("summary.measure"), t("summary.now"), t("summary.goal"), t("summary.reached")],
                  widths=[70, 34, 34, 22], empty=t("summary.no_goals"))
    if goal_rules.is_set(_goal_values(summary)):
        for r, g in enumerate(stated["measures"]):
            m = g["measure"]
            table.rows.append([t(f"goal.{m}"), t.goal_value(m, g["now"]), t.goal_value(m, g["goal"]),
                               g["reached"]])
            if g["reached"]:
                table.tones[(r, 3)] = "ok"
    result = [table]
    notes = [[t(f"goal.{n}"), stated[n]] for n in goal_rules.NOTES if stated.get(n)]
    if notes:
        result.append(Table("goal_notes", t("summary.goal_notes"), [t("summary.field"), t("summary.text")],
                            notes, widths=[45, 129]))
    return Section("goals", t("summary.goals"), result)


def question(q: dict, t: Words) -> Section:
    """A question step: its themes (each followed by its cards, by votes), the cards left
    unthemed and the insights the group reached; the question itself as the introduction."""
    themes = Table(f"themes.{q['step']}", t("summary.themes"),
                   [t("summary.theme"), t("summary.card"), t("summary.votes")],
                   widths=[50, 104, 20], empty=t("summary.no_themes"))
    for theme in q["themes"]:
        themes.tones[(len(themes.rows), 0)] = "accent"
        themes.rows.append([theme["title"], None, theme["votes"]])
        themes.rows += [[None, card["text"], card["votes"]] for card in theme["cards"]]
    result = [themes]
    if q["unthemed"]:
        result.append(Table(f"unthemed.{q['step']}", t("summary.unthemed"),
                            [t("summary.card"), t("summary.votes")],
                            [[card["text"], card["votes"]] for card in q["unthemed"]], widths=[154, 20]))
    result.append(Table(f"insights.{q['step']}", t("summary.insights"), [t("summary.insight")],
                        [[text] for text in q["insights"]], widths=[174], empty=t("summary.no_insights")))
    return Section("question", q["title"], result, q["prompt"])


def slide(s: dict, t: Words) -> Section:
    """An info step: its title, and its text as the facilitator wrote it (no table)."""
    return Section("slide", s["title"], [], s["text"] or None)


def groups(summary: dict, t: Words) -> Section | None:
    found = summary.get("groups") or []
    if not found:
        return None
    labels = {d["key"]: d["label"] for d in summary["determinants"]}
    titles = {s["id"]: s["title"] for s in summary["strategies"]}
    means = Table("group_determinants", t("summary.group_means"),
                  [t("summary.group"), t("summary.participants"), t("summary.determinant"),
                   t("summary.count"), t("summary.mean")], widths=[44, 24, 58, 24, 24])
    votes = Table("group_votes", t("summary.group_votes"), [t("summary.group"), t("summary.strategy"),
                                                            t("summary.votes")], widths=[50, 100, 24])
    for g in found:
        name = t.label("category", g["group"])
        means.rows += [[name, g["participants"], labels[d["key"]], d["count"], d["mean"]]
                       for d in g["determinants"]]
        votes.rows += [[name, titles.get(v["strategy_id"], ""), v["votes"]]
                       for v in g["top"]]
    return Section("groups", t("summary.groups"), [means, votes], t("summary.groups_note", min=MIN_GROUP))


def changes(summary: dict, t: Words) -> Section | None:
    compared = summary.get("compared_to")
    if not compared:
        return None
    labels = {d["key"]: d["label"] for d in summary["determinants"]}
    scores = Table("changes_determinants", t("summary.determinants"),
                   [t("summary.determinant"), t("summary.before"), t("summary.now"), t("summary.change")],
                   widths=[70, 30, 30, 30])
    for r, d in enumerate(compared["determinants"]):
        delta = mean_change(d)
        scores.rows.append([labels[d["key"]], d["mean_before"], d["mean_now"], delta])
        if delta:
            scores.tones[(r, 3)] = "ok" if delta > 0 else "gap"
    gaps = Table("changes_gaps", t("summary.gaps"),
                 [t("summary.area"), t("summary.gaps"), t("summary.gap_change")],
                 widths=[70, 60, 30], empty=t("summary.no_gap_changes"))
    for found, label, tone in ((compared["gaps_closed"], "summary.closed", "ok"),
                               (compared["gaps_new"], "summary.new", "gap")):
        for g in found:
            gaps.tones[(len(gaps.rows), 2)] = tone
            gaps.rows.append([t.label("area", g["area"]), t(f"gap.{g['role']}"), t(label)])
    result = [scores, gaps, Table(
        "changes_stages", t("summary.stages"), [t("summary.area"), t("summary.before"), t("summary.now")],
        [[t.label("area", s["area"]), t.label("stage", s["before"]) or None,
          t.label("stage", s["now"]) or None]
         for s in compared.get("stages", [])], widths=[70, 45, 45], empty=t("summary.none"))]
    if compared.get("goals"):
        result.append(Table(
            "changes_goals", t("summary.goals"),
            [t("summary.measure"), t("summary.before"), t("summary.now"), t("summary.goal"),
             t("summary.change")],
            [[t(f"goal.{g['measure']}"), t.goal_value(g["measure"], g["before"]),
              t.goal_value(g["measure"], g["now"]), t.goal_value(g["measure"], g["goal"]),
              t.goal_change(g["measure"], g["change"])] for g in compared["goals"]],
            widths=[58, 29, 29, 29, 29]))
    result.append(Table("changes_actions", t("summary.actions_done"), [t("summary.actions_done")],
                        [[compared["actions_done"]]]))
    return Section("changes", t("summary.changes"), result, t("summary.changes_intro", code=compared["code"]))


def mean_change(d: dict) -> Change | None:
    if d["mean_before"] is None or d["mean_now"] is None:
        return None
    return Change(round(d["mean_now"] - d["mean_before"], 2))


def _goal_values(summary: dict) -> dict:
    stated = summary.get("goals") or {"measures": []}
    return ({g["measure"]: {"now": g["now"], "goal": g["goal"]} for g in stated["measures"]}
            | {n: stated.get(n) for n in goal_rules.NOTES})


# v1's fixed sequence: the agenda of a summary that has none.
SCALING = ("actors", "ownership", "determinants", "strategies", "actions")
BY_KIND = {"actors": actors, "ownership": ownership, "determinants": determinants, "strategies": strategies,
           "review": review, "actions": actions}
