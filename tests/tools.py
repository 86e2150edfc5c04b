"""External programs some tests read outputs with (pandoc, pdftotext, LibreOffice)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest


def require_tool(name: str) -> str:
    """Path of `name`; skip the test when it is missing, unless TOPOLREPORT_REQUIRE_TOOLS=1
    (as in CI), where a missing tool is a failure rather than a silent skip."""
    path = shutil.which(name)
    if path is None:
        missing_tool(f"{name} is not installed")
    return path


def missing_tool(message: str) -> NoReturn:
    """Skip the test for a tool that is not there, or fail it under TOPOLREPORT_REQUIRE_TOOLS=1."""
    if os.environ.get("TOPOLREPORT_REQUIRE_TOOLS") == "1":
        pytest.fail(message + " (TOPOLREPORT_REQUIRE_TOOLS=1)")
    pytest.skip(message)


def libreoffice_pdf_text(document: Path, workdir: Path) -> str:
    """Convert a .docx with LibreOffice (a private profile, headless) and read the PDF back
    with pdftotext; fails the test with LibreOffice's message when it cannot convert."""
    soffice = require_tool("soffice")
    pdftotext = require_tool("pdftotext")
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(document),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    converted = workdir / f"{document.stem}.pdf"
    assert result.returncode == 0, result.stderr
    assert converted.is_file(), result.stdout + result.stderr
    return subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(converted), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
