"""The summary as a PDF: page layout (layout), pictures (charts), the report's order (report) and
an event's report of several groups (event)."""

from .event import event_pdf
from .report import pdf

__all__ = ["event_pdf", "pdf"]
