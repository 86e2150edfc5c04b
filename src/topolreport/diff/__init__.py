"""Compare two editions: typed changes per recommendation, stalled recommendations, reports."""

from .changes import ChangeSet
from .engine import diff_editions, diff_entries

__all__ = ["ChangeSet", "diff_editions", "diff_entries"]
