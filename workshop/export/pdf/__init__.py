"""The summary as a PDF: page layout (layout), pictures (charts) and the report's order (report)."""

from .report import pdf

__all__ = ["pdf"]
