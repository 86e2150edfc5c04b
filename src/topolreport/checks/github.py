"""The check report in a GitHub Actions run: annotations within GitHub's limits, and a step
summary with every finding.

GitHub shows at most 10 error and 10 warning annotations of a step and drops the rest
without a word, so the errors go first, the findings past the limit are printed as plain log
lines, and a final notice says how many were not annotated and where they are.
"""

from __future__ import annotations

from .findings import ERROR, Finding
from .runner import CheckReport
from .wording import baseline_line, counts, display_path, plural, rule_counts, verdict, where

ANNOTATIONS_PER_LEVEL = 10  # GitHub's limit per step, for errors and for warnings alike
# GitHub keeps 1 MiB of summary per step; stay under it with room for the closing lines.
SUMMARY_LIMIT = 1024 * 1024 - 4096


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _level(finding: Finding, strict: bool) -> str:
    """Warnings fail the run with --strict, so they are annotated as errors then."""
    return "error" if finding.severity == ERROR or strict else "warning"


def _annotation(finding: Finding, level: str) -> str:
    properties = []
    if finding.file is not None:
        properties.append(f"file={_escape_property(display_path(finding.file))}")
        if finding.line:
            properties.append(f"line={finding.line}")
    properties.append(f"title={_escape_property(finding.rule.title)}")
    message = f"{finding.message}. Fix: {finding.fix}"
    return f"::{level} {','.join(properties)}::{_escape_data(message)}"


def workflow_log(report: CheckReport, *, step_summary: bool = False) -> str:
    """`::error file=…,line=…,title=…::message` for the first 10 errors and the first 10
    warnings, the other findings as plain lines, a line per edition, the verdict, and a
    `::notice` saying how many findings were not annotated."""
    strict = report.options.strict
    by_level: dict[str, list[Finding]] = {"error": [], "warning": []}
    for finding in report.findings:
        by_level[_level(finding, strict)].append(finding)
    lines = []
    rest: dict[str, list[Finding]] = {}
    for level, found in by_level.items():  # errors first
        lines += [_annotation(f, level) for f in found[:ANNOTATIONS_PER_LEVEL]]
        rest[level] = found[ANNOTATIONS_PER_LEVEL:]
    for level, found in rest.items():
        for finding in found:
            place = where(finding)
            lines.append(
                (f"{place}: " if place else "")
                + f"{level} {finding.rule.title}: {finding.message}. Fix: {finding.fix}"
            )
    lines += [f"{edition.edition}: {counts(edition)}" for edition in report.editions]
    accepted = baseline_line(report)
    if accepted:
        lines.append(accepted)
    lines.append(verdict(report))
    left = len(rest["error"]) + len(rest["warning"])
    if left:
        said = ", ".join(plural(len(found), level) for level, found in rest.items() if found)
        where_listed = (
            "every finding is in the step summary"
            if step_summary
            else "they are listed in the log above the per-edition counts"
        )
        lines.append(
            f"::notice title=topolreport check::{_escape_data(plural(left, 'more finding'))} "
            f"({said}) not annotated: GitHub shows {ANNOTATIONS_PER_LEVEL} annotations of each "
            f"kind per step; {where_listed}"
        )
    return "\n".join(lines) + "\n"


# --- the step summary ($GITHUB_STEP_SUMMARY) ---------------------------------------------


def _cell(value: str) -> str:
    """Text in a Markdown table cell: no line breaks or column bars, and outside `code`
    spans no angle brackets that GitHub would take for HTML."""
    value = value.replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    parts = value.split("`")
    for i in range(0, len(parts), 2):  # even parts lie outside code spans
        parts[i] = parts[i].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "`".join(parts)


def step_summary(report: CheckReport) -> str:
    """Markdown: the verdict, a table of editions, the counts by rule, and a table with every
    finding (cut short, saying so, only past GitHub's 1 MiB)."""
    strict = report.options.strict
    mark = "❌" if report.failed else "✅"
    out = [f"## {mark} topolreport check {_cell(verdict(report))}", ""]
    out += ["| Edition | Errors | Warnings | Accepted by the baseline |", "|---|--:|--:|--:|"]
    for edition in report.editions:
        loads = "" if edition.loaded else " (does not load)"
        out.append(
            f"| {_cell(edition.edition)}{loads} | {len(edition.errors)} | "
            f"{len(edition.warnings)} | {edition.accepted} |"
        )
    accepted = baseline_line(report)
    if accepted:
        out += ["", _cell(accepted)]
    by_rule = rule_counts(report)
    if by_rule:
        out += ["", "| Rule | Findings |", "|---|--:|"]
        out += [f"| {_cell(title)} | {count} |" for title, count in by_rule]
    findings = report.findings
    if findings:
        out += ["", "### Findings", ""]
        out += ["| Severity | Rule | Where | What is wrong | How to fix |", "|---|---|---|---|---|"]
    size = sum(len(line.encode("utf-8")) + 1 for line in out)
    for shown, finding in enumerate(findings):
        place = where(finding)
        row = (
            f"| {_level(finding, strict)} | {_cell(finding.rule.title)} | "
            f"{f'`{_cell(place)}`' if place else ''} | {_cell(finding.message)} | "
            f"{_cell(finding.fix)} |"
        )
        size += len(row.encode("utf-8")) + 1
        if size > SUMMARY_LIMIT:
            out += [
                "",
                f"{len(findings) - shown} more findings are not listed: GitHub keeps 1 MiB "
                "of summary per step. `topolreport check --format json` lists them all.",
            ]
            break
        out.append(row)
    return "\n".join(out) + "\n\n"
