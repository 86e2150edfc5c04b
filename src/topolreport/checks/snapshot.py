"""The snapshot's own health: it loads (TR090), and its rule switches make sense (TR091)."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import InputError
from .context import CheckContext
from .findings import ERROR, Finding, Rule

SCHEMA = Rule(
    "TR090",
    "schema",
    ERROR,
    "A snapshot file does not load: bad YAML, a missing or misspelt field, a value of the "
    "wrong kind. The other rules run beside broken entry files, but not until edition.yaml "
    "and the catalogue load.",
    "correct the file at the line given; `topolreport schema` writes JSON Schemas an editor "
    "can check the YAML with as you type",
    can_disable=False,
)
RULE_SWITCH = Rule(
    "TR091",
    "bad-rule-switch",
    ERROR,
    "An entry of disabled_rules names no known rule, a rule that cannot be switched off, or "
    "gives no reason.",
    "use a rule code from docs/checks.md and say why the rule is off for this edition",
    can_disable=False,
)

RULES = (SCHEMA, RULE_SWITCH)


def schema_findings(error: InputError, edition_id: str) -> list[Finding]:
    """Each problem that stopped the edition loading, as a finding."""
    findings = []
    for problem in error.problems:
        message = f"{problem.field}: {problem.message}" if problem.field else problem.message
        findings.append(
            Finding(
                rule=SCHEMA,
                message=message,
                fix=problem.hint or SCHEMA.fix,
                file=problem.file,
                line=problem.line,
                edition=edition_id,
            )
        )
    return findings


def rule_switches(ctx: CheckContext, rules: Iterable[Rule]) -> tuple[dict[str, str], list[Finding]]:
    """The rules the edition switches off (code -> reason), and findings for bad switches.

    A switch names a rule by its code ("TR030") or its name ("link-without-target").
    """
    by_key: dict[str, Rule] = {}
    for known in rules:
        by_key[known.code] = known
        by_key[known.name] = known
    switched: dict[str, str] = {}
    findings: list[Finding] = []
    for i, switch in enumerate(ctx.edition.disabled_rules):
        named = switch.rule.strip()
        rule = by_key.get(named) or by_key.get(named.upper())
        where = ctx.locate(("disabled_rules", i, "rule"))
        if rule is None:
            findings.append(
                ctx.finding(
                    RULE_SWITCH,
                    where,
                    f"disabled_rules: {switch.rule!r} is not a rule",
                    "use one of the codes listed by docs/checks.md (e.g. TR030), or remove "
                    "the switch",
                )
            )
        elif not rule.can_disable:
            findings.append(
                ctx.finding(
                    RULE_SWITCH,
                    where,
                    f"disabled_rules: {rule.title} cannot be switched off",
                    "remove the switch",
                )
            )
        elif not switch.reason.strip():
            findings.append(
                ctx.finding(
                    RULE_SWITCH,
                    where,
                    f"disabled_rules: {rule.title} is switched off without a reason",
                    "say why the rule is off for this edition in `reason:`",
                )
            )
        else:
            switched[rule.code] = switch.reason.strip()
    return switched, findings
