"""An event's report: the event's slides first, a part per group (its own report, one heading
deeper), then the comparison; the same in Markdown and PDF, cached by content like a workshop's."""

import io
from datetime import datetime

from pypdf import PdfReader

from tests.export.test_pdf import WORKSHOP, build
from workshop import export
from workshop.downloads import key_of

EVENT = {"code": "EVNT2345", "title": "Kennissynthese # opschalen", "description": "Een middag.",
         "language": "nl", "created_at": "2026-03-10T09:00:00Z", "plenary_at": None,
         "slides": [{"title": "Take-aways", "text": "Er is niet één strategie.\n\nOpschalen is mensenwerk."}]}


def group(code: str, title: str, insight: str, generated: int = 12) -> dict:
    agenda = [{"id": "s1", "kind": "lobby", "title": None, "prompt": None},
              {"id": "s2", "kind": "question", "title": f"Vraag van {title}", "prompt": "Wat vinden jullie?"},
              {"id": "s3", "kind": "closed", "title": None, "prompt": None}]
    return build(workshop={**WORKSHOP, "code": code, "title": title, "agenda": agenda},
                 steps=agenda, generated_at=datetime(2026, 3, 10, generated),
                 cards=[{"id": 1, "step": "s2", "text": f"Kaart van {title}", "theme_id": 1, "votes": 2}],
                 themes=[{"id": 1, "step": "s2", "title": f"Thema van {title}"}],
                 insights=[{"id": 1, "step": "s2", "text": insight}])


def event_summary(**times) -> dict:
    return {"event": EVENT, "groups": [group("AAAA2345", "Eigenaarschap", "De aanjager telt", **times),
                                       group("BBBB2345", "Complexiteit", "Klein beginnen", **times)]}


def test_markdown_reads_slides_then_each_group_then_the_comparison():
    text = export.render(event_summary(), "md").decode()
    assert text.startswith("# Kennissynthese \\# opschalen\n")
    order = ["## Take-aways", "Opschalen is mensenwerk", "## Eigenaarschap", "### Vraag van Eigenaarschap",
             "Thema van Eigenaarschap", "De aanjager telt", "## Complexiteit", "Klein beginnen",
             "## De groepen vergeleken"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    comparison = text[text.index("## De groepen vergeleken"):]
    assert "Thema van Complexiteit" in comparison and "Kaart van Eigenaarschap" in comparison


def test_the_pdf_has_the_same_parts():
    data = export.render(event_summary(), "pdf")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    text = "\n".join(pages)
    for part in ("Kennissynthese # opschalen", "Take-aways", "Eigenaarschap", "De aanjager telt",
                 "Complexiteit", "De groepen vergeleken"):
        assert part in text, part
    assert len(pages) >= 4  # the event, a part per group, the comparison
    assert "Eigenaarschap · AAAA2345" in pages[1]  # a group's pages carry its own footer


def test_the_cache_key_ignores_when_each_group_summary_was_made():
    one, other = event_summary(generated=12), event_summary(generated=13)
    assert key_of(one, "pdf", "facilitator") == key_of(other, "pdf", "facilitator")
    changed = event_summary()
    changed["groups"][0]["questions"][0]["insights"].append("Nieuw")
    assert key_of(changed, "pdf", "facilitator").digest != key_of(one, "pdf", "facilitator").digest
    assert key_of(one, "pdf", "facilitator").code == "EVNT2345"
    assert export.filename(one, "pdf") == "opschalen-evnt2345-kennissynthese-opschalen-2026-03-10.pdf"
