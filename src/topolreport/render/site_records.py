"""Each recommendation across every edition, as the site's pages show it: its entry in each
edition, its initiatives since they first appeared (with earlier names), its figures' history,
its signal and status trail, and what changed between each pair of editions.

Built from the editions and the ChangeSets between consecutive ones: an entry is followed from
edition to edition through the pairs the diff matched (so "DM4" becoming "DM4/AIR5" stays one
recommendation), and an initiative through the diff's renames. Nothing is matched again here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..codes import CodeIndex
from ..diff.changes import ChangeSet, MetricChange, TextChange
from ..diff.kinds import KIND, Kind
from ..diff.wording import amount, figure
from ..model import Edition, Entry, Panel
from ..slugs import slug
from .site_signals import EditorialStatus, Signal, editorial_status, signal


@dataclass
class InitiativeRecord:
    id: str
    name: str  # as the newest edition that reports it names it
    first_edition: str
    earlier_names: list[str] = field(default_factory=list)
    last_edition: str = ""  # the newest edition that reports it
    url: str | None = None


@dataclass(frozen=True)
class FigurePoint:
    edition: str
    value: float
    figure: str  # as the report writes it: "over 2,600"
    amount: str  # with its unit: "over 2,600 visitors"
    change: MetricChange | None  # its move since the edition before, when it moved


@dataclass
class FigureRecord:
    id: str
    label: str  # the newest wording around the number
    unit: str
    points: list[FigurePoint] = field(default_factory=list)

    @property
    def fell(self) -> bool:
        """Whether the newest point is a fall."""
        last = self.points[-1].change if self.points else None
        return last is not None and last.regression


@dataclass(frozen=True)
class Step:
    """The recommendation in one edition."""

    edition: str
    entry: Entry | None
    signal: Signal
    status: EditorialStatus | None


@dataclass(frozen=True)
class PairChanges:
    """What changed for the recommendation from one edition to the next."""

    old: str
    new: str
    items: list[tuple[Kind[Any], Any]]
    narrative: TextChange | None


@dataclass
class Record:
    code: str  # the newest code it goes by
    slug: str
    panel: Panel | None
    wording: str
    steps: list[Step] = field(default_factory=list)
    initiatives: list[InitiativeRecord] = field(default_factory=list)
    figures: list[FigureRecord] = field(default_factory=list)
    pairs: list[PairChanges] = field(default_factory=list)

    @property
    def newest(self) -> Step | None:
        """The newest edition with an entry for it."""
        return next((step for step in reversed(self.steps) if step.entry is not None), None)

    @property
    def owners(self) -> list[str]:
        newest = self.newest
        return list(newest.entry.owners) if newest is not None and newest.entry else []

    @property
    def last_news(self) -> str | None:
        """The newest edition in which the entry brought news."""
        return next((step.edition for step in reversed(self.steps) if step.signal.news), None)

    @property
    def current(self) -> Step:
        return self.steps[-1]


@dataclass(frozen=True)
class Changes:
    """A ChangeSet with its items by recommendation, so each record finds its own at once."""

    changeset: ChangeSet
    by_code: dict[str, list[tuple[str, Any]]]

    @classmethod
    def of(cls, changeset: ChangeSet) -> Changes:
        by_code: dict[str, list[tuple[str, Any]]] = {}
        for name, item in changeset.items():
            by_code.setdefault(item.recommendation, []).append((name, item))
        return cls(changeset, by_code)

    def items(self, code: str, name: str | None = None) -> list[tuple[str, Any]]:
        """(list name, item) for `code`, of the list `name` only when given."""
        found = self.by_code.get(code, [])
        return found if name is None else [pair for pair in found if pair[0] == name]


def path_slug(code: str) -> str:
    """The folder of a recommendation's page: "DM4/AIR5" -> "dm4-air5"."""
    return slug(code, fallback="recommendation")


def build_records(editions: Sequence[Edition], changesets: Sequence[ChangeSet]) -> list[Record]:
    """One record per recommendation in any edition (or in the newest catalogue), in the newest
    catalogue's order; `changesets[i]` is the diff from `editions[i]` to `editions[i + 1]`."""
    indexed = [Changes.of(changeset) for changeset in changesets]
    catalogues = _Catalogues(editions)
    chains: list[list[Entry | None]] = []  # per recommendation, its entry in each edition
    live: dict[str, int] = {}  # code in the latest edition seen -> chain index
    for index, edition in enumerate(editions):
        carried: dict[str, int] = {}
        if index:
            for old, new in changesets[index - 1].entry_pairs:
                chain = live.get(old.code)
                if chain is not None:
                    carried[new.code] = chain
        for entry in edition.entries:
            chain = carried.get(entry.code)
            if chain is None:
                chains.append([None] * len(editions))
                chain = len(chains) - 1
            chains[chain][index] = entry
            carried[entry.code] = chain
        live = carried

    newest = editions[-1]
    records = [_record(chain, editions, indexed, catalogues) for chain in chains]
    # Recommendations of the newest catalogue that no edition reports on still get a page.
    known = CodeIndex(records, key=lambda record: record.code)
    for rec in newest.catalogue.recommendations():
        if known.find(rec.code) is None:
            panel = newest.catalogue.panel_of(rec.code)
            record = Record(rec.code, path_slug(rec.code), panel, rec.text)
            record.steps = [Step(e.id, None, signal(None, None), None) for e in editions]
            records.append(record)
    key = newest.catalogue.order_key()
    records.sort(key=lambda record: key(record.code))
    _unique_slugs(records)
    return records


def _unique_slugs(records: list[Record]) -> None:
    """Two codes that slug alike ("G2" removed, "G-2" added) must not share a page."""
    seen: set[str] = set()
    for record in records:
        base, number = record.slug, 2
        while record.slug in seen:
            record.slug = f"{base}-{number}"
            number += 1
        seen.add(record.slug)


class _Catalogues:
    """Each edition's wordings and panels by code, looked up once rather than per entry."""

    def __init__(self, editions: Sequence[Edition]) -> None:
        self.editions = editions
        self.wordings = [edition.catalogue.wordings() for edition in editions]
        self.panels = [
            CodeIndex(
                [(rec.code, panel) for panel in c.panels for rec in panel.recommendations],
                key=lambda pair: pair[0],
            )
            for c in (edition.catalogue for edition in editions)
        ]

    def wording(self, index: int, entry: Entry) -> str:
        return self.editions[index].recommendation_text(entry, self.wordings[index])

    def panel(self, code: str) -> Panel | None:
        """The panel of `code` in the newest catalogue that has it."""
        for panels in reversed(self.panels):
            found = panels.find(code)
            if found is not None:
                return found[1]
        return None


def _record(
    chain: list[Entry | None],
    editions: Sequence[Edition],
    changesets: Sequence[Changes],
    catalogues: _Catalogues,
) -> Record:
    last = max(i for i, entry in enumerate(chain) if entry is not None)
    entry = chain[last]
    assert entry is not None
    wording = catalogues.wording(last, entry)
    record = Record(entry.code, path_slug(entry.code), catalogues.panel(entry.code), wording)
    for index, (edition, step_entry) in enumerate(zip(editions, chain, strict=True)):
        before = chain[index - 1] if index else None
        items = None  # first reported: nothing before to compare with
        if step_entry is not None and before is not None:
            items = changesets[index - 1].items(step_entry.code)
        record.steps.append(
            Step(edition.id, step_entry, signal(step_entry, items), editorial_status(step_entry))
        )
        present = step_entry or before
        if index and present is not None:
            record.pairs.append(
                _pair_changes(present.code, editions[index - 1].id, changesets[index - 1])
            )
    record.initiatives = initiative_history(editions, chain, changesets)
    record.figures = figure_history(editions, chain, changesets)
    return record


def _pair_changes(code: str, old_id: str, changes: Changes) -> PairChanges:
    items: list[tuple[Kind[Any], Any]] = []
    narrative = None
    for name, item in changes.items(code):
        if isinstance(item, TextChange) and item.field == "narrative":
            narrative = item
        items.append((KIND[name], item))
    return PairChanges(old_id, changes.changeset.to, items, narrative)


def _reported(
    editions: Sequence[Edition],
    chain: Sequence[Entry | None],
    changesets: Sequence[Changes],
    kind: str,
) -> Iterator[tuple[Edition, Entry, dict[str, Any]]]:
    """(edition, entry, its items of list `kind` since the edition before, by their new id)
    for each edition with an entry, oldest first."""
    for index, (edition, entry) in enumerate(zip(editions, chain, strict=True)):
        if entry is None:
            continue
        items = changesets[index - 1].items(entry.code, kind) if index else []
        key = "new_id" if kind == "renamed_initiatives" else "id"
        yield edition, entry, {getattr(item, key): item for _, item in items}


def initiative_history(
    editions: Sequence[Edition], chain: Sequence[Entry | None], changesets: Sequence[Changes]
) -> list[InitiativeRecord]:
    """The entry's initiatives, each with the edition it first appeared in and its earlier
    names, followed through the diff's renames; those of the newest entry first."""
    found: dict[str, InitiativeRecord] = {}  # by id in the latest edition seen
    for edition, entry, renames in _reported(editions, chain, changesets, "renamed_initiatives"):
        for initiative in entry.initiatives:
            record = found.get(initiative.id)
            rename = renames.get(initiative.id)
            if record is None and rename is not None and rename.old_id in found:
                record = found.pop(rename.old_id)
                record.id = initiative.id
                found[initiative.id] = record
            if record is None:
                record = InitiativeRecord(initiative.id, initiative.name, edition.id)
                found[initiative.id] = record
            elif record.name != initiative.name and record.name not in record.earlier_names:
                record.earlier_names.append(record.name)
            record.name = initiative.name
            record.url = initiative.url
            record.last_edition = edition.id
    order = {edition.id: i for i, edition in enumerate(editions)}
    return sorted(found.values(), key=lambda r: (-order[r.last_edition], order[r.first_edition]))


def figure_history(
    editions: Sequence[Edition], chain: Sequence[Entry | None], changesets: Sequence[Changes]
) -> list[FigureRecord]:
    """Each figure the entry reported, edition by edition, with its move where it moved."""
    figures: dict[str, FigureRecord] = {}
    for edition, entry, moves in _reported(editions, chain, changesets, "metric_changes"):
        for metric in entry.metrics:
            move = moves.get(metric.id)
            if metric.id not in figures and move is not None and move.old.id in figures:
                figures[metric.id] = figures.pop(move.old.id)  # the same figure, its id edited
                figures[metric.id].id = metric.id
            record = figures.setdefault(metric.id, FigureRecord(metric.id, "", metric.unit))
            record.label = metric.label or metric.text
            record.unit = metric.unit
            record.points.append(
                FigurePoint(
                    edition.id,
                    metric.value,
                    figure(metric.value, metric.qualifier, metric.unit),
                    amount(metric.value, metric.qualifier, metric.unit),
                    move,
                )
            )
    return list(figures.values())
