"""Every initiative an entry names is one the review's registry has decided on.

An import places the names it finds in editions/initiatives.yaml; what it could not place is
*proposed* there, and counts as an initiative until a person accepts, merges or drops it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import InputError
from ..initiatives import load_registry
from .context import CheckContext
from .findings import WARNING, Finding, Rule

UNREVIEWED_INITIATIVE = Rule(
    "TR080",
    "unreviewed-initiative",
    WARNING,
    "An entry names an initiative the registry (editions/initiatives.yaml) has not decided on: "
    "proposed by an import, unknown to it, or dropped as not an initiative.",
    "run `topolreport initiatives accept ID`, `merge ID OTHER_ID` or `drop ID`; for a dropped "
    "one, remove it from the entry's initiatives",
)

RULES = (UNREVIEWED_INITIATIVE,)


def check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.sources is None:
        return  # an edition never saved has no registry beside it
    try:
        registry = load_registry(ctx.sources.editions_dir)
    except InputError as error:
        for problem in error.problems:
            at = f"{problem.file}: " if problem.file else ""
            at = f"{problem.file}:{problem.line}: " if problem.file and problem.line else at
            yield ctx.finding(
                UNREVIEWED_INITIATIVE,
                None,
                f"the registry of initiatives cannot be read: {at}{problem.message}",
                "fix initiatives.yaml; until then no initiative can be checked against it",
            )
        return
    if registry is None:
        return
    ids, dropped = registry.ids(), registry.dropped_ids()
    for i, entry in enumerate(ctx.edition.entries):
        for j, initiative in enumerate(entry.initiatives):
            where = ctx.locate(("entries", i, "initiatives", j, "id"))
            label = f"entry {entry.code}: {initiative.name!r} ({initiative.id})"
            known = registry.get(ids[initiative.id]) if initiative.id in ids else None
            if known is not None and known.status == "proposed":
                yield ctx.finding(
                    UNREVIEWED_INITIATIVE,
                    where,
                    f"{label} is proposed, not yet reviewed",
                    f"`topolreport initiatives accept {known.id}` if it is an initiative, "
                    f"`merge {known.id} OTHER_ID` if it is a known one under another name, "
                    f"`drop {known.id}` if it is not one",
                )
            elif initiative.id in dropped:
                yield ctx.finding(
                    UNREVIEWED_INITIATIVE,
                    where,
                    f"{label} was dropped from the registry: it is not an initiative",
                    "remove it from the entry's initiatives",
                )
            elif known is None:
                yield ctx.finding(
                    UNREVIEWED_INITIATIVE,
                    where,
                    f"{label} is not in the registry",
                    f"`topolreport initiatives accept {initiative.id}` registers it; or use the "
                    "id of a registered initiative",
                )
