"""External programs some tests read outputs with (pandoc, pdftotext, LibreOffice)."""

from __future__ import annotations

import os
import shutil

import pytest


def require_tool(name: str) -> str:
    """Path of `name`; skip the test when it is missing, unless TOPOLREPORT_REQUIRE_TOOLS=1
    (as in CI), where a missing tool is a failure rather than a silent skip."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed"
        if os.environ.get("TOPOLREPORT_REQUIRE_TOOLS") == "1":
            pytest.fail(message + " (TOPOLREPORT_REQUIRE_TOOLS=1)")
        pytest.skip(message)
    return path
