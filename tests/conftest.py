"""Fixtures shared by the test modules. Plain helpers live beside it, imported by name:
factories.py (editions for tests) and cli_runner.py (the command line run in-process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from topolreport.importers import ImportResult, import_report_text

from factories import SOURCE_2023, save_editions, small_edition


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    """An editions folder holding the small edition 2024-02 and its catalogue. Modules that
    need other editions define their own `editions`."""
    return save_editions(tmp_path / "editions", small_edition())


@pytest.fixture(scope="session")
def imported_2023() -> ImportResult:
    """The 2023 report's text imported, once for the whole run: treat it as read-only."""
    return import_report_text(SOURCE_2023, "2023-02", None)
