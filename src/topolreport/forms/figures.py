"""A figure told twice, in the narrative and in the metrics table, kept in step.

A lead who changes a figure on one side only means both: a phrase changed in the narrative
gives the table its value; a value changed in the table rewrites the narrative's phrase. The
metric's "as written" text and its label follow, so the two never drift apart. When both
sides changed and disagree, that is for a person to settle.

A figure is found in its phrase the way the extractor reads it, scale and all: "over 2 million
registered users" holds 2,000,000, and 2,500,000 is written back "over 2.5 million registered
users"; "£1.5 billion", "450+" and "over 90%" likewise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..extract import (
    NUMBER_PART,
    QUALIFIER_BEFORE,
    QUALIFIER_WORDS,
    Number,
    number_worth,
    numbers_in,
)
from ..model import Metric, decimal_number, format_number

# A qualifier in a figure's phrase, which a lead may change or drop with its number.
_WORDS = "|".join(sorted((word for word in QUALIFIER_WORDS if word != "c"), key=len, reverse=True))
QUALIFIER_PART = rf"(?P<qual>\b(?i:{_WORDS})\s+|\bc\.?\s?)?"
# How the narrative writes a qualifier the table set; "plus" is a "+" after the number.
_QUALIFIER_WRITTEN = {
    None: "",
    "over": "over ",
    "about": "about ",
    "under": "under ",
    "up to": "up to ",
    "at least": "at least ",
}


@dataclass(frozen=True)
class Disagreement:
    metric: str
    table: str  # the value the table gives
    narrative: str  # the phrase the narrative (or the row's "as written") gives


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _number_of(metric: Metric) -> Number | None:
    """Where `metric.text` writes the metric's number: the one number in it worth the value,
    else its only number."""
    numbers = numbers_in(metric.text)
    worth = [n for n in numbers if n.value == Decimal(str(metric.value))]
    if len(worth) == 1:
        return worth[0]
    return numbers[0] if len(numbers) == 1 else None


def _printable(value: Decimal) -> int | float | None:
    """`value` as a metric value, or None when it is none a report prints (10^15 or more,
    more than six decimals): the metric value rule of model.parse_number."""
    try:
        return decimal_number(value)
    except ValueError:
        return None


def _value_in(text: str) -> int | float | None:
    numbers = numbers_in(text)
    return _printable(numbers[0].value) if len(numbers) == 1 else None


_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def _written(value: int | float, like: str, multiplier: str) -> str:
    """`value` written the way `like` (a number as the narrative wrote it) writes one: at the
    same scale ("2.5 million") when that reads naturally, with thousands commas unless it
    wrote a number of thousands without them."""
    worth = Decimal(str(value))
    if multiplier:
        scaled = (worth / _SCALES[multiplier]).normalize()
        exponent = scaled.as_tuple().exponent
        if scaled >= 1 and isinstance(exponent, int) and exponent >= -2:
            return f"{format_number(_plain(scaled))} {multiplier}"
        return format_number(_plain(worth))  # "2,345,678": the scale would hide digits
    # "2200 alumni" wrote a thousands figure without commas; "450+" never had the need.
    commas = "," in like or Decimal(like) < 1000
    written = format_number(_plain(worth))
    return written if commas else written.replace(",", "")


def _middle(found: re.Match[str]) -> str:
    """The number (and multiplier) a phrase matched in a figure's place."""
    end = found.end("mult") if found.group("mult") else found.end("num")
    return found.string[found.start("num") : end]


def _qualifier_of(found: re.Match[str], was: str | None) -> str | None:
    """The qualifier a phrase matched in a figure's place writes (`was` where the pattern
    had no place for one)."""
    if "qual" not in found.groupdict():
        return was
    word = found.group("qual")
    return QUALIFIER_WORDS[" ".join(word.lower().replace(".", " ").split())] if word else None


def _follow(metric: Metric, was: Metric, text: str, number: str, old_number: str) -> Metric:
    """The metric with `text` as written and its label saying the same."""
    label = metric.label
    if was.text in label:
        label = label.replace(was.text, text, 1)
    elif old_number in label:
        label = label.replace(old_number, number, 1)
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
    rewritten: list[tuple[str, str, str]] = []  # (metric, phrase as issued, phrase now)
    for metric in metrics:
        was = issued.get(metric.id)
        place = _number_of(was) if was is not None else None
        if was is None or place is None:
            kept.append(metric)  # a new figure, or one whose phrase holds no single number
            continue
        before, after = was.text[: place.start], was.text[place.end :]
        old_number = was.text[place.start : place.end]
        # "over 2 million": the qualifier may change too ("about 2.5 million", "2.5 million").
        qualified = QUALIFIER_BEFORE.search(before)
        stem, sign = (
            (before[: qualified.start()], qualified.group("cur") or "")
            if qualified
            else (before, "")
        )
        own = before[len(stem) : len(before) - len(sign)]  # the qualifier as written
        pattern = re.compile(
            re.escape(stem) + QUALIFIER_PART + re.escape(sign) + NUMBER_PART + re.escape(after)
        )
        as_issued = list(pattern.finditer(issued_narrative))
        # A phrase issued without a qualifier may gain one ("over 33,700 learners"), unless
        # the narrative already wrote one before it that the phrase left out.
        if not qualified and any(m.group("qual") for m in as_issued):
            pattern = re.compile(re.escape(before) + NUMBER_PART + re.escape(after))
            as_issued = list(pattern.finditer(issued_narrative))
        phrases = list(pattern.finditer(narrative))
        # Figures written alike ("over 90%" twice) are told apart by their order.
        alike = [m.id for m in issued.values() if pattern.fullmatch(m.text)]
        rank = alike.index(was.id) if was.id in alike else 0
        if len(phrases) == len(as_issued) > rank and as_issued[rank].group(0) == was.text:
            now = phrases[rank]
            still = now if now.group(0) == was.text else None
            changed = [] if still else [now]
        else:  # phrases of this shape added or taken away: only a new phrase is a change
            changed = [m for m in phrases if m.group(0) not in issued_narrative]
            # Of figures written alike, one ranked past the phrases as issued had none of its
            # own: the phrase there is another figure's, never to be rewritten for this one.
            placed = len(alike) < 2 or rank < len(as_issued)
            still = next((m for m in phrases if m.group(0) == was.text), None) if placed else None

        # What the table says now: its value, or the number in its retyped "as written".
        retyped = metric.text != was.text
        typed_value = _value_in(metric.text) if retyped else None
        if metric.value != was.value:
            table: int | float | None = metric.value
            if typed_value is not None and typed_value != metric.value:
                disagreements.append(
                    Disagreement(metric.id, format_number(metric.value), metric.text)
                )
                kept.append(metric)
                continue
        else:
            table = typed_value if typed_value is not None and typed_value != was.value else None
        requalified = (
            "qual" in pattern.groupindex
            and metric.qualifier != was.qualifier
            and metric.qualifier in _QUALIFIER_WRITTEN
        )
        if table is None and requalified:
            table = metric.value  # the table changed the qualifier only

        if table is None:
            if retyped:
                kept.append(metric)  # new wording, same figure: the lead's words stand
                continue
            if not still and len(changed) == 1:  # changed in the narrative only
                found = changed[0]
                value = _printable(number_worth(found))
                if value is None:  # a figure no report prints: for a person to settle
                    table_says = format_number(metric.value)
                    disagreements.append(Disagreement(metric.id, table_says, found.group(0)))
                    kept.append(metric)
                    continue
                update = {"value": value, "qualifier": _qualifier_of(found, metric.qualifier)}
                metric = metric.model_copy(update=update)
                metric = _follow(metric, was, found.group(0), _middle(found), old_number)
        elif still and not changed:  # changed in the table only
            if retyped:
                typed = numbers_in(metric.text)[0]
                text, number = metric.text, metric.text[typed.start : typed.end]
            else:
                number = old_number
                if table != was.value:
                    number = _written(table, old_number, place.multiplier)
                written = _QUALIFIER_WRITTEN[metric.qualifier] if requalified else own
                text = stem + written + sign + number + after
            narrative = narrative[: still.start()] + text + narrative[still.end() :]
            metric = metric.model_copy(update={"value": table})
            metric = _follow(metric, was, text, number, old_number)
        elif changed:
            agreeing = [m for m in changed if number_worth(m) == Decimal(str(table))]
            if agreeing:
                found = agreeing[0]
                # Unless the table changed it, the qualifier is the narrative's word.
                qualifier_now = (
                    metric.qualifier if requalified else _qualifier_of(found, metric.qualifier)
                )
                update = {"value": table, "qualifier": qualifier_now}
                metric = metric.model_copy(update=update)
                metric = _follow(metric, was, found.group(0), _middle(found), old_number)
            else:
                disagreements.append(
                    Disagreement(metric.id, format_number(table), changed[0].group(0))
                )
        if metric.text != was.text:
            rewritten.append((metric.id, was.text, metric.text))
        kept.append(metric)
    return narrative, _labels_follow(kept, rewritten), disagreements


def _labels_follow(metrics: list[Metric], rewritten: list[tuple[str, str, str]]) -> list[Metric]:
    """Other figures whose label quotes a rewritten phrase ("over 2 million registered users
    accessing its 450+ elearning programmes") quote the new one."""
    out = []
    for metric in metrics:
        label = metric.label
        for metric_id, old, new in rewritten:
            # A phrase written alike for this figure too ("over 90%" twice) is its own.
            if metric_id != metric.id and old in label and old not in metric.text:
                label = label.replace(old, new, 1)
        out.append(metric if label == metric.label else metric.model_copy(update={"label": label}))
    return out
