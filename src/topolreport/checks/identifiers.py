"""Ids are unique: entries by code, initiatives within their entry, metrics in the edition.

The diff matches records by these ids from one edition to the next; a duplicate would pair a
record with the wrong one.
"""

from __future__ import annotations

from collections.abc import Iterator

from .context import CheckContext
from .findings import ERROR, Finding, Rule

DUPLICATE_ID = Rule(
    "TR050",
    "duplicate-id",
    ERROR,
    "Two entries share a code, two initiatives of one entry share an id, or two metrics of the "
    "edition share an id.",
    "give one of the two a new id (ids are lower-case words joined by hyphens), or merge them",
)

RULES = (DUPLICATE_ID,)


def check(ctx: CheckContext) -> Iterator[Finding]:
    edition = ctx.edition
    entry_of: dict[str, int] = {}
    metric_of: dict[str, tuple[int, int]] = {}
    for i, entry in enumerate(edition.entries):
        for code in entry.codes:
            first = entry_of.setdefault(code, i)
            if first != i:
                other = edition.entries[first].code
                yield ctx.finding(
                    DUPLICATE_ID,
                    ctx.locate(("entries", i, "code")),
                    f"entry {entry.code} covers {code}, as entry {other} "
                    f"({_where(ctx, ('entries', first, 'code'))}) already does",
                    f"keep one entry for {code}: merge the two narratives into one file and "
                    "delete the other",
                )
                break
        seen: dict[str, int] = {}
        for j, initiative in enumerate(entry.initiatives):
            first_j = seen.setdefault(initiative.id, j)
            if first_j != j:
                yield ctx.finding(
                    DUPLICATE_ID,
                    ctx.locate(("entries", i, "initiatives", j, "id")),
                    f"entry {entry.code}: two initiatives have the id {initiative.id!r} "
                    f"({entry.initiatives[first_j].name!r} and {initiative.name!r})",
                    "give the second initiative its own id, or remove it if it is the same one",
                )
        for j, metric in enumerate(entry.metrics):
            first_m = metric_of.setdefault(metric.id, (i, j))
            if first_m != (i, j):
                where = _where(ctx, ("entries", first_m[0], "metrics", first_m[1], "id"))
                other = edition.entries[first_m[0]].code
                yield ctx.finding(
                    DUPLICATE_ID,
                    ctx.locate(("entries", i, "metrics", j, "id")),
                    f"entry {entry.code}: metric id {metric.id!r} is already used by a metric "
                    f"of entry {other} ({where})",
                    f"give one of them a new id, e.g. {metric.id}-2; metric ids are unique in "
                    "the edition",
                )


def _where(ctx: CheckContext, path: tuple[str | int, ...]) -> str:
    location = ctx.locate(path)
    return str(location) if location else "earlier"
