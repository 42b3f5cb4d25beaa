"""An event's PDF: the event's title and slides, then each group's report as its own part (title,
key points, sections, drawn exactly as a workshop's), then the comparison across groups."""

from fpdf.enums import XPos, YPos

from .. import event as events
from ..tables import sections
from .layout import ACCENT, FONT, INK, MUTED, Document
from .report import draw_section, key_points_box, title_block


def event_pdf(summary: dict) -> bytes:
    e = summary["event"]
    # The running footer names the event on its own pages and each group on the group's pages.
    cover = {"workshop": {"title": e["title"], "code": e["code"], "language": e["language"]}}
    doc = Document(cover)
    doc.add_page()
    doc.set_font(FONT, "", 9)
    doc.set_text_color(*MUTED)
    doc.cell(0, 5, doc.t("event.summary.document").upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_font(FONT, "B", 22)
    doc.set_text_color(*INK)
    doc.multi_cell(0, 10, e["title"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(1)
    doc.paragraph("   ·   ".join(f"{label}: {value}" for label, value in events.facts(summary, doc.t)),
                  size=9, colour=MUTED)
    if e.get("description"):
        doc.ln(1)
        doc.paragraph(e["description"], size=10)
    doc.ln(3)
    for section in events.slides(summary):
        draw_section(doc, section)
    for group in summary["groups"]:
        doc.add_page()  # first: the page before gets its footer from the part it belongs to
        doc.summary = group
        doc.set_font(FONT, "B", 10)
        doc.set_text_color(*ACCENT)
        doc.cell(0, 5, e["title"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        title_block(doc)
        key_points_box(doc)
        for section in sections(group):
            draw_section(doc, section)
    doc.add_page()
    doc.summary = cover
    draw_section(doc, events.comparison(summary, doc.t))
    return bytes(doc.output())
