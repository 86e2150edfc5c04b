"""What the review copy says about the changes: the comments beside the passages, and the short
summary at the top. Worded from the diff engine's ChangeSet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..diff.changes import ChangeSet, MetricChange, MetricState
from ..diff.reports.common import headline, number
from ..diff.reports.common import verdict as summary_verdict
from ..document import month_name
from ..model import Edition
from .narrative import Inline, Link, Paragraph, Text
from .redline import Side

SUMMARY_HEADING = "Changes for review"


@dataclass(frozen=True)
class Note:
    """A comment on one entry: anchored on `phrase` where it first appears in the entry's
    narrative as it reads on `side`, else (or when None) on the entry's heading."""

    text: str
    phrase: str | None = None
    side: Side = "new"


def figure(value: float, qualifier: str | None, unit: str) -> str:
    """ "33,700", "over 2,600", "450+", "over 90%": a figure as the report writes it."""
    text = number(value) + ("%" if unit == "percent" else "")
    if qualifier == "plus":
        return text + "+"
    return f"{qualifier} {text}" if qualifier else text


def _figure(state: MetricState) -> str:
    return figure(state.value, state.qualifier, state.unit)


def _amount(value: float, qualifier: str | None, unit: str) -> str:
    shown = figure(value, qualifier, unit)
    return shown if unit == "percent" else f"{shown} {unit}"


def percent(relative: float) -> str:
    """+0.2226 -> "+22%"; small moves keep a decimal (+0.025 -> "+2.5%")."""
    return f"{relative:+.0%}" if abs(relative) >= 0.1 else f"{relative:+.1%}"


def metric_note(change: MetricChange) -> str:
    """ "Metric rose from 33,700 to 41,200 (+22%)"."""
    old, new = change.old, change.new
    if change.direction in ("up", "down"):
        verb = "rose" if change.direction == "up" else "fell"
        if change.relative is not None:
            moved = percent(change.relative)
        else:
            moved = ("+" if change.absolute > 0 else "") + number(change.absolute)
        return f"Metric {verb} from {_figure(old)} to {_figure(new)} ({moved})"
    if change.direction == "same-value-new-qualifier":
        return f"Metric now reads {_figure(new)} (was {_figure(old)})"
    return f"Metric unit changed from {old.unit} to {new.unit}"


def entry_notes(changeset: ChangeSet) -> dict[str, list[Note]]:
    """The comments on each entry (by code), in the ChangeSet's order."""
    since = changeset.from_
    added = {item.recommendation for item in changeset.entries_added}
    removed = {item.recommendation for item in changeset.entries_removed}
    notes: dict[str, list[Note]] = {}
    for name, item in changeset.items():
        code = item.recommendation
        if code in added or code in removed:
            note = _whole_entry_note(name, item, since)
        else:
            note = _note(name, item, since)
        if note is not None:
            notes.setdefault(code, []).append(note)
    return notes


def _whole_entry_note(name: str, item: Any, since: str) -> Note | None:
    # An entry added or removed is one change: one comment, not one per figure in it.
    if name not in ("entries_added", "entries_removed"):
        return None
    records = f"{_count(item.initiatives, 'initiative')}, {_count(item.metrics, 'metric')}"
    if name == "entries_added":
        return Note(f"New entry since {since} ({records})")
    return Note(f"Entry removed: it was in {since} ({records})")


def _count(count: int, what: str) -> str:
    return f"{count} {what}" + ("" if count == 1 else "s")


def _note(name: str, item: Any, since: str) -> Note | None:
    if name == "metric_changes":
        return Note(metric_note(item), item.new.text)
    if name == "new_metrics":
        return Note(f"New metric: {_amount(item.value, item.qualifier, item.unit)}", item.text)
    if name == "removed_metrics":
        amount = _amount(item.value, item.qualifier, item.unit)
        return Note(f"Metric removed: {amount}", item.text, "old")
    if name == "new_initiatives":
        return Note(f"New initiative: {item.name}", item.name)
    if name == "removed_initiatives":
        return Note(f"Initiative removed: {item.name}", item.name, "old")
    if name == "renamed_initiatives":
        return Note(f"Renamed from {item.old_name}", item.new_name)
    if name == "unmentioned_initiatives":
        still = ", ".join(item.elsewhere)
        return Note(f"No longer mentioned here: {item.name} (still in {still})", item.name, "old")
    if name == "newly_mentioned_initiatives":
        return Note(f"Now also mentioned here: {item.name}", item.name)
    if name == "changed_initiatives":
        changes = "; ".join(
            f"{field} was {change.old or '(none)'}, now {change.new or '(none)'}"
            for field, change in item.changes.items()
        )
        return Note(f"{item.name} changed: {changes}", item.name)
    if name == "stalled":
        if item.reasons == ["cross-reference only"]:
            return Note(f"Stalled: only a cross-reference, as in {since}")
        return Note(f"Stalled: no new initiative or metric since {since}")
    return None  # text and wording changes show as tracked changes; the rest has no passage


@dataclass(frozen=True)
class ReviewSummary:
    heading: str
    intro: Paragraph
    verdict: Paragraph  # "12 changes, 1 fell; 37 recommendations stalled."
    counts: tuple[tuple[str, str], ...]  # (what, how many), the change types that occur
    stalled: Paragraph | None


def review_summary(
    changeset: ChangeSet, old: Edition, new: Edition, anchors: dict[str, str]
) -> ReviewSummary:
    """The summary at the top of the review copy; `anchors` maps codes to their entry's
    anchor, so each stalled code links to its entry."""
    intro = Paragraph(
        (
            Text(
                f"This review copy is the {month_name(new.date)} edition ({new.id}) with every "
                f"change to the recommendations and their progress since the "
                f"{month_name(old.date)} edition ({old.id}) shown as a tracked change. "
                "Accepting all changes gives the new edition's text; rejecting them all gives "
                "the old edition's. Comments mark the figures that moved, new and renamed "
                "initiatives, and the recommendations that stalled. This page is not part of "
                "the report."
            ),
        )
    )
    counts = tuple(
        (what[:1].upper() + what[1:], f"{count:,}") for what, count in headline(changeset) if count
    )
    stalled = None
    if changeset.stalled:
        runs: list[Inline] = [Text(f"Stalled recommendations ({len(changeset.stalled)}): ")]
        for index, item in enumerate(changeset.stalled):
            runs += [Text(", ")] if index else []
            code = item.recommendation
            if code in anchors:
                runs.append(Link(anchors[code], True, (Text(code),)))
            else:
                runs.append(Text(code))
        stalled = Paragraph((*runs, Text(".")))
    verdict = Paragraph((Text(summary_verdict(changeset)),))
    return ReviewSummary(SUMMARY_HEADING, intro, verdict, counts, stalled)
