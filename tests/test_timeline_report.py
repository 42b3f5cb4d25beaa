"""`GET /api/workshops/{code}/timeline.pdf|md`: the timeline as a report, three workshops of one
intervention side by side, for its facilitators only, rendered through the summaries' downloads."""

import io

import pytest
from pypdf import PdfReader

from tests.summary_workshop import ack, run_workshop, unthrottled_app


@pytest.fixture
def app(tmp_path):
    yield from unthrottled_app(tmp_path)


@pytest.fixture
def chain(workshops):
    first = run_workshop(workshops)
    second = run_workshop(workshops, follow_up_of=first, scores={
        "driver": [5, 5, 4, 4], "funding": [3, 3, 3, 4], "added_value": [4, 4, 4, 4],
        "timing": [3, 3, 3, 3], "time": [3, 3, 3, 3]})
    items = {i["title"]: i for i in second["fac"].state["review"]["items"]}
    ack(second["fac"], "review:set", {"id": items["Businesscase opstellen met zorgverzekeraar"]["id"],
                                      "outcome": "done", "note": "Getekend"})
    ack(second["fac"], "review:set", {"id": items["Trekker zoeken voor opschaling van het gebruik"]["id"],
                                      "outcome": "dropped"})
    ack(second["fac"], "ownership:set", {"actor_id": second["actors"]["GGD regio Utrecht"]["id"],
                                         "area": "supply", "role": "driver"})
    third = run_workshop(workshops, follow_up_of=second)
    return [first, second, third]


def report(client, run, fmt, token=None):
    created = run["created"]
    token = token or created["facilitator_token"]
    return client.get(f"/api/workshops/{created['code']}/timeline.{fmt}",
                      headers={"Authorization": f"Bearer {token}"})


def test_the_markdown_report_shows_the_three_workshops_side_by_side(client, chain):
    answer = report(client, chain[-1], "md")
    assert answer.status_code == 200
    assert answer.mimetype == "text/markdown"
    assert answer.headers["Content-Disposition"].startswith("attachment")
    assert "timeline.md" in answer.headers["Content-Disposition"]
    text = answer.get_data(as_text=True)
    assert text.startswith("# Tijdlijn van Beweegkuur")
    for heading in ("## Determinanten", "## Eigenaarschap", "## Fases", "## Doelen", "## Acties"):
        assert any(line.startswith(heading) for line in text.splitlines()), heading
    header = next(line for line in text.splitlines() if line.startswith("| Determinant |"))
    assert header.count("|") == 5  # the label and three workshops
    # The follow-up's review: done (its carried-over action is done there), dropped (off its list).
    assert "terugblik: Gedaan" in text
    assert "terugblik: Vervallen" in text
    assert "leemte gedicht: Trekker" in text


def test_the_pdf_report_has_the_chart_and_every_section(client, chain):
    answer = report(client, chain[0], "pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Tijdlijn van Beweegkuur" in text
    assert "terugblik: Gedaan" in text
    assert text.count("Trekker zoeken") >= 1


def test_a_second_download_of_the_same_timeline_comes_from_the_cache(app, client, chain):
    first = report(client, chain[1], "pdf").data
    cache = app.extensions["downloads"].cache
    size = cache.size
    assert report(client, chain[1], "pdf").data == first
    assert cache.size == size


def test_only_a_facilitator_gets_the_report(client, workshops, chain):
    code = chain[0]["created"]["code"]
    participant = workshops.join(code, "Els")["token"]
    assert report(client, chain[0], "pdf", token=participant).status_code == 403
    anonymous = client.application.test_client()
    assert anonymous.get(f"/api/workshops/{code}/timeline.md").status_code == 401
    assert client.get(f"/api/workshops/{code}/timeline.csv").status_code == 404
