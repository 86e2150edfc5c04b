"""Edition x Edition -> ChangeSet: what changed, recommendation by recommendation.

Records are matched by key first (see matching.py); flat records (metrics, initiatives) are then
compared field by field, so the work grows with the editions' size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..codes import DEFAULT, CodeGrammar, CodeIndex, split_code
from ..initiatives.model import Registry
from ..model import Catalogue, Edition, Entry, Initiative, Metric
from .changes import (
    LIST_NAMES,
    ChangeSet,
    Direction,
    EntryItem,
    EntryPair,
    FieldChange,
    InitiativeItem,
    InitiativeMention,
    InitiativeRename,
    InitiativeUpdate,
    MetricChange,
    MetricItem,
    MetricState,
    OwnerChange,
    RecommendationItem,
    Stalled,
    StatusUpdate,
    Summary,
    TextChange,
    WordingChange,
)
from .edition_parts import abbreviation_changes, metadata_changes, owner_changes, prose_changes
from .kinds import KIND
from .matching import (
    Identity,
    Matched,
    identity,
    match_entries,
    match_initiatives,
    match_metrics,
    mentions,
    plain_text,
)
from .stalled import DEFAULT_THRESHOLD, stall_reasons
from .status import status_update
from .words import sequence_ratio, word_diff

# Where a figure comes from is for the lead and the editor; the ChangeSet reports figures.
NOT_IN_CHANGESET = {"source"}


def field_changes(old: BaseModel, new: BaseModel) -> dict[str, FieldChange]:
    """Field -> (old, new) for every field of a flat record that differs, by name.

    Metrics and initiatives are flat (strings and numbers) and already matched by id, so
    comparing their fields one by one is all there is to it; 2 and 2.0 are the same value.
    """
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    return {
        name: FieldChange(old=before.get(name), new=after.get(name))
        for name in sorted(before.keys() | after.keys())
        if before.get(name) != after.get(name)
    }


@dataclass
class EntryChanges:
    """The changes within one recommendation's entry (see ChangeSet for each list)."""

    code: str
    metric_changes: list[MetricChange] = field(default_factory=list)
    new_metrics: list[MetricItem] = field(default_factory=list)
    removed_metrics: list[MetricItem] = field(default_factory=list)
    new_initiatives: list[InitiativeItem] = field(default_factory=list)
    removed_initiatives: list[InitiativeItem] = field(default_factory=list)
    renamed_initiatives: list[InitiativeRename] = field(default_factory=list)
    unmentioned_initiatives: list[InitiativeMention] = field(default_factory=list)
    newly_mentioned_initiatives: list[InitiativeMention] = field(default_factory=list)
    changed_initiatives: list[InitiativeUpdate] = field(default_factory=list)
    text_changes: list[TextChange] = field(default_factory=list)
    owner_changes: list[OwnerChange] = field(default_factory=list)
    status_changes: list[StatusUpdate] = field(default_factory=list)
    stalled: Stalled | None = None
    similarity: float | None = None


def _metric_item(code: str, metric: Metric) -> MetricItem:
    return MetricItem(recommendation=code, **metric.model_dump(exclude=NOT_IN_CHANGESET))


def _initiative_item(code: str, initiative: Initiative) -> InitiativeItem:
    return InitiativeItem(recommendation=code, **initiative.model_dump())


def _started(changes: EntryChanges, found: Sequence[Initiative], ids: Identity) -> None:
    """Initiatives an entry names that it did not: new ones, or ones other entries of the older
    edition named already (a known initiative mentioned in one more place is not new)."""
    _placed(
        changes.code,
        found,
        ids.old_codes,
        changes.newly_mentioned_initiatives,
        changes.new_initiatives,
    )


def _ended(changes: EntryChanges, found: Sequence[Initiative], ids: Identity) -> None:
    """Initiatives an entry no longer names: removed ones, or ones other entries of the newer
    edition still name (no longer mentioned here is not a programme that ended)."""
    _placed(
        changes.code,
        found,
        ids.new_codes,
        changes.unmentioned_initiatives,
        changes.removed_initiatives,
    )


def _placed(
    code: str,
    found: Sequence[Initiative],
    codes_of: dict[str, list[str]],
    mentioned: list[InitiativeMention],
    alone: list[InitiativeItem],
) -> None:
    """Each initiative that `codes_of` puts in other entries too goes to `mentioned` (with
    those entries), the rest to `alone`."""
    for initiative in found:
        elsewhere = [c for c in codes_of.get(initiative.id, []) if c != code]
        if elsewhere:
            mentioned.append(
                InitiativeMention(
                    recommendation=code, elsewhere=elsewhere, **initiative.model_dump()
                )
            )
        else:
            alone.append(_initiative_item(code, initiative))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


def _metric_content(metric: Metric) -> tuple[object, ...]:
    # Everything but the as-of month, which an import sets to the edition's date.
    return (metric.id, metric.value, metric.qualifier, metric.unit, metric.text, metric.label)


def _same_records(old: Entry, new: Entry) -> bool:
    """Whether two entries hold the same metrics and initiatives, in the same order."""
    return old.initiatives == new.initiatives and [_metric_content(m) for m in old.metrics] == [
        _metric_content(m) for m in new.metrics
    ]


def moved(old: Metric, new: Metric) -> bool:
    """Whether a matched metric changed in what it says: value, qualifier or unit."""
    return old.value != new.value or old.qualifier != new.qualifier or old.unit != new.unit


def metric_change(code: str, old: Metric, new: Metric) -> MetricChange:
    """The change of one matched metric that moved."""
    direction: Direction
    if new.value > old.value:
        direction = "up"
    elif new.value < old.value:
        direction = "down"
    elif new.qualifier != old.qualifier:
        direction = "same-value-new-qualifier"
    else:
        direction = "same-value-new-unit"
    absolute = new.value - old.value
    return MetricChange(
        recommendation=code,
        id=new.id,
        old=MetricState(**old.model_dump(exclude=NOT_IN_CHANGESET)),
        new=MetricState(**new.model_dump(exclude=NOT_IN_CHANGESET)),
        absolute=absolute if isinstance(absolute, int) else _number(absolute),
        relative=round(absolute / old.value, 4) if old.value else None,
        direction=direction,
        regression=direction == "down",
        fields=list(field_changes(old, new)),
    )


def diff_entries(
    old: Entry | None,
    new: Entry | None,
    *,
    stalled_threshold: float = DEFAULT_THRESHOLD,
    check_stalled: bool = True,
    identity: Identity | None = None,
    grammar: CodeGrammar = DEFAULT,
) -> EntryChanges:
    """The changes from one edition's entry to the next's; either may be None (added/removed).

    `identity` (from `matching.identity`) says which initiatives are one and where else each
    is named; `grammar` is how the review writes its codes.
    """
    ids = identity or Identity()
    if old is None and new is None:
        raise ValueError("diff_entries needs at least one entry")
    code = new.code if new is not None else old.code  # type: ignore[union-attr]
    changes = EntryChanges(code)
    if old is None or new is None:
        entry = new if old is None else old
        assert entry is not None
        metric_items = [_metric_item(code, m) for m in entry.metrics]
        if old is None:
            changes.new_metrics = metric_items
            _started(changes, ids.initiatives(entry), ids)
        else:
            changes.removed_metrics = metric_items
            _ended(changes, ids.initiatives(entry), ids)
        return changes

    if _same_records(old, new):
        if (
            old.narrative == new.narrative
            and old.owners == new.owners
            and old.assessment == new.assessment
        ):
            # Most entries of a new edition are carried over as they were: nothing changed,
            # and the entry may be stalled.
            changes.similarity = 1.0
            if check_stalled:
                _check_stalled(changes, old, new, 1.0, stalled_threshold, grammar)
            return changes
        # Records carried over as they were: nothing to match.
        metrics: Matched[Metric] = Matched(
            [(a, b, 1.0) for a, b in zip(old.metrics, new.metrics, strict=True)]
        )
        same = ids.initiatives(old)
        initiatives: Matched[Initiative] = Matched([(a, a, 1.0) for a in same])
    else:
        metrics = match_metrics(old, new)
        initiatives = match_initiatives(old, new, ids)
    for was, now, _ in metrics.pairs:
        if moved(was, now):
            changes.metric_changes.append(metric_change(code, was, now))
    changes.new_metrics = [_metric_item(code, m) for m in metrics.new_only]
    changes.removed_metrics = [_metric_item(code, m) for m in metrics.old_only]

    for a, b, _ in initiatives.pairs:
        if a.name == b.name and a != b:
            changes.changed_initiatives.append(
                InitiativeUpdate(
                    recommendation=code, id=b.id, name=b.name, changes=field_changes(a, b)
                )
            )
    for a, b, _ in initiatives.pairs:
        if a.name != b.name and not (a.id == b.id and ids.same_name(a, b)):
            changes.renamed_initiatives.append(
                InitiativeRename(
                    recommendation=code,
                    old_id=a.id,
                    new_id=b.id,
                    old_name=a.name,
                    new_name=b.name,
                    similarity=round(sequence_ratio(list(a.name.lower()), list(b.name.lower())), 4),
                    matched_by="id" if a.id == b.id else "name",
                )
            )
    if initiatives.old_only or initiatives.new_only:
        # A name the other narrative also uses is not new (or gone): the importer finds a name
        # in every entry once any entry links it, so its records can change while the text
        # has not.
        old_text, new_text = plain_text(old.narrative).lower(), plain_text(new.narrative).lower()
        _started(changes, [i for i in initiatives.new_only if not mentions(i.name, old_text)], ids)
        _ended(changes, [i for i in initiatives.old_only if not mentions(i.name, new_text)], ids)

    changes.owner_changes = owner_changes(code, old, new)  # not progress: not in stall_reasons
    score = 1.0
    if old.narrative != new.narrative:
        score, ops = word_diff(old.narrative, new.narrative)
        changes.text_changes.append(
            TextChange(recommendation=code, field="narrative", similarity=score, ops=ops)
        )
    changes.similarity = score

    status = status_update(code, old.assessment, new.assessment)
    if status is not None:
        changes.status_changes.append(status)

    if check_stalled:
        _check_stalled(changes, old, new, score, stalled_threshold, grammar)
    return changes


def _check_stalled(
    changes: EntryChanges,
    old: Entry,
    new: Entry,
    similarity: float,
    threshold: float,
    grammar: CodeGrammar,
) -> None:
    """Flag the entry stalled when `stall_reasons` finds it so."""
    reasons = stall_reasons(
        old.narrative,
        new.narrative,
        initiatives_changed=bool(
            changes.new_initiatives or changes.removed_initiatives or changes.renamed_initiatives
        ),
        metrics_changed=bool(
            changes.metric_changes or changes.new_metrics or changes.removed_metrics
        ),
        similarity=similarity,
        threshold=threshold,
        grammar=grammar,
    )
    if reasons:
        changes.stalled = Stalled(
            recommendation=changes.code, reasons=reasons, similarity=similarity
        )


# --- whole editions -------------------------------------------------------------------------


def _panel_ids(catalogue: Catalogue) -> dict[str, str]:
    return {rec.code: panel.id for panel in catalogue.panels for rec in panel.recommendations}


class _Catalogued:
    """One catalogue's recommendations found by code, or by either half of a joint code: each
    one's place in the catalogue, its wording and its panel's id. One index serves the three
    lookups, so that a large catalogue is indexed once per diff."""

    def __init__(self, catalogue: Catalogue) -> None:
        recs = catalogue.recommendations()
        panels = _panel_ids(catalogue)
        self.size = len(recs)
        self.index = CodeIndex(
            [(place, rec, panels[rec.code]) for place, rec in enumerate(recs)],
            key=lambda found: found[1].code,
        )

    def wording(self, code: str) -> str:
        found = self.index.find(code)
        return found[1].text if found is not None else ""

    def panel(self, code: str) -> str | None:
        found = self.index.find(code)
        return found[2] if found is not None else None


def _order(new: _Catalogued, old: _Catalogued) -> Callable[[str], tuple[int, str]]:
    """Codes in the newer catalogue's order, then the older's, then unknown codes by name."""
    last = new.size + old.size

    def place(code: str) -> int | None:
        found = new.index.get(code)
        if found is not None:
            return found[0]
        found = old.index.get(code)
        return new.size + found[0] if found is not None else None

    def key(code: str) -> tuple[int, str]:
        found = place(code)
        if found is not None:
            return found, ""
        halves = [p for p in map(place, split_code(code)) if p is not None]
        return (min(halves), code) if halves else (last, code)

    return key


def order_key(old: Catalogue, new: Catalogue) -> Callable[[str], tuple[int, str]]:
    """Codes in the newer catalogue's order, then the older's, then unknown codes by name."""
    catalogued = _Catalogued(new)
    return _order(catalogued, catalogued if old == new else _Catalogued(old))


def _wording_change(code: str, old: str, new: str) -> TextChange:
    score, ops = word_diff(old, new)
    return TextChange(recommendation=code, field="wording", similarity=score, ops=ops)


def diff_editions(
    old: Edition,
    new: Edition,
    *,
    stalled_threshold: float = DEFAULT_THRESHOLD,
    registry: Registry | None = None,
) -> ChangeSet:
    """Every change from edition `old` to edition `new`, with the stalled recommendations.

    An edition compared with itself has no changes and, there being no interval between
    them, no stalled recommendations either. With the review's `registry` of initiatives,
    initiatives are told apart by it: ids merged into one are one, dropped names are none,
    and accepted initiatives are never taken for one another renamed.
    """
    if not 0.0 <= stalled_threshold <= 1.0:
        raise ValueError("stalled_threshold must be between 0 and 1")
    return _diff_editions(old, new, stalled_threshold, identity(old, new, registry))


def _diff_editions(
    old: Edition, new: Edition, stalled_threshold: float, ids: Identity
) -> ChangeSet:
    lists: dict[str, list[Any]] = {name: [] for name in LIST_NAMES}

    # Recommendations, by code.
    old_recs = {rec.code: rec for rec in old.catalogue.recommendations()}
    new_recs = {rec.code: rec for rec in new.catalogue.recommendations()}
    old_panels, new_panels = _panel_ids(old.catalogue), _panel_ids(new.catalogue)
    for code, rec in new_recs.items():
        if code not in old_recs:
            lists["recommendations_added"].append(
                RecommendationItem(recommendation=code, text=rec.text, panel=new_panels.get(code))
            )
    for code, rec in old_recs.items():
        if code not in new_recs:
            lists["recommendations_removed"].append(
                RecommendationItem(recommendation=code, text=rec.text, panel=old_panels.get(code))
            )

    # Entries, by code; wording as each edition prints it.
    new_catalogued = _Catalogued(new.catalogue)
    old_catalogued = (
        new_catalogued if old.catalogue == new.catalogue else _Catalogued(old.catalogue)
    )
    old_wording, new_wording = old_catalogued.wording, new_catalogued.wording
    grammar = new.catalogue.grammar()
    check_stalled = old != new
    entries = match_entries(old.entries, new.entries)
    worded: set[str] = set()

    def wording(code: str, old_text: str, new_text: str) -> None:
        worded.add(code)
        if old_text != new_text and old_text and new_text:
            lists["wording_changes"].append(
                WordingChange(recommendation=code, old=old_text, new=new_text)
            )
            lists["text_changes"].append(_wording_change(code, old_text, new_text))

    for a, b, _ in entries.pairs:
        wording(b.code, a.wording or old_wording(a.code), b.wording or new_wording(b.code))
        _collect(
            lists,
            diff_entries(
                a,
                b,
                stalled_threshold=stalled_threshold,
                check_stalled=check_stalled,
                identity=ids,
                grammar=grammar,
            ),
        )
    for code in new_recs.keys() & old_recs.keys() - worded:
        wording(code, old_recs[code].text, new_recs[code].text)
    for entry in entries.new_only:
        lists["entries_added"].append(_entry_item(entry))
        _collect(lists, diff_entries(None, entry, identity=ids))
    for entry in entries.old_only:
        lists["entries_removed"].append(_entry_item(entry))
        _collect(lists, diff_entries(entry, None, identity=ids))

    # The edition around its entries: metadata, abbreviations, foreword and summary.
    lists["metadata_changes"] = metadata_changes(old, new)
    lists["abbreviation_changes"] = abbreviation_changes(old, new)
    lists["prose_changes"] = prose_changes(old, new)

    key = _order(new_catalogued, old_catalogued)
    for name, items in lists.items():
        within = KIND[name].within
        items.sort(key=lambda item: (key(item.recommendation), within(item)))

    counts = {name: len(items) for name, items in lists.items()}
    changes = sum(count for name, count in counts.items() if name != "stalled")
    summary = Summary(
        same=changes == 0,
        changes=changes,
        regressions=sum(1 for item in lists["metric_changes"] if item.regression),
        **counts,
    )
    changeset = ChangeSet(
        from_=old.id, to=new.id, stalled_threshold=stalled_threshold, summary=summary, **lists
    )
    codes = {item.recommendation for items in lists.values() for item in items}
    return changeset.with_matches(
        [EntryPair(a, b) for a, b, _ in entries.pairs],
        _panels_of(codes, new_catalogued, old_catalogued),
    )


def _panels_of(codes: Iterable[str], *catalogues: _Catalogued) -> dict[str, str]:
    """Each code's panel id, from the first catalogue that has it or shares a half with it
    ("D2" is in the panel of "D2/AI1", and "DM4/AIR5" in that of "DM4")."""
    found: dict[str, str] = {}
    for code in codes:
        for catalogue in catalogues:
            panel = catalogue.panel(code)
            if panel is not None:
                found[code] = panel
                break
    return found


def _entry_item(entry: Entry) -> EntryItem:
    return EntryItem(
        recommendation=entry.code,
        initiatives=len(entry.initiatives),
        metrics=len(entry.metrics),
    )


def _collect(lists: dict[str, list[Any]], changes: EntryChanges) -> None:
    for name in _ENTRY_LISTS:
        lists[name].extend(getattr(changes, name))
    if changes.stalled is not None:
        lists["stalled"].append(changes.stalled)


_ENTRY_LISTS: Iterable[str] = (
    "metric_changes",
    "new_metrics",
    "removed_metrics",
    "new_initiatives",
    "removed_initiatives",
    "renamed_initiatives",
    "unmentioned_initiatives",
    "newly_mentioned_initiatives",
    "changed_initiatives",
    "text_changes",
    "owner_changes",
    "status_changes",
)
