"""The check report as JUnit XML: one test suite per edition, one test case per rule.

Viewers hide `system-out`, so a rule with only warnings is shown as skipped with its
findings (the default) or as failed (`--junit-warnings failure`); either way the message
names the first finding and the element's text lists them all.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .findings import ERROR, Finding
from .runner import RULES, CheckReport
from .wording import display_path, plural, where


def junit(report: CheckReport, *, warnings_as: str = "skipped") -> str:
    """A rule with errors (or, with --strict, warnings) fails; a rule with only warnings is
    `warnings_as` ("skipped" or "failure"); a rule switched off is skipped with its reason."""
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
            if not findings:
                continue
            if findings[0].file is not None:
                case.set("file", display_path(findings[0].file))
            failing = all(f.severity == ERROR for f in findings) or strict
            element = "failure" if failing or warnings_as == "failure" else "skipped"
            shown = ET.SubElement(
                case,
                element,
                message=f"{plural(len(findings), rule.severity)}: {findings[0].message}",
            )
            if element == "failure":
                shown.set("type", rule.code)
            shown.text = _finding_lines(findings)
            counts["failures" if element == "failure" else "skipped"] += 1
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
        place = where(finding)
        prefix = f"{place}: " if place else ""
        lines.append(f"{prefix}{finding.severity} {finding.code}: {finding.message}")
        lines.append(f"  fix: {finding.fix}")
    return "\n".join(lines)
