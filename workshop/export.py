"""Summary downloads: the summary dict (domain.summary) as Markdown, CSV or PDF, in the workshop's language.

Used by the download routes and by the CLI. Markdown and CSV are written from the
same list of tables, so they always agree; the PDF draws the same content with
charts (fpdf2's drawing primitives, no system libraries) for people who read
it on paper.
"""

import csv
import io
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import NamedTuple

import fontpkg_lato
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .domain import goals as goal_rules
from .domain.groups import MIN_GROUP
from .domain.vocab import ACTOR_CATEGORIES, AREAS, STAGES, STRATEGY_CATEGORIES
from .i18n import translate

FORMATS = ("json", "md", "csv", "pdf")
MIMETYPES = {"json": "application/json", "md": "text/markdown; charset=utf-8",
             "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}
CSV_DELIMITER = ";"


def render(summary: dict, fmt: str) -> bytes:
    """The summary in one of FORMATS, as the bytes of a file."""
    if fmt == "json":
        return json.dumps(summary, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "md":
        return markdown(summary).encode("utf-8")
    if fmt == "csv":
        return csv_text(summary).encode("utf-8-sig")
    if fmt == "pdf":
        return pdf(summary)
    raise ValueError(f"unknown format {fmt!r}")


def filename(summary: dict, fmt: str) -> str:
    return f"summary-{summary['workshop']['code']}.{fmt}"


# --- words and numbers ------------------------------------------------------------------

class Words:
    """Translation and number formatting in one workshop's language."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, key: str, **values) -> str:
        return translate(self.language, key, **values)

    def number(self, value) -> str:
        """Decimals with a comma in Dutch, as Excel and readers there expect."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return self("summary.yes" if value else "summary.no")
        if isinstance(value, float):
            text = f"{value:.2f}".rstrip("0").rstrip(".")
            return text.replace(".", ",") if self.language == "nl" else text
        return str(value)

    def signed(self, value) -> str:
        if value is None:
            return ""
        text = self.number(round(value, 2) if isinstance(value, float) else value)
        return f"+{text}" if value > 0 else text.replace("-", "−")

    def day(self, iso: str | None) -> str:
        if not iso:
            return ""
        moment = datetime.fromisoformat(iso.rstrip("Z"))
        month = self(f"month.{moment.month}")
        return f"{moment.day} {month} {moment.year}"

    def due(self, iso: str | None) -> str:
        return self.day(iso) if iso else "—"

    def label(self, kind: str, value) -> str:
        return self(f"{kind}.{value}") if value else ""

    def goal_value(self, measure: str, value) -> str:
        if value is None:
            return "—"
        if measure == "level":
            return self(f"level.{value}")
        if measure == "embedding":
            return self(f"embedding.{value}")
        return self.number(value)

    def goal_change(self, measure: str, change) -> str:
        if change is None:
            return ""
        if measure in goal_rules.SCALES:
            steps = "↑" * change if change > 0 else "↓" * -change
            return steps or "="
        return self.signed(change)

    def missing(self, roles: list[str]) -> str:
        return ", ".join(self(f"gap.{r}") for r in roles)


# --- tables shared by Markdown and CSV --------------------------------------------------

@dataclass
class Table:
    key: str        # machine name: the first column of every CSV row
    title: str
    columns: list[str]
    rows: list[list]


def tables(summary: dict) -> list[Table]:
    """Every table of the summary, with translated headings and labels and raw numbers."""
    t = Words(summary["workshop"]["language"])
    people = summary["participants"]
    result = [Table("participants", t("summary.participants"), [t("summary.role"), t("summary.count")],
                    [[role or t("summary.no_role"), n] for role, n in people["by_role"].items()])]
    if "names" in people:
        result.append(Table("names", t("summary.names"), [t("summary.name")], [[n] for n in people["names"]]))
    result.append(Table(
        "actors", t("summary.actors"),
        ["#", t("summary.actor"), t("summary.category"), t("summary.axis_influence"),
         t("summary.axis_interest")],
        [[i, a["name"], t.label("category", a["category"]), a["influence"], a["interest"]]
         for i, a in enumerate(summary["actors"], start=1)]))
    ownership = summary["ownership"]
    result.append(Table(
        "ownership", t("summary.ownership"), [t("summary.actor"), t("summary.area"), t("summary.role")],
        [[o["actor"], t.label("area", o["area"]), t.label("role", o["role"])]
         for o in ownership["assignments"]]))
    result.append(Table(
        "gaps", t("summary.gaps"), [t("summary.area"), t("summary.missing")],
        [[t.label("area", g["area"]), t.missing(g["missing"])] for g in ownership["gaps"]]))
    result.append(Table(
        "stages", t("summary.stages"), [t("summary.area"), t("summary.stage")],
        [[t.label("area", area), t.label("stage", ownership["stages"].get(area)) or t("summary.not_set")]
         for area in AREAS]))
    result.append(Table(
        "determinants", t("summary.determinants"),
        [t("summary.determinant"), t("summary.count"), t("summary.mean"), "1", "2", "3", "4", "5"],
        [[d["label"], d["count"], d["mean"], *d["histogram"]] for d in summary["determinants"]]))
    comments = [[d["label"], c] for d in summary["determinants"] for c in d["comments"]]
    if comments:
        result.append(Table("comments", t("summary.comments"),
                            [t("summary.determinant"), t("summary.comment")], comments))
    result.append(Table(
        "strategies", t("summary.strategies"),
        [t("summary.category"), t("summary.rank"), t("summary.strategy"), t("summary.votes")],
        [[t.label("strategy_category", s["category"]), s["rank"], s["title"], s["votes"]]
         for s in strategies_by_category(summary)]))
    result.append(Table(
        "actions", t("summary.actions"),
        [t("summary.action"), t("summary.owner"), t("summary.due"), t("summary.status"),
         t("summary.strategy")],
        [[a["title"], a.get("owner") or "", a["due"] or "", t.label("status", a["status"]),
          a.get("strategy") or ""] for a in summary["actions"]]))
    goals = summary.get("goals")
    if goals:
        result.append(Table(
            "goals", t("summary.goals"),
            [t("summary.measure"), t("summary.now"), t("summary.goal"), t("summary.reached")],
            [[t(f"goal.{g['measure']}"), goal_cell(t, g["measure"], g["now"]),
              goal_cell(t, g["measure"], g["goal"]), g["reached"]] for g in goals["measures"]]))
        notes = [[t(f"goal.{n}"), goals[n]] for n in goal_rules.NOTES if goals.get(n)]
        if notes:
            result.append(Table("goal_notes", t("summary.goal_notes"),
                                [t("summary.field"), t("summary.text")], notes))
    result.extend(group_tables(summary, t))
    result.extend(change_tables(summary, t))
    return result


def goal_cell(t: Words, measure: str, value):
    """Counts stay numbers (for Excel); levels and embedding become words."""
    return value if measure in goal_rules.COUNTS or value is None else t.goal_value(measure, value)


def strategies_by_category(summary: dict) -> list[dict]:
    """Ranked strategies grouped by ExpandNet category, keeping the overall rank."""
    return [s for category in STRATEGY_CATEGORIES for s in summary["strategies"] if s["category"] == category]


def group_tables(summary: dict, t: Words) -> list[Table]:
    groups = summary.get("groups") or []
    if not groups:
        return []
    labels = {d["key"]: d["label"] for d in summary["determinants"]}
    titles = {s["id"]: s["title"] for s in summary["strategies"]}
    means = Table("group_determinants", t("summary.groups"),
                  [t("summary.group"), t("summary.participants"), t("summary.determinant"),
                   t("summary.count"), t("summary.mean")], [])
    votes = Table("group_votes", t("summary.groups") + " — " + t("summary.votes"),
                  [t("summary.group"), t("summary.strategy"), t("summary.votes")], [])
    for g in groups:
        name = t.label("category", g["group"])
        means.rows += [[name, g["participants"], labels[d["key"]], d["count"], d["mean"]]
                       for d in g["determinants"]]
        ranked = sorted(g["votes"], key=lambda v: (-v["votes"], titles.get(v["strategy_id"], "")))
        votes.rows += [[name, titles.get(v["strategy_id"], ""), v["votes"]] for v in ranked]
    return [means, votes]


def change_tables(summary: dict, t: Words) -> list[Table]:
    compared = summary.get("compared_to")
    if not compared:
        return []
    labels = {d["key"]: d["label"] for d in summary["determinants"]}
    result = [Table(
        "changes_determinants", t("summary.changes") + " — " + t("summary.determinants"),
        [t("summary.determinant"), t("summary.before"), t("summary.now"), t("summary.change")],
        [[labels[d["key"]], d["mean_before"], d["mean_now"], mean_change(d)]
         for d in compared["determinants"]])]
    gaps = [[t.label("area", g["area"]), t(f"gap.{g['role']}"), t("summary.closed")]
            for g in compared["gaps_closed"]]
    gaps += [[t.label("area", g["area"]), t(f"gap.{g['role']}"), t("summary.new")]
             for g in compared["gaps_new"]]
    result.append(Table("changes_gaps", t("summary.changes") + " — " + t("summary.gaps"),
                        [t("summary.area"), t("summary.gaps"), t("summary.gap_change")], gaps))
    result.append(Table(
        "changes_stages", t("summary.changes") + " — " + t("summary.stages"),
        [t("summary.area"), t("summary.before"), t("summary.now")],
        [[t.label("area", s["area"]), t.label("stage", s["before"]), t.label("stage", s["now"])]
         for s in compared.get("stages", [])]))
    result.append(Table("changes_actions", t("summary.changes") + " — " + t("summary.actions_done"),
                        [t("summary.actions_done")], [[compared["actions_done"]]]))
    if compared.get("goals"):
        result.append(Table(
            "changes_goals", t("summary.changes") + " — " + t("summary.goals"),
            [t("summary.measure"), t("summary.before"), t("summary.now"), t("summary.goal"),
             t("summary.change")],
            [[t(f"goal.{g['measure']}"), goal_cell(t, g["measure"], g["before"]),
              goal_cell(t, g["measure"], g["now"]), goal_cell(t, g["measure"], g["goal"]),
              g["change"] if g["measure"] in goal_rules.COUNTS else t.goal_change(g["measure"], g["change"])]
             for g in compared["goals"]]))
    return result


def mean_change(d: dict) -> float | None:
    if d["mean_before"] is None or d["mean_now"] is None:
        return None
    return round(d["mean_now"] - d["mean_before"], 2)


# --- Markdown ---------------------------------------------------------------------------

def markdown(summary: dict) -> str:
    """A Markdown document with a heading and one pipe table per table."""
    w = summary["workshop"]
    t = Words(w["language"])
    lines = [f"# {escape_md(w['title'])}", "",
             f"**{t('summary.intervention')}:** {escape_md(w['intervention'])}  ",
             f"**{t('summary.date')}:** {t.day(w['created_at'])}  ",
             f"**{t('summary.code')}:** {w['code']}"]
    if w.get("follow_up_of"):
        lines[-1] += "  "
        lines.append(t("summary.follow_up_of", code=w["follow_up_of"]))
    lines += ["", f"## {t('summary.key_points')}", ""] + [f"- {escape_md(p)}" for p in key_points(summary, t)]
    for table in tables(summary):
        lines += ["", f"## {escape_md(table.title)}", ""]
        if table.key == "group_determinants":
            lines += [t("summary.groups_note", min=MIN_GROUP), ""]
        if not table.rows:
            lines.append(f"_{t('summary.none')}_")
            continue
        lines.append("| " + " | ".join(escape_md(c) for c in table.columns) + " |")
        lines.append("|" + "|".join(" ---: " if numeric(table, i) else " --- "
                                    for i in range(len(table.columns))) + "|")
        lines += ["| " + " | ".join(escape_md(v if isinstance(v, str) else t.number(v)) for v in row) + " |"
                  for row in table.rows]
    return "\n".join(lines) + "\n"


def numeric(table: Table, column: int) -> bool:
    values = [row[column] for row in table.rows if row[column] is not None]
    return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def escape_md(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def key_points(summary: dict, t: Words) -> list[str]:
    """The five lines a director reads first."""
    points = [t("summary.key.participants", count=summary["participants"]["count"])]
    gaps = summary["ownership"]["gaps"]
    if gaps:
        points.append(t("summary.key.gaps", gaps="; ".join(
            f"{t.label('area', g['area'])}: {t.missing(g['missing'])}" for g in gaps)))
    else:
        points.append(t("summary.key.no_gaps"))
    scored = [d for d in summary["determinants"] if d["mean"] is not None]
    if scored:
        weakest = min(scored, key=lambda d: d["mean"])
        points.append(t("summary.key.weakest", label=weakest["label"], mean=t.number(weakest["mean"])))
    top = [s["title"] for s in summary["strategies"] if s["votes"]][:3]
    if top:
        points.append(t("summary.key.top", titles="; ".join(top)))
    done = sum(1 for a in summary["actions"] if a["status"] == "done")
    points.append(t("summary.key.actions", open=len(summary["actions"]) - done, done=done))
    compared = summary.get("compared_to")
    if compared:
        points.append(t("summary.key.changes", code=compared["code"], closed=len(compared["gaps_closed"]),
                        new=len(compared["gaps_new"]), done=compared["actions_done"]))
    return points


# --- CSV --------------------------------------------------------------------------------

def csv_text(summary: dict) -> str:
    """One `;`-separated file: the first column names the table on every row; each table starts
    with a row of column names and ends with an empty row. Decimals follow the workshop's language."""
    t = Words(summary["workshop"]["language"])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    for table in tables(summary):
        writer.writerow([table.key, *table.columns])
        for row in table.rows:
            writer.writerow([table.key, *(inert(v) if isinstance(v, str) else t.number(v) for v in row)])
        writer.writerow([])
    return out.getvalue()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """Text a participant typed never runs as a spreadsheet formula (CSV injection): a cell that
    would start one gets a leading apostrophe, which Excel hides."""
    return "'" + text if text.startswith(FORMULA_START) else text


def read_csv(text: str, language: str) -> dict[str, list[dict]]:
    """Parse a summary CSV back into {table: [{column: value}]}, numbers as numbers (used by tests
    and scripts that post-process downloads)."""
    result: dict[str, list[dict]] = {}
    columns: list[str] = []
    for row in csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=CSV_DELIMITER):
        if not row:
            columns = []
            continue
        key, cells = row[0], row[1:]
        if not columns:
            columns = cells
            result[key] = []
            continue
        result[key].append({c: parse_number(v, language) for c, v in zip(columns, cells, strict=True)})
    return result


def parse_number(text: str, language: str):
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    candidate = text.replace(",", ".") if language == "nl" else text
    try:
        return int(candidate)
    except ValueError:
        pass
    try:
        return float(candidate)
    except ValueError:
        return None if text == "" else text


# --- PDF --------------------------------------------------------------------------------

INK = (33, 37, 41)
MUTED = (108, 117, 125)
ACCENT = (22, 92, 125)
LIGHT = (232, 240, 245)
STRIPE = (246, 248, 250)
RULE = (206, 212, 218)
GAP = (180, 35, 24)
GAP_FILL = (253, 232, 231)
OK = (26, 127, 55)
OK_FILL = (230, 244, 234)
# The browser app's category colours (static/css/app.css), so the map reads the same on paper.
CATEGORY_COLOURS = dict(zip(ACTOR_CATEGORIES, [
    (33, 88, 217), (14, 122, 85), (180, 83, 9), (115, 56, 214),
    (192, 38, 122), (11, 114, 133), (71, 84, 103), (138, 90, 43)], strict=True))
FONT = "Lato"
# fontTools logs every subsetting step at INFO: noise in the server log for each download.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


@cache
def font_files() -> dict[str, str]:
    folder = fontpkg_lato.ROOT / "files"
    # Two faces only: each embedded face costs parsing and subsetting time on every download.
    return {"": str(folder / "Lato-Regular.ttf"), "B": str(folder / "Lato-Bold.ttf")}


class Document(FPDF):
    """A4 portrait with a running footer: workshop, code, page n of N."""

    def __init__(self, summary: dict):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.summary = summary
        self.t = Words(summary["workshop"]["language"])
        for style, path in font_files().items():
            self.add_font(FONT, style, path)
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_title(summary["workshop"]["title"])
        self.set_creator("Opschalen workshop platform")
        self.set_lang(summary["workshop"]["language"])
        self.alias_nb_pages("{nb}")

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        w = self.summary["workshop"]
        self.cell(0, 5, f"{w['title']} · {w['code']}", align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, self.t("summary.page", page=self.page_no(), pages="{nb}"), align="R")

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def room(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def heading(self, text: str, space: float = 40) -> None:
        self.room(space)
        self.ln(4)
        self.start_section(text)
        self.set_font(FONT, "B", 14)
        self.set_text_color(*ACCENT)
        self.cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.4)
        self.line(self.l_margin, self.get_y(), self.l_margin + self.width, self.get_y())
        self.ln(3)
        self.body()

    def body(self, size: float = 10, style: str = "") -> None:
        self.set_font(FONT, style, size)
        self.set_text_color(*INK)

    def wrap(self, text: str, width: float) -> list[str]:
        """Lines of `text` that fit `width` in the current font: measured word by word, which is
        much faster than fpdf2's character-by-character line breaking for long tables."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line, used = "", 0.0
            space = self.get_string_width(" ")
            for word in paragraph.split(" "):
                size = self.get_string_width(word)
                if line and used + space + size <= width:
                    line, used = f"{line} {word}", used + space + size
                    continue
                if line:
                    lines.append(line)
                while size > width and len(word) > 1:
                    cut = max(1, int(len(word) * width / size))
                    while cut > 1 and self.get_string_width(word[:cut]) > width:
                        cut -= 1
                    lines.append(word[:cut])
                    word = word[cut:]
                    size = self.get_string_width(word)
                line, used = word, size
            lines.append(line)
        return lines

    def paragraph(self, text: str, size: float = 10, style: str = "", colour=INK) -> None:
        self.set_font(FONT, style, size)
        self.set_text_color(*colour)
        for line in self.wrap(text, self.width - 2 * self.c_margin):
            self.cell(0, size * 0.5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.body()

    def grid(self, columns: list[str], rows: list[list], widths: list[float],
             styles: dict[tuple[int, int], "Look"] | None = None, align: str | list[str] = "L",
             heading_size: float = 9) -> None:
        """A striped table with a tinted heading that repeats on every page it runs over.

        Drawn cell by cell: a cell whose text fits takes one `cell()`, so a table of hundreds
        of rows stays fast; longer text wraps."""
        styles = styles or {}
        aligns = align if isinstance(align, list) else [align] * len(columns)
        aligns = [a[0].upper() for a in aligns]
        heading = [Look(bold=True, colour=ACCENT, fill=LIGHT, size=heading_size)] * len(columns)
        self.table_row([str(c) for c in columns], widths, heading, aligns)
        for r, cells in enumerate(rows):
            looks = [styles.get((r, c)) or Look() for c in range(len(cells))]
            looks = [look if look.fill or not r % 2 else look._replace(fill=STRIPE) for look in looks]
            if self.table_row([str(v) for v in cells], widths, looks, aligns, dry_run=True) \
                    + self.get_y() > self.page_break_trigger:
                self.add_page()
                self.table_row([str(c) for c in columns], widths, heading, aligns)
            self.table_row([str(v) for v in cells], widths, looks, aligns)
        self.ln(2)
        self.body()

    def table_row(self, texts: list[str], widths: list[float], looks: list["Look"], aligns: list[str],
                  dry_run: bool = False) -> float:
        """Draw one row (or only measure it); returns its height."""
        pad, line = 1.5, 4.6
        lines, sizes = [], []
        for text, width, look in zip(texts, widths, looks, strict=True):
            room = width - 2 * pad - 2 * self.c_margin
            self.set_font(FONT, "B" if look.bold else "", look.size)
            # A word wider than its column (a long heading) gets a smaller font, not a broken word.
            longest = max((self.get_string_width(word) for word in text.split()), default=0)
            size = max(6.0, look.size * room / longest) if longest > room else look.size
            self.set_font_size(size)
            sizes.append(size)
            lines.append(self.wrap(text, room))
        height = max(len(cell) for cell in lines) * line + 2 * 1.2
        if dry_run:
            return height
        x, y = self.l_margin, self.get_y()
        for cell, width, look, size, alignment in zip(lines, widths, looks, sizes, aligns, strict=True):
            if look.fill:
                self.set_fill_color(*look.fill)
                self.rect(x, y, width, height, style="F")
            self.set_font(FONT, "B" if look.bold else "", size)
            self.set_text_color(*look.colour)
            for i, text in enumerate(cell):
                self.set_xy(x + pad, y + 1.2 + i * line)
                self.cell(width - 2 * pad, line, text, align=alignment)
            x += width
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, y + height, self.l_margin + sum(widths), y + height)
        self.set_xy(self.l_margin, y + height)
        return height


class Look(NamedTuple):
    """How one table cell looks: bold, text colour, background."""

    bold: bool = False
    colour: tuple = INK
    fill: tuple | None = None
    size: float = 9


def pdf(summary: dict) -> bytes:
    """The document someone forwards to a director: key points first, then each result."""
    doc = Document(summary)
    doc.add_page()
    title_block(doc)
    key_points_box(doc)
    participants_section(doc)
    actor_map_section(doc)
    ownership_section(doc)
    determinants_section(doc)
    strategies_section(doc)
    actions_section(doc)
    goals_section(doc)
    groups_section(doc)
    changes_section(doc)
    return bytes(doc.output())


def title_block(doc: Document) -> None:
    t, w = doc.t, doc.summary["workshop"]
    doc.set_font(FONT, "", 9)
    doc.set_text_color(*MUTED)
    doc.cell(0, 5, t("summary.document").upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_font(FONT, "B", 22)
    doc.set_text_color(*INK)
    doc.multi_cell(0, 10, w["title"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_font(FONT, "", 12)
    doc.set_text_color(*ACCENT)
    doc.multi_cell(0, 6, f"{t('summary.intervention')}: {w['intervention']}", new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    doc.ln(1)
    meta = [f"{t('summary.date')}: {t.day(w['created_at'])}", f"{t('summary.code')}: {w['code']}"]
    if w.get("follow_up_of"):
        meta.append(t("summary.follow_up_of", code=w["follow_up_of"]))
    doc.paragraph("   ·   ".join(meta), size=9, colour=MUTED)
    if w.get("description"):
        doc.ln(1)
        doc.paragraph(w["description"], size=10)
    doc.ln(3)


def key_points_box(doc: Document) -> None:
    t = doc.t
    points = key_points(doc.summary, t)
    x, y = doc.l_margin, doc.get_y()
    doc.set_font(FONT, "", 10)
    inner = doc.width - 10
    heights = [len(doc.multi_cell(inner - 5, 5, p, align="L", dry_run=True, output="LINES")) * 5 + 1
               for p in points]
    height = 12 + sum(heights)
    doc.set_fill_color(*LIGHT)
    doc.rect(x, y, doc.width, height, style="F", round_corners=True, corner_radius=2)
    doc.set_fill_color(*ACCENT)
    doc.rect(x, y, 1.5, height, style="F")
    doc.set_xy(x + 6, y + 3)
    doc.set_font(FONT, "B", 11)
    doc.set_text_color(*ACCENT)
    doc.cell(0, 6, t("summary.key_points"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    gaps = bool(doc.summary["ownership"]["gaps"])
    for i, point in enumerate(points):
        doc.set_x(x + 6)
        colour = GAP if (i == 1 and gaps) else INK
        doc.set_text_color(*colour)
        doc.set_font(FONT, "B" if colour == GAP else "", 10)
        doc.cell(5, 5, "•")
        doc.multi_cell(inner - 5, 5, point, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.ln(1)
    doc.set_y(y + height + 2)
    doc.body()


def participants_section(doc: Document) -> None:
    t, people = doc.t, doc.summary["participants"]
    doc.heading(t("summary.participants"))
    doc.paragraph(t("summary.key.participants", count=people["count"]))
    doc.ln(1)
    if people["by_role"]:
        rows = [[role or t("summary.no_role"), n] for role, n in people["by_role"].items()]
        doc.grid([t("summary.role"), t("summary.count")], rows, [90, 25], align=["L", "R"])
    if "names" in people:
        if people["names"]:
            doc.paragraph(f"{t('summary.names')}: " + ", ".join(people["names"]), size=9, colour=MUTED)
    else:
        doc.paragraph(t("summary.anonymous_note"), size=9, colour=MUTED)


def actor_map_section(doc: Document) -> None:
    t, actors = doc.t, doc.summary["actors"]
    doc.heading(t("summary.actor_map"), space=130)
    if not actors:
        doc.paragraph(t("summary.no_actors"), colour=MUTED)
        return
    size = 112
    x0, y0 = doc.l_margin + 8, doc.get_y() + 2
    draw_quadrants(doc, x0, y0, size)
    placed: list[tuple[float, float, float, float]] = []
    inset = 3  # points at 0 or 100 stay inside the frame
    span = size - 2 * inset
    points = [(x0 + inset + a["interest"] / 100 * span, y0 + inset + span - a["influence"] / 100 * span, a, i)
              for i, a in enumerate(actors, start=1)]
    for px, py, a, _ in points:
        doc.set_fill_color(*CATEGORY_COLOURS.get(a["category"], MUTED))
        doc.set_draw_color(255, 255, 255)
        doc.set_line_width(0.3)
        doc.circle(px, py, 1.5, style="DF")
        placed.append((px - 1.5, py - 1.5, px + 1.5, py + 1.5))
    doc.set_font(FONT, "", 6.5)
    doc.set_text_color(*INK)
    for px, py, a, number in points:
        place_label(doc, px, py, a["name"], number, placed, (x0, y0, x0 + size, y0 + size))
    legend(doc, x0 + size + 8, y0, actors)
    doc.set_y(y0 + size + 12)
    doc.body()
    doc.grid(["#", t("summary.actor"), t("summary.category"), t("summary.axis_influence"),
              t("summary.axis_interest")],
             [[i, a["name"], t.label("category", a["category"]), a["influence"], a["interest"]]
              for i, a in enumerate(actors, start=1)],
             [10, 70, 50, 22, 22], align=["R", "L", "L", "R", "R"])


def draw_quadrants(doc: Document, x0: float, y0: float, size: float) -> None:
    t, half = doc.t, size / 2
    tints = {(0, 0): (244, 246, 248), (1, 0): (232, 240, 245), (0, 1): (250, 250, 250),
             (1, 1): (244, 246, 248)}
    for (col, row), tint in tints.items():
        doc.set_fill_color(*tint)
        doc.rect(x0 + col * half, y0 + row * half, half, half, style="F")
    doc.set_draw_color(*RULE)
    doc.set_line_width(0.2)
    doc.rect(x0, y0, size, size)
    doc.set_dash_pattern(dash=1, gap=1)
    doc.line(x0 + half, y0, x0 + half, y0 + size)
    doc.line(x0, y0 + half, x0 + size, y0 + half)
    doc.set_dash_pattern()
    doc.set_font(FONT, "B", 7.5)
    doc.set_text_color(*MUTED)
    corners = [("summary.quadrant.satisfy", x0 + 2, y0 + 4, "L"),
               ("summary.quadrant.manage", x0 + size - 2, y0 + 4, "R"),
               ("summary.quadrant.monitor", x0 + 2, y0 + size - 2, "L"),
               ("summary.quadrant.inform", x0 + size - 2, y0 + size - 2, "R")]
    for key, x, y, side in corners:
        text = t(key).upper()
        doc.text(x - (doc.get_string_width(text) if side == "R" else 0), y, text)
    doc.set_font(FONT, "", 8)
    doc.set_text_color(*INK)
    label = f"{t('summary.axis_interest')} →"
    doc.text(x0 + half - doc.get_string_width(label) / 2, y0 + size + 5, label)
    label = f"{t('summary.axis_influence')} →"
    with doc.rotation(90, x0 - 3, y0 + half):
        doc.text(x0 - 3 - doc.get_string_width(label) / 2, y0 + half, label)


def place_label(doc: Document, px: float, py: float, name: str, number: int,
                placed: list, bounds: tuple[float, float, float, float]) -> None:
    """Put the actor's name beside its point where it overlaps nothing; else its number."""
    text = name if len(name) <= 28 else name[:27] + "…"
    for candidate in (text, str(number)):
        w, h = doc.get_string_width(candidate), 2.6
        for x, y in ((px + 2.2, py - h / 2), (px - 2.2 - w, py - h / 2), (px - w / 2, py - 2.2 - h),
                     (px - w / 2, py + 2.2)):
            box = (x, y, x + w, y + h)
            inside = box[0] >= bounds[0] + 0.5 and box[2] <= bounds[2] - 0.5 and box[1] >= bounds[1] + 5 \
                and box[3] <= bounds[3] - 3.5
            if inside and not any(overlaps(box, other) for other in placed):
                doc.text(x, y + h * 0.8, candidate)
                placed.append(box)
                return


def overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def legend(doc: Document, x: float, y: float, actors: list[dict]) -> None:
    t = doc.t
    present = [c for c in ACTOR_CATEGORIES if any(a["category"] == c for a in actors)]
    doc.set_font(FONT, "B", 8.5)
    doc.set_text_color(*INK)
    doc.text(x, y + 3, t("summary.category"))
    doc.set_font(FONT, "", 8.5)
    for i, category in enumerate(present):
        cy = y + 9 + i * 6
        doc.set_fill_color(*CATEGORY_COLOURS[category])
        doc.circle(x + 1.5, cy - 1, 1.5, style="F")
        count = sum(1 for a in actors if a["category"] == category)
        doc.text(x + 5, cy, f"{t.label('category', category)} ({count})")


def ownership_section(doc: Document) -> None:
    t, ownership = doc.t, doc.summary["ownership"]
    doc.heading(t("summary.ownership"), space=60)
    doc.paragraph(t("summary.ownership_legend"), size=9, colour=MUTED)
    doc.ln(1)
    roles: dict[str, dict[str, str]] = {}
    for o in ownership["assignments"]:
        roles.setdefault(o["actor"], {})[o["area"]] = o["role"]
    rows = [[actor, *(t.label("role", areas.get(area)) for area in AREAS)] for actor, areas in roles.items()]
    missing = {g["area"]: g["missing"] for g in ownership["gaps"]}
    styles = {}
    gap_row = [t("summary.gaps")]
    for c, area in enumerate(AREAS, start=1):
        if area in missing:
            gap_row.append(f"! {t('summary.gap')}: {t.missing(missing[area])}")
            styles[(len(rows), c)] = Look(bold=True, colour=GAP, fill=GAP_FILL)
        else:
            gap_row.append(t("summary.complete"))
            styles[(len(rows), c)] = Look(bold=True, colour=OK, fill=OK_FILL)
    styles[(len(rows), 0)] = Look(bold=True)
    stage_row = [t("summary.stage")]
    for c, area in enumerate(AREAS, start=1):
        stage = ownership["stages"].get(area)
        stage_row.append(t("summary.stage_of", stage=t.label("stage", stage), n=STAGES.index(stage) + 1)
                         if stage else t("summary.not_set"))
        styles[(len(rows) + 1, c)] = Look(bold=True, colour=ACCENT, fill=LIGHT)
    styles[(len(rows) + 1, 0)] = Look(bold=True, fill=LIGHT)
    doc.grid([t("summary.actor"), *(t.label("area", a) for a in AREAS)], rows + [gap_row, stage_row],
             [49, 42, 42, 41], styles=styles)


def determinants_section(doc: Document) -> None:
    t, dets = doc.t, doc.summary["determinants"]
    doc.heading(t("summary.determinants"), space=70)
    compared = doc.summary.get("compared_to") or {}
    before = {d["key"]: d["mean_before"] for d in compared.get("determinants", [])}
    scored = [d for d in dets if d["mean"] is not None]
    weakest = min(scored, key=lambda d: d["mean"])["key"] if scored else None
    label_w, bar_w, row_h = 52, 84, 9
    x0, y0 = doc.l_margin, doc.get_y() + 2
    chart_x = x0 + label_w
    doc.set_font(FONT, "", 7.5)
    doc.set_text_color(*MUTED)
    for score in range(1, 6):
        gx = chart_x + (score - 1) / 4 * bar_w
        doc.set_draw_color(*RULE)
        doc.set_line_width(0.2)
        doc.line(gx, y0, gx, y0 + row_h * len(dets))
        doc.text(gx - 0.8, y0 + row_h * len(dets) + 4, str(score))
    for i, d in enumerate(dets):
        y = y0 + i * row_h
        is_weak = d["key"] == weakest
        doc.set_font(FONT, "B" if is_weak else "", 9.5)
        doc.set_text_color(*(GAP if is_weak else INK))
        doc.text(x0, y + 5.5, d["label"])
        if d["mean"] is not None:
            doc.set_fill_color(*(GAP if is_weak else ACCENT))
            doc.rect(chart_x, y + 1.8, max(0.8, (d["mean"] - 1) / 4 * bar_w), 5, style="F")
        if before.get(d["key"]) is not None:
            bx = chart_x + (before[d["key"]] - 1) / 4 * bar_w
            doc.set_draw_color(*INK)
            doc.set_line_width(0.8)
            doc.line(bx, y + 0.8, bx, y + 7.8)
        value = f"{t.number(d['mean'])}  (n={d['count']})" if d["mean"] is not None else "—"
        if is_weak:
            value += f"  ← {t('summary.weakest')}"
        doc.set_font(FONT, "B" if is_weak else "", 9)
        doc.text(chart_x + bar_w + 3, y + 5.5, value)
    doc.set_y(y0 + row_h * len(dets) + 7)
    if before:
        doc.set_draw_color(*INK)
        doc.set_line_width(0.8)
        yy = doc.get_y() + 1
        doc.line(chart_x, yy, chart_x, yy + 3.5)
        doc.set_font(FONT, "", 8)
        doc.set_text_color(*MUTED)
        doc.text(chart_x + 2, yy + 3, t("summary.previous"))
        doc.set_y(yy + 6)
    doc.body()
    comments = [[d["label"], c] for d in dets for c in d["comments"]]
    if comments:
        doc.set_font(FONT, "B", 10)
        doc.cell(0, 6, t("summary.comments"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.grid([t("summary.determinant"), t("summary.comment")], comments, [45, 129])


def strategies_section(doc: Document) -> None:
    t, strategies = doc.t, doc.summary["strategies"]
    doc.heading(t("summary.strategies"), space=50)
    most = max((s["votes"] or 0 for s in strategies), default=0) or 1
    rank_w, title_w, bar_w = 10, 104, 48
    for category in STRATEGY_CATEGORIES:
        items = [s for s in strategies if s["category"] == category]
        if not items:
            continue
        doc.room(16)
        doc.ln(1)
        doc.set_font(FONT, "B", 10.5)
        doc.set_text_color(*ACCENT)
        doc.cell(0, 7, t.label("strategy_category", category), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for s in items:
            bold = s["rank"] <= 3 and s["votes"]
            doc.set_font(FONT, "B" if bold else "", 9.5)
            lines = doc.wrap(s["title"], title_w - 2 * doc.c_margin)
            height = max(6.5, len(lines) * 4.6 + 1.9)
            doc.room(height)
            x, y = doc.l_margin, doc.get_y()
            doc.set_text_color(*MUTED)
            doc.set_font(FONT, "", 9)
            doc.set_xy(x, y + 1)
            doc.cell(rank_w - 2, 4.6, f"{s['rank']}.", align="R")
            doc.set_text_color(*INK)
            doc.set_font(FONT, "B" if bold else "", 9.5)
            for i, text in enumerate(lines):
                doc.set_xy(x + rank_w, y + 1 + i * 4.6)
                doc.cell(title_w, 4.6, text)
            bx = x + rank_w + title_w + 2
            doc.set_fill_color(*LIGHT)
            doc.rect(bx, y + 1.6, bar_w, 3.4, style="F")
            if s["votes"]:
                doc.set_fill_color(*ACCENT)
                doc.rect(bx, y + 1.6, s["votes"] / most * bar_w, 3.4, style="F")
            doc.set_font(FONT, "B", 9)
            doc.text(bx + bar_w + 2, y + 4.6, str(s["votes"] or 0))
            doc.set_draw_color(*RULE)
            doc.set_line_width(0.15)
            doc.line(x, y + height, x + doc.width, y + height)
            doc.set_y(y + height)
    doc.body()


def actions_section(doc: Document) -> None:
    t, actions = doc.t, doc.summary["actions"]
    doc.heading(t("summary.actions"), space=40)
    if not actions:
        doc.paragraph(t("summary.no_actions"), colour=MUTED)
        return
    styles = {}
    for r, a in enumerate(actions):
        if a["status"] == "done":
            styles[(r, 3)] = Look(bold=True, colour=OK)
        if not a.get("owner"):
            styles[(r, 1)] = Look(colour=GAP)
    doc.grid([t("summary.action"), t("summary.owner"), t("summary.due"), t("summary.status"),
              t("summary.strategy")],
             [[a["title"], a.get("owner") or "—", t.due(a["due"]), t.label("status", a["status"]),
               a.get("strategy") or ""] for a in actions],
             [50, 38, 30, 20, 36], styles=styles)


def goals_section(doc: Document) -> None:
    t, goals = doc.t, doc.summary.get("goals")
    doc.heading(t("summary.goals"), space=45)
    if not goals or not goal_rules.is_set(
            {g["measure"]: {"now": g["now"], "goal": g["goal"]} for g in goals["measures"]}
            | {n: goals.get(n) for n in goal_rules.NOTES}):
        doc.paragraph(t("summary.no_goals"), colour=MUTED)
        return
    progress = {g["measure"]: g for g in (doc.summary.get("compared_to") or {}).get("goals") or []}
    styles, rows = {}, []
    for r, g in enumerate(goals["measures"]):
        m = g["measure"]
        row = [t(f"goal.{m}")]
        if progress:
            row.append(t.goal_value(m, progress[m]["before"]))
        row += [t.goal_value(m, g["now"]), t.goal_value(m, g["goal"])]
        if progress:
            row.append(t.goal_change(m, progress[m]["change"]))
        row.append("" if g["reached"] is None else t("summary.yes" if g["reached"] else "summary.no"))
        if g["reached"] is not None:
            styles[(r, len(row) - 1)] = Look(bold=True, colour=OK if g["reached"] else MUTED)
        rows.append(row)
    columns = [t("summary.measure"), *([t("summary.before")] if progress else []), t("summary.now"),
               t("summary.goal"), *([t("summary.change")] if progress else []), t("summary.reached")]
    widths = [58, 24, 24, 24, 20, 20] if progress else [70, 34, 34, 22]
    doc.grid(columns, rows, widths, styles=styles, align=["L"] + ["R"] * (len(columns) - 1))
    for note in goal_rules.NOTES:
        if goals.get(note):
            doc.set_font(FONT, "B", 9.5)
            doc.cell(0, 5.5, t(f"goal.{note}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            doc.paragraph(goals[note], size=9.5)
            doc.ln(1)


def groups_section(doc: Document) -> None:
    t, groups = doc.t, doc.summary.get("groups") or []
    if not groups:
        return
    doc.heading(t("summary.groups"), space=70)
    doc.paragraph(t("summary.groups_note", min=MIN_GROUP), size=9, colour=MUTED)
    doc.ln(1)
    labels = [d["label"] for d in doc.summary["determinants"]]
    titles = {s["id"]: s["title"] for s in doc.summary["strategies"]}
    rows = []
    for g in groups:
        top = sorted(g["votes"], key=lambda v: (-v["votes"], titles.get(v["strategy_id"], "")))[:2]
        rows.append([f"{t.label('category', g['group'])} (n={g['participants']})",
                     *(t.number(d["mean"]) or "—" for d in g["determinants"]),
                     "; ".join(f"{titles.get(v['strategy_id'], '')} ({v['votes']})" for v in top)])
    doc.grid([t("summary.group"), *labels, t("summary.top_votes")], rows,
             [32, 20, 20, 20, 20, 20, 42], align=["L"] + ["R"] * 5 + ["L"], heading_size=8)


def changes_section(doc: Document) -> None:
    t, compared = doc.t, doc.summary.get("compared_to")
    if not compared:
        return
    doc.heading(t("summary.changes"), space=60)
    doc.paragraph(t("summary.changes_intro", code=compared["code"]), size=9, colour=MUTED)
    doc.ln(1)
    labels = {d["key"]: d["label"] for d in doc.summary["determinants"]}
    styles, rows = {}, []
    for r, d in enumerate(compared["determinants"]):
        delta = mean_change(d)
        rows.append([labels[d["key"]], t.number(d["mean_before"]) or "—", t.number(d["mean_now"]) or "—",
                     t.signed(delta)])
        if delta:
            styles[(r, 3)] = Look(bold=True, colour=OK if delta > 0 else GAP)
    doc.grid([t("summary.determinant"), t("summary.before"), t("summary.now"), t("summary.change")], rows,
             [70, 30, 30, 30], styles=styles, align=["L", "R", "R", "R"])
    gap_rows, styles = [], {}
    for g in compared["gaps_closed"]:
        styles[(len(gap_rows), 2)] = Look(bold=True, colour=OK, fill=OK_FILL)
        gap_rows.append([t.label("area", g["area"]), t(f"gap.{g['role']}"), t("summary.closed")])
    for g in compared["gaps_new"]:
        styles[(len(gap_rows), 2)] = Look(bold=True, colour=GAP, fill=GAP_FILL)
        gap_rows.append([t.label("area", g["area"]), t(f"gap.{g['role']}"), t("summary.new")])
    if gap_rows:
        doc.grid([t("summary.area"), t("summary.gaps"), t("summary.gap_change")], gap_rows, [70, 60, 30],
                 styles=styles)
    stage_rows = [[t.label("area", s["area"]), t.label("stage", s["before"]) or "—",
                   t.label("stage", s["now"]) or "—"] for s in compared.get("stages", [])]
    doc.grid([t("summary.area"), t("summary.before"), t("summary.now")], stage_rows, [70, 45, 45])
    doc.paragraph(t("summary.actions_done_text", count=compared["actions_done"]), style="B")
