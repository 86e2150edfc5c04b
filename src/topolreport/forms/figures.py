"""A figure told twice, in the narrative and in the metrics table, kept in step.

A lead who changes a figure on one side only means both: a phrase changed in the narrative
gives the table its value; a value changed in the table rewrites the narrative's phrase. The
metric's "as written" text and its label follow, so the two never drift apart. When both
sides changed and disagree, that is for a person to settle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Metric, parse_number

NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")  # ASCII digits: "٣" is no figure


@dataclass(frozen=True)
class Disagreement:
    metric: str
    table: str  # the value the table gives
    narrative: str  # the phrase the narrative gives


def _number(token: str) -> int | float | None:
    """The figure `token` writes; None when it is none a report prints (too large, too many
    decimals), which the table's value then keeps."""
    try:
        return parse_number(token.replace(",", ""))
    except ValueError:
        return None


def _written(value: int | float, like: str) -> str:
    """`value` written the way `like` writes its number (with or without thousands commas)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}" if "," in like else str(value)
    return f"{int(value):,}" if "," in like else str(int(value))


def _follow(metric: Metric, was: Metric, text: str, token: str) -> Metric:
    """The metric with `text` as written and its label saying the same."""
    label = metric.label
    if was.text in label:
        label = label.replace(was.text, text, 1)
    else:
        (old_token,) = NUMBER.findall(was.text)
        label = label.replace(old_token, token, 1)
    return metric.model_copy(update={"text": text, "label": label})


def in_step(
    narrative: str, metrics: list[Metric], issued_narrative: str, issued: dict[str, Metric]
) -> tuple[str, list[Metric], list[Disagreement]]:
    """The form's narrative and metrics with each figure's two sides made to agree.

    A phrase counts as this figure's new wording when it reads like the old one with another
    number and was not in the narrative as issued ("66,000 learners" beside "33,700
    learners" is another figure)."""
    kept: list[Metric] = []
    disagreements: list[Disagreement] = []
    for metric in metrics:
        was = issued.get(metric.id)
        tokens = NUMBER.findall(was.text) if was is not None else []
        if was is None or len(tokens) != 1 or metric.text != was.text:
            kept.append(metric)  # a new figure, or one whose wording the lead retyped
            continue
        before, after = was.text.split(tokens[0], 1)
        pattern = re.compile(re.escape(before) + f"({NUMBER.pattern})" + re.escape(after))
        changed = [m for m in pattern.finditer(narrative) if m.group(0) not in issued_narrative]
        still = was.text in narrative
        if metric.value == was.value:
            token = changed[0].group(1) if len(changed) == 1 else ""
            value = _number(token) if token else None
            if not still and value is not None:  # changed in the narrative only
                metric = metric.model_copy(update={"value": value})
                metric = _follow(metric, was, changed[0].group(0), token)
            elif not still and token:  # a figure no report prints: for a person to settle
                table = _written(metric.value, tokens[0])
                disagreements.append(Disagreement(metric.id, table, changed[0].group(0)))
        elif still and not changed:  # changed in the table only
            token = _written(metric.value, tokens[0])
            text = before + token + after
            narrative = narrative.replace(was.text, text, 1)
            metric = _follow(metric, was, text, token)
        elif changed:
            agreeing = [m for m in changed if _number(m.group(1)) == metric.value]
            if agreeing:
                metric = _follow(metric, was, agreeing[0].group(0), agreeing[0].group(1))
            else:
                disagreements.append(
                    Disagreement(metric.id, _written(metric.value, tokens[0]), changed[0].group(0))
                )
        kept.append(metric)
    return narrative, kept, disagreements
