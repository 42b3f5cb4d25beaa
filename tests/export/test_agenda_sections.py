"""Reports follow the agenda: its steps in order, slides and questions with their themes, cards
and insights, and no section of a kind the agenda does not have."""

from datetime import datetime

from tests.helpers import read_csv
from workshop import export
from workshop.domain import redaction
from workshop.domain import summary as summaries

STEPS = [{"id": "s1", "kind": "lobby", "title": None, "prompt": None},
         {"id": "s2", "kind": "info", "title": "Wat we vonden",
          "prompt": "Opschalen kost 5-10 jaar.\n\nZoek een trekker."},
         {"id": "s3", "kind": "question", "title": "Context gebonden?",
          "prompt": "In welke mate zijn opschaalstrategieën contextgebonden?"},
         {"id": "s4", "kind": "actions", "title": None, "prompt": None},
         {"id": "s5", "kind": "closed", "title": None, "prompt": None}]
LEFT_OUT = {"id": "s6", "kind": "question", "title": "Oude vraag", "prompt": None}
WORKSHOP = {"code": "ABCD2345", "title": "Focusgroep context", "intervention": "Beweegkuur",
            "description": None, "language": "nl", "phase": "closed", "locked": False,
            "results_visible": True, "follow_up_of": None, "facilitator_id": 1, "agenda": STEPS,
            "settings": {"votes_per_participant": 5, "max_votes_per_strategy": 3,
                         "participants_can_download": False, "anonymous": False}}


def focus_group() -> dict:
    return summaries.build(
        viewer=redaction.FACILITATOR, workshop=WORKSHOP, created_at=datetime(2026, 3, 10, 13, 0),
        closed_at=None, participants=[{"name": "Anna", "role": "GGD", "anonymous": False}],
        actors=[], ownership=[], stages={"intervention": None, "supply": None, "use": None},
        ratings=[], strategies=[{"id": 1, "title": "Lobby", "category": "dissemination", "votes": 0}],
        actions=[{"id": 1, "title": "Gemeenten uitnodigen", "strategy_id": None, "owner_actor_id": None,
                  "due": None, "status": "open"}],
        generated_at=datetime(2026, 3, 10, 17, 0), steps=[*STEPS, LEFT_OUT],
        themes=[{"id": 1, "step": "s3", "title": "Lokale partijen"},
                {"id": 2, "step": "s3", "title": "Geld"}],
        cards=[{"id": 1, "step": "s3", "text": "De gemeente moet meedoen", "theme_id": 1, "votes": 4},
               {"id": 2, "step": "s3", "text": "GGD als trekker", "theme_id": 1, "votes": 1},
               {"id": 3, "step": "s3", "text": "Subsidie stopt na twee jaar", "theme_id": 2, "votes": 2},
               {"id": 4, "step": "s3", "text": "=1+1 los kaartje", "theme_id": None, "votes": 0},
               {"id": 5, "step": "s6", "text": "Van de oude vraag", "theme_id": None, "votes": 0}],
        insights=[{"id": 1, "step": "s3", "text": "Context bepaalt welke strategie werkt."}])


def test_sections_follow_the_agenda_and_leave_out_kinds_not_on_it():
    titles = [s.title for s in export.sections(focus_group())]
    assert titles == ["Wie deden mee", "Wat we vonden", "Context gebonden?", "Vervolgacties"]


def test_markdown_reads_like_the_group_talked():
    md = export.render(focus_group(), "md").decode()
    assert md.index("## Wat we vonden") < md.index("## Context gebonden?") < md.index("## Vervolgacties")
    assert "Opschalen kost 5-10 jaar.\n\nZoek een trekker." in md
    assert md.index("Lokale partijen") < md.index("De gemeente moet meedoen") < md.index("GGD als trekker") \
        < md.index("Geld") < md.index("Subsidie stopt")
    assert "Context bepaalt welke strategie werkt." in md
    for absent in ("Eigenaarschap", "Determinanten", "Actoren", "Strategieën", "Oude vraag", "leemte"):
        assert absent not in md, absent


def test_csv_has_the_question_tables_and_the_slide():
    csv = export.render(focus_group(), "csv").decode("utf-8-sig")
    parsed = read_csv(csv, "nl")
    assert [row["Kaartje"] for row in parsed["unthemed.s3"]] == ["=1+1 los kaartje"]
    assert "'=1+1 los kaartje" in csv  # typed text never runs as a formula
    assert [row["Inzicht"] for row in parsed["insights.s3"]] == ["Context bepaalt welke strategie werkt."]
    assert "slide;Wat we vonden" in csv
    assert "ownership" not in parsed and "determinants" not in parsed


def test_pdf_has_the_question_and_its_insights():
    import io

    from pypdf import PdfReader
    pages = PdfReader(io.BytesIO(export.render(focus_group(), "pdf"))).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Context gebonden?" in text and "Context bepaalt welke strategie werkt." in text
    assert "Eigenaarschap" not in text


def test_markdown_writes_a_question_as_themes_with_their_cards_and_a_slide_with_its_bullets():
    summary = focus_group()
    summary["slides"][0]["text"] = "Drie lessen:\n- Een trekker\n* Tijd (5-10 jaar)\n\nDank aan de regio's."
    summary["questions"][0]["insights"].append("# geen kop | geen tabel")
    md = export.render(summary, "md").decode()
    assert "Drie lessen:\n\n- Een trekker\n- Tijd (5-10 jaar)\n\nDank aan de regio's." in md
    assert ("#### Lokale partijen (5 stemmen)\n\n- De gemeente moet meedoen (4 stemmen)\n"
            "- GGD als trekker (1 stem)") in md
    assert "### Kaartjes zonder thema\n\n- =1+1 los kaartje\n" in md, "no count for a card without votes"
    assert "- Context bepaalt welke strategie werkt.\n- # geen kop \\| geen tabel" in md
    assert "| Thema |" not in md
