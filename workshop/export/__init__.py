"""Summary downloads: the summary dict (domain.summary) as JSON, Markdown, CSV or PDF.

Used by the download routes (through `workshop.downloads`, off the event loop) and
by the CLI. Every format renders one table model (`tables`), with numbers and dates
written by `words`, so they always say the same; the PDF adds charts (fpdf2's
drawing primitives, no system libraries) for people who read it on paper.
"""

import json
import re
import unicodedata

from .csvfile import csv_text
from .markdown import escape_md, markdown
from .pdf import pdf
from .pdf.timeline import timeline_pdf
from .tables import Section, Table, sections, tables
from .timeline import markdown as timeline_markdown
from .words import Words

FORMATS = ("json", "md", "csv", "pdf")
MIMETYPES = {"json": "application/json", "md": "text/markdown; charset=utf-8",
             "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}
SLUG_MAX = 40

__all__ = ["FORMATS", "MIMETYPES", "Section", "Table", "Words", "escape_md", "filename", "render",
           "render_timeline", "sections", "tables", "timeline_filename"]


def render(summary: dict, fmt: str) -> bytes:
    """The summary in one of FORMATS, as the bytes of a file."""
    if fmt == "json":
        return json.dumps(summary, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "md":
        return markdown(summary).encode("utf-8")
    if fmt == "csv":
        return csv_text(summary).encode("utf-8-sig")
    if fmt == "pdf":
        return pdf(summary)
    raise ValueError(f"unknown format {fmt!r}")


def render_timeline(timeline: dict, fmt: str) -> bytes:
    """The intervention's timeline (`GET /api/workshops/{code}/timeline`) as Markdown or PDF."""
    if fmt == "md":
        return timeline_markdown(timeline).encode("utf-8")
    if fmt == "pdf":
        return timeline_pdf(timeline)
    raise ValueError(f"unknown format {fmt!r}")


def timeline_filename(timeline: dict, fmt: str) -> str:
    return f"opschalen-{timeline['code'].lower()}-{slug(timeline['intervention'])}-timeline.{fmt}"


def filename(summary: dict, fmt: str) -> str:
    """One pattern for every format: opschalen-<code>-<title>-<day of the workshop>.<ext>,
    in lower-case ASCII so it survives every file system and mail program."""
    w = summary["workshop"]
    parts = ["opschalen", w["code"].lower(), slug(w["title"]), (w.get("created_at") or "")[:10]]
    return "-".join(p for p in parts if p) + f".{fmt}"


def slug(text: str) -> str:
    """"Beweegkuur: één regio!" → "beweegkuur-een-regio", cut at a word within SLUG_MAX characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > SLUG_MAX:
            break
        result = candidate
    return result or (words[0][:SLUG_MAX] if words else "")
