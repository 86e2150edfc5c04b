"""Every cross-reference ("See also P2.", "(DM3 and E3)", "DM4/ AIR5") points at an entry."""

from __future__ import annotations

from collections.abc import Iterator

from ..codes import split_code
from ..crossrefs import find_crossrefs
from .context import CheckContext
from .findings import ERROR, Finding, Rule

UNRESOLVED_CROSSREF = Rule(
    "TR010",
    "unresolved-crossref",
    ERROR,
    "A cross-reference names a code that has no entry in the edition.",
    "correct the code in the reference, or write the entry it points at",
)

RULES = (UNRESOLVED_CROSSREF,)


def check(ctx: CheckContext) -> Iterator[Finding]:
    entries = ctx.entry_index
    grammar = ctx.edition.catalogue.grammar()
    # A code in parentheses is a reference only if the review has it: "(COVID19)" is not.
    known = ctx.catalogue_codes.keys() | entries.keys()
    for prose in ctx.markdown:
        for ref in find_crossrefs(prose.text, grammar, known):
            # Either half of a joint code finds the joint entry ("AIR5" -> DM4/AIR5); a joint
            # reference needs both halves to resolve.
            missing = [code for code in split_code(ref.code) if code not in entries]
            if not missing:
                continue
            yield ctx.finding(
                UNRESOLVED_CROSSREF,
                ctx.locate_in(prose, ref.start),
                f"{prose.label}: cross-reference to {ref.spelling} does not resolve: edition "
                f"{ctx.edition.id} has no entry {' or '.join(missing)}",
                _fix(ctx, missing),
            )


def _fix(ctx: CheckContext, missing: list[str]) -> str:
    catalogue = ctx.edition.catalogue
    # Both halves of a joint code ("D2/AI1") lead to one recommendation: one file to write.
    in_catalogue = dict.fromkeys(
        catalogue.panels[p].recommendations[r].code
        for p, r in (ctx.catalogue_codes[code] for code in missing if code in ctx.catalogue_codes)
    )
    if in_catalogue:
        files = ", ".join(ctx.entry_path(code).as_posix() for code in in_catalogue)
        return f"write {files}, or correct the reference"
    what = "is not a recommendation" if len(missing) == 1 else "are not recommendations"
    return (
        f"{' and '.join(missing)} {what} of the "
        f"{ctx.edition.catalogue.review}: {ctx.suggest(missing[0])}correct the code in the "
        "reference"
    )
