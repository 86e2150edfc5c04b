"""Cross-references between entries, as the narrative writes them.

The report points from one entry to another in a handful of ways: "See also P2.", "(see P2)",
"See DM2 and OD1.", "See also DM4/ AIR5.", "(See also DM2, DM3, and DM4/AIR5)", "(G3)",
"(DM3 and E3)". A code only counts as a reference inside a see/see-also phrase or inside
parentheses holding nothing but codes, so acronyms such as "(GEP)" or "(COVID-19)" never do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .codes import DEFAULT as CODE_GRAMMAR
from .codes import normalise_code
from .model import Edition, Entry

# One code, optionally joint ("DM4/AIR5", also written "DM4/ AIR5"), not glued to other
# letters or digits so that "COVID-19", "NHSE/I" or "3D" cannot match.
_ONE = CODE_GRAMMAR.prose
# Between codes of a list: "DM2, DM3, and DM4/AIR5", "G4 and G5", "G3 or G6".
_SEP = r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)"
_LIST = rf"{_ONE}(?:{_SEP}{_ONE})*"

_SEE_RE = re.compile(rf"\b[Ss]ee(?:\s+also)?\s+(?P<list>{_LIST})")
_PAREN_RE = re.compile(rf"\((?P<list>{_LIST})\)")
_ONE_RE = re.compile(_ONE)

# What may surround the codes of a cross-reference-only text: "See also DM2 and OD1."
_FILLER_RE = re.compile(r"\b(?:see|also|and|or)\b|[\s.,;()]", re.IGNORECASE)
# Nothing but those words, codes and marks: a quick test that turns away every ordinary
# narrative at its first word, before the cross-references are looked for.
_ONLY_REFS_SHAPE = re.compile(
    rf"(?:[\s.,;()]|\b(?:[Ss]ee|also|and|or)\b|{CODE_GRAMMAR.spaced_joint})*"
)


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
                code = normalise_code(one.group())
                found.setdefault(start, CrossRef(code, one.group(), start, end))
    return [found[start] for start in sorted(found)]


def only_crossrefs(text: str) -> bool:
    """Whether `text` says nothing but where to look ("See DM3.", "See also G3 and G6.")."""
    if not _ONLY_REFS_SHAPE.fullmatch(text):
        return False
    refs = find_crossrefs(text)
    if not refs:
        return False
    rest, last = [], 0
    for ref in refs:
        rest.append(text[last : ref.start])
        last = ref.end
    rest.append(text[last:])
    return not _FILLER_RE.sub("", "".join(rest))


def resolve(code: str, edition: Edition) -> Entry | None:
    """The entry a referenced code points at; either half of a joint code finds the joint entry."""
    return edition.index().find(normalise_code(code))
