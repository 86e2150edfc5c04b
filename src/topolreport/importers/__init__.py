"""Importers: a published report in some layout -> an Edition (and, the first time, a Catalogue)."""

from __future__ import annotations

from .report_text import ImportResult, import_report_text

__all__ = ["ImportResult", "import_report_text"]
