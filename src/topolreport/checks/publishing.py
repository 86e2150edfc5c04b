"""Before publishing (`check --final`): nothing goes out only because it was carried forward.

Figures older than the edition, an empty foreword or summary, the publisher, signatory and date
as `new` copied them, and (where the edition asks for it) a missing editorial status.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..drafting import metadata_carried
from ..model import unwritten_sections
from .context import CheckContext
from .findings import ERROR, Finding, Rule

FIGURE_NOT_REFRESHED = Rule(
    "TR070",
    "figure-not-refreshed",
    ERROR,
    "A figure carried forward from the last edition is older than this edition and its entry "
    "was not confirmed with a reason.",
    "update the figure and its as_of month, or confirm the entry: "
    'topolreport confirm EDITION CODE --reason "…"',
    opt_in="final",
)
EMPTY_PROSE = Rule(
    "TR071",
    "empty-foreword-or-summary",
    ERROR,
    "The foreword or the summary is empty.",
    "write it in foreword.md or summary.md of the edition",
    opt_in="final",
)
METADATA_CARRIED = Rule(
    "TR072",
    "metadata-carried-forward",
    ERROR,
    "The edition's publisher, signatory and date are still those `new` carried forward.",
    "edit them in edition.yaml, or confirm them: "
    'topolreport confirm EDITION --metadata --reason "…"',
    opt_in="final",
)
STATUS_MISSING = Rule(
    "TR073",
    "editorial-status-missing",
    ERROR,
    "The edition asks for an editorial status on every entry (require_status in edition.yaml) "
    "and an entry has none, or one the catalogue does not list.",
    'topolreport assess EDITION CODE --status "…" --reason "…"',
    opt_in="final",
)

RULES = (FIGURE_NOT_REFRESHED, EMPTY_PROSE, METADATA_CARRIED, STATUS_MISSING)


def check(ctx: CheckContext) -> Iterator[Finding]:
    edition = ctx.edition
    for i, entry in enumerate(edition.entries):
        carried = entry.review is not None and entry.review.state == "carried-forward"
        for j, metric in enumerate(entry.metrics if carried else []):
            if metric.as_of is None or metric.as_of < edition.date:
                yield ctx.finding(
                    FIGURE_NOT_REFRESHED,
                    ctx.locate(("entries", i, "metrics", j, "as_of")),
                    f"entry {entry.code}: figure {metric.id} ({metric.text!r}) is from "
                    f"{metric.as_of or 'an unknown month'}, older than the edition "
                    f"({edition.date})",
                    f"update {metric.id} and its as_of, or confirm {entry.code}: topolreport "
                    f'confirm {edition.id} {entry.code} --reason "…"',
                )
    for section in unwritten_sections(edition):  # "foreword", "summary"
        yield ctx.finding(EMPTY_PROSE, ctx.locate((section,)), f"the {section} is empty")
    if metadata_carried(edition):
        signatory = edition.foreword.signatory if edition.foreword else None
        who = f"{signatory.name}, {signatory.organisation}" if signatory else "no signatory"
        yield ctx.finding(
            METADATA_CARRIED,
            ctx.locate(("metadata_review",)),
            f"publisher ({edition.publisher or 'none'}), signatory ({who}) and date "
            f"({edition.date}) are as carried forward from the last edition",
            "edit them in edition.yaml, or confirm them: topolreport confirm "
            f'{edition.id} --metadata --reason "…"',
        )
    if edition.require_status:
        statuses = edition.catalogue.taxonomy().statuses
        for i, entry in enumerate(edition.entries):
            found = entry.assessment
            if found is not None and found.status in statuses:
                continue
            what = (
                "has no editorial status"
                if found is None
                else (f"has the status {found.status!r}, which the catalogue does not list")
            )
            yield ctx.finding(
                STATUS_MISSING,
                ctx.locate(("entries", i, "assessment") if found else ("entries", i)),
                f"entry {entry.code} {what}",
                f'topolreport assess {edition.id} {entry.code} --status "…" --reason "…" '
                f"(statuses: {', '.join(statuses)})",
            )
