"""Slugs: the ids, anchors and file names made from names and codes."""

from __future__ import annotations

import re

_APOSTROPHES_RE = re.compile(r"['’]")
_WORD_RE = re.compile(r"[a-z0-9]+")


def slug(text: str, *, words: int | None = None, fallback: str = "item") -> str:
    """Lower-case words joined by "-": "HEE's Learning Hub" -> "hees-learning-hub".

    An apostrophe joins its word ("HEE's" -> "hees", not "hee-s"). `words` keeps only the
    first few words; `fallback` stands in when nothing is left.
    """
    parts = _WORD_RE.findall(_APOSTROPHES_RE.sub("", text.lower()))
    if words is not None:
        parts = parts[:words]
    return "-".join(parts) or fallback


def title_slug(text: str) -> str:
    """File-name slug of a title, its first few words: "Topol Review: Progress on the
    recommendations" -> "topol-review-progress" (as the report's source file is named)."""
    return slug(text, words=3, fallback="report")


def file_stem(title: str, edition_id: str) -> str:
    """An edition's documents' name without suffix: "topol-review-progress-2023-02"."""
    return f"{title_slug(title)}-{edition_id}"
