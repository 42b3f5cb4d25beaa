"""The PDF's pages: tables break well, nothing typed is lost, every page carries content."""

import io
import re
from datetime import datetime

from pypdf import PdfReader

from workshop import export
from workshop.domain import summary as summaries
from workshop.domain.redaction import FACILITATOR
from workshop.i18n import translate

WORKSHOP = {"code": "ABCD2345", "title": "Beweegkuur opschalen", "intervention": "Beweegkuur",
            "description": "Een middag met gemeenten en GGD'en.", "language": "nl", "phase": "closed",
            "locked": False, "results_visible": True, "follow_up_of": None, "facilitator_id": 1,
            "settings": {"votes_per_participant": 5, "max_votes_per_strategy": 3,
                         "participants_can_download": False, "anonymous": False}}
FOOTER = re.compile(r"^Beweegkuur opschalen · ABCD2345 Pagina \d+ van \d+$")


def build(actors: list[dict] | None = None, participants: list[dict] | None = None, **overrides) -> dict:
    fields = dict(
        viewer=FACILITATOR, workshop=WORKSHOP, created_at=datetime(2026, 3, 10, 9), closed_at=None,
        participants=participants if participants is not None else [person("Anna", "GGD")],
        actors=actors if actors is not None else [], ownership=[], stages={}, ratings=[],
        strategies=[], actions=[], generated_at=datetime(2026, 3, 10, 12), facilitator_name="Marieke")
    fields.update(overrides)
    return summaries.build(**fields)


def person(name: str, role: str) -> dict:
    return {"name": name, "role": role, "anonymous": False}


def actor(i: int, note: str | None = None) -> dict:
    return {"id": i, "name": f"Actor {i:03d}", "category": "provider", "influence": i % 100,
            "interest": (i * 7) % 100, "note": note}


def pages(data: bytes) -> list[list[str]]:
    """Each page's lines, without the running footer."""
    return [[line for line in page.extract_text().splitlines() if not FOOTER.match(line.strip())]
            for page in PdfReader(io.BytesIO(data)).pages]


def headings_of(summary: dict) -> set[str]:
    return {column for table in export.tables(summary) for column in table.columns}


def test_a_table_at_the_foot_of_a_page_keeps_its_headings_with_a_row():
    """One actor and two participants with roles once spilled one column heading per page."""
    summary = build(actors=[actor(1)], participants=[person("Anna", "GGD"), person("Bram", "Gemeente")])
    found = pages(export.render(summary, "pdf"))
    assert len(found) <= 4
    for lines in found:
        words = {word for line in lines for word in line.split()}
        assert not words <= {w for heading in headings_of(summary) for w in heading.split()}, lines


def test_a_long_table_repeats_its_headings_on_every_page_it_spans():
    summary = build(actors=[actor(i) for i in range(1, 161)])
    with_rows = [lines for lines in pages(export.render(summary, "pdf"))
                 if any(re.match(r"^\d+ Actor \d{3} ", line) for line in lines)]
    assert len(with_rows) >= 3, "160 actors take several pages"
    for lines in with_rows:
        assert "# Actor Categorie Invloed Belang Toelichting" in lines


def test_a_row_taller_than_a_page_is_split_and_loses_no_word():
    note = " ".join(f"woord{i}" for i in range(300))
    text = " ".join(" ".join(lines) for lines in pages(export.render(build(actors=[actor(1, note)]), "pdf")))
    assert all(f"woord{i}" in text for i in range(300))


def test_every_tied_weakest_determinant_is_named_in_every_format():
    ratings = [{"key": key, "score": score, "comment": None}
               for key, scores in {"driver": [4, 4], "funding": [2, 3], "added_value": [5, 4],
                                   "timing": [3, 4], "time": [3, 2]}.items() for score in scores]
    summary = build(ratings=ratings)
    assert summary["weakest"] == ["funding", "time"]
    text = " ".join(" ".join(lines) for lines in pages(export.render(summary, "pdf")))
    assert text.count(f"← {translate('nl', 'summary.weakest')}") == 2
    tied = "Zwakste ingrediënten, even zwak: Financiering en Tijd voor opschalen (elk gemiddeld 2,5 van 5)."
    assert tied in text
    assert f"- {tied}" in export.render(summary, "md").decode()
    csv_rows = [row.split(";") for row in export.render(summary, "csv").decode("utf-8-sig").splitlines()]
    assert [row[1] for row in csv_rows if row[0] == "determinants" and row[-1] == "ja"] \
        == ["Financiering", "Tijd voor opschalen"]
