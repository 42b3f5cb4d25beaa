"""The PDF page: A4 with a running footer, headings, paragraphs and tables that break well.

A table repeats its column headings on every page it runs over, never leaves its
headings alone at the bottom of a page, and splits a row taller than a page
between pages; a heading always keeps company with what follows it.
"""

import logging
from functools import cache
from typing import NamedTuple

import fontpkg_lato
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ..tables import Table
from ..words import Change, Words

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
FONT = "Lato"
LINE = 4.6  # mm per line of table text
PAD = 1.5  # mm of padding left and right of a cell's text
# fontTools logs every subsetting step at INFO: noise in the server log for each download.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


class Look(NamedTuple):
    """How one table cell looks: bold, text colour, background."""

    bold: bool = False
    colour: tuple = INK
    fill: tuple | None = None
    size: float = 9


TONES = {"gap": Look(bold=True, colour=GAP, fill=GAP_FILL), "ok": Look(bold=True, colour=OK, fill=OK_FILL),
         "accent": Look(bold=True, colour=ACCENT, fill=LIGHT)}
HEADING = Look(bold=True, colour=ACCENT, fill=LIGHT)


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
        self._widths: dict[tuple, float] = {}

    def get_string_width(self, s: str, normalized: bool = False, markdown: bool = False) -> float:
        """fpdf2's measurement, remembered per font, size and text: tables measure the same words
        (categories, roles, "—") hundreds of times, and each measurement is slow."""
        key = (self.font_family, self.font_style, self.font_size_pt, s, normalized, markdown)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = super().get_string_width(s, normalized, markdown)
        return width

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

    def heading(self, text: str, keep: float = 20) -> None:
        """A section heading, on a new page unless `keep` mm of what follows fit below it."""
        self.room(15 + keep)
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
        space = self.get_string_width(" ")
        for paragraph in str(text).split("\n"):
            line, used = "", 0.0
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

    def paragraph_height(self, text: str, size: float = 10, style: str = "") -> float:
        self.set_font(FONT, style, size)
        return len(self.wrap(text, self.width - 2 * self.c_margin)) * size * 0.5

    def paragraph(self, text: str, size: float = 10, style: str = "", colour=INK) -> None:
        self.set_font(FONT, style, size)
        self.set_text_color(*colour)
        for line in self.wrap(text, self.width - 2 * self.c_margin):
            self.cell(0, size * 0.5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.body()

    # --- tables ---------------------------------------------------------------------------

    def table(self, table: Table, caption: bool = False) -> None:
        """Draw a table of the report: striped rows under tinted headings."""
        if not table.rows:
            if caption:
                self.caption(table.title)
            self.paragraph(table.empty or self.t("summary.none"), colour=MUTED)
            self.ln(2)
            return
        if len(table.columns) == 1:  # a list, not worth a grid: "Namen: Anna, Bram"
            values = ", ".join(self.text_of(row[0]) for row in table.rows)
            self.paragraph(f"{table.title}: {values}", size=9.5, colour=MUTED)
            self.ln(2)
            return
        widths = self.widths(table)
        aligns = ["R" if table.numeric(c) else "L" for c in range(len(table.columns))]
        heading = [HEADING] * len(table.columns)
        head = self.layout_row(table.columns, widths, heading)
        rows = [self.layout_row([self.text_of(v) for v in cells], widths, self.looks(table, r))
                for r, cells in enumerate(table.rows)]
        first = min(len(max(rows[0][0], key=len)), 2)
        self.room((7 if caption else 0) + self.row_height(head[0]) + first * LINE + 2.4)
        if caption:
            self.caption(table.title)
        self.draw_row(head, widths, heading, aligns)
        fresh_page = int((self.page_break_trigger - self.t_margin - self.row_height(head[0]) - 2.4) / LINE)
        for r, (lines, sizes) in enumerate(rows):
            looks = self.looks(table, r)
            while lines:
                fits = int((self.page_break_trigger - self.get_y() - 2.4) / LINE)
                needed = len(max(lines, key=len))
                # A row moves to the next page whole; only a row taller than a page is split.
                if needed > fits and (needed <= fresh_page or fits < 2):
                    self.add_page()
                    self.draw_row(head, widths, heading, aligns)
                    continue
                self.draw_row(([cell[:fits] for cell in lines], sizes), widths, looks, aligns)
                lines = [cell[fits:] for cell in lines] if needed > fits else []
        self.ln(2)
        self.body()

    def caption(self, text: str) -> None:
        self.set_font(FONT, "B", 10)
        self.set_text_color(*INK)
        self.cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.body()

    def text_of(self, value) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, Change):
            return self.t.signed(float(value))
        return value if isinstance(value, str) else self.t.number(value)

    def widths(self, table: Table) -> list[float]:
        widths = table.widths or [self.width / len(table.columns)] * len(table.columns)
        scale = min(1.0, self.width / sum(widths))
        return [w * scale for w in widths]

    def looks(self, table: Table, row: int) -> list[Look]:
        looks = [TONES.get(table.tones.get((row, c)), Look()) for c in range(len(table.columns))]
        return [look if look.fill or not row % 2 else look._replace(fill=STRIPE) for look in looks]

    def layout_row(self, texts: list[str], widths: list[float], looks: list[Look]) -> tuple[list, list]:
        """The lines of each cell and the font size that fits them."""
        lines, sizes = [], []
        for text, width, look in zip(texts, widths, looks, strict=True):
            room = width - 2 * PAD - 2 * self.c_margin
            self.set_font(FONT, "B" if look.bold else "", look.size)
            # A word wider than its column (a long heading) gets a smaller font, not a broken word.
            longest = max((self.get_string_width(word) for word in str(text).split()), default=0)
            size = max(6.0, look.size * room / longest) if longest > room else look.size
            self.set_font_size(size)
            sizes.append(size)
            lines.append(self.wrap(str(text), room))
        return lines, sizes

    @staticmethod
    def row_height(lines: list[list[str]]) -> float:
        return max(len(cell) for cell in lines) * LINE + 2 * 1.2

    def draw_row(self, row: tuple[list, list], widths: list[float], looks: list[Look],
                 aligns: list[str]) -> None:
        """Draw one laid-out row (or the part of it that fits) at the current position."""
        lines, sizes = row
        height = self.row_height(lines)
        x, y = self.l_margin, self.get_y()
        self.set_auto_page_break(False)  # the caller made room; a cell must never break the page
        for cell, width, look, size, alignment in zip(lines, widths, looks, sizes, aligns, strict=True):
            if look.fill:
                self.set_fill_color(*look.fill)
                self.rect(x, y, width, height, style="F")
            self.set_font(FONT, "B" if look.bold else "", size)
            self.set_text_color(*look.colour)
            # text() at the baseline cell() would use: a fraction of cell()'s cost, which counts
            # in tables of hundreds of rows.
            baseline = y + 1.2 + 0.5 * LINE + 0.3 * self.font_size
            for i, text in enumerate(cell):
                left = x + PAD + self.c_margin
                if alignment == "R":
                    left = x + width - PAD - self.c_margin - self.get_string_width(text)
                self.text(left, baseline + i * LINE, text)
            x += width
        self.set_auto_page_break(True, margin=18)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, y + height, self.l_margin + sum(widths), y + height)
        self.set_xy(self.l_margin, y + height)
