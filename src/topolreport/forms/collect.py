"""Apply returned forms to an edition: what each changes, and what it must not overwrite."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError, Problem
from ..extract import extract_initiatives
from ..initiatives.names import name_key
from ..model import Edition, Entry, Metric
from ..slugs import slug
from ..text import link_texts
from .layout import form_fingerprint, narrative_blocks, narrative_markdown
from .read import FormEntry, ReturnedForm

QUALIFIERS = {"over", "about", "plus", "up to", "at least", "under"}


@dataclass
class EntryChange:
    form: Path
    old: Entry
    new: Entry
    conflict: bool  # the snapshot's entry was edited after the form was written

    @property
    def code(self) -> str:
        return self.new.code


def _value(text: str) -> int | float:
    cleaned = text.replace(",", "").replace(" ", "")
    try:
        return int(cleaned)
    except ValueError:
        return float(cleaned)


def _metrics(entry: Entry, form_entry: FormEntry, path: Path) -> list[Metric]:
    problems: list[Problem] = []
    existing = {metric.id: metric for metric in entry.metrics}
    taken = set(existing)
    metrics: list[Metric] = []
    for number, row in enumerate(form_entry.rows or [], start=2):
        where = f"{entry.code}: metrics table row {number}"
        try:
            value = _value(row["value"])
        except ValueError:
            problems.append(Problem(f"{where}: value {row['value']!r} is not a number", path))
            continue
        qualifier = row["qualifier"].lower() or None
        if qualifier is not None and qualifier not in QUALIFIERS:
            problems.append(
                Problem(
                    f"{where}: qualifier {row['qualifier']!r} is not one of "
                    + ", ".join(sorted(QUALIFIERS)),
                    path,
                )
            )
            continue
        metric_id = row["id"]
        if not metric_id:  # a new figure: give it an id the way the importer does
            base = f"{slug(entry.code)}-{slug(row['unit']) or 'figure'}"
            metric_id, suffix = base, 2
            while metric_id in taken:
                metric_id, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(metric_id)
        old = existing.get(metric_id)
        try:
            metrics.append(
                Metric(
                    id=metric_id,
                    value=value,
                    qualifier=qualifier,
                    unit=row["unit"],
                    label=row["what it counts"],
                    text=row["as written"] or (old.text if old else row["value"]),
                    as_of=row["as of"] or None,
                )
            )
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(part) for part in error["loc"])
                message = error["msg"].removeprefix("Value error, ")
                problems.append(Problem(f"{where}: {field}: {message}", path))
    if problems:
        raise InputError(problems=problems)
    return metrics


def _updated(entry: Entry, form_entry: FormEntry, path: Path) -> Entry:
    if form_entry.blocks == narrative_blocks(entry.narrative):
        narrative = entry.narrative  # unchanged: keep the Markdown exactly as it was written
    else:
        narrative = narrative_markdown(form_entry.blocks)
    initiatives = list(entry.initiatives)
    if narrative != entry.narrative:
        # A newly linked name in the rewritten narrative is a new initiative.
        # Known by id or by name: entries use registry ids, which a name's slug need not be.
        known = {initiative.id for initiative in initiatives}
        known |= {name_key(initiative.name) for initiative in initiatives}
        fresh = extract_initiatives(narrative, link_texts(narrative))
        initiatives += [
            i
            for i in fresh
            if i.id not in known
            and name_key(i.name) not in known
            and i.name in link_texts(narrative)
        ]
    return entry.model_copy(
        update={
            "narrative": narrative,
            "metrics": _metrics(entry, form_entry, path),
            "initiatives": initiatives,
        }
    )


def collect(edition: Edition, forms: list[ReturnedForm]) -> list[EntryChange]:
    """Every entry a form changes, in form then entry order, with conflicts marked."""
    problems: list[Problem] = []
    changes: list[EntryChange] = []
    current = {entry.code: entry for entry in edition.entries}
    for form in forms:
        if form.edition_id != edition.id:
            problems.append(
                Problem(f"written for edition {form.edition_id!r}, not {edition.id!r}", form.path)
            )
            continue
        for form_entry in form.entries:
            entry = current.get(form_entry.code)
            if entry is None:
                problems.append(
                    Problem(f"{form_entry.code}: no such entry in {edition.id}", form.path)
                )
                continue
            try:
                new = _updated(entry, form_entry, form.path)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            base = form.base.get(entry.code)
            if form_fingerprint(new) == base or new == entry:
                continue  # the form left it as it was sent, or the snapshot already says so
            conflict = form_fingerprint(entry) != base
            changes.append(EntryChange(form.path, entry, new, conflict))
            if not conflict:
                current[entry.code] = new  # a later form changing it again is then a conflict
    if problems:
        raise InputError(problems=problems)
    return changes


def describe(change: EntryChange) -> list[str]:
    """What a change does, as lines a person reads before it is written."""
    lines: list[str] = []
    old, new = change.old, change.new
    if old.narrative != new.narrative:
        diff = difflib.unified_diff(
            old.narrative.split("\n"),
            new.narrative.split("\n"),
            fromfile=f"{old.code} (snapshot)",
            tofile=f"{new.code} ({change.form.name})",
            lineterm="",
        )
        lines.extend(diff)
    before = {metric.id: metric for metric in old.metrics}
    after = {metric.id: metric for metric in new.metrics}
    for metric_id, metric in after.items():
        previous = before.get(metric_id)
        if previous is None:
            lines.append(f"+ metric {metric_id}: {metric.value} {metric.unit}")
        elif previous != metric:
            for name in ("value", "qualifier", "unit", "as_of", "label", "text"):
                was, now = getattr(previous, name), getattr(metric, name)
                if was != now:
                    lines.append(f"~ metric {metric_id} {name}: {was!r} -> {now!r}")
    for metric_id in before.keys() - after.keys():
        lines.append(f"- metric {metric_id}")
    known = {initiative.id for initiative in old.initiatives}
    for initiative in new.initiatives:
        if initiative.id not in known:
            lines.append(f"+ initiative {initiative.name}")
    return lines
