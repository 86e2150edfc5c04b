"""The editorial status as the diff sees it: what changed in it from one edition to the next.

The status is a person's (see `topolreport assess`); the diff only reports that it moved, with
the audit trail's entries the newer edition added.
"""

from __future__ import annotations

from ..model import Assessment
from .changes import StatusUpdate
from .wording import change_line, status_line


def status_update(code: str, old: Assessment | None, new: Assessment | None) -> StatusUpdate | None:
    """The change of an entry's editorial status; None when it is the same in both."""
    if old == new:
        return None
    known = {change.model_dump_json() for change in (old.history if old else [])}
    added = [c for c in (new.history if new else []) if c.model_dump_json() not in known]
    return StatusUpdate(
        recommendation=code,
        old=status_line(old) if old else None,
        new=status_line(new) if new else None,
        status=new.status if new else None,
        rag=new.rag if new else None,
        target=new.target if new else None,
        changes=[change_line(c) for c in added],
    )
