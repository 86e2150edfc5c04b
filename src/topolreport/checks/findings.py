"""What a check reports: rules (stable codes) and the findings they raise.

A rule's code never changes meaning once published: editions switch rules off by code, and CI
logs and dashboards are read by code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Rule:
    """One thing the gate checks."""

    code: str  # "TR010"
    name: str  # "unresolved-crossref"
    severity: Severity
    summary: str  # what the rule finds, in a sentence
    fix: str  # how to fix a finding, in general terms
    # Rules that run only when asked for (e.g. a stricter pre-publication pass). None: always.
    opt_in: str | None = None
    # Rules that a stricter opt-in group replaces (e.g. a warning that "final" makes an error).
    off_in: str | None = None
    # Rules about the check itself and the snapshot's shape cannot be switched off.
    can_disable: bool = True

    @property
    def title(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class Finding:
    """One problem, located in the snapshot, with what to do about it."""

    rule: Rule
    message: str  # what is wrong, naming the thing ("no entry for G5")
    fix: str  # what to do, specific to this finding
    file: Path | None = None
    line: int | None = None
    edition: str | None = None
    # What the finding is about, worded without counts that change as the text is edited
    # ("entry P2: NHSX is never defined"); the baseline matches findings by it. None: the
    # message says it.
    key: str | None = None

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def where(self) -> str:
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule.code,
            "name": self.rule.name,
            "severity": self.rule.severity,
            "edition": self.edition,
            "file": None if self.file is None else self.file.as_posix(),
            "line": self.line,
            "message": self.message,
            "fix": self.fix,
        }
