"""Where a recommendation stands in one edition, for the site: its progress signal and its
editorial status.

Each is one small function, so that the site switches source in one place: the signal is read
from the diff's ChangeSet (what the entry reported since the edition before), and the editorial
status from the entry's assessment where the model carries one (`Entry.assessment`, set by a
person); an entry without an assessment has no editorial status, and the site shows the signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..diff.changes import MetricChange, Stalled, TextChange
from ..model import Entry

FIRST_REPORTED = "first reported"
NO_CHANGE = "no reported change"
FIGURE_FELL = "figure fell"
FIGURE_MOVED = "figure moved"
NEW_FIGURE = "new figure"
NEW_INITIATIVE = "new initiative"
NARRATIVE_UPDATED = "narrative updated"
ENTRY_EDITED = "entry edited"
NO_ENTRY = "no entry"

# Every signal, in the order the site lists them (the filter's options follow it).
SIGNALS = (
    FIGURE_FELL,
    FIGURE_MOVED,
    NEW_FIGURE,
    NEW_INITIATIVE,
    NARRATIVE_UPDATED,
    ENTRY_EDITED,
    NO_CHANGE,
    FIRST_REPORTED,
    NO_ENTRY,
)


@dataclass(frozen=True)
class Signal:
    """What an entry reported in an edition, compared with the edition before."""

    words: tuple[str, ...]  # from SIGNALS, in their order
    stalled: tuple[str, ...] = ()  # the diff's reasons, when NO_CHANGE

    @property
    def news(self) -> bool:
        """Whether the entry brought anything new (a first report counts)."""
        return bool(self.words) and self.words[0] not in (NO_CHANGE, NO_ENTRY)

    @property
    def fell(self) -> bool:
        return FIGURE_FELL in self.words


@dataclass(frozen=True)
class EditorialStatus:
    status: str
    rag: str | None = None
    reason: str = ""
    target: str | None = None


def signal(entry: Entry | None, items: Sequence[tuple[str, Any]] | None) -> Signal:
    """The signal of `entry` from the ChangeSet's `items` (list name, item) for it since the
    edition before; `items` None when there is no edition before to compare with."""
    if entry is None:
        return Signal((NO_ENTRY,))
    if items is None:
        return Signal((FIRST_REPORTED,))
    found: set[str] = set()
    stalled: tuple[str, ...] = ()
    for name, item in items:
        if isinstance(item, Stalled):
            stalled = tuple(item.reasons)
        elif isinstance(item, MetricChange):
            if item.regression:
                found.add(FIGURE_FELL)
            elif item.direction == "up":
                found.add(FIGURE_MOVED)
            else:
                found.add(ENTRY_EDITED)
        elif name == "new_metrics":
            found.add(NEW_FIGURE)
        elif name == "new_initiatives":
            found.add(NEW_INITIATIVE)
        elif name == "entries_added":
            found.add(FIRST_REPORTED)
        elif isinstance(item, TextChange) and item.field == "narrative":
            found.add(NARRATIVE_UPDATED)
        else:
            found.add(ENTRY_EDITED)
    if not found:
        return Signal((NO_CHANGE,), stalled) if stalled else Signal((ENTRY_EDITED,))
    return Signal(tuple(word for word in SIGNALS if word in found))


def editorial_status(entry: Entry | None) -> EditorialStatus | None:
    """The status a person gave the entry, where the model carries assessments; else None."""
    assessment = getattr(entry, "assessment", None)
    if assessment is None:
        return None
    return EditorialStatus(
        status=str(assessment.status),
        rag=getattr(assessment, "rag", None),
        reason=str(getattr(assessment, "reason", "") or ""),
        target=getattr(assessment, "target", None),
    )
