"""The next edition as a draft: carried forward from the last one, then reviewed entry by entry.

An entry starts the year "carried forward" with a fingerprint of its content. It counts as
reviewed once its content no longer matches that fingerprint (someone edited it) or once it is
confirmed unchanged with a reason. Nothing else needs to be kept in step by hand.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from .model import Edition, Entry, Review, check_month


def fingerprint(entry: Entry, *, initiatives: bool = True) -> str:
    """A short hash of what a programme lead edits: narrative, initiatives and metrics."""
    content: dict[str, object] = {
        "narrative": entry.narrative,
        "metrics": [m.model_dump(mode="json") for m in entry.metrics],
    }
    if initiatives:
        content["initiatives"] = [i.model_dump(mode="json") for i in entry.initiatives]
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def is_reviewed(entry: Entry) -> bool:
    review = entry.review
    if review is None:  # not carried forward: written or imported for this edition
        return True
    if review.state == "confirmed":
        return True
    return review.fingerprint != fingerprint(entry)


def a_year_later(month: str) -> str:
    year, number = month.split("-")
    return f"{int(year) + 1:04d}-{number}"


def start_edition(old: Edition, new_id: str, date: str | None = None) -> Edition:
    """The new edition: everything carried forward, the per-edition prose left to rewrite."""
    new_date = check_month(date) if date else a_year_later(old.date)
    entries = [
        entry.model_copy(
            update={"review": Review(state="carried-forward", fingerprint=fingerprint(entry))},
            deep=True,
        )
        for entry in old.entries
    ]
    foreword = None
    if old.foreword is not None:
        # The signatory usually stays; the words are this year's to write.
        foreword = old.foreword.model_copy(update={"text": ""}, deep=True)
    return old.model_copy(
        update={
            "id": new_id,
            "date": new_date,
            "foreword": foreword,
            "summary": "",
            "entries": entries,
        },
        deep=True,
    )


def confirm_unchanged(
    entry: Entry, reason: str, by: str | None = None, on: str | None = None
) -> Entry:
    """The entry confirmed unchanged: why, by whom and when; its comments stay."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a reason is needed to confirm an entry unchanged")
    comments = entry.review.comments if entry.review is not None else None
    review = Review(
        state="confirmed",
        reason=reason,
        fingerprint=fingerprint(entry),
        by=by or None,
        on=on,
        comments=comments,
    )
    return entry.model_copy(update={"review": review})


@dataclass
class Tally:
    name: str
    reviewed: int = 0
    total: int = 0

    @property
    def outstanding(self) -> int:
        return self.total - self.reviewed


@dataclass
class StaleMetric:
    code: str
    metric: str
    as_of: str | None


@dataclass
class DraftStatus:
    edition: str
    date: str
    reviewed: int
    total: int
    outstanding: list[str]
    by_panel: list[Tally] = field(default_factory=list)
    by_owner: list[Tally] = field(default_factory=list)
    stale_metrics: list[StaleMetric] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "edition": self.edition,
            "date": self.date,
            "reviewed": self.reviewed,
            "total": self.total,
            "outstanding": self.outstanding,
            "by_panel": [vars(t) | {"outstanding": t.outstanding} for t in self.by_panel],
            "by_owner": [vars(t) | {"outstanding": t.outstanding} for t in self.by_owner],
            "stale_metrics": [vars(m) for m in self.stale_metrics],
        }


UNOWNED = "(no owner)"


def _not_refreshed(entry: Entry, carried_from: Entry | None) -> list[str]:
    """Ids of the entry's figures whose value and as-of are still those carried forward."""
    if entry.review is None:
        return []  # written for this edition, not carried forward
    if carried_from is not None:
        before = {m.id: (m.value, m.as_of) for m in carried_from.metrics}
        return [m.id for m in entry.metrics if before.get(m.id) == (m.value, m.as_of)]
    if entry.review.fingerprint == fingerprint(entry):
        return [m.id for m in entry.metrics]  # nothing in the entry was touched
    return []


def draft_status(edition: Edition, carried_from: Edition | None = None) -> DraftStatus:
    """How far the draft is; `carried_from`, the edition it was started from, tells which
    figures still hold the values carried forward."""
    by_owner: dict[str, Tally] = {}
    panels: list[Tally] = []
    outstanding: list[str] = []
    stale: list[StaleMetric] = []
    for panel, entries in edition.panel_entries():
        tally = Tally(panel.title if panel else "Not in the catalogue")
        for entry in entries:
            done = is_reviewed(entry)
            tally.total += 1
            tally.reviewed += done
            if not done:
                outstanding.append(entry.code)
            for owner in entry.owners or [UNOWNED]:
                owned = by_owner.setdefault(owner, Tally(owner))
                owned.total += 1
                owned.reviewed += done
            previous = carried_from.entry(entry.code) if carried_from is not None else None
            as_of = {metric.id: metric.as_of for metric in entry.metrics}
            for metric_id in _not_refreshed(entry, previous):
                stale.append(StaleMetric(entry.code, metric_id, as_of[metric_id]))
        panels.append(tally)
    return DraftStatus(
        edition=edition.id,
        date=edition.date,
        reviewed=sum(t.reviewed for t in panels),
        total=sum(t.total for t in panels),
        outstanding=outstanding,
        by_panel=panels,
        by_owner=sorted(by_owner.values(), key=lambda t: (t.name == UNOWNED, t.name.lower())),
        stale_metrics=stale,
    )
