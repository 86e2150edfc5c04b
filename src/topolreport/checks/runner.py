"""Run the rules over editions and collect what they find."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from ..errors import InputError
from ..model import Edition
from ..store import SourceMap, load_edition_located, resolve_edition_id
from . import (
    abbreviations,
    entries,
    identifiers,
    links,
    metrics,
    publishing,
    references,
    review,
    snapshot,
)
from .context import CheckContext
from .findings import ERROR, WARNING, Finding, Rule

# One module per family of rules; each declares its RULES and a check(ctx) yielding findings.
FAMILIES: tuple[ModuleType, ...] = (
    entries,
    references,
    abbreviations,
    links,
    metrics,
    identifiers,
    review,
    publishing,
)

RULES: tuple[Rule, ...] = tuple(
    sorted(
        [rule for family in FAMILIES for rule in family.RULES] + list(snapshot.RULES),
        key=lambda rule: rule.code,
    )
)


def rule(code: str) -> Rule:
    for known in RULES:
        if known.code == code:
            return known
    raise KeyError(code)


@dataclass(frozen=True)
class CheckOptions:
    strict: bool = False  # warnings fail the run too
    # Opt-in rule groups to run besides the default ones (see Rule.opt_in).
    opt_in: frozenset[str] = frozenset()

    def selects(self, rule: Rule) -> bool:
        chosen = rule.opt_in is None or rule.opt_in in self.opt_in
        return chosen and (rule.off_in is None or rule.off_in not in self.opt_in)


@dataclass
class EditionReport:
    edition: str
    findings: list[Finding] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # the rules that ran
    disabled: dict[str, str] = field(default_factory=dict)  # code -> reason it is off
    loaded: bool = True

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))


@dataclass
class CheckReport:
    editions: list[EditionReport]
    options: CheckOptions = field(default_factory=CheckOptions)

    @property
    def failed(self) -> bool:
        return any(report.failed(self.options.strict) for report in self.editions)


def check_edition(
    edition: Edition, sources: SourceMap | None = None, options: CheckOptions | None = None
) -> EditionReport:
    """Check an edition in memory; `sources` (from load_edition_located) adds locations."""
    options = options or CheckOptions()
    ctx = CheckContext(edition, sources)
    disabled, findings = snapshot.rule_switches(ctx, RULES)
    report = EditionReport(edition.id, disabled=disabled)
    active = {r.code for r in RULES if options.selects(r) and r.code not in disabled}
    report.rules = [r for r in RULES if r.code in active]
    for family in FAMILIES:
        if not any(r.code in active for r in family.RULES):
            continue
        findings.extend(f for f in family.check(ctx) if f.rule.code in active)
    # Errors before warnings, by rule; each rule's findings stay in document order.
    report.findings = sorted(findings, key=lambda f: (f.severity != ERROR, f.rule.code))
    return report


def check_saved_edition(
    editions_dir: Path, edition_id: str, options: CheckOptions | None = None
) -> EditionReport:
    """Load an edition from the snapshot and check it; load errors become TR090 findings."""
    options = options or CheckOptions()
    edition_id = resolve_edition_id(editions_dir, edition_id)  # an unknown id is a usage error
    try:
        edition, sources = load_edition_located(editions_dir, edition_id)
    except InputError as error:
        return EditionReport(
            edition_id,
            findings=snapshot.schema_findings(error, edition_id),
            rules=[snapshot.SCHEMA],
            loaded=False,
        )
    return check_edition(edition, sources, options)


def check_editions(
    editions_dir: Path, edition_ids: Sequence[str], options: CheckOptions | None = None
) -> CheckReport:
    options = options or CheckOptions()
    return CheckReport(
        [check_saved_edition(editions_dir, edition_id, options) for edition_id in edition_ids],
        options,
    )
