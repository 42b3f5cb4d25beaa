"""Markdown summaries: what people typed reads as the text it is, whatever Markdown or HTML it holds."""

import pytest
from markdown_it import MarkdownIt

from tests.summary_workshop import ack, run_workshop, summary, unthrottled_app
from workshop import export

HOSTILE = {
    "title": "# Kop | met <b>vet</b> & [link](http://example.org)",
    "description": "# Geen kop\n\n> geen citaat\n\n1. geen lijst <img src=x onerror=alert(1)>",
    "actor": "<script>alert('actor')</script> | *ster*",
    "note": "- geen lijst `code` &amp; _schuin_",
    "strategy": "| twee | pipes | ~~weg~~",
    "comment": "<!-- verborgen --> ![beeld](http://example.org/x.png)",
}


@pytest.fixture
def app(tmp_path):
    yield from unthrottled_app(tmp_path)


def hostile_run(workshops) -> dict:
    run = run_workshop(workshops, title=HOSTILE["title"], description=HOSTILE["description"])
    ack(run["fac"], "actor:add", {"name": HOSTILE["actor"], "category": "other", "note": HOSTILE["note"]})
    ack(run["fac"], "strategy:add", {"title": HOSTILE["strategy"], "category": "monitoring",
                                     "description": HOSTILE["comment"]})
    ack(run["people"][0], "rating:set", {"determinant": "time", "score": 4, "comment": HOSTILE["comment"]})
    return run


def test_typed_markup_and_html_stay_literal_text(workshops, client):
    run = hostile_run(workshops)
    tokens = MarkdownIt("commonmark").enable("table").parse(summary(client, run, "md").data.decode())
    assert not [t for t in tokens if t.type.startswith("html")], "no HTML of anyone's reaches the reader"
    inline = [child for t in tokens if t.type == "inline" for child in t.children]
    assert {c.type for c in inline} <= {"text", "strong_open", "strong_close", "em_open", "em_close",
                                        "softbreak", "hardbreak"}, "no link, image, code or tag of theirs"
    text = "".join(c.content for c in inline if c.type == "text")
    for typed in ("# Kop | met <b>vet</b> & [link](http://example.org)", "<script>alert('actor')</script>",
                  "*ster*", "`code` &amp; _schuin_", "| twee | pipes | ~~weg~~", "![beeld](http://example.org/x.png)",
                  "<img src=x onerror=alert(1)>", "# Geen kop"):
        assert typed in text, typed


def test_headings_and_tables_keep_their_shape(workshops, client):
    run = hostile_run(workshops)
    data = summary(client, run).json
    tokens = MarkdownIt("commonmark").enable("table").parse(summary(client, run, "md").data.decode())
    headings = ["".join(c.content for c in tokens[i + 1].children)
                for i, t in enumerate(tokens) if t.type == "heading_open"]
    ours = [data["workshop"]["title"], export.Words("nl")("summary.key_points"),
            *(s.title for s in export.sections(data)),
            *(t.title for s in export.sections(data) for t in s.tables if t.title != s.title)]
    assert sorted(headings) == sorted(ours)
    assert not [t for t in tokens if t.type in ("blockquote_open", "ordered_list_open", "code_block", "hr")]
    widths, row = [], 0
    for t in tokens:
        if t.type == "tr_open":
            row = 0
        elif t.type in ("th_open", "td_open"):
            row += 1
        elif t.type == "tr_close":
            widths.append(row)
        elif t.type == "table_close":
            assert len(set(widths)) == 1, "every row of a table has as many cells as its header"
            widths = []


def test_escaping_leaves_plain_words_alone():
    assert export.escape_md("GGD'en, 4,5 en 100% — prima!") == "GGD'en, 4,5 en 100% — prima!"
    assert export.escape_md("regel\nnog een") == "regel nog een"
