"""The intervention's timeline on paper: its title, the determinant means as a line chart, then
every section of the timeline's table model (`export.timeline`)."""

from fpdf.enums import XPos, YPos

from ..timeline import sections, series, title, words
from . import charts
from .layout import FONT, INK, MUTED, Document


def timeline_pdf(timeline: dict) -> bytes:
    # The running footer names the intervention's timeline and the workshop asked about.
    doc = Document({"workshop": {"title": title(timeline), "code": timeline["code"],
                                 "language": timeline["language"]}})
    t = words(timeline)
    doc.add_page()
    doc.set_font(FONT, "", 9)
    doc.set_text_color(*MUTED)
    doc.cell(0, 5, t("timeline.title").upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_font(FONT, "B", 22)
    doc.set_text_color(*INK)
    doc.multi_cell(0, 10, title(timeline), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(2)
    for section in sections(timeline):
        chart = section.key == "determinants"
        doc.heading(section.title, keep=charts.LINE_CHART_HEIGHT if chart else 20)
        if section.intro:
            doc.paragraph(section.intro, size=9, colour=MUTED)
            doc.ln(1)
        if chart:
            days = [w["created_at"] or "" for w in timeline["workshops"]]
            # Many workshops: a month each under the chart, so the labels do not overlap.
            labels = [t.day(d) for d in days] if len(days) <= 5 else [d[:7] for d in days]
            charts.line_chart(doc, series(timeline), labels)
        for table in section.tables:
            doc.table(table)
    return bytes(doc.output())

