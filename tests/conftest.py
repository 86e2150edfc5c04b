"""Fixtures shared by the test modules. Plain helpers live beside it, imported by name:
factories.py (editions for tests) and cli_runner.py (the command line run in-process)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from topolreport.importers import ImportResult, import_report_text
from topolreport.store.parse_cache import CACHE_ENV

from factories import SOURCE_2023, save_editions, small_edition


@pytest.fixture(scope="session", autouse=True)
def parse_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The cache of parsed snapshot files in a folder of the run (commands run as processes
    inherit it), never the user's own cache."""
    folder = tmp_path_factory.mktemp("parse-cache")
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    """An editions folder holding the small edition 2024-02 and its catalogue. Modules that
    need other editions define their own `editions`."""
    return save_editions(tmp_path / "editions", small_edition())


@pytest.fixture(scope="session")
def imported_2023() -> ImportResult:
    """The 2023 report's text imported, once for the whole run: treat it as read-only."""
    return import_report_text(SOURCE_2023, "2023-02", None)
