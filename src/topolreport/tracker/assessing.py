"""The editorial status: a person's judgement of a recommendation, set with
`topolreport assess` and kept in the entry's front matter with every earlier change.

Each change records who, when and why. Red and amber need a reason; a target month that moves
keeps the month it replaced (`target_was`), so an approver can see every revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..errors import InputError
from ..model import Assessment, Edition, Entry, StatusChange, StatusTaxonomy


@dataclass(frozen=True)
class Judgement:
    """What `assess` was asked to set."""

    status: str
    reason: str
    who: str
    rag: str | None = None
    target: str | None = None


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical_status(taxonomy: StatusTaxonomy, status: str) -> str:
    """The taxonomy's own spelling of `status` (case and spacing forgiven)."""
    wanted = " ".join(status.lower().replace("-", " ").replace("_", " ").split())
    for known in taxonomy.statuses:
        if " ".join(known.lower().split()) == wanted:
            return known
    raise InputError(
        f"{status!r} is not a status of this review",
        field="--status",
        hint="statuses: " + ", ".join(taxonomy.statuses),
    )


def assess(entry: Entry, taxonomy: StatusTaxonomy, judgement: Judgement, when: str) -> Entry:
    """The entry with its editorial status set and the change appended to its history."""
    status = canonical_status(taxonomy, judgement.status)
    reason = judgement.reason.strip()
    if not reason:
        raise InputError("the reason is empty", field="--reason", hint="say why")
    if judgement.rag is not None and not taxonomy.rag:
        raise InputError(
            "this review gives no RAG rating", field="--rag", hint="status_taxonomy.rag is false"
        )
    if not judgement.who.strip():
        raise InputError("no reviewer named", field="--reviewer", hint="add --reviewer NAME")
    before = entry.assessment
    target = judgement.target if judgement.target is not None else (before and before.target)
    moved_from = before.target if before and before.target and before.target != target else None
    change = StatusChange(
        when=when,
        who=judgement.who.strip(),
        why=reason,
        status=status,
        rag=judgement.rag,
        target=target or None,
        target_was=moved_from,
    )
    assessment = Assessment(
        status=status,
        rag=change.rag,
        reason=reason,
        target=change.target,
        history=[*(before.history if before else []), change],
    )
    return entry.model_copy(update={"assessment": assessment})


def editorial_statuses(edition: Edition) -> list[dict[str, object]]:
    """Each entry's editorial status with its audit trail, in catalogue order (for `status`)."""
    rows: list[dict[str, object]] = []
    for entry in edition.entries:
        found = entry.assessment
        rows.append(
            {
                "code": entry.code,
                "status": found.status if found else None,
                "rag": found.rag if found else None,
                "reason": found.reason if found else None,
                "target": found.target if found else None,
                "history": [c.model_dump(mode="json") for c in found.history] if found else [],
            }
        )
    return rows


def status_counts(edition: Edition) -> list[tuple[str, int]]:
    """(status, how many entries) in the taxonomy's order, then entries with none."""
    taxonomy = edition.catalogue.taxonomy()
    counts = dict.fromkeys(taxonomy.statuses, 0)
    unset = 0
    for entry in edition.entries:
        if entry.assessment is None:
            unset += 1
        else:
            counts[entry.assessment.status] = counts.get(entry.assessment.status, 0) + 1
    return [*counts.items(), ("(not set)", unset)]
