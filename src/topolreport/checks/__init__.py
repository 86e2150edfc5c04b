"""The CI gate: rules over an edition, each finding with a stable code, a severity, a file and
line in the snapshot, and how to fix it. See docs/checks.md for the rules.

    report = check_editions(Path("editions"), ["2023-02"])
    report.failed, report.editions[0].findings
"""

from __future__ import annotations

from .findings import ERROR, WARNING, Finding, Rule, Severity
from .runner import (
    RULES,
    BaselineUse,
    CheckOptions,
    CheckReport,
    EditionReport,
    check_edition,
    check_editions,
    check_saved_edition,
    rule,
)

__all__ = [
    "ERROR",
    "RULES",
    "WARNING",
    "BaselineUse",
    "CheckOptions",
    "CheckReport",
    "EditionReport",
    "Finding",
    "Rule",
    "Severity",
    "check_edition",
    "check_editions",
    "check_saved_edition",
    "rule",
]
