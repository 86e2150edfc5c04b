"""Two versions of a passage merged into one, as a tracked-changes document shows it.

Paragraphs are aligned first (difflib over whole paragraphs; in a stretch that differs, the most
alike old and new paragraphs are paired, as `difflib.ndiff` pairs lines), then paired
paragraphs are merged word by word with the diff engine's `word_diff`. The result is a list of
pieces, each kept, inserted or deleted, carrying its formatting (emphasis, link, character
style) so the writer can lay it out. Reading only the kept and inserted pieces gives the new
text exactly; only the kept and deleted ones, the old text.

Pure data in, pure data out: no XML here (that is revisions.py and review.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Literal

from ..diff.words import similarity, word_diff
from .docx import Line
from .narrative import Inline, Link

Change = Literal["equal", "insert", "delete"]
LineChange = Literal["equal", "changed", "insert", "delete"]
Side = Literal["old", "new"]

# Paragraphs sharing less than this share of their words are shown as one deleted and one
# inserted rather than merged word by word (a rewritten paragraph reads better that way).
PAIR_CUTOFF = 0.5
# Beyond this many candidate pairs in one differing stretch, stop looking for the best pairs
# (the search is cubic): the stretch is shown as deleted, then inserted.
_MAX_PAIRING = 2500


@dataclass(frozen=True)
class Format:
    strong: bool = False
    emphasis: bool = False
    link: tuple[str, bool] | None = None  # (target, internal)
    style: str | None = None  # a character style: "Hyperlink", "Recommendation Code"


@dataclass(frozen=True)
class Segment:
    text: str
    format: Format


@dataclass(frozen=True)
class Piece:
    """A stretch of text kept, inserted or deleted; its offset in the old and new paragraph
    (None on the side it is not part of)."""

    change: Change
    text: str
    format: Format
    old_start: int | None
    new_start: int | None

    def start(self, side: Side) -> int | None:
        return self.old_start if side == "old" else self.new_start

    def end(self, side: Side) -> int | None:
        start = self.start(side)
        return None if start is None else start + len(self.text)


@dataclass(frozen=True)
class MergedLine:
    """One paragraph of the merged narrative: kept, changed (merged word by word), inserted or
    deleted; `old` and `new` are the paragraphs it stands for."""

    change: LineChange
    old: Line | None
    new: Line | None
    pieces: tuple[Piece, ...]


# Maps an internal link target of the old text to one in the merged document (None: no link).
LinkFilter = Callable[[str], str | None]


def segments(runs: Iterable[Inline], internal: LinkFilter | None = None) -> list[Segment]:
    """A paragraph's runs as formatted text segments; links carry the "Hyperlink" style, as
    the Word writer lays them out."""
    found: list[Segment] = []
    for run in runs:
        if isinstance(run, Link):
            target: str | None = run.target
            if run.internal and internal is not None:
                target = internal(run.target)
            for part in run.runs:
                if target is None:
                    found.append(Segment(part.text, Format(part.strong, part.emphasis)))
                else:
                    link = (target, run.internal)
                    found.append(
                        Segment(part.text, Format(part.strong, part.emphasis, link, "Hyperlink"))
                    )
        else:
            found.append(Segment(run.text, Format(run.strong, run.emphasis)))
    return found


def text_of(parts: Iterable[Segment]) -> str:
    return "".join(part.text for part in parts)


def side_text(pieces: Iterable[Piece], side: Side) -> str:
    """The paragraph as it reads on one side: the kept pieces and that side's changes."""
    hidden = "insert" if side == "old" else "delete"
    return "".join(piece.text for piece in pieces if piece.change != hidden)


def whole(change: Literal["insert", "delete"], parts: Sequence[Segment]) -> tuple[Piece, ...]:
    """A paragraph inserted or deleted as a whole."""
    pieces = []
    position = 0
    for part in parts:
        if part.text:
            start = position
            old = start if change == "delete" else None
            new = start if change == "insert" else None
            pieces.append(Piece(change, part.text, part.format, old, new))
            position += len(part.text)
    return _joined(pieces)


def kept(parts: Sequence[Segment]) -> tuple[Piece, ...]:
    """An unchanged paragraph: every piece kept, at the same offset on both sides."""
    pieces = []
    position = 0
    for part in parts:
        if part.text:
            pieces.append(Piece("equal", part.text, part.format, position, position))
            position += len(part.text)
    return _joined(pieces)


class _Reader:
    """Reads a paragraph's segments left to right, `length` characters at a time."""

    def __init__(self, parts: Sequence[Segment]) -> None:
        self.parts = [part for part in parts if part.text]
        self.index = 0
        self.inside = 0  # characters already read of parts[index]
        self.position = 0

    def take(self, length: int) -> list[tuple[str, Format, int]]:
        taken = []
        while length > 0:
            part = self.parts[self.index]
            size = min(len(part.text) - self.inside, length)
            taken.append((part.text[self.inside : self.inside + size], part.format, self.position))
            self.inside += size
            self.position += size
            length -= size
            if self.inside == len(part.text):
                self.index += 1
                self.inside = 0
        return taken


def merge_words(old: Sequence[Segment], new: Sequence[Segment]) -> tuple[Piece, ...]:
    """The old and new paragraph merged word by word. Kept words take the new formatting."""
    old_text, new_text = text_of(old), text_of(new)
    if old_text == new_text:
        return kept(new)
    _, ops = word_diff(old_text, new_text)
    if "".join(op.old for op in ops) != old_text or "".join(op.new for op in ops) != new_text:
        # Cannot happen with the tokenizer's full coverage; never lose text if it did.
        return whole("delete", old) + whole("insert", new)
    old_reader, new_reader = _Reader(old), _Reader(new)
    pieces: list[Piece] = []

    def keep(length: int) -> None:
        shift = old_reader.position - new_reader.position
        old_reader.take(length)
        for text, fmt, start in new_reader.take(length):
            pieces.append(Piece("equal", text, fmt, start + shift, start))

    def delete(length: int) -> None:
        for text, fmt, start in old_reader.take(length):
            pieces.append(Piece("delete", text, fmt, start, None))

    def insert(length: int) -> None:
        for text, fmt, start in new_reader.take(length):
            pieces.append(Piece("insert", text, fmt, None, start))

    for op in ops:
        if op.op == "equal" and op.old == op.new:
            keep(len(op.new))
        elif op.op == "equal":
            # The same words, spaced differently: keep what is common at either end.
            head = _common_prefix(op.old, op.new)
            tail = _common_prefix(op.old[head:][::-1], op.new[head:][::-1])
            keep(head)
            delete(len(op.old) - head - tail)
            insert(len(op.new) - head - tail)
            keep(tail)
        else:
            delete(len(op.old))
            insert(len(op.new))
    return _joined(pieces)


def _common_prefix(a: str, b: str) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


def _joined(pieces: Sequence[Piece]) -> tuple[Piece, ...]:
    """Neighbouring pieces of the same change and format as one."""
    joined: list[Piece] = []
    for piece in pieces:
        last = joined[-1] if joined else None
        if (
            last is not None
            and (last.change, last.format) == (piece.change, piece.format)
            and last.end("old") == piece.old_start
            and last.end("new") == piece.new_start
        ):
            joined[-1] = replace(last, text=last.text + piece.text)
        else:
            joined.append(piece)
    return tuple(joined)


def split(pieces: Sequence[Piece], side: Side, offset: int) -> tuple[Piece, ...]:
    """The pieces with the one spanning `offset` (on `side`) cut in two there."""
    result: list[Piece] = []
    for piece in pieces:
        start, end = piece.start(side), piece.end(side)
        if start is None or end is None or not start < offset < end:
            result.append(piece)
            continue
        cut = offset - start
        result.append(replace(piece, text=piece.text[:cut]))
        result.append(
            replace(
                piece,
                text=piece.text[cut:],
                old_start=None if piece.old_start is None else piece.old_start + cut,
                new_start=None if piece.new_start is None else piece.new_start + cut,
            )
        )
    return tuple(result)


def span(pieces: Sequence[Piece], side: Side, start: int, end: int) -> tuple[int, int] | None:
    """(first, last + 1): the indexes of the pieces covering [start, end) on `side`, once the
    pieces were `split` at both ends."""
    inside = [
        index
        for index, piece in enumerate(pieces)
        if (s := piece.start(side)) is not None and start <= s and s + len(piece.text) <= end
    ]
    return (inside[0], inside[-1] + 1) if inside else None


# --- paragraphs -----------------------------------------------------------------------------


def merge_lines(
    old: Sequence[Line],
    new: Sequence[Line],
    old_segments: Callable[[Line], list[Segment]],
    new_segments: Callable[[Line], list[Segment]],
    cutoff: float = PAIR_CUTOFF,
) -> list[MergedLine]:
    """The paragraphs of two versions of a narrative, aligned and merged."""
    old_parts = [old_segments(line) for line in old]
    new_parts = [new_segments(line) for line in new]
    old_keys = [(line.style, tuple(parts)) for line, parts in zip(old, old_parts, strict=True)]
    new_keys = [(line.style, tuple(parts)) for line, parts in zip(new, new_parts, strict=True)]
    merged: list[MergedLine] = []

    def pair(i: int, j: int) -> None:
        pieces = merge_words(old_parts[i], new_parts[j])
        same = all(piece.change == "equal" for piece in pieces) and old[i].style == new[j].style
        merged.append(MergedLine("equal" if same else "changed", old[i], new[j], pieces))

    def delete(i: int) -> None:
        merged.append(MergedLine("delete", old[i], None, whole("delete", old_parts[i])))

    def insert(j: int) -> None:
        merged.append(MergedLine("insert", None, new[j], whole("insert", new_parts[j])))

    def best_pairs(a1: int, a2: int, b1: int, b2: int) -> None:
        best, where = cutoff, None
        if (a2 - a1) * (b2 - b1) <= _MAX_PAIRING:
            for i in range(a1, a2):
                old_text = text_of(old_parts[i])
                for j in range(b1, b2):
                    score = similarity(old_text, text_of(new_parts[j]))
                    if score > best or (where is None and score >= best):
                        best, where = score, (i, j)
        if where is None:
            for i in range(a1, a2):
                delete(i)
            for j in range(b1, b2):
                insert(j)
            return
        i, j = where
        best_pairs(a1, i, b1, j)
        pair(i, j)
        best_pairs(i + 1, a2, j + 1, b2)

    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                merged.append(
                    MergedLine("equal", old[i1 + k], new[j1 + k], kept(new_parts[j1 + k]))
                )
        else:
            best_pairs(i1, i2, j1, j2)
    return merged
