"""What every report format shares: grouping by panel and recommendation, and wording."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console

from ...model import Catalogue, split_code
from ..changes import CHANGE_LISTS, ChangeSet, MetricChange, WordOp
from ..engine import order_key

# List name -> (css/filter class, a reader's name for the change type).
KINDS: dict[str, tuple[str, str]] = {
    "recommendations_added": ("recommendation-added", "recommendations added"),
    "recommendations_removed": ("recommendation-removed", "recommendations removed"),
    "wording_changes": ("wording-changed", "recommendation wording changed"),
    "entries_added": ("entry-added", "entries added"),
    "entries_removed": ("entry-removed", "entries removed"),
    "metric_changes": ("metric-changed", "metrics changed"),
    "new_metrics": ("metric-new", "new metrics"),
    "removed_metrics": ("metric-removed", "removed metrics"),
    "new_initiatives": ("initiative-new", "new initiatives"),
    "removed_initiatives": ("initiative-removed", "removed initiatives"),
    "renamed_initiatives": ("initiative-renamed", "renamed initiatives"),
    "unmentioned_initiatives": ("initiative-unmentioned", "initiatives no longer mentioned"),
    "newly_mentioned_initiatives": ("initiative-mentioned", "known initiatives newly mentioned"),
    "changed_initiatives": ("initiative-changed", "initiative links changed"),
    "text_changes": ("text-changed", "text changes"),
    "stalled": ("stalled", "stalled recommendations"),
}
assert set(KINDS) == {name for name, _ in CHANGE_LISTS} | {"stalled"}


@dataclass
class RecommendationGroup:
    code: str
    items: list[tuple[str, Any]] = field(default_factory=list)  # (list name, item)


@dataclass
class PanelGroup:
    title: str
    recommendations: list[RecommendationGroup] = field(default_factory=list)


def group(changeset: ChangeSet, catalogues: Sequence[Catalogue]) -> list[PanelGroup]:
    """Items by panel (catalogue order) and recommendation (order of the ChangeSet's lists)."""
    panel_of: dict[str, str] = {}
    titles: list[str] = []
    for catalogue in catalogues:
        for panel in catalogue.panels:
            if panel.title not in titles:
                titles.append(panel.title)
            for rec in panel.recommendations:
                panel_of.setdefault(rec.code, panel.title)
                for part in split_code(rec.code):
                    panel_of.setdefault(part, panel.title)
    elsewhere = "Not in the catalogue"

    def title(code: str) -> str:
        if code in panel_of:
            return panel_of[code]
        return next((panel_of[p] for p in split_code(code) if p in panel_of), elsewhere)

    recs: dict[str, RecommendationGroup] = {}
    for name, item in changeset.items():
        recs.setdefault(item.recommendation, RecommendationGroup(item.recommendation))
        recs[item.recommendation].items.append((name, item))
    panels = {t: PanelGroup(t) for t in [*titles, elsewhere]}
    if catalogues:
        key = order_key(catalogues[-1], catalogues[0])
        codes = sorted(recs, key=key)
    else:
        codes = list(recs)
    for code in codes:
        panels[title(code)].recommendations.append(recs[code])
    return [panel for panel in panels.values() if panel.recommendations]


def number(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def share(fraction: float) -> str:
    """0.9972 -> "99.7%": one decimal, so a small edit never reads as 100%."""
    return "100%" if fraction >= 1 else f"{min(fraction, 0.999):.1%}"


def signed(value: float) -> str:
    return ("+" if value > 0 else "") + number(value)


def amount(value: float, qualifier: str | None, unit: str) -> str:
    """ "over 2,600 visitors", "450+ elearning programmes", "over 90%"."""
    figure = number(value)
    if qualifier == "plus":
        figure += "+"
    elif qualifier:
        figure = f"{qualifier} {figure}"
    return f"{figure}%" if unit == "percent" else f"{figure} {unit}"


def metric_line(change: MetricChange) -> str:
    old, new = change.old, change.new
    before = amount(old.value, old.qualifier, old.unit)
    text = f"{before} → {amount(new.value, new.qualifier, new.unit)}"
    if change.direction in ("up", "down"):
        relative = f", {change.relative:+.1%}" if change.relative is not None else ""
        text += f" ({signed(change.absolute)}{relative})"
    else:
        text += f" ({change.direction.replace('-', ' ')})"
    return text


def describe(name: str, item: Any) -> str:
    """One line saying what the item is, in plain words."""
    if name == "recommendations_added":
        return f"recommendation added: {item.text}"
    if name == "recommendations_removed":
        return f"recommendation removed: {item.text}"
    if name == "wording_changes":
        return "recommendation wording changed"
    if name in ("entries_added", "entries_removed"):
        what = "added" if name == "entries_added" else "removed"
        return f"entry {what} ({item.initiatives} initiatives, {item.metrics} metrics)"
    if name == "metric_changes":
        fell = " — fell" if item.regression else ""
        return f"metric {item.id}: {metric_line(item)}{fell}"
    if name in ("new_metrics", "removed_metrics"):
        what = "new" if name == "new_metrics" else "removed"
        return f"{what} metric {item.id}: {amount(item.value, item.qualifier, item.unit)}"
    if name in ("new_initiatives", "removed_initiatives"):
        what = "new" if name == "new_initiatives" else "removed"
        return f"{what} initiative: {item.name}"
    if name == "renamed_initiatives":
        return f"initiative renamed: {item.old_name} → {item.new_name}"
    if name == "unmentioned_initiatives":
        still = ", ".join(item.elsewhere)
        return f"no longer mentioned in {item.recommendation}: {item.name} (still in {still})"
    if name == "newly_mentioned_initiatives":
        already = ", ".join(item.elsewhere)
        return f"now also mentioned in {item.recommendation}: {item.name} (already in {already})"
    if name == "changed_initiatives":
        fields = ", ".join(
            f"{key} {change.old or '(none)'} → {change.new or '(none)'}"
            for key, change in item.changes.items()
        )
        return f"initiative {item.name} changed: {fields}"
    if name == "text_changes":
        what = "narrative" if item.field == "narrative" else "recommendation wording"
        return f"{what} changed ({share(item.similarity)} of words the same)"
    if name == "stalled":
        return "stalled: " + "; ".join(item.reasons)
    raise ValueError(name)


def stalled_lines(recs: Sequence[RecommendationGroup]) -> list[tuple[str, list[str]]]:
    """(reasons, codes) for recommendations whose only item is a stalled flag, by reasons."""
    by_reasons: dict[str, list[str]] = {}
    for rec in recs:
        if [name for name, _ in rec.items] == ["stalled"]:
            reasons = "; ".join(rec.items[0][1].reasons)
            by_reasons.setdefault(reasons, []).append(rec.code)
    return list(by_reasons.items())


def changed(recs: Sequence[RecommendationGroup]) -> list[RecommendationGroup]:
    """The recommendations with at least one change (maybe stalled too)."""
    return [rec for rec in recs if any(name != "stalled" for name, _ in rec.items)]


def one_line(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces."""
    return re.sub(r"\s+", " ", text)


def headline(changeset: ChangeSet) -> list[tuple[str, int]]:
    """(what, how many) for the report's first lines: every list, in report order."""
    summary = changeset.summary.model_dump()
    rows = [(KINDS[name][1], summary[name]) for name in KINDS]
    rows.insert(6, ("metrics that fell", summary["regressions"]))
    return rows


def title(changeset: ChangeSet) -> str:
    return f"Changes from {changeset.from_} to {changeset.to}"


def verdict(changeset: ChangeSet) -> str:
    summary = changeset.summary
    if summary.same:
        return "No changes."
    fell = f", {summary.regressions} fell" if summary.regressions else ""
    return f"{summary.changes} changes{fell}; {summary.stalled} recommendations stalled."


def compact(ops: Sequence[WordOp], context: int = 8) -> list[tuple[str, str, str]]:
    """(op, old, new) with long unchanged stretches cut to `context` words either side."""
    result: list[tuple[str, str, str]] = []
    last = len(ops) - 1
    for index, op in enumerate(ops):
        if op.op != "equal":
            result.append((op.op, op.old, op.new))
            continue
        words = op.new.split(" ")
        keep_start = context if index > 0 else 0
        keep_end = context if index < last else 0
        if len(words) <= keep_start + keep_end + 2:
            result.append(("equal", op.new, op.new))
            continue
        head = " ".join(words[:keep_start])
        tail = " ".join(words[len(words) - keep_end :]) if keep_end else ""
        text = (head + " " if head else "") + "… " + tail
        if not keep_end:
            text = text.rstrip()
        result.append(("equal", text, text))
    return result


def string_console(*, color: bool, width: int) -> tuple[Console, io.StringIO]:
    """A rich console printing into a string, coloured only when asked (for a terminal)."""
    stream = io.StringIO()
    console = Console(
        file=stream,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    return console, stream
