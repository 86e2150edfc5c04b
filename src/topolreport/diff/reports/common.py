"""What every report format shares: word diffs compacted, text on one line, a string console.

Grouping is `diff/grouping.py`'s, wording `diff/wording.py`'s, each kind's `diff/kinds.py`'s."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...text import unlinked
from ..changes import WordOp

if TYPE_CHECKING:
    from rich.console import Console

# The halves of a link a word diff cut apart: "[GeNotes " … "](#)" (not an escaped "\[").
_LINK_OPENER = re.compile(r"(?<!\\)\[")
_LINK_CLOSER = re.compile(r"(?<!\\)\]\([^)\s]*\)")


def one_line(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces."""
    return re.sub(r"\s+", " ", text)


def link_text(text: str) -> str:
    """Narrative Markdown with its links shown as their text, even a link whose halves a word
    diff cut into separate pieces."""
    if "[" not in text and "]" not in text:
        return text  # no link, and no half of one: most pieces of a word diff
    return _LINK_OPENER.sub("", _LINK_CLOSER.sub("", unlinked(text)))


def compact(ops: Sequence[WordOp], context: int = 8) -> list[tuple[str, str, str]]:
    """(op, old, new) with long unchanged stretches cut to `context` words either side."""
    result: list[tuple[str, str, str]] = []
    last = len(ops) - 1
    for index, op in enumerate(ops):
        if op.op != "equal":
            result.append((op.op, op.old, op.new))
            continue
        words = op.new.split(" ")
        keep_start = context if index > 0 else 0
        keep_end = context if index < last else 0
        if len(words) <= keep_start + keep_end + 2:
            result.append(("equal", op.new, op.new))
            continue
        head = " ".join(words[:keep_start])
        tail = " ".join(words[len(words) - keep_end :]) if keep_end else ""
        text = (head + " " if head else "") + "… " + tail
        if not keep_end:
            text = text.rstrip()
        result.append(("equal", text, text))
    return result


def string_console(*, color: bool, width: int) -> tuple[Console, io.StringIO]:
    """A rich console printing into a string, coloured only when asked (for a terminal)."""
    from rich.console import Console  # imported here: the Markdown and HTML reports need none

    stream = io.StringIO()
    console = Console(
        file=stream,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    return console, stream
