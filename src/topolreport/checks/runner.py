"""Run the rules over editions and collect what they find."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from ..errors import InputError
from ..model import Edition
from ..store import SourceMap, load_edition_located, resolve_edition_id
from . import abbreviations, entries, identifiers, links, metrics, references, review, snapshot
from . import initiatives as initiative_rules
from .context import CheckContext
from .findings import ERROR, WARNING, Finding, Rule
from .partial import without_broken_entries

# One module per family of rules; each declares its RULES and a check(ctx) yielding findings.
FAMILIES: tuple[ModuleType, ...] = (
    entries,
    references,
    abbreviations,
    links,
    metrics,
    identifiers,
    review,
    initiative_rules,
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


def rule_named(name: str) -> Rule | None:
    """The rule with this code ("TR030", "tr030") or name ("link-without-target")."""
    wanted = name.strip()
    for known in RULES:
        if wanted.upper() == known.code or wanted == known.name:
            return known
    return None


@dataclass(frozen=True)
class CheckOptions:
    strict: bool = False  # warnings fail the run too
    # Opt-in rule groups to run besides the default ones (see Rule.opt_in).
    opt_in: frozenset[str] = frozenset()
    # Only these rules (codes) run; empty: all. The snapshot's own rules (TR090, TR091)
    # always report, since nothing else can be checked without them.
    only: frozenset[str] = frozenset()
    errors_only: bool = False  # rules whose findings are warnings do not run

    def selects(self, rule: Rule) -> bool:
        chosen = rule.opt_in is None or rule.opt_in in self.opt_in
        if self.only and rule.code not in self.only:
            return False
        if self.errors_only and rule.severity != ERROR:
            return False
        return chosen and (rule.off_in is None or rule.off_in not in self.opt_in)

    @property
    def narrowed(self) -> bool:
        """Whether some rules were left out on purpose (--rule, --errors-only)."""
        return bool(self.only or self.errors_only)


@dataclass
class EditionReport:
    edition: str
    findings: list[Finding] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # the rules that ran
    disabled: dict[str, str] = field(default_factory=dict)  # code -> reason it is off
    loaded: bool = True
    accepted: int = 0  # findings the baseline accepted, left out of `findings`
    # Entry files that did not load: checked by their code and narrative only (TR090 says why).
    unloaded: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))


@dataclass(frozen=True)
class BaselineUse:
    """What a baseline did to a report."""

    file: Path
    accepted: int  # findings it accepted, not reported
    stale: int  # accepted findings that no longer occur (fixed since it was written)


@dataclass
class CheckReport:
    editions: list[EditionReport]
    options: CheckOptions = field(default_factory=CheckOptions)
    baseline: BaselineUse | None = None

    @property
    def findings(self) -> list[Finding]:
        return [finding for edition in self.editions for finding in edition.findings]

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
    # With --rule or --errors-only, switches of rules left out are not worth a line.
    shown = {
        code: reason
        for code, reason in disabled.items()
        if not options.narrowed or options.selects(rule(code))
    }
    report = EditionReport(edition.id, disabled=shown)
    active = {r.code for r in RULES if options.selects(r) and r.code not in disabled}
    report.rules = [r for r in RULES if r.code in active]
    for family in FAMILIES:
        if not any(r.code in active for r in family.RULES):
            continue
        findings.extend(f for f in family.check(ctx) if f.rule.code in active)
    report.findings = _ordered(findings)
    return report


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Errors before warnings, by rule; each rule's findings stay in document order."""
    return sorted(findings, key=lambda f: (f.severity != ERROR, f.rule.code))


def check_saved_edition(
    editions_dir: Path, edition_id: str, options: CheckOptions | None = None
) -> EditionReport:
    """Load an edition from the snapshot and check it; load errors become TR090 findings."""
    options = options or CheckOptions()
    edition_id = resolve_edition_id(editions_dir, edition_id)  # an unknown id is a usage error
    try:
        edition, sources = load_edition_located(editions_dir, edition_id)
    except InputError as error:
        broken = snapshot.schema_findings(error, edition_id)
        try:
            with without_broken_entries(editions_dir, edition_id, error) as loaded:
                edition, sources, relocate = loaded
                report = check_edition(edition, sources, options)
        except InputError:  # edition.yaml or the catalogue fails: nothing else can run
            return EditionReport(edition_id, findings=broken, rules=[snapshot.SCHEMA], loaded=False)
        report.findings = _ordered(broken + [relocate(f) for f in report.findings])
        report.unloaded = sorted({f.file for f in broken if f.file is not None})
        if snapshot.SCHEMA not in report.rules:
            report.rules = sorted([*report.rules, snapshot.SCHEMA], key=lambda r: r.code)
        return report
    return check_edition(edition, sources, options)


def check_editions(
    editions_dir: Path, edition_ids: Sequence[str], options: CheckOptions | None = None
) -> CheckReport:
    options = options or CheckOptions()
    return CheckReport(
        [check_saved_edition(editions_dir, edition_id, options) for edition_id in edition_ids],
        options,
    )
