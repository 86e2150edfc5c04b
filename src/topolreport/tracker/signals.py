"""The progress signal: what each entry reported since the edition before, computed from the
editions through the diff, never stored.

An entry is "no reported change" when the diff finds it stalled (DESIGN.md's definition, with its
reasons); the count of editions without change runs back from each edition while that holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..diff.changes import MetricChange, StallReason
from ..diff.engine import diff_entries
from ..diff.stalled import DEFAULT_THRESHOLD
from ..model import Edition, Entry

NEW_INITIATIVE = "new initiative"
FIGURE_MOVED = "figure moved"
NARRATIVE_UPDATED = "narrative updated"
NO_CHANGE = "no reported change"
FIRST_REPORTED = "first reported"
OTHER_CHANGE = "entry edited"


@dataclass
class Signal:
    """One entry in one edition, compared with the edition before."""

    edition: str
    code: str
    signals: list[str]
    stalled: list[StallReason] = field(default_factory=list)
    editions_without_change: int = 0
    # metric id in this edition -> its change since the edition before (moved metrics only)
    figure_changes: dict[str, MetricChange] = field(default_factory=dict)
    # ids of metrics this edition reports for the first time
    new_figures: set[str] = field(default_factory=set)
    previous: Entry | None = None

    @property
    def summary(self) -> str:
        return "; ".join(self.signals)


def _words_besides_figures(entry: Entry) -> str:
    """The narrative without its figures' phrases: a figure that moved is not a rewrite."""
    text = entry.narrative
    for metric in entry.metrics:
        text = text.replace(metric.text, "")
    return " ".join(text.split())


def _signal(edition: Edition, entry: Entry, before: Entry | None, threshold: float) -> Signal:
    if before is None:
        return Signal(
            edition.id,
            entry.code,
            [FIRST_REPORTED],
            new_figures={m.id for m in entry.metrics},
        )
    changes = diff_entries(before, entry, stalled_threshold=threshold)
    signal = Signal(edition.id, entry.code, [], previous=before)
    signal.figure_changes = {c.id: c for c in changes.metric_changes}
    signal.new_figures = {m.id for m in changes.new_metrics}
    if changes.stalled:
        signal.stalled = list(changes.stalled.reasons)
        signal.signals = [NO_CHANGE]
        return signal
    if changes.new_initiatives:
        signal.signals.append(NEW_INITIATIVE)
    if any(c.direction in ("up", "down") for c in changes.metric_changes) or changes.new_metrics:
        signal.signals.append(FIGURE_MOVED)
    if changes.text_changes and _words_besides_figures(before) != _words_besides_figures(entry):
        signal.signals.append(NARRATIVE_UPDATED)
    if not signal.signals:
        signal.signals.append(OTHER_CHANGE)
    return signal


def progress_signals(
    editions: Sequence[Edition], *, stalled_threshold: float = DEFAULT_THRESHOLD
) -> dict[tuple[str, str], Signal]:
    """(edition id, entry code) -> Signal, for every entry of every edition (oldest first)."""
    found: dict[tuple[str, str], Signal] = {}
    for index, edition in enumerate(editions):
        previous = editions[index - 1] if index else None
        for entry in edition.entries:
            before = previous.entry(entry.code) if previous is not None else None
            if before is None and previous is not None:
                # A joint code that was single before ("DM4" -> "DM4/AIR5"): either half.
                before = next(
                    (e for c in entry.codes if (e := previous.entry(c)) is not None), None
                )
            signal = _signal(edition, entry, before, stalled_threshold)
            if signal.stalled and before is not None and previous is not None:
                earlier = found.get((previous.id, before.code))
                carried = earlier.editions_without_change if earlier else 0
                signal.editions_without_change = carried + 1
            found[(edition.id, entry.code)] = signal
    return found
