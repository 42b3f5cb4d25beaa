"""Summary downloads: the PDF, Markdown and CSV say what summary.json says, in the workshop's language."""

import csv
import io

import pytest
from pypdf import PdfReader

from tests.helpers import read_csv
from tests.summary_workshop import run_workshop, summary, unthrottled_app
from workshop import export
from workshop.i18n import translate


@pytest.fixture
def app(tmp_path):
    yield from unthrottled_app(tmp_path)


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_pdf_names_the_workshop_every_gap_top_strategy_and_action(workshops, client):
    run = run_workshop(workshops)
    data = summary(client, run).json
    response = summary(client, run, "pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    code = run["created"]["code"].lower()
    assert f'filename="opschalen-{code}-beweegkuur-opschalen-{data["workshop"]["created_at"][:10]}.pdf"' \
        in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert data["workshop"]["title"] in text
    assert data["ownership"]["gaps"], "the constructed workshop has gaps"
    for gap in data["ownership"]["gaps"]:
        missing = ", ".join(translate("nl", f"gap.{role}") for role in gap["missing"])
        assert f"{translate('nl', 'summary.gap')}: {missing}" in text
        assert translate("nl", f"area.{gap['area']}") in text
    for strategy in data["strategies"][:3]:
        assert strategy["title"] in text
    for action in data["actions"]:
        assert action["title"] in text
        assert action["owner"] in text
    assert "1 maart 2027" in text


def test_csv_parses_back_to_the_numbers_of_the_json(workshops, client):
    run = run_workshop(workshops)
    data = summary(client, run).json
    response = summary(client, run, "csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    tables = read_csv(response.data.decode("utf-8"), "nl")
    assert [row["Aantal"] for row in tables["participants"]] == list(data["participants"]["by_role"].values())
    assert [(r["Gemiddelde"], r["Aantal"], [r[str(i)] for i in range(1, 6)])
            for r in tables["determinants"]] \
        == [(d["mean"], d["count"], d["histogram"]) for d in data["determinants"]]
    by_title = {r["Strategie"]: (r["Plaats"], r["Stemmen"]) for r in tables["strategies"]}
    assert by_title == {s["title"]: (s["rank"], s["votes"]) for s in data["strategies"]}
    assert [(r["Invloed"], r["Belang"]) for r in tables["actors"]] \
        == [(a["influence"], a["interest"]) for a in data["actors"]]
    assert [r["Actie"] for r in tables["actions"]] == [a["title"] for a in data["actions"]]
    assert {r["Maat"]: (r["Nu"], r["Doel"]) for r in tables["goals"]}["Locaties"] == (12, 40)


def test_markdown_has_the_same_tables_as_the_csv(workshops, client):
    run = run_workshop(workshops)
    data = summary(client, run).json
    text = summary(client, run, "md").data.decode("utf-8")
    assert text.startswith(f"# {data['workshop']['title']}\n")
    words = export.Words("nl")
    for table in export.tables(data):
        assert f"## {table.title}\n" in text
        if table.rows:
            assert "| " + " | ".join(table.columns) + " |" in text
        for row in table.rows:
            cells = [export.escape_md(v if isinstance(v, str) else words.number(v)) for v in row]
            assert "| " + " | ".join(cells) + " |" in text


def test_downloads_speak_the_workshops_language(workshops, client):
    run = run_workshop(workshops, language="en")
    text = pdf_text(summary(client, run, "pdf").data)
    assert "Action plan" in text and "Determinant profile" in text and "Vervolgacties" not in text
    assert "## Scaling strategies" in summary(client, run, "md").data.decode()


def test_participants_download_only_while_the_facilitator_allows_it(workshops, client):
    run = run_workshop(workshops)
    token = workshops.join(run["created"]["code"], "Els")["token"]
    for fmt in export.FORMATS:
        response = summary(client, run, fmt, token=token)
        assert response.status_code == 403
        assert response.json["error"]["code"] == "forbidden"
    assert run["fac"].emit("workshop:settings", {"participants_can_download": True}, callback=True)["ok"]
    for fmt in export.FORMATS:
        assert summary(client, run, fmt, token=token).status_code == 200


def test_a_download_without_a_token_is_unauthorized(workshops, app):
    run = run_workshop(workshops)
    response = app.test_client().get(f"/api/workshops/{run['created']['code']}/summary.pdf")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_an_anonymous_workshops_summary_lists_no_names(workshops, client):
    run = run_workshop(workshops, anonymous=True)
    data = summary(client, run).json
    assert "names" not in data["participants"]
    assert "Deelnemer 1" not in pdf_text(summary(client, run, "pdf").data)
    assert "Deelnemer 1" not in summary(client, run, "csv").data.decode("utf-8-sig")


def test_csv_cells_never_start_a_spreadsheet_formula(workshops, client):
    run = run_workshop(workshops)
    formula = '=HYPERLINK("http://example.org","klik")'
    assert run["fac"].emit("strategy:add", {"title": formula, "category": "monitoring"}, callback=True)["ok"]
    text = summary(client, run, "csv").data.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert "'" + formula in cells
    assert not any(cell.startswith("=") for cell in cells)
    tables = read_csv(text, "nl")
    assert formula in [r["Strategie"] for r in tables["strategies"]]


def test_participants_download_while_results_are_hidden_without_any_vote_count(workshops, client):
    run = run_workshop(workshops, participants_can_download=True)
    token = workshops.join(run["created"]["code"], "Els")["token"]
    assert run["fac"].emit("results:show", {"visible": False}, callback=True)["ok"]
    hidden = summary(client, run, "json", token=token)
    assert hidden.status_code == 200
    strategies = hidden.json["strategies"]
    assert {(s["votes"], s["rank"]) for s in strategies} == {(None, None)}
    # Not ordered by the votes either: by title, as equal votes are.
    assert [s["id"] for s in strategies] == [s["id"] for s in sorted(strategies, key=lambda s: (
        s["title"].casefold(), s["id"]))]
    assert hidden.json["groups"] and all(g["votes"] == [] and g["top"] == [] for g in hidden.json["groups"])
    for fmt in export.FORMATS:
        assert summary(client, run, fmt, token=token).status_code == 200
    tables = read_csv(summary(client, run, "csv", token=token).data.decode("utf-8-sig"), "nl")
    assert {(r["Plaats"], r["Stemmen"]) for r in tables["strategies"]} == {(None, None)}
    counted = summary(client, run, "json").json["strategies"]
    assert counted[0]["votes"] == 4 and counted[0]["rank"] == 1  # the facilitator's copy counts
    assert run["fac"].emit("results:show", {"visible": True}, callback=True)["ok"]
    assert summary(client, run, "json", token=token).json["strategies"] == counted
