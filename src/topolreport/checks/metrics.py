"""Every metric says what it counts and when the figure is from."""

from __future__ import annotations

from collections.abc import Iterator

from .context import CheckContext
from .findings import ERROR, WARNING, Finding, Rule

METRIC_WITHOUT_UNIT = Rule(
    "TR040",
    "metric-without-unit",
    ERROR,
    "A metric has a blank unit, so nobody can tell what the number counts.",
    'set the metric\'s unit to what is counted, e.g. "learners" or "percent"',
)
METRIC_WITHOUT_AS_OF = Rule(
    "TR041",
    "metric-without-as-of",
    ERROR,
    "A metric has no as-of month, so next year's figure cannot be compared with it.",
    "set the metric's as_of to the month the figure is from (YYYY-MM)",
)

METRIC_NOT_IN_NARRATIVE = Rule(
    "TR042",
    "metric-not-in-narrative",
    WARNING,
    "A metric's phrase (its `text`) no longer appears in the entry's narrative: the narrative "
    "was rewritten and the metric still holds the old figure, or the other way round.",
    "make the metric's value and text say what the narrative now says, or remove the metric",
)

RULES = (METRIC_WITHOUT_UNIT, METRIC_WITHOUT_AS_OF, METRIC_NOT_IN_NARRATIVE)


def _squash(text: str) -> str:
    return " ".join(text.split())


def check(ctx: CheckContext) -> Iterator[Finding]:
    for i, entry in enumerate(ctx.edition.entries):
        narrative = _squash(entry.narrative)
        for j, metric in enumerate(entry.metrics):
            path = ("entries", i, "metrics", j)
            if not metric.unit.strip():
                yield ctx.finding(
                    METRIC_WITHOUT_UNIT,
                    ctx.locate((*path, "unit")),
                    f"entry {entry.code}: metric {metric.id} ({metric.text!r}) has no unit",
                )
            if metric.as_of is None:
                yield ctx.finding(
                    METRIC_WITHOUT_AS_OF,
                    ctx.locate((*path, "as_of")),
                    f"entry {entry.code}: metric {metric.id} ({metric.text!r}) has no as-of month",
                    f"add `as_of: YYYY-MM` to metric {metric.id}: the month the figure is from "
                    f"(the edition's own month is {ctx.edition.date})",
                )
            if _squash(metric.text) not in narrative:
                yield ctx.finding(
                    METRIC_NOT_IN_NARRATIVE,
                    ctx.locate((*path, "text")),
                    f"entry {entry.code}: metric {metric.id} says {metric.text!r}, which the "
                    "narrative no longer says",
                    f"update metric {metric.id} (value and text) to the narrative's figure, or "
                    "remove it if the narrative dropped the figure",
                )
