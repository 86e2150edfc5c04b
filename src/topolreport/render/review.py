"""The review copy: the new edition's Word document with every change since an older edition as
a tracked change, and the diff's findings as comments.

The document is the new edition's (`render_docx`, same styles, same layout) with three
differences, made by a `Layout` of the Word writer with its public building methods:

- the progress section is laid out from both editions: panels and entries are aligned (entries
  by code, as the diff engine matches them), an entry only in the new edition is inserted as a
  whole, one only in the old edition deleted as a whole, and a paired entry's heading and
  narrative are merged paragraph by paragraph, then word by word (redline.py);
- each entry carries the diff's findings as comments (review_notes.py): metrics that moved on
  the figure's words, new, renamed and removed initiatives on their names, added and removed
  entries on their heading (stalled recommendations are listed on the summary page instead);
- a short summary after the contents: the counts by change type and the stalled
  recommendations.

Accepting every change gives the new edition's document text, rejecting every change the old
edition's recommendations and narratives. The foreword, summary, abbreviations and cover are
the new edition's (the diff does not compare them). "Track Changes" is on, so a reviewer's own
edits are tracked too.

A comment on words that are only inserted (or only deleted) goes with them: its range and its
mark are inside the tracked change, the mark before the end of the range. Word reads the range
and removes the comment with the words (ECMA-376 keeps a comment whose mark is deleted only
until the deletion is accepted). LibreOffice 7 never makes a comment with a range part of a
tracked change, so it would keep such a comment, on nothing, once its words are gone; with the
mark inside the range it reads the comment as one at the mark, which is part of the change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TypeVar

from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from ..diff.changes import ChangeSet
from ..diff.engine import diff_editions
from ..diff.stalled import DEFAULT_THRESHOLD
from ..model import Edition
from ..ooxml.comments import Comments, comment_end, comment_start
from ..ooxml.properties import add_paragraph_property
from ..ooxml.revisions import Revisions, largest_id, number_revisions, shift_paragraph_marks
from ..ooxml.settings import track_revisions
from ..ooxml.xml import element
from .docx import Layout, Line, Writer, narrative_lines, render_docx
from .narrative import Text
from .redline import (
    Format,
    MergedLine,
    Piece,
    Segment,
    Side,
    merge_lines,
    merge_words,
    segments,
    side_text,
    span,
    split,
    whole,
)
from .review_notes import Note, ReviewSummary, entry_notes, review_summary
from .templates import Templates
from .viewmodel import PanelView, RecommendationView, ReportView, Section, build_view

DEFAULT_AUTHOR = "topolreport"
K = TypeVar("K")


def default_author(new: Edition) -> str:
    """ "topolreport (Health Education England)": the tool that made the changes, for whom."""
    return f"{DEFAULT_AUTHOR} ({new.publisher})" if new.publisher else DEFAULT_AUTHOR


def review_file_name(stem: str, old_id: str) -> str:
    """ "topol-review-progress-2024-02-review-against-2023-02.docx", for the documents named
    `stem` (slugs.file_stem)."""
    return f"{stem}-review-against-{old_id}.docx"


# --- which panels and entries, in which order -------------------------------------------------


@dataclass(frozen=True)
class EntryPlan:
    """An entry in both editions, only the new one (inserted) or only the old one (deleted)."""

    old: RecommendationView | None
    new: RecommendationView | None

    @property
    def shown(self) -> RecommendationView:
        """The entry whose code and anchor the review copy uses: the new one if any."""
        shown = self.new or self.old
        assert shown is not None
        return shown


@dataclass(frozen=True)
class PanelPlan:
    old: PanelView | None
    new: PanelView | None
    entries: tuple[EntryPlan, ...]

    @property
    def shown(self) -> PanelView:
        shown = self.new or self.old
        assert shown is not None
        return shown


def plan_report(old: ReportView, new: ReportView, pairs: dict[str, str]) -> list[PanelPlan]:
    """The panels and entries of the review copy in order: the new edition's order, with what
    only the old edition had where it stood there. `pairs` maps old entry codes to new ones."""
    old_by_code = {rec.code: rec for rec in old.recommendations()}
    new_codes = {rec.code for rec in new.recommendations()}
    pairs = {a: b for a, b in pairs.items() if a in old_by_code and b in new_codes}
    old_of = {b: a for a, b in pairs.items()}

    def new_entry(rec: RecommendationView) -> EntryPlan:
        counterpart = old_of.get(rec.code)
        return EntryPlan(old_by_code[counterpart] if counterpart else None, rec)

    def gone(recs: Sequence[RecommendationView]) -> list[EntryPlan]:
        # An entry in both editions is laid out where the new edition has it.
        return [EntryPlan(rec, None) for rec in recs if rec.code not in pairs]

    def entries(old_panel: PanelView, new_panel: PanelView) -> tuple[EntryPlan, ...]:
        old_recs, new_recs = old_panel.recommendations, new_panel.recommendations
        old_keys = [pairs.get(rec.code, "\0" + rec.code) for rec in old_recs]
        new_keys = [rec.code for rec in new_recs]
        found: list[EntryPlan] = []
        matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                found += [
                    EntryPlan(a, b) for a, b in zip(old_recs[i1:i2], new_recs[j1:j2], strict=True)
                ]
            else:
                found += gone(old_recs[i1:i2])
                found += [new_entry(rec) for rec in new_recs[j1:j2]]
        return tuple(found)

    plans: list[PanelPlan] = []
    matcher = SequenceMatcher(
        None, [p.id for p in old.panels], [p.id for p in new.panels], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for a, b in zip(old.panels[i1:i2], new.panels[j1:j2], strict=True):
                plans.append(PanelPlan(a, b, entries(a, b)))
            continue
        for panel in old.panels[i1:i2]:
            plans.append(PanelPlan(panel, None, tuple(gone(panel.recommendations))))
        for panel in new.panels[j1:j2]:
            plans.append(
                PanelPlan(None, panel, tuple(new_entry(rec) for rec in panel.recommendations))
            )
    return plans


# --- the writer ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """Everything the review writer adds to the new edition's view."""

    plan: list[PanelPlan]
    notes: dict[str, list[Note]]
    summary: ReviewSummary
    revisions: Revisions
    renamed_anchors: dict[str, str]  # old entry anchor -> its entry's anchor in the new edition


# A comment's range within a paragraph's pieces: (comment id, first piece, last piece + 1).
_Range = tuple[int, int, int]


class ReviewLayout(Layout):
    """The Word writer's layout with a summary after the contents and the progress section laid
    out from both editions, built with the writer's public building methods."""

    def __init__(self, review: Review) -> None:
        self.review = review
        self.revisions = review.revisions

    def start(self, writer: Writer) -> None:
        self.writer = writer
        self.comments = Comments(writer.document, self.revisions.author, self.revisions.date)
        # Panels and entries only the old edition has are written (deleted) with their anchors.
        for plan in self.review.plan:
            if plan.new is None and plan.old is not None:
                writer.bookmark_names.add(plan.old.anchor)
            for entry in plan.entries:
                if entry.new is None and entry.old is not None:
                    writer.bookmark_names.add(entry.old.anchor)

    def after_contents(self, writer: Writer) -> None:
        summary = self.review.summary
        heading = writer.add_paragraph("TOC Heading", [Text(summary.heading)])  # not in outline
        # The style breaks the page before it too, but LibreOffice ignores that in this style.
        add_paragraph_property(heading, element("w:pageBreakBefore"))
        writer.add_paragraph("Normal", summary.intro.runs)
        writer.add_paragraph("Normal", summary.verdict.runs)
        if summary.stalled is not None:
            writer.add_paragraph("Normal", summary.stalled.runs)
        if summary.counts:
            writer.add_table(("Change", "Count"), summary.counts, (Mm(120), Mm(46)))

    def progress(self, writer: Writer) -> None:
        for plan in self.review.plan:
            self._panel(plan)
            for entry in plan.entries:
                self._entry(entry)

    def finish(self, writer: Writer) -> None:
        settings = writer.document.settings.element
        track_revisions(settings)
        shift_paragraph_marks(writer.body)
        first = largest_id(writer.body, ("w:bookmarkStart", "w:commentRangeStart")) + 1
        number_revisions(writer.body, first)

    # -- panels and entries ----------------------------------------------------------------

    def _panel(self, plan: PanelPlan) -> None:
        old = [Segment(plan.old.heading, Format())] if plan.old else []
        new = [Segment(plan.new.heading, Format())] if plan.new else []
        pieces, change = _merged(old, new)
        paragraph = self.writer.new_paragraph("Heading 2")
        self.writer.bookmark(paragraph, plan.shown.anchor, self._content(pieces, []))
        if change is not None:
            self.revisions.mark_paragraph(paragraph, change)

    def _entry(self, plan: EntryPlan) -> None:
        writer = self.writer
        old, new = plan.old, plan.new
        heading, change = _merged(
            _heading_segments(old) if old else [], _heading_segments(new) if new else []
        )
        old_lines = narrative_lines(old.blocks) if old else []
        new_lines = narrative_lines(new.blocks) if new else []
        lines = merge_lines(old_lines, new_lines, self._old_segments, _new_segments)
        notes = self.review.notes.get(plan.shown.code, [])
        heading_ranges, line_ranges = self._comments(notes, lines)

        paragraph = writer.new_paragraph("Heading 3")
        ranges = [(comment, 0, len(heading)) for comment in heading_ranges]
        writer.bookmark(paragraph, plan.shown.anchor, self._content(heading, ranges))
        if change is not None:
            self.revisions.mark_paragraph(paragraph, change)

        numbering = _Numbering(writer, lines)
        for index, line in enumerate(lines):
            pieces, ranges = line_ranges.get(index, (line.pieces, []))
            shown = line.new or line.old
            assert shown is not None
            paragraph = writer.new_paragraph(shown.style)
            writer.number(paragraph, numbering.of(line))
            paragraph.extend(self._content(pieces, ranges))
            if line.change in ("insert", "delete"):
                self.revisions.mark_paragraph(paragraph, line.change)
            elif line.old is not None and line.new is not None and _laid_out_differently(line):
                former = element("w:p")
                former.append(writer.paragraph_properties(line.old.style))
                writer.number(former, numbering.of_old(line))
                self.revisions.property_change(paragraph, former[0])

    def _old_segments(self, line: Line) -> list[Segment]:
        return segments(line.paragraph.runs, self._old_link)

    def _old_link(self, anchor: str) -> str | None:
        """Where an internal link of the old text points in the review copy (None: nowhere,
        shown as text)."""
        anchor = self.review.renamed_anchors.get(anchor, anchor)
        return anchor if anchor in self.writer.bookmark_names else None

    # -- comments --------------------------------------------------------------------------

    def _comments(
        self, notes: list[Note], lines: list[MergedLine]
    ) -> tuple[list[int], dict[int, tuple[tuple[Piece, ...], list[_Range]]]]:
        """Add the entry's comments; (comments on the heading, per line index its pieces cut
        at the commented phrases and the comments' ranges)."""
        on_heading: list[int] = []
        found: dict[int, list[tuple[int, Side, int, int]]] = {}
        for note in notes:
            comment = self.comments.add(note.text)
            place = _find(note, lines) if note.phrase else None
            if place is None:
                on_heading.append(comment)
            else:
                index, start, end = place
                found.setdefault(index, []).append((comment, note.side, start, end))
        cut: dict[int, tuple[tuple[Piece, ...], list[_Range]]] = {}
        for index, marks in found.items():
            pieces = lines[index].pieces
            for _, side, start, end in marks:
                pieces = split(split(pieces, side, start), side, end)
            ranges: list[_Range] = []
            for comment, side, start, end in marks:
                where = span(pieces, side, start, end)
                if where is None:  # cannot happen for a phrase found in the text
                    on_heading.append(comment)
                else:
                    ranges.append((comment, *_with_other_side(pieces, side, *where)))
            cut[index] = (pieces, ranges)
        return on_heading, cut

    # -- inline content --------------------------------------------------------------------

    def _content(self, pieces: Sequence[Piece], ranges: Sequence[_Range]) -> list[etree._Element]:
        """The paragraph content of `pieces`: runs, kept or wrapped in w:ins / w:del, inside
        hyperlinks where linked, with the comments' range markers between them."""
        starts: dict[int, list[int]] = {}
        ends: dict[int, list[int]] = {}
        for comment, first, last in ranges:
            starts.setdefault(first, []).append(comment)
            ends.setdefault(last, []).append(comment)
        # A comment on words that are only inserted (or only deleted) is itself part of the
        # change: accepting a deletion, or rejecting an insertion, takes it away with them.
        tracked = {
            comment
            for comment, first, last in ranges
            if last > first
            and len({pieces[i].change for i in range(first, last)}) == 1
            and pieces[first].change in ("insert", "delete")
        }
        elements: list[etree._Element] = []
        stretch: list[Piece] = []
        for index in range(len(pieces) + 1):
            if index in starts or index in ends or index == len(pieces):
                elements += self._linked(stretch)
                stretch = []
                for comment in ends.get(index, []):
                    end, mark = comment_end(comment)
                    if comment in tracked:
                        elements += self._tracked_mark(elements, mark, pieces[index - 1].change)
                        elements.append(end)
                    else:
                        elements += [end, mark]
                for comment in starts.get(index, []):
                    elements.append(comment_start(comment))
            if index < len(pieces):
                stretch.append(pieces[index])
        return _enclosed(elements, tracked)

    def _tracked_mark(
        self, elements: list[etree._Element], mark: etree._Element, change: str
    ) -> list[etree._Element]:
        """Put a tracked comment's mark inside the revision it is about, before the end of its
        range (see the module's notes); the elements to add after `elements`."""
        if _is_revision(elements[-1:]):
            elements[-1].append(mark)
            return []
        return [
            self.revisions.inserted([mark])
            if change == "insert"
            else self.revisions.deleted([mark])
        ]

    def _linked(self, pieces: Sequence[Piece]) -> list[etree._Element]:
        """Pieces grouped by link: a hyperlink holds its runs and their revisions."""
        elements: list[etree._Element] = []
        for link, group in _runs_of(pieces, lambda piece: piece.format.link):
            content = self._revised(group)
            if link is None:
                elements += content
            else:
                hyperlink = self.writer.hyperlink(link[0], internal=link[1])
                hyperlink.extend(content)
                elements.append(hyperlink)
        return elements

    def _revised(self, pieces: Sequence[Piece]) -> list[etree._Element]:
        elements: list[etree._Element] = []
        for change, group in _runs_of(pieces, lambda piece: piece.change):
            runs = [
                self.writer.run(p.text, p.format.strong, p.format.emphasis, p.format.style)
                for p in group
            ]
            if change == "insert":
                elements.append(self.revisions.inserted(runs))
            elif change == "delete":
                elements.append(self.revisions.deleted(runs))
            else:
                elements += runs
        return elements


class _Numbering:
    """Numbering instances for an entry's numbered lists: one per list of the new narrative; a
    deleted item of a list the new narrative still has counts in that list."""

    def __init__(self, writer: Writer, lines: list[MergedLine]) -> None:
        self.writer = writer
        self.ids: dict[tuple[Side, int], int | None] = {}
        self.old_to_new: dict[int, int] = {}
        for line in lines:
            if line.old is not None and line.new is not None:
                old, new = line.old.numbered_list, line.new.numbered_list
                if old is not None and new is not None:
                    self.old_to_new.setdefault(old, new)

    def _instance(self, key: tuple[Side, int], style: str) -> int | None:
        if key not in self.ids:
            self.ids[key] = self.writer.restarted_numbering(style)
        return self.ids[key]

    def of(self, line: MergedLine) -> int | None:
        if line.new is not None:
            number = line.new.numbered_list
            return None if number is None else self._instance(("new", number), line.new.style)
        return self.of_old(line)

    def of_old(self, line: MergedLine) -> int | None:
        assert line.old is not None
        number = line.old.numbered_list
        if number is None:
            return None
        if number in self.old_to_new:
            return self._instance(("new", self.old_to_new[number]), line.old.style)
        return self._instance(("old", number), line.old.style)


def _with_other_side(pieces: Sequence[Piece], side: Side, first: int, last: int) -> tuple[int, int]:
    """The range widened over the other side's words right before and after it, so that a
    comment on the new figure holds the old figure it replaced (and the other way round)."""
    other = "delete" if side == "new" else "insert"
    while first > 0 and pieces[first - 1].change == other:
        first -= 1
    while last < len(pieces) and pieces[last].change == other:
        last += 1
    return first, last


def _enclosed(elements: list[etree._Element], tracked: set[int]) -> list[etree._Element]:
    """Move the start of each `tracked` comment into the revision right after it when that
    revision holds the comment's end too, so the whole comment is inside the change."""
    result: list[etree._Element] = []
    for position, found in enumerate(elements):
        if found.tag == qn("w:commentRangeStart") and int(found.get(qn("w:id"))) in tracked:
            following = elements[position + 1 : position + 2]
            end = f"{qn('w:commentRangeEnd')}[@{qn('w:id')}='{found.get(qn('w:id'))}']"
            if _is_revision(following) and following[0].find(end) is not None:
                following[0].insert(0, found)
                continue
        result.append(found)
    return result


def _is_revision(elements: list[etree._Element]) -> bool:
    return bool(elements) and elements[0].tag in (qn("w:ins"), qn("w:del"))


def _laid_out_differently(line: MergedLine) -> bool:
    assert line.old is not None and line.new is not None
    return line.old.style != line.new.style or (line.old.numbered_list is None) != (
        line.new.numbered_list is None
    )


def _merged(old: list[Segment], new: list[Segment]) -> tuple[tuple[Piece, ...], str | None]:
    """(pieces, "insert" / "delete" when the paragraph is only on one side, else None)."""
    if old and new:
        return merge_words(old, new), None
    if new:
        return whole("insert", new), "insert"
    return whole("delete", old), "delete"


def _heading_segments(rec: RecommendationView) -> list[Segment]:
    """A recommendation heading as the Word writer lays it out: the code, then the wording."""
    parts = [Segment(f"{rec.code}.", Format(style="Recommendation Code"))]
    if rec.text:
        parts.append(Segment(f" {rec.text}", Format()))
    return parts


def _new_segments(line: Line) -> list[Segment]:
    return segments(line.paragraph.runs)


def _find(note: Note, lines: list[MergedLine]) -> tuple[int, int, int] | None:
    """(line index, start, end) of the first place the note's phrase is written."""
    phrase = note.phrase or ""
    for fold in (False, True):  # as written first, then in any case
        for index, line in enumerate(lines):
            if note.side == "new" and line.change == "delete":
                continue
            if note.side == "old" and line.change == "insert":
                continue
            text = side_text(line.pieces, note.side)
            start = text.lower().find(phrase.lower()) if fold else text.find(phrase)
            if start >= 0:
                return index, start, start + len(phrase)
    return None


def _runs_of(pieces: Sequence[Piece], key: Callable[[Piece], K]) -> list[tuple[K, list[Piece]]]:
    """Consecutive pieces sharing `key`: (key, pieces) in order."""
    groups: list[tuple[K, list[Piece]]] = []
    for piece in pieces:
        value = key(piece)
        if groups and groups[-1][0] == value:
            groups[-1][1].append(piece)
        else:
            groups.append((value, [piece]))
    return groups


# --- the document ----------------------------------------------------------------------------


def render_review_docx(
    old: Edition,
    new: Edition,
    templates: Templates,
    *,
    author: str | None = None,
    stalled_threshold: float = DEFAULT_THRESHOLD,
    annexes: tuple[Section, ...] = (),
    environ: dict[str, str] | None = None,
    changeset: ChangeSet | None = None,
) -> bytes:
    """The review copy of `new` against `old`: tracked changes, comments and a summary.

    The revisions are by `author` (default: "topolreport (<the new edition's publisher>)", or
    "topolreport" when it names none)
    and dated like the document: SOURCE_DATE_EPOCH when set, else the first day of the new
    edition's month at midnight UTC. `changeset`, when given, is `diff_editions(old, new)`
    already computed (its entry pairs place each old entry beside its new one).
    """
    if changeset is None:
        changeset = diff_editions(old, new, stalled_threshold=stalled_threshold)
    old_view = build_view(old, environ=environ)
    new_view = build_view(new, annexes, environ)
    pairs = {pair.old.code: pair.new.code for pair in changeset.entry_pairs}
    anchors = {rec.code: rec.anchor for rec in new_view.recommendations()}
    old_anchors = {rec.code: rec.anchor for rec in old_view.recommendations()}
    review = Review(
        plan=plan_report(old_view, new_view, pairs),
        notes=entry_notes(changeset),
        summary=review_summary(changeset, old, new, anchors),
        revisions=Revisions(author or default_author(new), new_view.created),
        renamed_anchors={
            old_anchors[a]: anchors[b]
            for a, b in pairs.items()
            if a in old_anchors and b in anchors and old_anchors[a] != anchors[b]
        },
    )
    return render_docx(new_view, templates, ReviewLayout(review))
