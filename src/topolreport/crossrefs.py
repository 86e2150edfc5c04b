"""Cross-references between entries, as the narrative writes them.

The report points from one entry to another in a handful of ways: "See also P2.", "(see P2)",
"See DM2 and OD1.", "See also DM4/ AIR5.", "(See also DM2, DM3, and DM4/AIR5)", "(G3)",
"(DM3 and E3)". A code only counts as a reference inside a see/see-also phrase or inside
parentheses holding nothing but codes, so acronyms such as "(GEP)" or "(COVID-19)" never do;
and, when the review's codes are known, a parenthesised code the review does not have is not
a reference either, so "(COVID19)" is not one even where the review's pattern fits it.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .codes import DEFAULT, CodeGrammar, normalise_code, split_code

if TYPE_CHECKING:  # records are only read here: linking a narrative needs no model
    from .model import Edition, Entry

# Between codes of a list: "DM2, DM3, and DM4/AIR5", "G4 and G5", "G3 or G6".
_SEP = r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)"
# What may surround the codes of a cross-reference-only text: "See also DM2 and OD1."
_FILLER_RE = re.compile(r"\b(?:see|also|and|or)\b|[\s.,;()]", re.IGNORECASE)


@dataclass(frozen=True)
class _Patterns:
    """The cross-reference patterns of one code grammar."""

    see: re.Pattern[str]  # "See also P2", "(see DM2 and OD1)"
    paren: re.Pattern[str]  # "(G3)", "(DM3 and E3)"
    one: re.Pattern[str]  # one (possibly joint) code, not glued to other letters or digits
    only_refs_shape: re.Pattern[str]


@lru_cache(maxsize=8)
def _patterns(grammar: CodeGrammar) -> _Patterns:
    one = grammar.prose
    listed = rf"{one}(?:{_SEP}{one})*"
    return _Patterns(
        see=re.compile(rf"\b[Ss]ee(?:\s+also)?\s+(?P<list>{listed})"),
        paren=re.compile(rf"\((?P<list>{listed})\)"),
        one=re.compile(one),
        # Nothing but filler words, codes and marks: a quick test that turns away every
        # ordinary narrative at its first word, before the cross-references are looked for.
        only_refs_shape=re.compile(
            rf"(?:[\s.,;()]|\b(?:[Ss]ee|also|and|or)\b|{grammar.spaced_joint})*"
        ),
    )


@dataclass(frozen=True)
class CrossRef:
    """One referenced code: `spelling` is the code as written, at text[start:end]."""

    code: str  # normalised: no spaces, e.g. "DM4/AIR5"
    spelling: str
    start: int
    end: int


def find_crossrefs(
    text: str, grammar: CodeGrammar = DEFAULT, known: Container[str] | None = None
) -> list[CrossRef]:
    """Every cross-reference in `text`, in order of appearance, for a review whose codes
    follow `grammar`.

    A code written after "see" is always a reference, known or not. In parentheses, the
    default grammar reads codes with a narrower pattern (at most four letters and two digits)
    that keeps acronyms out; a review that declares its own pattern reads prose with that
    pattern, so there, given `known` (the review's codes), a parenthesised code counts only
    when every half is known: "(COVID19)" is not a reference even where the pattern fits it.
    """
    patterns = _patterns(grammar)
    found: dict[int, CrossRef] = {}
    for pattern in (patterns.see, patterns.paren):
        for match in pattern.finditer(text):
            offset = match.start("list")
            refs = []
            for one in patterns.one.finditer(match.group("list")):
                start, end = offset + one.start(), offset + one.end()
                refs.append(CrossRef(normalise_code(one.group()), one.group(), start, end))
            if (
                pattern is patterns.paren
                and known is not None
                and grammar.in_prose is None
                and not all(half in known for ref in refs for half in split_code(ref.code))
            ):
                continue
            for ref in refs:
                # "(see P2)" is found by both patterns: keep one reference per position.
                found.setdefault(ref.start, ref)
    return [found[start] for start in sorted(found)]


def only_crossrefs(text: str, grammar: CodeGrammar = DEFAULT) -> bool:
    """Whether `text` says nothing but where to look ("See DM3.", "See also G3 and G6.")."""
    if not _patterns(grammar).only_refs_shape.fullmatch(text):
        return False
    refs = find_crossrefs(text, grammar)
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
