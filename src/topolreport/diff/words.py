"""Word-level differences between two texts, and how alike they are.

Texts are split into words and punctuation marks, each carrying the spacing after it, so the
steps of a diff put back together give both texts exactly. Similarity is difflib's ratio over
the words: the share of words the two texts have in common, 0 to 1.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Literal

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
    return [chunk.strip() for chunk in chunks], chunks


def _matcher(old: list[str], new: list[str]) -> tuple[SequenceMatcher[str], bool]:
    # difflib's answer can depend on which side comes first; always putting the smaller list
    # first makes diff(A, B) the exact mirror of diff(B, A).
    swapped = new < old
    first, second = (new, old) if swapped else (old, new)
    return SequenceMatcher(None, first, second, autojunk=False), swapped


def similarity(old: str, new: str) -> float:
    """Share of words in common, 0 to 1 (1 for equal texts)."""
    if old == new:
        return 1.0
    old_words, _ = tokens(old)
    new_words, _ = tokens(new)
    matcher, _ = _matcher(old_words, new_words)
    return round(matcher.ratio(), 4)


_BACKWARDS: dict[str, Literal["insert", "delete"]] = {"insert": "delete", "delete": "insert"}


def word_diff(old: str, new: str) -> tuple[float, list[WordOp]]:
    """(similarity, steps) turning `old` into `new` word by word."""
    old_words, old_chunks = tokens(old)
    new_words, new_chunks = tokens(new)
    matcher, swapped = _matcher(old_words, new_words)
    ops: list[WordOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if swapped:  # the matcher ran new -> old: read its steps backwards
            i1, i2, j1, j2 = j1, j2, i1, i2
            tag = _BACKWARDS.get(tag, tag)
        ops.append(WordOp(op=tag, old="".join(old_chunks[i1:i2]), new="".join(new_chunks[j1:j2])))
    return round(matcher.ratio(), 4) if old != new else 1.0, ops


def sequence_ratio(old: list[str], new: list[str]) -> float:
    """difflib's ratio of two word lists, the same whichever comes first."""
    if old == new:
        return 1.0
    matcher, _ = _matcher(old, new)
    return matcher.ratio()
