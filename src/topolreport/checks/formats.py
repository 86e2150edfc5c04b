"""A check report as people and CI systems read it: text, JSON, GitHub annotations, JUnit XML."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .findings import ERROR, Finding
from .runner import RULES, CheckReport, EditionReport

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("text", "json", "github", "junit")


def display_path(path: Path | None) -> str:
    """A finding's file as a CI system wants it: relative to the working folder when inside it."""
    if path is None:
        return ""
    if path.is_absolute():
        with contextlib.suppress(ValueError):  # outside the working folder: keep it whole
            path = path.relative_to(Path.cwd())
    return path.as_posix()


def _where(finding: Finding) -> str:
    where = display_path(finding.file)
    if where and finding.line:
        where += f":{finding.line}"
    return where


def _counts(report: EditionReport) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _verdict(report: CheckReport) -> str:
    if report.failed:
        if report.options.strict and not any(r.errors for r in report.editions):
            return "failed: warnings fail the check with --strict"
        return "failed"
    return "passed"


# --- text --------------------------------------------------------------------------------


def print_text(report: CheckReport, console: Console) -> None:
    """One line per finding with its location, the fix under it, then a line per edition."""
    from rich.markup import escape

    strict = report.options.strict
    for edition in report.editions:
        for finding in edition.findings:
            failing = finding.severity == ERROR or strict
            style = "bold red" if failing else "yellow"
            where = _where(finding)
            console.print(
                (f"{escape(where)}: " if where else "")
                + f"[{style}]{finding.severity}[/] [bold]{finding.code}[/] "
                + f"{escape(finding.rule.name)}: {escape(finding.message)}"
            )
            console.print(f"  [dim]fix:[/] {escape(finding.fix)}")
        for code, reason in sorted(edition.disabled.items()):
            console.print(f"[dim]{edition.edition}: {code} switched off: {escape(reason)}[/]")
        note = "" if edition.loaded else " (the edition does not load; no other rule ran)"
        console.print(f"[bold]{edition.edition}[/]: {_counts(edition)}{note}")
    verdict = _verdict(report)
    style = "bold red" if report.failed else "bold green"
    console.print(f"[{style}]{verdict}[/]: {_plural(len(report.editions), 'edition')} checked")


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
    document = {
        "passed": not report.failed,
        "strict": strict,
        "editions": [
            {
                "edition": edition.edition,
                "passed": not edition.failed(strict),
                "loaded": edition.loaded,
                "errors": len(edition.errors),
                "warnings": len(edition.warnings),
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


# --- GitHub Actions workflow commands ----------------------------------------------------


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: CheckReport) -> str:
    """`::error file=…,line=…,title=…::message` per finding (warnings fail with --strict, so
    they are annotated as errors then), and a plain summary line per edition."""
    lines = []
    strict = report.options.strict
    for edition in report.editions:
        for finding in edition.findings:
            level = "error" if finding.severity == ERROR or strict else "warning"
            properties = []
            if finding.file is not None:
                properties.append(f"file={_escape_property(display_path(finding.file))}")
                if finding.line:
                    properties.append(f"line={finding.line}")
            properties.append(f"title={_escape_property(finding.rule.title)}")
            message = f"{finding.message}. Fix: {finding.fix}"
            lines.append(f"::{level} {','.join(properties)}::{_escape_data(message)}")
    lines += [f"{edition.edition}: {_counts(edition)}" for edition in report.editions]
    lines.append(f"{_verdict(report)}: {_plural(len(report.editions), 'edition')} checked")
    return "\n".join(lines) + "\n"


# --- JUnit XML ---------------------------------------------------------------------------


def junit(report: CheckReport) -> str:
    """One test suite per edition and one test case per rule: a rule with errors (or, with
    --strict, warnings) fails; its warnings otherwise go to the case's output; a rule switched
    off is skipped with its reason."""
    import xml.etree.ElementTree as ET

    strict = report.options.strict
    root = ET.Element("testsuites", name="topolreport check")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for edition in report.editions:
        suite = ET.SubElement(root, "testsuite", name=f"topolreport check {edition.edition}")
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        by_rule: dict[str, list[Finding]] = {}
        for finding in edition.findings:
            by_rule.setdefault(finding.code, []).append(finding)
        ran = {rule.code for rule in edition.rules}
        for rule in (r for r in RULES if report.options.selects(r)):
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"topolreport.check.{edition.edition}",
                name=rule.title,
            )
            counts["tests"] += 1
            findings = by_rule.get(rule.code, [])
            if rule.code in edition.disabled:
                ET.SubElement(
                    case, "skipped", message=f"switched off: {edition.disabled[rule.code]}"
                )
                counts["skipped"] += 1
                continue
            if rule.code not in ran:
                ET.SubElement(case, "skipped", message="not run: the edition does not load")
                counts["skipped"] += 1
                continue
            if findings and findings[0].file is not None:
                case.set("file", display_path(findings[0].file))
            failing = [f for f in findings if f.severity == ERROR or strict]
            if failing:
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=f"{_plural(len(failing), rule.severity)}: {failing[0].message}",
                    type=rule.code,
                )
                failure.text = _finding_lines(failing)
                counts["failures"] += 1
            elif findings:
                ET.SubElement(case, "system-out").text = _finding_lines(findings)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _finding_lines(findings: list[Finding]) -> str:
    lines = []
    for finding in findings:
        where = _where(finding)
        prefix = f"{where}: " if where else ""
        lines.append(f"{prefix}{finding.severity} {finding.code}: {finding.message}")
        lines.append(f"  fix: {finding.fix}")
    return "\n".join(lines)


def render(report: CheckReport, fmt: str) -> str:
    if fmt == "text":
        return text(report)
    if fmt == "json":
        return as_json(report)
    if fmt == "github":
        return github(report)
    if fmt == "junit":
        return junit(report)
    raise ValueError(f"unknown format {fmt!r}")
