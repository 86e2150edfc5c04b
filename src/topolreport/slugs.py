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
