"""The PDF someone forwards to a director: title, key points, then every section of the report.

Sections and their tables come from the table model (export.tables), like Markdown
and CSV; a section may add a picture above its tables (CHARTS) and a table may be
drawn as a picture instead of a grid (FIGURES). A new section needs nothing here.
"""

from fpdf.enums import XPos, YPos

from ..tables import Section, facts, key_points, sections
from . import charts
from .layout import ACCENT, FONT, GAP, INK, LIGHT, MUTED, Document

# section key → (draw above its tables, height to keep with the heading)
CHARTS = {"actors": (charts.actor_map, charts.actor_map_height),
          "determinants": (charts.determinant_profile, charts.profile_height)}
FIGURES = {"strategies": charts.strategy_bars}


def pdf(summary: dict) -> bytes:
    doc = Document(summary)
    doc.add_page()
    title_block(doc)
    key_points_box(doc)
    for section in sections(summary):
        draw_section(doc, section)
    return bytes(doc.output())


def draw_section(doc: Document, section: Section) -> None:
    chart = CHARTS.get(section.key)
    keep = chart[1](doc.summary) if chart else 20
    intro = doc.paragraph_height(section.intro, size=9) + 1 if section.intro else 0
    doc.heading(section.title, keep=intro + keep)
    if section.intro:
        doc.paragraph(section.intro, size=9, colour=MUTED)
        doc.ln(1)
    if chart:
        chart[0](doc, doc.summary)
    for table in section.tables:
        draw = FIGURES.get(table.key)
        if draw:
            draw(doc, table)
        else:
            doc.table(table, caption=table.title != section.title)


def title_block(doc: Document) -> None:
    t, w = doc.t, doc.summary["workshop"]
    doc.set_font(FONT, "", 9)
    doc.set_text_color(*MUTED)
    doc.cell(0, 5, t("summary.document").upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_font(FONT, "B", 22)
    doc.set_text_color(*INK)
    doc.multi_cell(0, 10, w["title"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    (_, intervention), *meta = facts(doc.summary, t)
    doc.set_font(FONT, "", 12)
    doc.set_text_color(*ACCENT)
    doc.multi_cell(0, 6, f"{t('summary.intervention')}: {intervention}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(1)
    doc.paragraph("   ·   ".join(f"{label}: {value}" for label, value in meta), size=9, colour=MUTED)
    if w.get("description"):
        doc.ln(1)
        doc.paragraph(w["description"], size=10)
    doc.ln(3)


def key_points_box(doc: Document) -> None:
    t = doc.t
    inner = doc.width - 11 - 2 * doc.c_margin
    points = []
    for point, tone in key_points(doc.summary, t):
        doc.set_font(FONT, "B" if tone == "gap" else "", 10)
        points.append((doc.wrap(point, inner), tone))
    height = 12 + sum(len(lines) * 5 + 1 for lines, _tone in points)
    doc.room(height)
    x, y = doc.l_margin, doc.get_y()
    doc.set_fill_color(*LIGHT)
    doc.rect(x, y, doc.width, height, style="F", round_corners=True, corner_radius=2)
    doc.set_fill_color(*ACCENT)
    doc.rect(x, y, 1.5, height, style="F")
    doc.set_xy(x + 6, y + 3)
    doc.set_font(FONT, "B", 11)
    doc.set_text_color(*ACCENT)
    doc.cell(0, 6, t("summary.key_points"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for lines, tone in points:
        doc.set_text_color(*(GAP if tone == "gap" else INK))
        doc.set_font(FONT, "B" if tone == "gap" else "", 10)
        doc.set_x(x + 6)
        doc.cell(5, 5, "•")
        for line in lines:
            doc.set_x(x + 11)
            doc.cell(inner, 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.ln(1)
    doc.set_y(y + height + 2)
    doc.body()
