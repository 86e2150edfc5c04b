"""Every entry of a draft has been looked at: edited, or confirmed unchanged with a reason.

While the draft is being written this is a warning; `check --final`, the pre-publication
pass, makes it an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..drafting import is_reviewed
from .context import CheckContext
from .findings import ERROR, WARNING, Finding, Rule

_FIX = (
    "update the entry for this edition, or confirm it unchanged: "
    'topolreport confirm EDITION CODE --reason "…"'
)
NOT_REVIEWED = Rule(
    "TR060",
    "entry-not-reviewed",
    WARNING,
    "An entry carried forward from the last edition has been neither edited nor confirmed.",
    _FIX,
    off_in="final",
)
NOT_REVIEWED_FINAL = Rule(
    "TR061",
    "entry-not-reviewed-final",
    ERROR,
    "Before publishing (check --final): an entry carried forward has been neither edited nor "
    "confirmed.",
    _FIX,
    opt_in="final",
)

RULES = (NOT_REVIEWED, NOT_REVIEWED_FINAL)


def check(ctx: CheckContext) -> Iterator[Finding]:
    # Both rules yield; the runner keeps the one selected (TR061 with --final, else TR060).
    for index, entry in enumerate(ctx.edition.entries):
        if is_reviewed(entry):
            continue
        where = ctx.locate(("entries", index, "review"))
        message = f"{entry.code}: carried forward from the last edition and not yet reviewed"
        fix = (
            f"update {entry.code} for edition {ctx.edition.id}, or confirm it unchanged: "
            f'topolreport confirm {ctx.edition.id} {entry.code} --reason "…"'
        )
        for rule in RULES:
            yield ctx.finding(rule, where, message, fix)
