"""The summary as Markdown: a heading per section, a pipe table per table.

Everything people typed is escaped, so it reads as the text it is: no HTML tag,
entity, link, emphasis or heading of theirs changes the document's structure.
"""

import re

from . import event as events
from .tables import Section, Table, facts, key_points, sections
from .words import Words

# ASCII punctuation with a meaning inside a line (CommonMark lets any of it be backslash-escaped).
INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# What makes a line something else when it starts it: a heading, quote, list item, rule or setext line.
LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


def escape_md(text) -> str:
    """Text for one line of Markdown (a table cell, a list item, a heading): line breaks become
    spaces, inline markup and HTML become literal characters."""
    return INLINE.sub(r"\\\1", " ".join(str(text).split()))


def escape_line(text) -> str:
    """Like escape_md, for text that starts a line: a leading #, >, -, +, = or "1." stays text."""
    return LINE_START.sub(lambda m: f"{m.group(2)}\\" if m.group(2).isdigit() else f"\\{m.group(2)}",
                          escape_md(text), count=1)


def markdown(summary: dict) -> str:
    return "\n".join(workshop_lines(summary, 1)) + "\n"


def workshop_lines(summary: dict, level: int) -> list[str]:
    """A workshop's report with its title at heading `level` (an event's groups sit one deeper)."""
    w = summary["workshop"]
    t = Words(w["language"])
    lines = [f"{'#' * level} {heading(w['title'])}", ""]
    lines += "  \n".join(f"**{label}:** {escape_md(value)}" for label, value in facts(summary, t)).split("\n")
    for paragraph in (w.get("description") or "").split("\n\n"):
        if paragraph.strip():
            lines += ["", escape_line(paragraph)]
    lines += ["", f"{'#' * (level + 1)} {t('summary.key_points')}", ""]
    lines += [f"- {escape_line(point)}" for point, _tone in key_points(summary, t)]
    for section in sections(summary):
        lines += section_lines(section, t, level + 1)
    return lines


def section_lines(section: Section, t: Words, level: int) -> list[str]:
    lines = ["", f"{'#' * level} {heading(section.title)}"]
    if section.key == "slide":
        lines += slide_text(section.intro or "")
    else:
        for paragraph in (section.intro or "").split("\n\n"):
            if paragraph.strip():
                lines += ["", escape_line(paragraph)]
    for table in section.tables:
        if table.title != section.title:
            lines += ["", f"{'#' * (level + 1)} {heading(table.title)}"]
        kind = table.key.split(".")[0] if section.key == "question" else None
        lines += ["", *(PROSE[kind](table, t) if kind in PROSE else pipe_table(table, t))]
    return lines


def event_markdown(summary: dict) -> str:
    """The event's title and slides, a part per group (its own report), then the comparison."""
    e = summary["event"]
    t = Words(events.language(summary))
    lines = [f"# {heading(e['title'])}", ""]
    lines += "  \n".join(f"**{label}:** {escape_md(value)}"
                         for label, value in events.facts(summary, t)).split("\n")
    for paragraph in (e.get("description") or "").split("\n\n"):
        if paragraph.strip():
            lines += ["", escape_line(paragraph)]
    for section in events.slides(summary):
        lines += section_lines(section, t, 2)
    for group in summary["groups"]:
        lines += ["", *workshop_lines(group, 2)]
    lines += section_lines(events.comparison(summary, t), t, 2)
    return "\n".join(lines) + "\n"


BULLET = re.compile(r"^\s*[-*•]\s*")


def slide_text(text: str) -> list[str]:
    """A slide as written: a line starting with -, * or • is a bullet, other lines paragraphs."""
    lines, listing = [], False
    for line in text.splitlines():
        if not line.strip():
            listing = False
            continue
        if BULLET.match(line):
            lines += ([] if listing else [""]) + [f"- {escape_md(BULLET.sub('', line, count=1))}"]
            listing = True
        else:
            lines += ["", escape_line(line)]
            listing = False
    return lines


def votes_note(votes, t: Words) -> str:
    return f" ({t('summary.card_votes', count=votes)})" if votes else ""


def themes_text(table: Table, t: Words) -> list[str]:
    """A question's themes as the group found them: each theme a heading with its cards as a
    list, by votes (the rows come theme first, then its cards)."""
    if not table.rows:
        return [f"_{escape_md(table.empty or t('summary.none'))}_"]
    lines = []
    for theme, card, votes in table.rows:
        if theme is not None:
            lines += ([""] if lines else []) + [f"#### {heading(theme)}{votes_note(votes, t)}", ""]
        else:
            lines.append(f"- {escape_md(card)}{votes_note(votes, t)}")
    return lines


def cards_text(table: Table, t: Words) -> list[str]:
    return [f"- {escape_md(card)}{votes_note(votes, t)}" for card, votes in table.rows]


def insights_text(table: Table, t: Words) -> list[str]:
    if not table.rows:
        return [f"_{escape_md(table.empty or t('summary.none'))}_"]
    return [f"- {escape_md(text)}" for (text,) in table.rows]


PROSE = {"themes": themes_text, "unthemed": cards_text, "insights": insights_text}


def heading(text: str) -> str:
    """A heading's text: no # of its own can close the heading early."""
    return escape_md(text).replace("#", "\\#")


def pipe_table(table: Table, t: Words) -> list[str]:
    if not table.rows:
        return [f"_{escape_md(table.empty or t('summary.none'))}_"]
    rule = (" ---: " if table.numeric(i) else " --- " for i in range(len(table.columns)))
    lines = ["| " + " | ".join(escape_md(c) for c in table.columns) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(escape_md(v if isinstance(v, str) else t.number(v)) for v in row) + " |"
              for row in table.rows]
    return lines

