"""The documents a reader gets, built once per test session for the accessibility tests: the
real 2023 edition, a next edition with known edits built `--with-changes`, and the diff page
between the two."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from topolreport.cli import cli

from factories import EDITS, import_with_edits

EDITIONS = Path(__file__).resolve().parents[1] / "editions"


@dataclass(frozen=True)
class Publications:
    edition_pdf: Path
    edition_html: Path
    changes_pdf: Path
    changes_html: Path
    diff_html: Path


_built: list[Publications] = []


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.output  # diff exits 1: there are differences
    return result.stdout


def publications(factory: pytest.TempPathFactory) -> Publications:
    if _built:
        return _built[0]
    if not (EDITIONS / "2023-02").is_dir():
        pytest.skip("the 2023 edition is not in editions/")
    root = factory.mktemp("publications")
    editions = import_with_edits(root, EDITS)
    out = root / "out"
    _run("build", "2023-02", "--format", "pdf,html", "--editions", str(EDITIONS),
         "--out", str(out / "edition"))  # fmt: skip
    _run("build", "2024-02", "--with-changes", "--format", "pdf,html",
         "--editions", str(editions), "--out", str(out / "changes"))  # fmt: skip
    diff = out / "diff.html"
    diff.write_text(
        _run("diff", "2023-02", "2024-02", "--format", "html", "--editions", str(editions)),
        encoding="utf-8",
    )
    edition = out / "edition" / "topol-review-progress-2023-02"
    changes = out / "changes" / "topol-review-progress-2024-02"
    _built.append(
        Publications(
            edition.with_suffix(".pdf"),
            edition.with_suffix(".html"),
            changes.with_suffix(".pdf"),
            changes.with_suffix(".html"),
            diff,
        )
    )
    return _built[0]
