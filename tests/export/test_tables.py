"""One table model for every format: CSV, Markdown and PDF show the same tables, named the same way."""

import io

import pytest
from pypdf import PdfReader

from tests.helpers import read_csv
from tests.summary_workshop import ack, run_workshop, summary, unthrottled_app
from workshop import export


@pytest.fixture
def app(tmp_path):
    yield from unthrottled_app(tmp_path)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_csv_holds_every_table_of_the_model_with_its_columns_and_rows(workshops, client):
    run = run_workshop(workshops, follow_up_of=run_workshop(workshops))
    data = summary(client, run).json
    model = export.tables(data)
    parsed = read_csv(summary(client, run, "csv").data.decode("utf-8"), "nl")
    assert list(parsed) == [t.key for t in model]
    for table in model:
        assert len(parsed[table.key]) == len(table.rows), table.key
        if table.rows:
            assert list(parsed[table.key][0]) == table.columns


def test_the_pdf_draws_the_tables_of_the_model(workshops, client):
    run = run_workshop(workshops, follow_up_of=run_workshop(workshops))
    data = summary(client, run).json
    text = pdf_text(summary(client, run, "pdf").data)
    for section in export.sections(data):
        assert section.title in text
        for table in section.tables:
            if table.title != section.title:
                assert table.title in text, table.key
            if not table.rows:
                assert table.empty in text, table.key
            elif len(table.columns) > 1 and table.key != "strategies":  # strategies are drawn as vote bars
                assert " ".join(table.columns) in text, table.key


def test_reports_carry_notes_descriptions_origin_and_the_facilitator(workshops, client):
    run = run_workshop(workshops, description="Een middag met gemeenten en GGD'en.",
                       facilitator_name="Marieke de Vries")
    ack(run["fac"], "actor:update", {"id": run["actors"]["Zilveren Kruis"]["id"],
                                     "note": "Wil eerst de businesscase zien."})
    ack(run["fac"], "strategy:add", {"title": "Wijkteams betrekken", "category": "organisation",
                                     "description": "Via de wijkverpleging."})
    data = summary(client, run).json
    assert data["workshop"]["facilitator_name"] == "Marieke de Vries"
    added = next(s for s in data["strategies"] if s["title"] == "Wijkteams betrekken")
    assert (added["origin"], added["description"]) == ("participant", "Via de wijkverpleging.")
    readable = {"md": summary(client, run, "md").data.decode(),
                "pdf": pdf_text(summary(client, run, "pdf").data)}
    for fmt, text in readable.items():
        for expected in ("Gespreksleider", "Marieke de Vries", "Een middag met gemeenten en GGD'en.",
                         "Wil eerst de businesscase zien.", "Via de wijkverpleging.",
                         "Ingebracht in de sessie"):
            assert expected in text, (fmt, expected)
    csv_tables = read_csv(summary(client, run, "csv").data.decode("utf-8"), "nl")
    assert {r["Actor"]: r["Toelichting"] for r in csv_tables["actors"]}["Zilveren Kruis"] \
        == "Wil eerst de businesscase zien."
    assert {r["Strategie"]: (r["Herkomst"], r["Beschrijving"]) for r in csv_tables["strategies"]}[
        "Wijkteams betrekken"] == ("Ingebracht in de sessie", "Via de wijkverpleging.")


def test_every_download_is_named_after_one_pattern(workshops, client):
    run = run_workshop(workshops, title="Beweegkuur: één regio, daarna het hele land!")
    day = summary(client, run).json["workshop"]["created_at"][:10]
    names = {fmt: summary(client, run, fmt).headers["Content-Disposition"] for fmt in export.FORMATS}
    code = run["created"]["code"].lower()
    pattern = f"opschalen-{code}-beweegkuur-een-regio-daarna-het-hele-{day}"
    assert names == {fmt: f'attachment; filename="{pattern}.{fmt}"' for fmt in export.FORMATS}


def test_a_long_title_is_cut_at_a_word_and_a_title_without_letters_is_left_out():
    workshop = {"code": "ABCD2345", "created_at": "2026-03-10T09:00:00Z"}
    assert export.filename({"workshop": {**workshop, "title": "Één " + "lange " * 20}}, "pdf") \
        == "opschalen-abcd2345-een-lange-lange-lange-lange-lange-lange-2026-03-10.pdf"
    assert export.filename({"workshop": {**workshop, "title": "¿¿ !!"}}, "csv") \
        == "opschalen-abcd2345-2026-03-10.csv"


def test_roles_too_few_anonymous_people_share_are_counted_without_being_named(workshops, client):
    created = workshops.create(participants_can_download=True, results_hidden=False)
    for name, role, anonymous in [("Jansen", "Wethouder", True), ("Bram", "GGD", False)]:
        joined = workshops.join(created["code"], name, role=role, anonymous=anonymous)
    markdown = client.get(f"/api/workshops/{created['code']}/summary.md",
                          headers={"Authorization": f"Bearer {joined['token']}"}).data.decode()
    assert "| GGD | 1 |\n| Rol niet getoond (anoniem) | 1 |" in markdown
    assert "Wethouder" not in markdown
