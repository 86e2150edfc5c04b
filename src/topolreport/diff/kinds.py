"""The kinds of change, one registered item each: what the ChangeSet lists and the reports show.

A kind knows its key (the ChangeSet list and JSON key, e.g. "metric_changes"), its item class,
its names for a reader, its mark in the terminal, and how to describe one item (through the
wording module). Reports walk `KINDS` instead of branching on names, so a new kind is added
here, beside its list in `ChangeSet`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from . import wording
from .changes import (
    AbbreviationChange,
    ChangeSet,
    EntryItem,
    InitiativeItem,
    InitiativeMention,
    InitiativeRename,
    InitiativeUpdate,
    MetadataChange,
    MetricChange,
    MetricItem,
    OwnerChange,
    RecommendationItem,
    Stalled,
    TextChange,
    WordingChange,
)

Item = TypeVar("Item")


@dataclass(frozen=True)
class Filter:
    """One checkbox of the HTML report: a css class and what it shows."""

    css: str
    label: str


@dataclass(frozen=True)
class Kind(Generic[Item]):
    key: str  # the ChangeSet's list (and JSON key)
    item: type[Item]
    one: str  # a reader's name for one item: "metric changed"
    title: str  # the section title and counts label: "metrics changed"
    css: str  # the HTML filter class
    mark: tuple[str, str]  # terminal mark and its style
    words: Callable[[Item], str]  # one line saying what the item is
    # The review copy's comment on an item (given the older edition's id); None where the
    # tracked changes say it all (text and wording) or there is no passage (recommendations).
    remark: Callable[[Item, str], wording.Remark] | None = None
    # How items of one recommendation are ordered (after catalogue order): by id, mostly.
    within: Callable[[Item], str] = lambda item: ""
    change: bool = True  # False for flags that are not changes (stalled)

    def describe(self, item: Any) -> str:
        """One line saying what `item` (of this kind) is, in plain words."""
        if not isinstance(item, self.item):
            raise TypeError(f"{self.key} holds {self.item.__name__}, not {type(item).__name__}")
        return self.words(item)

    def comment(self, item: Any, since: str) -> wording.Remark | None:
        """The review copy's comment on `item`, if this kind has one."""
        return None if self.remark is None else self.remark(item, since)

    def filter(self, item: Any) -> Filter:
        """The filter an item of this kind shows under (a metric that fell has its own)."""
        if isinstance(item, MetricChange) and item.regression:
            return FELL
        return Filter(self.css, self.title)

    def filters(self) -> tuple[Filter, ...]:
        """Every filter this kind's items may show under, in report order."""
        own = Filter(self.css, self.title)
        return (own, FELL) if self.item is MetricChange else (own,)

    def terminal_mark(self, item: Any) -> tuple[str, str]:
        if isinstance(item, MetricChange):
            if item.direction == "up":
                return "▲", "green"
            if item.direction == "down":
                return "▼", "bold red"
        return self.mark


def _by_id(item: Any) -> str:
    return str(item.id)


ADDED, REMOVED, CHANGED = ("+", "green"), ("-", "red"), ("~", "yellow")
FELL = Filter("metric-fell", "metrics that fell")

# In report order.
KINDS: tuple[Kind[Any], ...] = (
    Kind(
        "recommendations_added",
        RecommendationItem,
        "recommendation added",
        "recommendations added",
        "recommendation-added",
        ADDED,
        wording.recommendation_added,
    ),
    Kind(
        "recommendations_removed",
        RecommendationItem,
        "recommendation removed",
        "recommendations removed",
        "recommendation-removed",
        REMOVED,
        wording.recommendation_removed,
    ),
    Kind(
        "wording_changes",
        WordingChange,
        "recommendation wording changed",
        "recommendation wording changed",
        "wording-changed",
        CHANGED,
        wording.wording_changed,
    ),
    Kind(
        "entries_added",
        EntryItem,
        "entry added",
        "entries added",
        "entry-added",
        ADDED,
        wording.entry_added,
        wording.remark_entry_added,
    ),
    Kind(
        "entries_removed",
        EntryItem,
        "entry removed",
        "entries removed",
        "entry-removed",
        REMOVED,
        wording.entry_removed,
        wording.remark_entry_removed,
    ),
    Kind(
        "metric_changes",
        MetricChange,
        "metric changed",
        "metrics changed",
        "metric-changed",
        CHANGED,
        wording.metric_changed,
        wording.remark_metric_changed,
        within=_by_id,
    ),
    Kind(
        "new_metrics",
        MetricItem,
        "new metric",
        "new metrics",
        "metric-new",
        ADDED,
        wording.metric_new,
        wording.remark_metric_new,
        within=_by_id,
    ),
    Kind(
        "removed_metrics",
        MetricItem,
        "removed metric",
        "removed metrics",
        "metric-removed",
        REMOVED,
        wording.metric_removed,
        wording.remark_metric_removed,
        within=_by_id,
    ),
    Kind(
        "new_initiatives",
        InitiativeItem,
        "new initiative",
        "new initiatives",
        "initiative-new",
        ADDED,
        wording.initiative_new,
        wording.remark_initiative_new,
        within=_by_id,
    ),
    Kind(
        "removed_initiatives",
        InitiativeItem,
        "removed initiative",
        "removed initiatives",
        "initiative-removed",
        REMOVED,
        wording.initiative_removed,
        wording.remark_initiative_removed,
        within=_by_id,
    ),
    Kind(
        "renamed_initiatives",
        InitiativeRename,
        "renamed initiative",
        "renamed initiatives",
        "initiative-renamed",
        CHANGED,
        wording.initiative_renamed,
        wording.remark_initiative_renamed,
        within=lambda item: item.old_id,
    ),
    Kind(
        "unmentioned_initiatives",
        InitiativeMention,
        "initiative no longer mentioned",
        "initiatives no longer mentioned",
        "initiative-unmentioned",
        CHANGED,
        wording.initiative_unmentioned,
        wording.remark_initiative_unmentioned,
        within=_by_id,
    ),
    Kind(
        "newly_mentioned_initiatives",
        InitiativeMention,
        "known initiative newly mentioned",
        "known initiatives newly mentioned",
        "initiative-mentioned",
        CHANGED,
        wording.initiative_newly_mentioned,
        wording.remark_initiative_newly_mentioned,
        within=_by_id,
    ),
    Kind(
        "changed_initiatives",
        InitiativeUpdate,
        "initiative link changed",
        "initiative links changed",
        "initiative-changed",
        CHANGED,
        wording.initiative_changed,
        wording.remark_initiative_changed,
        within=_by_id,
    ),
    Kind(
        "text_changes",
        TextChange,
        "text changed",
        "text changes",
        "text-changed",
        CHANGED,
        wording.text_changed,
        within=lambda item: "0" if item.field == "wording" else "1",  # wording first
    ),
    Kind(
        "metadata_changes",
        MetadataChange,
        "edition detail changed",
        "edition details changed",
        "metadata-changed",
        CHANGED,
        wording.metadata_changed,
        within=lambda item: item.field,
    ),
    Kind(
        "abbreviation_changes",
        AbbreviationChange,
        "abbreviation changed",
        "abbreviations changed",
        "abbreviation-changed",
        CHANGED,
        wording.abbreviation_changed,
        within=lambda item: item.abbr.lower(),
    ),
    Kind(
        "prose_changes",
        TextChange,
        "foreword or summary changed",
        "foreword and summary changes",
        "prose-changed",
        CHANGED,
        wording.text_changed,
        within=lambda item: item.field,
    ),
    Kind(
        "owner_changes",
        OwnerChange,
        "owners changed",
        "owners changed",
        "owners-changed",
        CHANGED,
        wording.owners_changed,
        wording.remark_owners_changed,
    ),
    Kind(
        "stalled",
        Stalled,
        "stalled recommendation",
        "stalled recommendations",
        "stalled",
        ("=", "magenta"),
        wording.stalled,
        wording.remark_stalled,
        change=False,
    ),
)

KIND: dict[str, Kind[Any]] = {kind.key: kind for kind in KINDS}


def headline(changeset: ChangeSet) -> list[tuple[str, int]]:
    """(what, how many) for the report's first lines: every kind, in report order, with the
    metrics that fell after the metrics changed."""
    rows: list[tuple[str, int]] = []
    summary = changeset.summary.model_dump()
    for kind in KINDS:
        rows.append((kind.title, summary[kind.key]))
        if kind.item is MetricChange:
            rows.append((FELL.label, changeset.summary.regressions))
    return rows
