"""Which characters report text may hold, and how outputs show the invisible ones it may.

A report's text reaches terminals, Word, PDF and HTML. Characters that drive a terminal
(C0/C1 controls: an escape sequence starts with one), that can't be written as UTF-8 (lone
surrogates) or XML (U+FFFE, U+FFFF), and Unicode format characters (category "Cf") that
reorder or hide text are refused where the text is read. The "Trojan Source" characters
(CVE-2021-42574: the bidirectional embeddings, overrides and isolates U+202A-U+202E and
U+2066-U+2069) make text display in another order than it is stored, so a reviewer reads one
thing and the document says another.

- Names, titles, ids, owners, labels and other one-line fields hold no format character at
  all: two owners that look alike must be alike.
- Prose (narratives, the foreword, the summary, recommendation wordings, comments, reasons)
  may hold the few format characters real writing needs, none of which can reorder text: the
  soft hyphen, zero-width space, zero-width (non-)joiners, the word joiner, and the tag
  characters of an emoji flag (England's, Scotland's, Wales's).

Those few are shown escaped on a terminal (`terminal.printable_text`) and as character
references in HTML (`html_references`), so no output carries an invisible character raw.
"""

from __future__ import annotations

import re
import unicodedata

# Never in any text: C0/C1 controls but tab and line ends, lone surrogates, XML's two
# non-characters.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
# Unicode's format characters (category Cf, as of Unicode 15), spelt out: working them out
# from unicodedata at import would cost every command a scan of all code points.
FORMAT_CHARACTERS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
# One character class finds both kinds in a single pass (an alternation of two classes is
# about three times slower on every file a load reads); the two are disjoint.
_FORBIDDEN_RE = re.compile(f"[{_CONTROLS}{FORMAT_CHARACTERS}]")
_CONTROL_RE = re.compile(f"[{_CONTROLS}]")
# In ASCII text only the ASCII controls can occur, and str.isascii() costs nothing.
_ASCII_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Format characters prose may hold: none reorders text or moves the cursor.
PROSE_FORMAT_CHARACTERS = frozenset("\u00ad\u200b\u200c\u200d\u2060")
# An emoji tag sequence (a subdivision flag): black flag, tag letters, cancel tag.
_FLAG_RE = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
_TAG_FIRST, _TAG_LAST = 0xE0000, 0xE007F


def _flag_tags(text: str) -> set[int]:
    """Positions of the tag characters that belong to a well-formed emoji flag."""
    return {i for m in _FLAG_RE.finditer(text) for i in range(m.start() + 1, m.end())}


def forbidden_character(text: str, *, prose: bool = False) -> str | None:
    """Why `text` can't be part of a report (its first forbidden character), or None.

    `prose` allows the few format characters real writing needs (see the module's notes)."""
    found = first_forbidden(text, prose=prose)
    return None if found is None else f"{found[1]} at position {found[0]}"


def first_forbidden(text: str, *, prose: bool = False) -> tuple[int, str] | None:
    """The position of the first character `text` can't hold, and what it is."""
    flags: set[int] | None = None
    finder = _ASCII_CONTROL_RE if text.isascii() else _FORBIDDEN_RE
    for found in finder.finditer(text):
        char, index = found.group(), found.start()
        if _CONTROL_RE.match(char):
            return index, f"holds the control character U+{ord(char):04X}"
        if prose and char in PROSE_FORMAT_CHARACTERS:
            continue
        if prose and _TAG_FIRST <= ord(char) <= _TAG_LAST:
            flags = _flag_tags(text) if flags is None else flags
            if index in flags:
                continue
        name = unicodedata.name(char, "unnamed")
        return index, f"holds the format character U+{ord(char):04X} ({name})"
    return None


def _reference(match: re.Match[str]) -> str:
    return f"&#x{ord(match.group()):X};"


_INVISIBLE_RE = re.compile(
    "[" + "".join(sorted(PROSE_FORMAT_CHARACTERS)) + f"{chr(_TAG_FIRST)}-{chr(_TAG_LAST)}]"
)


def html_references(html: str) -> str:
    """`html` (already escaped) with each invisible character prose may hold written as a
    character reference: a browser shows the same, and the page's source shows it is there."""
    return _INVISIBLE_RE.sub(_reference, html)
