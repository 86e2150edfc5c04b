"""One recommendation across every edition: what it reported each year, and how long it has
been stalled."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field
from rich.table import Table
from rich.text import Text

from ..errors import InputError
from ..initiatives.model import Registry
from ..model import Edition, Entry
from .changes import StallReason
from .engine import diff_entries
from .matching import identity
from .reports.common import string_console
from .stalled import DEFAULT_THRESHOLD
from .wording import amount, metric_line


class InitiativeRef(BaseModel):
    id: str
    name: str


class MetricRef(BaseModel):
    id: str
    value: int | float
    qualifier: str | None
    unit: str
    as_of: str | None


class HistoryStep(BaseModel):
    """The entry in one edition, compared with the edition before."""

    edition: str
    date: str
    present: bool = Field(description="Whether the edition has an entry for the code.")
    initiatives: list[InitiativeRef] = Field(default_factory=list)
    metrics: list[MetricRef] = Field(default_factory=list)
    similarity: float | None = Field(
        default=None, description="Narrative similarity to the edition before (0 to 1)."
    )
    changes: list[str] = Field(
        default_factory=list, description="What changed since the edition before, in words."
    )
    stalled: list[StallReason] = Field(
        default_factory=list,
        description="Why it is stalled since the edition before; empty if not.",
    )


class History(BaseModel):
    recommendation: str
    editions: list[HistoryStep]
    stalled_for: int = Field(
        description="Consecutive editions, up to the newest, each stalled since the one before."
    )
    stalled_since: str | None = Field(description="The last edition before the stall began.")


def _step(edition: Edition, entry: Entry | None) -> HistoryStep:
    if entry is None:
        return HistoryStep(edition=edition.id, date=edition.date, present=False)
    return HistoryStep(
        edition=edition.id,
        date=edition.date,
        present=True,
        initiatives=[InitiativeRef(id=i.id, name=i.name) for i in entry.initiatives],
        metrics=[
            MetricRef(id=m.id, value=m.value, qualifier=m.qualifier, unit=m.unit, as_of=m.as_of)
            for m in entry.metrics
        ],
    )


def entry_history(
    editions: Sequence[Edition],
    code: str,
    *,
    stalled_threshold: float = DEFAULT_THRESHOLD,
    registry: Registry | None = None,
) -> History:
    """CODE in every edition (oldest first); InputError when no edition knows the code.

    With the review's `registry`, initiatives are compared by registry id, as `diff` does."""
    code = code.upper().replace(" ", "")
    entries = [edition.entry(code) for edition in editions]
    if all(entry is None for entry in entries):
        known = sorted({e.code for edition in editions for e in edition.entries})
        raise InputError(
            f"no edition has an entry for {code!r}",
            field="CODE",
            hint="codes: " + ", ".join(known) if known else "no entries yet",
        )
    steps = []
    for index, (edition, entry) in enumerate(zip(editions, entries, strict=True)):
        step = _step(edition, entry)
        before = entries[index - 1] if index else None
        if index and entry is not None and before is not None:
            ids = identity(editions[index - 1], edition, registry)
            changes = diff_entries(
                before,
                entry,
                stalled_threshold=stalled_threshold,
                identity=ids,
                grammar=edition.catalogue.grammar(),
            )
            step.similarity = changes.similarity
            step.stalled = changes.stalled.reasons if changes.stalled else []
            step.changes = (
                [f"{m.id}: {metric_line(m)}" for m in changes.metric_changes]
                + [
                    f"new metric {m.id}: {amount(m.value, m.qualifier, m.unit)}"
                    for m in changes.new_metrics
                ]
                + [f"removed metric {m.id}" for m in changes.removed_metrics]
                + [f"new initiative {i.name}" for i in changes.new_initiatives]
                + [f"removed initiative {i.name}" for i in changes.removed_initiatives]
                + [f"renamed {r.old_name} → {r.new_name}" for r in changes.renamed_initiatives]
                + [f"no longer mentioned {i.name}" for i in changes.unmentioned_initiatives]
                + [f"now also mentioned {i.name}" for i in changes.newly_mentioned_initiatives]
                + (["narrative changed"] if changes.text_changes else [])
            )
        elif index and entry is not None:
            step.changes = ["entry added"]
        elif index and before is not None:
            step.changes = ["entry removed"]
        steps.append(step)
    stalled_for = 0
    for step in reversed(steps[1:]):
        if not step.stalled:
            break
        stalled_for += 1
    since = steps[len(steps) - 1 - stalled_for].edition if stalled_for else None
    return History(
        recommendation=code, editions=steps, stalled_for=stalled_for, stalled_since=since
    )


def history_text(history: History, *, color: bool = False, width: int = 100) -> str:
    console, stream = string_console(color=color, width=width)
    console.print(Text(f"History of {history.recommendation}", style="bold"))
    if history.stalled_for:
        console.print(
            Text(
                f"Stalled for {history.stalled_for} edition(s) in a row, since "
                f"{history.stalled_since}.",
                style="magenta",
            )
        )
    else:
        console.print(Text("Not stalled in the newest edition."))
    table = Table(show_edge=False, show_lines=True)
    for column in ("edition", "initiatives", "metrics", "since the edition before"):
        table.add_column(column)
    for step in history.editions:
        if not step.present:
            table.add_row(step.edition, "(no entry)", "", "; ".join(step.changes))
            continue
        initiatives = "\n".join(i.name for i in step.initiatives) or "-"
        metrics = (
            "\n".join(f"{m.id}: {amount(m.value, m.qualifier, m.unit)}" for m in step.metrics)
            or "-"
        )
        notes = list(step.changes)
        if step.stalled:
            notes.insert(0, "stalled: " + "; ".join(step.stalled))
        table.add_row(step.edition, initiatives, metrics, "\n".join(notes))
    console.print(table)
    output = stream.getvalue()
    if not color:
        output = "\n".join(line.rstrip() for line in output.split("\n"))
    return output
