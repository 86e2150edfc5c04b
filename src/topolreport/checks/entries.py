"""Every recommendation has an entry, every entry a recommendation, and no entry is empty."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from ..codes import split_code
from .context import CheckContext
from .findings import ERROR, Finding, Rule

MISSING_ENTRY = Rule(
    "TR001",
    "missing-entry",
    ERROR,
    "A recommendation of the review's catalogue has no entry in the edition.",
    "write the entry file with the recommendation's code in its front matter and the progress "
    "below it",
)
UNKNOWN_RECOMMENDATION = Rule(
    "TR002",
    "unknown-recommendation",
    ERROR,
    "An entry names a code that is not a recommendation in the review's catalogue.",
    "correct the entry's code, or add the recommendation to the catalogue",
)
EMPTY_ENTRY = Rule(
    "TR003",
    "empty-entry",
    ERROR,
    "An entry has no narrative.",
    'write the progress made, or a cross-reference such as "See DM3." when another entry '
    "reports it",
)
NUMBERING_GAP = Rule(
    "TR004",
    "numbering-gap",
    ERROR,
    "The catalogue's codes skip a number (G4, G6 but no G5): a recommendation and its entry "
    "went missing, e.g. when the catalogue was built from an edition that had lost one.",
    "add the missing recommendation to the catalogue and write its entry; if the review really "
    "has no such code, switch this rule off for the edition",
)

RULES = (MISSING_ENTRY, UNKNOWN_RECOMMENDATION, EMPTY_ENTRY, NUMBERING_GAP)

_SINGLE_CODE_RE = re.compile(r"^(?P<prefix>[A-Z]+)(?P<number>\d+)$")


def check(ctx: CheckContext) -> Iterator[Finding]:
    yield from _missing_entries(ctx)
    yield from _unknown_recommendations(ctx)
    yield from _empty_entries(ctx)
    yield from _numbering_gaps(ctx)


def _missing_entries(ctx: CheckContext) -> Iterator[Finding]:
    edition = ctx.edition
    for p, panel in enumerate(edition.catalogue.panels):
        for r, rec in enumerate(panel.recommendations):
            if any(code in ctx.entry_index for code in split_code(rec.code)):
                continue
            path = ctx.entry_path(rec.code)
            yield ctx.finding(
                MISSING_ENTRY,
                ctx.locate(ctx.catalogue_path(p, r)),
                f"{rec.code} ({panel.title}) has no entry in edition {edition.id}",
                f"write {path.as_posix()} with `code: {rec.code}` in its front matter and the "
                "progress made below it",
            )


def _unknown_recommendations(ctx: CheckContext) -> Iterator[Finding]:
    known = ctx.catalogue_codes
    for i, entry in enumerate(ctx.edition.entries):
        unknown = [code for code in entry.codes if code not in known]
        if not unknown:
            continue
        which = (
            "which is not a recommendation"
            if len(unknown) == 1
            else "which are not recommendations"
        )
        yield ctx.finding(
            UNKNOWN_RECOMMENDATION,
            ctx.locate(("entries", i, "code")),
            f"entry {entry.code} names {', '.join(unknown)}, {which} of "
            f"the {ctx.edition.catalogue.review}",
            f"{ctx.suggest(unknown[0])}correct the code, or add the recommendation to "
            f"{ctx.catalogue_file}",
        )


def _empty_entries(ctx: CheckContext) -> Iterator[Finding]:
    for i, entry in enumerate(ctx.edition.entries):
        if entry.narrative.strip():
            continue
        yield ctx.finding(
            EMPTY_ENTRY,
            ctx.locate(("entries", i, "narrative")),
            f"entry {entry.code} has no narrative",
        )


def _numbering_gaps(ctx: CheckContext) -> Iterator[Finding]:
    # prefix -> number -> (panel index, recommendation index) of the code
    numbered: dict[str, dict[int, tuple[int, int]]] = defaultdict(dict)
    for code, place in ctx.catalogue_codes.items():
        match = _SINGLE_CODE_RE.match(code)
        if match:
            numbered[match.group("prefix")][int(match.group("number"))] = place
    for prefix, numbers in numbered.items():
        present = sorted(numbers)
        for number in range(1, present[-1]):
            if number in numbers or f"{prefix}{number}" in ctx.entry_index:
                continue  # an entry without a recommendation is TR002's finding
            code = f"{prefix}{number}"
            before = max((n for n in present if n < number), default=None)
            after = min(n for n in present if n > number)
            between = f"{prefix}{before} and {prefix}{after}" if before else f"{prefix}{after}"
            yield ctx.finding(
                NUMBERING_GAP,
                ctx.locate(ctx.catalogue_path(*numbers[after])),
                f"{code} is missing: the catalogue has {between} but no {code}, and the edition "
                f"has no entry for it",
                f"add {code} and its wording to {ctx.catalogue_file} and write "
                f"{ctx.entry_path(code).as_posix()}; if the review has no {code}, switch "
                f"{NUMBERING_GAP.code} off for this edition with the reason",
            )
