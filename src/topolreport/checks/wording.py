"""How every report format words a location, a count and the verdict, so they agree."""

from __future__ import annotations

import contextlib
from pathlib import Path

from .findings import Finding
from .runner import CheckReport, EditionReport


def display_path(path: Path | None) -> str:
    """A finding's file as a CI system wants it: relative to the working folder when inside it."""
    if path is None:
        return ""
    if path.is_absolute():
        with contextlib.suppress(ValueError):  # outside the working folder: keep it whole
            path = path.relative_to(Path.cwd())
    return path.as_posix()


def where(finding: Finding) -> str:
    """`file:line`, `file`, or nothing."""
    place = display_path(finding.file)
    if place and finding.line:
        place += f":{finding.line}"
    return place


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def counts(report: EditionReport) -> str:
    """`1 error, 2 warnings`, and how many the baseline accepted when it accepted any."""
    said = f"{plural(len(report.errors), 'error')}, {plural(len(report.warnings), 'warning')}"
    if report.accepted:
        said += f", {report.accepted} accepted by the baseline"
    return said


def verdict(report: CheckReport) -> str:
    """`passed` or `failed` (with why, when only warnings fail), the number of editions, and
    which rules ran when some were left out on purpose."""
    if report.failed:
        if report.options.strict and not any(r.errors for r in report.editions):
            said = "failed: warnings fail the check with --strict"
        else:
            said = "failed"
    else:
        said = "passed"
    said += f": {plural(len(report.editions), 'edition')} checked"
    options = report.options
    if options.only:
        said += f" ({', '.join(sorted(options.only))} only)"
    elif options.errors_only:
        said += " (rules for errors only)"
    return said


def rule_counts(report: CheckReport) -> list[tuple[str, str]]:
    """(rule title, "3 warnings") for each rule with findings, by code, over every edition."""
    by_code: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_code.setdefault(finding.code, []).append(finding)
    return [
        (found[0].rule.title, plural(len(found), found[0].severity))
        for _, found in sorted(by_code.items())
    ]


def baseline_line(report: CheckReport) -> str | None:
    """What the baseline left out, and whether it has gone stale; None without one."""
    use = report.baseline
    if use is None:
        return None
    said = (
        f"baseline {display_path(use.file)}: "
        f"{plural(use.accepted, 'accepted finding')} not reported"
    )
    if use.stale:
        said += f"; {use.stale} of its findings no longer occur (rewrite it with --write-baseline)"
    return said
