"""Merging two versions of a passage into one with its changes marked (render/redline.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from topolreport.render.docx import Line
from topolreport.render.narrative import Paragraph, Text
from topolreport.render.redline import (
    Format,
    Segment,
    merge_lines,
    merge_words,
    segments,
    side_text,
    span,
    split,
    text_of,
)

PLAIN, BOLD = Format(), Format(strong=True)
LINK = Format(link=("https://example.org", False), style="Hyperlink")

words = st.sampled_from(
    ["HEE", "has", "launched", "the", "Learning", "Hub", "33,700", "41,200", "learners", "(P2)",
     "over", "90%", ".", ",", "GeNotes", "and", "Online", "self-assessment", "Master's"]
)  # fmt: skip
spacing = st.sampled_from([" ", " ", " ", "  ", ""])
formats = st.sampled_from([PLAIN, PLAIN, BOLD, LINK])


@st.composite
def paragraphs(draw: st.DrawFn) -> list[Segment]:
    parts = draw(st.lists(st.tuples(words, spacing, formats), max_size=14))
    return [Segment(word + space, fmt) for word, space, fmt in parts]


def format_at(parts: list[Segment], offset: int) -> Format:
    position = 0
    for part in parts:
        if position <= offset < position + len(part.text):
            return part.format
        position += len(part.text)
    raise IndexError(offset)


@given(paragraphs(), paragraphs())
def test_each_side_reads_exactly_as_it_was_written(old: list[Segment], new: list[Segment]) -> None:
    pieces = merge_words(old, new)
    assert side_text(pieces, "old") == text_of(old)
    assert side_text(pieces, "new") == text_of(new)
    assert all(piece.text for piece in pieces)
    for piece in pieces:  # what the new edition shows keeps the new edition's formatting
        if piece.change != "delete":
            assert piece.new_start is not None
            assert piece.format == format_at(new, piece.new_start)
            assert text_of(new)[piece.new_start : piece.new_start + len(piece.text)] == piece.text
        if piece.change != "insert":
            assert piece.old_start is not None
            assert text_of(old)[piece.old_start : piece.old_start + len(piece.text)] == piece.text


def test_a_changed_figure_is_one_deletion_and_one_insertion() -> None:
    old = [Segment("completed by 33,700 learners to date.", PLAIN)]
    new = [Segment("completed by 41,200 learners to date.", PLAIN)]
    pieces = merge_words(old, new)
    assert [(p.change, p.text) for p in pieces] == [
        ("equal", "completed by "),
        ("delete", "33,700 "),
        ("insert", "41,200 "),
        ("equal", "learners to date."),
    ]


def test_spacing_alone_is_a_change_too() -> None:
    pieces = merge_words([Segment("two  spaces", PLAIN)], [Segment("two spaces", PLAIN)])
    assert [(p.change, p.text) for p in pieces] == [
        ("equal", "two "),
        ("delete", " "),
        ("equal", "spaces"),
    ]


@given(paragraphs(), paragraphs(), st.data())
def test_cutting_pieces_keeps_the_text_and_finds_the_phrase(
    old: list[Segment], new: list[Segment], data: st.DataObject
) -> None:
    pieces = merge_words(old, new)
    text = text_of(new)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    cut = split(split(pieces, "new", start), "new", end)
    assert side_text(cut, "new") == text and side_text(cut, "old") == text_of(old)
    where = span(cut, "new", start, end)
    if start == end:
        assert where is None
    else:
        assert where is not None
        assert side_text(cut[where[0] : where[1]], "new") == text[start:end]


def _lines(*texts: str, style: str = "Normal") -> list[Line]:
    return [Line(style, Paragraph((Text(text),))) for text in texts]


def _segments(line: Line) -> list[Segment]:
    return segments(line.paragraph.runs)


@given(st.lists(paragraphs(), max_size=6), st.lists(paragraphs(), max_size=6))
def test_merged_paragraphs_read_as_either_version(
    old: list[list[Segment]], new: list[list[Segment]]
) -> None:
    old_lines = _lines(*(text_of(p) for p in old))
    new_lines = _lines(*(text_of(p) for p in new))
    merged = merge_lines(old_lines, new_lines, _segments, _segments)
    assert [side_text(m.pieces, "old") for m in merged if m.change != "insert"] == [
        text_of(p) for p in old
    ]
    assert [side_text(m.pieces, "new") for m in merged if m.change != "delete"] == [
        text_of(p) for p in new
    ]


def test_paragraphs_are_paired_by_likeness_and_rewritten_ones_replaced() -> None:
    old = _lines(
        "The Learning Hub has 2 million registered users.",
        "A paragraph that will go away entirely.",
        "HEE's national KLS team have cascaded training on health literacy.",
    )
    new = _lines(
        "The Learning Hub has 3 million registered users.",
        "Library staff now teach health literacy in every region.",
        "Next year the Hub adds courses.",
    )
    merged = merge_lines(old, new, _segments, _segments)
    assert [m.change for m in merged] == ["changed", "delete", "delete", "insert", "insert"]
    assert side_text(merged[0].pieces, "new") == "The Learning Hub has 3 million registered users."


def test_a_paragraph_restyled_is_changed_even_with_the_same_words() -> None:
    merged = merge_lines(
        _lines("Same words."), _lines("Same words.", style="List Bullet"), _segments, _segments
    )
    assert [m.change for m in merged] == ["changed"]
    assert all(piece.change == "equal" for piece in merged[0].pieces)
