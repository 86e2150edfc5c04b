"""Each recommendation across every edition, as the site's pages show it: its entry in each
edition, its initiatives since they first appeared (with earlier names), its figures' history,
its signal and status trail, and what changed between each pair of editions.

Built from the editions and the ChangeSets between consecutive ones: an entry is followed from
edition to edition through the pairs the diff matched (so "DM4" becoming "DM4/AIR5" stays one
recommendation), and an initiative through the diff's renames. Nothing is matched again here.
With the review's registry of initiatives, an initiative is the registry's, whatever name or
alias an entry mentions it by, and partners, awards and dropped names are never initiatives.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..codes import CodeIndex
from ..diff.changes import ChangeSet, MetricChange, TextChange
from ..diff.kinds import KIND, Kind
from ..diff.wording import amount, figure
from ..initiatives.match import Matcher
from ..initiatives.model import RegisteredInitiative, Registry
from ..model import Edition, Entry, Initiative, Panel
from ..slugs import slug
from .site_signals import EditorialStatus, Signal, editorial_status, signal


@dataclass
class InitiativeRecord:
    id: str  # the registry's id, where the registry has it
    name: str  # as the newest edition that reports it names it
    first_edition: str  # the first edition in which the entry reports it
    earlier_names: list[str] = field(default_factory=list)
    last_edition: str = ""  # the newest edition that reports it
    url: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # edition id -> the name used in it
    kind: str | None = None  # the registry's kind, e.g. programme
    aliases: list[str] = field(default_factory=list)  # the registry's names, canonical first


@dataclass(frozen=True)
class FigurePoint:
    edition: str
    value: float
    figure: str  # as the report writes it: "over 2,600"
    amount: str  # with its unit: "over 2,600 visitors"
    change: MetricChange | None  # its move since the edition before, when it moved
    month: str  # the edition's month, "2023-02": the chart's axis
    qualifier: str | None  # "over", "around": the chart's labels keep it


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


def build_records(
    editions: Sequence[Edition],
    changesets: Sequence[ChangeSet],
    registry: Registry | None = None,
) -> list[Record]:
    """One record per recommendation in any edition (or in the newest catalogue), in the newest
    catalogue's order; `changesets[i]` is the diff from `editions[i]` to `editions[i + 1]`,
    made with the same `registry`."""
    indexed = [Changes.of(changeset) for changeset in changesets]
    known_initiatives = KnownInitiatives(registry)
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
    records = [_record(chain, editions, indexed, catalogues, known_initiatives) for chain in chains]
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
    known: KnownInitiatives,
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
    record.initiatives = initiative_history(editions, chain, changesets, known)
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


class KnownInitiatives:
    """Which initiative an entry's initiative is, as the registry says: by the id the entry
    uses (merged ids too), else by its name or an alias ("GEP"); None for a partner, an award
    or a name dropped as not an initiative. Without a registry, each is what the entry says."""

    def __init__(self, registry: Registry | None) -> None:
        self.registry = registry
        self.ids = registry.ids() if registry is not None else {}
        self.dropped = registry.dropped_ids() if registry is not None else set()
        self.matcher = Matcher(registry) if registry is not None else None

    def of(self, initiative: Initiative) -> tuple[str, RegisteredInitiative | None] | None:
        """(id, the registry's initiative where it has one), or None for no initiative."""
        if self.registry is None or self.matcher is None:
            return initiative.id, None
        if initiative.id in self.dropped:
            return None
        registered = self.ids.get(initiative.id)
        if registered is not None:
            return registered, self.registry.get(registered)
        placed = self.matcher.place(initiative.name)
        if placed is None:
            return initiative.id, None  # not in the registry yet: as the entry says
        if placed.initiative is None:
            return None
        return placed.initiative.id, placed.initiative

    def key(self, initiative_id: str) -> str:
        """The registry id an id given by the diff stands for."""
        return self.ids.get(initiative_id, initiative_id)


def initiative_history(
    editions: Sequence[Edition],
    chain: Sequence[Entry | None],
    changesets: Sequence[Changes],
    known: KnownInitiatives | None = None,
) -> list[InitiativeRecord]:
    """The entry's initiatives, each with the edition it first appeared in, the name it had in
    each edition and its earlier names, followed by registry id and through the diff's renames;
    those of the newest entry first."""
    known = known or KnownInitiatives(None)
    found: dict[str, InitiativeRecord] = {}  # by id in the latest edition seen
    for edition, entry, renames in _reported(editions, chain, changesets, "renamed_initiatives"):
        renamed = {known.key(new_id): item for new_id, item in renames.items()}
        seen: set[str] = set()  # an initiative mentioned twice in one entry counts once
        for initiative in entry.initiatives:
            placed = known.of(initiative)
            if placed is None:
                continue  # a partner, an award or a dropped name: never an initiative
            key, registered = placed
            if key in seen:
                continue
            seen.add(key)
            record = found.get(key)
            rename = renamed.get(key)
            old_key = known.key(rename.old_id) if rename is not None else None
            if record is None and old_key is not None and old_key in found:
                record = found.pop(old_key)
                record.id = key
                found[key] = record
            if record is None:
                record = InitiativeRecord(key, initiative.name, edition.id)
                found[key] = record
            elif record.name != initiative.name and record.name not in record.earlier_names:
                record.earlier_names.append(record.name)
            record.name = initiative.name
            record.url = initiative.url
            record.last_edition = edition.id
            record.names[edition.id] = initiative.name
            if registered is not None:
                record.kind = registered.kind
                record.aliases = registered.all_names()
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
                    edition.date,
                    metric.qualifier,
                )
            )
    return list(figures.values())
