"""What the review copy says about the changes: the comments beside the passages, and the short
summary at the top. Worded from the diff engine's ChangeSet.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diff.changes import ChangeSet, EntryItem
from ..diff.kinds import KIND, headline
from ..diff.wording import number
from ..diff.wording import verdict as summary_verdict
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


def entry_notes(changeset: ChangeSet) -> dict[str, list[Note]]:
    """The comments on each entry (by code), in the ChangeSet's order, worded by each kind."""
    since = changeset.from_
    whole = {item.recommendation for item in [*changeset.entries_added, *changeset.entries_removed]}
    notes: dict[str, list[Note]] = {}
    for name, item in changeset.items():
        code = item.recommendation
        # An entry added or removed is one change: one comment, not one per figure in it.
        if code in whole and not isinstance(item, EntryItem):
            continue
        # Stalled recommendations are listed once, on the summary page, rather than as dozens
        # of comments saying the same thing.
        if name == "stalled":
            continue
        remark = KIND[name].comment(item, since)
        if remark is not None:
            side: Side = "old" if remark.on_old else "new"
            notes.setdefault(code, []).append(Note(remark.text, remark.phrase, side))
    return notes


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
                "the old edition's. Comments mark the figures that moved, new, renamed and "
                "removed initiatives, and entries added or removed; the recommendations that "
                "stalled are listed below. This page is not part of the report."
            ),
        )
    )
    counts = tuple(
        (what[:1].upper() + what[1:], number(count)) for what, count in headline(changeset) if count
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
