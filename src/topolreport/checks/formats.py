"""A check report as people and CI systems read it: text, JSON, GitHub annotations, JUnit XML.

GitHub's annotations and step summary are in github.py, JUnit in junit.py; this module
dispatches, writes the text and JSON forms, and recognises a report it wrote earlier.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .findings import ERROR
from .runner import CheckReport
from .wording import baseline_line, counts, display_path, rule_counts, verdict, where

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("text", "json", "github", "junit")
JUNIT_WARNINGS = ("skipped", "failure")

# --- text --------------------------------------------------------------------------------


def print_text(report: CheckReport, console: Console) -> None:
    """One line per finding with its location, the fix under it, then a line per edition,
    the findings counted by rule, what the baseline left out, and the verdict."""
    from rich.markup import escape

    strict = report.options.strict
    for edition in report.editions:
        for finding in edition.findings:
            failing = finding.severity == ERROR or strict
            style = "bold red" if failing else "yellow"
            place = where(finding)
            console.print(
                (f"{escape(place)}: " if place else "")
                + f"[{style}]{finding.severity}[/] [bold]{finding.code}[/] "
                + f"{escape(finding.rule.name)}: {escape(finding.message)}"
            )
            console.print(f"  [dim]fix:[/] {escape(finding.fix)}")
        for code, reason in sorted(edition.disabled.items()):
            console.print(f"[dim]{edition.edition}: {code} switched off: {escape(reason)}[/]")
        note = "" if edition.loaded else " (the edition does not load; no other rule ran)"
        if edition.unloaded:
            files = ", ".join(display_path(file) for file in edition.unloaded)
            note = f" ({files}: not loaded, checked by code and narrative only)"
        console.print(f"[bold]{edition.edition}[/]: {counts(edition)}{note}")
    by_rule = rule_counts(report)
    if by_rule:
        console.print("by rule:")
        width = max(len(title) for title, _ in by_rule)
        for title, count in by_rule:
            console.print(f"  {escape(title):<{width}}  {count}")
    accepted = baseline_line(report)
    if accepted:
        console.print(f"[dim]{escape(accepted)}[/]")
    style = "bold red" if report.failed else "bold green"
    console.print(f"[{style}]{escape(verdict(report))}[/]")


def text(report: CheckReport) -> str:
    """The text report without colour, e.g. for a file."""
    import io

    from rich.console import Console

    stream = io.StringIO()
    print_text(report, Console(file=stream, no_color=True, highlight=False, soft_wrap=True))
    return stream.getvalue()


# --- JSON --------------------------------------------------------------------------------


def as_json(report: CheckReport) -> str:
    strict = report.options.strict
    use = report.baseline
    document = {
        "passed": not report.failed,
        "strict": strict,
        "baseline": None
        if use is None
        else {"file": display_path(use.file), "accepted": use.accepted, "stale": use.stale},
        "editions": [
            {
                "edition": edition.edition,
                "passed": not edition.failed(strict),
                "loaded": edition.loaded,
                "errors": len(edition.errors),
                "warnings": len(edition.warnings),
                "accepted": edition.accepted,
                "rules": [rule.code for rule in edition.rules],
                "disabled": [
                    {"rule": code, "reason": reason}
                    for code, reason in sorted(edition.disabled.items())
                ],
                "findings": [
                    finding.as_dict() | {"file": display_path(finding.file) or None}
                    for finding in edition.findings
                ],
            }
            for edition in report.editions
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- dispatch ----------------------------------------------------------------------------


def render(
    report: CheckReport,
    fmt: str,
    *,
    junit_warnings: str = "skipped",
    step_summary: bool = False,
) -> str:
    """The report in `fmt`. `junit_warnings`: how JUnit shows a rule with only warnings;
    `step_summary`: whether GitHub's step summary lists every finding (the annotations say
    where the rest are)."""
    if fmt == "text":
        return text(report)
    if fmt == "json":
        return as_json(report)
    if fmt == "github":
        from .github import workflow_log

        return workflow_log(report, step_summary=step_summary)
    if fmt == "junit":
        from .junit import junit

        return junit(report, warnings_as=junit_warnings)
    raise ValueError(f"unknown format {fmt!r}")


# --- an earlier report -------------------------------------------------------------------

# The last line of the text and GitHub forms (GitHub's may be followed by one ::notice).
_VERDICT_RE = re.compile(r"^(passed|failed)(: warnings fail the check with --strict)?: \d+ ")
_TOO_BIG = 64 * 1024 * 1024  # no report of ours is this large; don't read it to find out


def is_check_report(path: Path) -> bool:
    """Whether `path` holds a report `topolreport check` wrote, in any of its formats, so
    that writing the next one over it destroys nothing a person made."""
    try:
        if not path.is_file() or path.stat().st_size > _TOO_BIG:
            return False
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if content.startswith("<?xml"):
        head = content[:300]
        return '<testsuites name="topolreport check"' in head
    if content.startswith("{"):
        try:
            document = json.loads(content)
        except ValueError:
            return False
        return isinstance(document, dict) and {"passed", "strict", "editions"} <= set(document)
    last = [line for line in content.splitlines() if line.strip()][-2:]
    return any(_VERDICT_RE.match(line) and " checked" in line for line in last)
