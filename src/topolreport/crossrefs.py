"""Cross-references between entries, as the narrative writes them.

The report points from one entry to another in a handful of ways: "See also P2.", "(see P2)",
"See DM2 and OD1.", "See also DM4/ AIR5.", "(See also DM2, DM3, and DM4/AIR5)", "(G3)",
"(DM3 and E3)". A code only counts as a reference inside a see/see-also phrase or inside
parentheses holding nothing but codes, so acronyms such as "(GEP)" or "(COVID-19)" never do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Edition, Entry, split_code

# One code, optionally joint ("DM4/AIR5", also written "DM4/ AIR5"), not glued to other
# letters or digits so that "COVID-19", "NHSE/I" or "3D" cannot match.
_CODE = r"[A-Z]{1,4}\d{1,2}"
_ONE = rf"(?<![A-Za-z0-9/-])(?:{_CODE}(?:/\s?{_CODE})*)(?![A-Za-z0-9/-])"
# Between codes of a list: "DM2, DM3, and DM4/AIR5", "G4 and G5", "G3 or G6".
_SEP = r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)"
_LIST = rf"{_ONE}(?:{_SEP}{_ONE})*"

_SEE_RE = re.compile(rf"\b[Ss]ee(?:\s+also)?\s+(?P<list>{_LIST})")
_PAREN_RE = re.compile(rf"\((?P<list>{_LIST})\)")
_ONE_RE = re.compile(_ONE)


@dataclass(frozen=True)
class CrossRef:
    """One referenced code: `spelling` is the code as written, at text[start:end]."""

    code: str  # normalised: no spaces, e.g. "DM4/AIR5"
    spelling: str
    start: int
    end: int


def find_crossrefs(text: str) -> list[CrossRef]:
    """Every cross-reference in `text`, in order of appearance."""
    found: dict[int, CrossRef] = {}
    for pattern in (_SEE_RE, _PAREN_RE):
        for match in pattern.finditer(text):
            offset = match.start("list")
            for one in _ONE_RE.finditer(match.group("list")):
                start, end = offset + one.start(), offset + one.end()
                # "(see P2)" is found by both patterns: keep one reference per position.
                found.setdefault(start, CrossRef(_normalise(one.group()), one.group(), start, end))
    return [found[start] for start in sorted(found)]


def only_crossrefs(text: str) -> bool:
    """Whether `text` says nothing but where to look ("See DM3.", "See also G3 and G6.")."""
    rest = _SEE_RE.sub("", text)
    return bool(find_crossrefs(text)) and not re.sub(r"[\s.,;()]", "", rest)


def resolve(code: str, edition: Edition) -> Entry | None:
    """The entry a referenced code points at; either half of a joint code finds the joint entry."""
    code = _normalise(code)
    entry = edition.entry(code)
    if entry is not None:
        return entry
    for part in split_code(code):
        entry = edition.entry(part)
        if entry is not None:
            return entry
    return None


def _normalise(spelling: str) -> str:
    return re.sub(r"\s+", "", spelling)
