"""Word-level differences between two texts, and how alike they are.

Texts are split into words and punctuation marks, each carrying the spacing after it, so the
steps of a diff put back together give both texts exactly. Similarity is difflib's ratio over
the words: the share of words the two texts have in common, 0 to 1.

difflib's search grows with the product of the two lengths, so long texts (a narrative of tens
of thousands of words) are compared in two levels: paragraphs first, then words within the runs
of paragraphs that differ. Below that size the one-level answer is kept exactly.

The matcher is cydifflib's: difflib's own algorithm compiled, giving the very same steps and
ratios (the judgments of the diff rest on them) several times faster.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from cydifflib import SequenceMatcher

from .changes import WordOp

# A number ("33,700", "2.5", "90%"), a word (with inner apostrophes and hyphens: "Master's",
# "self-assessment") or one mark, each with the spacing after it.
_CHUNK_RE = re.compile(r"(?:\d+(?:[.,]\d+)*%?|\w+(?:['’-]\w+)*|[^\w\s])\s*")


def tokens(text: str) -> tuple[list[str], list[str]]:
    """(words, chunks): the words to compare, and each word with the spacing that follows it
    (the first chunk also holds any spacing before the first word)."""
    chunks = _CHUNK_RE.findall(text)
    if not chunks:
        return ([""], [text]) if text else ([], [])
    lead = len(text) - len(text.lstrip())
    if lead:
        chunks[0] = text[:lead] + chunks[0]
    return list(map(str.strip, chunks)), chunks


def _matcher(old: list[Any], new: list[Any]) -> tuple[SequenceMatcher[Any], bool]:
    # difflib's answer can depend on which side comes first; always putting the smaller list
    # first makes diff(A, B) the exact mirror of diff(B, A).
    swapped = new < old
    first, second = (new, old) if swapped else (old, new)
    return SequenceMatcher(None, first, second, autojunk=False), swapped


def similarity(old: str, new: str) -> float:
    """Share of words in common, 0 to 1 (1 for equal texts)."""
    if old == new:
        return 1.0
    old_words, old_chunks = tokens(old)
    new_words, new_chunks = tokens(new)
    ratio, _ = _compare(old_words, new_words, old_chunks, new_chunks)
    return round(ratio, 4)


_BACKWARDS: dict[str, Literal["insert", "delete"]] = {"insert": "delete", "delete": "insert"}
# Above this many word pairs (about 2,000 words a side) one-level difflib takes seconds.
_ONE_LEVEL_LIMIT = 4_000_000

Tag = Literal["equal", "insert", "delete", "replace"]
Opcode = tuple[Tag, int, int, int, int]


def _opcodes(old: list[Any], new: list[Any]) -> list[Opcode]:
    """difflib's steps from `old` to `new`, the exact mirror of the steps from `new` to `old`."""
    matcher, swapped = _matcher(old, new)
    steps: list[Opcode] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if swapped:  # the matcher ran new -> old: read its steps backwards
            i1, i2, j1, j2 = j1, j2, i1, i2
            tag = _BACKWARDS.get(tag, tag)
        steps.append((tag, i1, i2, j1, j2))
    return steps


def _blocks(chunks: list[str]) -> list[int]:
    """Start index of each paragraph: a chunk whose spacing holds a line break ends one."""
    starts = [0]
    for index, chunk in enumerate(chunks[:-1]):
        if "\n" in chunk:
            starts.append(index + 1)
    return starts


def _two_level(
    old: list[str], new: list[str], old_chunks: list[str], new_chunks: list[str]
) -> list[Opcode]:
    old_starts, new_starts = _blocks(old_chunks), _blocks(new_chunks)
    old_bounds = [*old_starts, len(old)]
    new_bounds = [*new_starts, len(new)]
    old_blocks = [tuple(old[a:b]) for a, b in zip(old_bounds, old_bounds[1:], strict=False)]
    new_blocks = [tuple(new[a:b]) for a, b in zip(new_bounds, new_bounds[1:], strict=False)]
    steps: list[Opcode] = []
    for tag, b1, b2, c1, c2 in _opcodes(old_blocks, new_blocks):
        i1, i2, j1, j2 = old_bounds[b1], old_bounds[b2], new_bounds[c1], new_bounds[c2]
        if tag == "equal":
            steps.append((tag, i1, i2, j1, j2))
        elif tag != "replace" or (i2 - i1) * (j2 - j1) > _ONE_LEVEL_LIMIT:
            steps.append(("replace" if i1 < i2 and j1 < j2 else tag, i1, i2, j1, j2))
        else:
            for sub, k1, k2, l1, l2 in _opcodes(old[i1:i2], new[j1:j2]):
                steps.append((sub, i1 + k1, i1 + k2, j1 + l1, j1 + l2))
    return steps


def _compare(
    old: list[str], new: list[str], old_chunks: list[str], new_chunks: list[str]
) -> tuple[float, list[Opcode]]:
    """(ratio, steps): one level for texts of ordinary length, two for long ones."""
    if len(old) * len(new) <= _ONE_LEVEL_LIMIT:
        steps = _opcodes(old, new)
    else:
        steps = _two_level(old, new, old_chunks, new_chunks)
    same = sum(i2 - i1 for tag, i1, i2, _, _ in steps if tag == "equal")
    total = len(old) + len(new)
    return (2.0 * same / total if total else 1.0), steps


def word_diff(old: str, new: str) -> tuple[float, list[WordOp]]:
    """(similarity, steps) turning `old` into `new` word by word."""
    old_words, old_chunks = tokens(old)
    new_words, new_chunks = tokens(new)
    ratio, steps = _compare(old_words, new_words, old_chunks, new_chunks)
    ops = [
        WordOp(op=tag, old="".join(old_chunks[i1:i2]), new="".join(new_chunks[j1:j2]))
        for tag, i1, i2, j1, j2 in steps
    ]
    return round(ratio, 4) if old != new else 1.0, ops


def sequence_ratio(old: list[str], new: list[str]) -> float:
    """difflib's ratio of two word lists, the same whichever comes first."""
    if old == new:
        return 1.0
    matcher, _ = _matcher(old, new)
    return float(matcher.ratio())
