"""An event's report from its summary.json (`{"event", "groups"}`): the event's slides, then a
section per group (that group's own report, from the same table model), then a comparison.

The comparison's figures come from `domain.events.comparison`, as on the plenary display.
"""

from ..domain import events as rules
from .tables import Section, Table
from .words import Words


def language(summary: dict) -> str:
    return summary["event"]["language"]


def facts(summary: dict, t: Words) -> list[tuple[str, str]]:
    e = summary["event"]
    return [(t("summary.date"), t.day(e["created_at"])), (t("event.summary.code"), e["code"]),
            (t("event.summary.groups"), str(len(summary["groups"])))]


def comparison(summary: dict, t: Words) -> Section:
    """Across groups: people, top themes with their question, cards that mattered, insights and
    strategies per group; the determinant means side by side where groups scored them."""
    compared = rules.comparison(summary["groups"])
    found = Table("comparison", t("event.summary.per_group"),
                  [t("event.summary.group"), t("event.summary.what"), t("event.summary.text"),
                   t("summary.votes")],
                  widths=[38, 30, 86, 20])
    for g in compared["groups"]:
        first = len(found.rows)
        found.rows.append([g["title"], t("summary.participants"), None, g["participants"]])
        found.rows += [[None, t("summary.theme"), th["title"], th["votes"]] for th in g["themes"]]
        found.rows += [[None, t("summary.card"), c["text"], c["votes"]] for c in g["cards"]]
        found.rows += [[None, t("summary.insight"), text, None] for text in g["insights"]]
        found.rows += [[None, t("summary.strategy"), s["title"], s["votes"]] for s in g["strategies"]]
        found.tones[(first, 0)] = "accent"
    tables = [found]
    if compared["determinants"]:
        means = Table("comparison_determinants", t("summary.determinants"),
                      [t("summary.determinant"), *(g["title"] for g in compared["groups"])],
                      [[d["label"], *d["means"]] for d in compared["determinants"]])
        tables.append(means)
    return Section("comparison", t("event.summary.comparison"), tables, t("event.summary.comparison_intro"))


def slides(summary: dict) -> list[Section]:
    return [Section("slide", s["title"], [], s["text"] or None) for s in summary["event"]["slides"]]



