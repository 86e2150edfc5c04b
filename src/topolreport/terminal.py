"""Text bound for a terminal, with whatever could drive it made visible.

Snapshot text can't hold control characters (the model refuses them), but file names can:
an entry file named with an escape sequence would otherwise clear the screen or retitle the
window when `check` or an error line names it.
"""

from __future__ import annotations


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str) -> str:
    """`text` with control and format characters (but tab) and lone surrogates written as
    escapes ("\\u001b"), everything else as it is."""
    return "".join(
        char
        if char == "\t" or (char.isprintable() and not 0xD800 <= ord(char) <= 0xDFFF)
        else _escaped(char)
        for char in text
    )


def printable_text(text: str) -> str:
    """Like `printable`, keeping line ends: for a page of text (an entry, a diff report)."""
    return "\n".join(printable(line) for line in text.split("\n"))
