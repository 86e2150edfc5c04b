"""A baseline: findings accepted as they are (a published edition's known warnings), which
`check --baseline FILE` does not report again.

A finding is matched by a fingerprint of its rule, edition, file (relative to the editions
folder) and what it is about, worded without line numbers or counts: editing the text above a
finding, or adding a second use of an undefined abbreviation, does not bring it back. The
file is JSON with one finding a line, so a change to it reads well in a git diff; a count
says how many findings of one fingerprint are accepted (two links "guide" in one entry).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError
from .findings import Finding
from .runner import BaselineUse, CheckReport

MARKER = "topolreport check"
VERSION = 1
ABOUT = (
    "Findings accepted as they are: `topolreport check --baseline` does not report them "
    "again. Written by `topolreport check --write-baseline`; a finding is matched by its "
    "fingerprint (rule, edition, file, and the message without line numbers)."
)
BASELINE_FILE = "check-baseline.json"  # the name docs/checks.md suggests, in the editions folder

# "entries/G2.md:14" -> "entries/G2.md"; "line 14, column 3" -> "line"
_FILE_LINE_RE = re.compile(r"(\.[A-Za-z]{1,5}):\d+(?::\d+)?")
_LINE_RE = re.compile(r"\b(line|column)s? \d+(?:, column \d+)?")


@dataclass(frozen=True)
class Accepted:
    """One line of a baseline."""

    fingerprint: str
    rule: str
    edition: str
    file: str
    message: str  # the finding's key or message, without line numbers
    count: int = 1

    def as_json(self) -> str:
        return json.dumps(
            {
                "fingerprint": self.fingerprint,
                "rule": self.rule,
                "edition": self.edition,
                "file": self.file,
                "count": self.count,
                "message": self.message,
            },
            ensure_ascii=False,
        )


def _relative_file(path: Path | None, editions_dir: Path) -> str:
    """The file inside the editions folder, so a baseline holds wherever the folder is."""
    if path is None:
        return ""
    for inside, folder in ((path, editions_dir), (path.resolve(), editions_dir.resolve())):
        try:
            return inside.relative_to(folder).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _unlocated(text: str) -> str:
    return _LINE_RE.sub(r"\1", _FILE_LINE_RE.sub(r"\1", text))


def accepted_form(finding: Finding, editions_dir: Path) -> Accepted:
    """The finding as a baseline records it (count 1)."""
    rule, edition = finding.code, finding.edition or ""
    file = _relative_file(finding.file, editions_dir)
    message = _unlocated(finding.key or finding.message)
    digest = hashlib.sha256("\n".join((rule, edition, file, message)).encode("utf-8"))
    return Accepted(digest.hexdigest()[:16], rule, edition, file, message)


# --- writing -----------------------------------------------------------------------------


def _covered(report: CheckReport) -> set[tuple[str, str]]:
    """(edition, rule) pairs this run checked: a baseline's entries for them are rewritten."""
    return {(edition.edition, rule.code) for edition in report.editions for rule in edition.rules}


def baseline_text(report: CheckReport, editions_dir: Path, earlier: Iterable[Accepted] = ()) -> str:
    """Every finding of `report` (baselined or not), and the `earlier` baseline's entries for
    editions and rules this run did not check, sorted, one a line."""
    tally: Counter[Accepted] = Counter()
    for finding in report.findings:
        tally[accepted_form(finding, editions_dir)] += 1
    covered = _covered(report)
    entries = [replace(form, count=count) for form, count in tally.items()]
    entries += [e for e in earlier if (e.edition, e.rule) not in covered]
    entries.sort(key=lambda e: (e.edition, e.file, e.rule, e.message, e.fingerprint))
    head = json.dumps({"baseline": MARKER, "version": VERSION, "about": ABOUT}, indent=2)
    rows = ",\n".join(f"    {entry.as_json()}" for entry in entries)
    body = f'  "findings": [\n{rows}\n  ]' if entries else '  "findings": []'
    return head[:-2] + ",\n" + body + "\n}\n"


# --- reading -----------------------------------------------------------------------------


def _document(path: Path) -> object:
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            "baseline not found",
            file=path,
            field="--baseline",
            hint="write one with `topolreport check --all --write-baseline FILE`",
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the baseline: {error}", file=path) from None
    try:
        return json.loads(content)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON: {error.msg}", file=path, line=error.lineno) from None


def is_baseline(path: Path) -> bool:
    """Whether `path` holds a baseline (so writing a new one over it loses nothing else)."""
    try:
        document = _document(path)
    except InputError:
        return False
    return isinstance(document, dict) and document.get("baseline") == MARKER


def read_baseline(path: Path) -> list[Accepted]:
    document = _document(path)
    if not isinstance(document, dict) or document.get("baseline") != MARKER:
        raise InputError(
            "not a topolreport check baseline",
            file=path,
            field="baseline",
            hint="write one with `topolreport check --all --write-baseline FILE`",
        )
    if document.get("version") != VERSION:
        raise InputError(
            f"baseline version {document.get('version')!r} is not {VERSION}",
            file=path,
            field="version",
            hint="rewrite it with --write-baseline",
        )
    rows = document.get("findings")
    if not isinstance(rows, list):
        raise InputError("must be a list", file=path, field="findings")
    accepted = []
    for i, row in enumerate(rows):
        fields = ("fingerprint", "rule", "edition", "file", "message")
        if (
            not isinstance(row, dict)
            or not all(isinstance(row.get(name), str) for name in fields)
            or not isinstance(row.get("count"), int)
            or row["count"] < 1
        ):
            raise InputError(
                "each finding needs fingerprint, rule, edition, file and message (text) and "
                "a count of 1 or more",
                file=path,
                field=f"findings[{i}]",
                hint="rewrite the baseline with --write-baseline",
            )
        accepted.append(
            Accepted(
                fingerprint=row["fingerprint"],
                rule=row["rule"],
                edition=row["edition"],
                file=row["file"],
                message=row["message"],
                count=row["count"],
            )
        )
    return accepted


# --- applying ----------------------------------------------------------------------------


def apply_baseline(
    report: CheckReport, accepted: list[Accepted], file: Path, editions_dir: Path
) -> CheckReport:
    """The report without the findings the baseline accepts, saying how many it left out
    and how many of its findings no longer occur."""
    covered = _covered(report)
    left: Counter[str] = Counter()
    for entry in accepted:
        if (entry.edition, entry.rule) in covered:
            left[entry.fingerprint] += entry.count
    editions = []
    for edition in report.editions:
        kept = []
        for finding in edition.findings:
            fingerprint = accepted_form(finding, editions_dir).fingerprint
            if left[fingerprint] > 0:
                left[fingerprint] -= 1
            else:
                kept.append(finding)
        editions.append(
            replace(
                edition,
                findings=kept,
                accepted=edition.accepted + len(edition.findings) - len(kept),
            )
        )
    use = BaselineUse(
        file=file,
        accepted=sum(e.accepted for e in editions),
        stale=sum(count for count in left.values() if count > 0),
    )
    return replace(report, editions=editions, baseline=use)
