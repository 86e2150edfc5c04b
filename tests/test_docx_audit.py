"""The Word files pass openxml-audit, a port of the Open XML SDK's validator, with no findings:
what Word would repair or refuse is found here rather than by a reader."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openxml_audit import OpenXmlValidator

from topolreport.cli import cli

from factories import EDITS, import_with_edits

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = ROOT / "editions"
REFERENCE = ROOT / "templates" / "reference.docx"


def _findings(path: Path) -> list[str]:
    result = OpenXmlValidator().validate(path)
    return [f"{error.part_uri} {error.path}: {error.description}" for error in result.errors]


def _stale_styles_part(path: Path) -> list[str]:
    """Where Word 2010's second copy of the styles (stylesWithEffects.xml) is still mentioned."""
    with zipfile.ZipFile(path) as package:
        found = [name for name in package.namelist() if "stylesWithEffects" in name]
        for name in ("[Content_Types].xml", "word/_rels/document.xml.rels"):
            if b"stylesWithEffects" in package.read(name):
                found.append(name)
    return found


def test_the_reference_document_has_only_one_copy_of_the_styles() -> None:
    assert _stale_styles_part(REFERENCE) == []
    assert _findings(REFERENCE) == []


def test_the_built_2023_document_passes_openxml_audit(tmp_path: Path) -> None:
    if not (EDITIONS / "2023-02").is_dir():
        pytest.skip("the 2023 edition is not in editions/")
    args = ["build", "2023-02", "--format", "docx", "--editions", str(EDITIONS)]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (built,) = tmp_path.glob("*.docx")
    assert _stale_styles_part(built) == []
    assert _findings(built) == []


def test_the_review_copy_passes_openxml_audit(tmp_path: Path) -> None:
    editions = import_with_edits(tmp_path, EDITS, "2023-02", "2024-02")
    output = tmp_path / "review.docx"
    args = ["diff", "2023-02", "2024-02", "--format", "docx", "--output", str(output)]
    result = CliRunner().invoke(cli, [*args, "--editions", str(editions)])
    assert result.exit_code == 1, result.output  # there are changes
    assert _stale_styles_part(output) == []
    assert _findings(output) == []
