"""Compare two editions: typed changes per recommendation, stalled recommendations, reports.

The engine is loaded on first use: a document that only words changes (diff.wording) or
reads a saved ChangeSet does not pay for the matcher and the word differ."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .changes import ChangeSet
    from .engine import diff_editions, diff_entries

__all__ = ["ChangeSet", "diff_editions", "diff_entries"]

_HOME = {"ChangeSet": ".changes", "diff_editions": ".engine", "diff_entries": ".engine"}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOME[name], __name__), name)
