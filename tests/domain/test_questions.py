"""Question and info steps in summaries: ordering by votes, unthemed cards, insights, slides."""

from workshop.domain import agenda, questions

STEPS = agenda.template("focus_group")
ON = [s["id"] for s in STEPS]


def card(id_, text, votes, theme=None, step="s3"):
    return {"id": id_, "step": step, "text": text, "theme_id": theme, "votes": votes}


def test_themes_by_votes_then_title_and_a_themes_votes_are_its_cards_votes():
    result = questions.questions(
        steps=STEPS, on_agenda=ON, language="nl",
        themes=[{"id": 1, "step": "s3", "title": "Geld"},
                {"id": 2, "step": "s3", "title": "budget"},
                {"id": 3, "step": "s3", "title": "Animo"}, {"id": 4, "step": "s3", "title": "Leeg"}],
        cards=[card(1, "Subsidie stopt", 3, 1), card(2, "Projectgeld", 1, 1),
               card(3, "Gemeente betaalt", 4, 2),
               card(4, "Trekkers", 2, 3), card(5, "Lokaal", 2, 3), card(6, "los", 0), card(7, "Ander", 2)],
        insights=[{"id": 2, "step": "s3", "text": "Tweede"}, {"id": 1, "step": "s3", "text": "Eerste"}])
    first, second = result
    assert [(t["title"], t["votes"]) for t in first["themes"]] == [
        ("Animo", 4), ("budget", 4), ("Geld", 4), ("Leeg", 0)]
    assert [c["text"] for c in first["themes"][0]["cards"]] == ["Lokaal", "Trekkers"]
    assert [c["text"] for c in first["themes"][2]["cards"]] == ["Subsidie stopt", "Projectgeld"]
    assert [c["text"] for c in first["unthemed"]] == ["Ander", "los"]
    assert first["insights"] == ["Eerste", "Tweede"]
    assert second["step"] == "s4" and second["themes"] == [] and second["unthemed"] == []


def test_default_titles_are_numbered_and_steps_off_the_agenda_come_last():
    steps = [*STEPS, {"id": "s7", "kind": "question", "title": None, "prompt": "Oud"}]
    result = questions.questions(steps=steps, on_agenda=["s1", "s4", "s3", "s6"], language="en", cards=[],
                                 themes=[], insights=[])
    assert [(q["step"], q["title"], q["on_agenda"]) for q in result] == [
        ("s4", "Question 1", True), ("s3", "Question 2", True), ("s7", "Question 3", False)]
    assert result[2]["prompt"] == "Oud"


def test_slides_carry_their_text():
    steps = [{**STEPS[1], "title": "Take-aways", "prompt": "Opschalen kost 5-10 jaar."}]
    assert questions.slides(steps=steps, on_agenda=["s2"], language="nl") == [
        {"step": "s2", "title": "Take-aways", "text": "Opschalen kost 5-10 jaar.", "on_agenda": True}]
