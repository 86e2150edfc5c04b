"""A very long narrative (tens of thousands of words) is diffed in two levels, paragraphs then
words, and the steps still rebuild both texts and name exactly the words that changed."""

from __future__ import annotations

import re
from pathlib import Path

from topolreport.diff.words import similarity, word_diff

ENTRIES = Path(__file__).resolve().parents[1] / "editions" / "2023-02" / "entries"


def _real_paragraphs() -> list[str]:
    paragraphs = []
    for file in sorted(ENTRIES.glob("*.md")):
        body = file.read_text(encoding="utf-8").split("---\n", 2)[2]
        paragraphs += [p.strip() for p in body.split("\n\n") if p.strip()]
    return paragraphs


# A figure standing alone as a word: not part of "COVID-19", "33,700", "2.5" or "90%".
FIGURE = re.compile(r"(?<![\w.,'’-])(\d{2,})(?![\w%'’-]|[.,]\d)")


def _raise_numbers(paragraph: str) -> str:
    return FIGURE.sub(lambda m: str(int(m.group(1)) + 7), paragraph)


def test_a_64000_word_narrative_diffs_to_exactly_the_changed_figures() -> None:
    base = _real_paragraphs()
    old_paragraphs: list[str] = []
    copy = 0
    while sum(len(p.split()) for p in old_paragraphs) < 64_000:
        # Each copy of the real entries marked apart, as entries under new codes would be.
        copy += 1
        old_paragraphs += [f"Copy{copy}: {paragraph}" for paragraph in base]
    new_paragraphs = [
        _raise_numbers(p) if index % 3 == 0 else p for index, p in enumerate(old_paragraphs)
    ]
    old, new = "\n\n".join(old_paragraphs), "\n\n".join(new_paragraphs)

    score, ops = word_diff(old, new)

    assert "".join(op.old for op in ops) == old
    assert "".join(op.new for op in ops) == new
    changed = [(op.old.strip(), op.new.strip()) for op in ops if op.op != "equal"]
    expected = [
        (number, str(int(number) + 7))
        for index, paragraph in enumerate(old_paragraphs)
        if index % 3 == 0
        for number in FIGURE.findall(paragraph)
    ]
    # Every raised figure is one replaced word, and nothing else changed.
    assert changed == expected
    assert all(op.op == "replace" for op in ops if op.op != "equal")
    assert 0.99 < score < 1.0
    assert similarity(old, new) == score


def test_the_long_diff_read_backwards_is_the_mirror() -> None:
    base = _real_paragraphs()
    old_paragraphs = base * 40
    new_paragraphs = (
        old_paragraphs[:100] + ["A paragraph added in the middle."] + old_paragraphs[100:]
    )
    new_paragraphs[-1] = "The last paragraph, rewritten."
    old, new = "\n\n".join(old_paragraphs), "\n\n".join(new_paragraphs)
    forward_score, forward = word_diff(old, new)
    back_score, back = word_diff(new, old)
    assert forward_score == back_score
    flip = {"insert": "delete", "delete": "insert"}
    assert [(flip.get(op.op, op.op), op.new, op.old) for op in back] == [
        (op.op, op.old, op.new) for op in forward
    ]
    inserted = [op.new for op in forward if op.op == "insert"]
    assert any("A paragraph added in the middle." in text for text in inserted)
