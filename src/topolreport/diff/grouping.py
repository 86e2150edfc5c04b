"""A ChangeSet arranged for reading: by panel (catalogue order), then by recommendation.

Shared by the diff reports and the changes annex, so both group and order the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..codes import CodeIndex
from ..model import Catalogue
from .changes import ChangeSet, Stalled
from .edition_parts import WHOLE_EDITION
from .engine import order_key
from .kinds import KIND, Kind
from .wording import reasons as engine_reasons

NOT_IN_CATALOGUE = "Not in the catalogue"
WHOLE_EDITION_TITLE = "The edition"  # metadata, abbreviations, foreword and summary


@dataclass
class RecommendationGroup:
    code: str
    items: list[tuple[Kind[Any], Any]] = field(default_factory=list)  # (kind, item)

    @property
    def only_stalled(self) -> bool:
        return bool(self.items) and all(not kind.change for kind, _ in self.items)

    @property
    def has_changes(self) -> bool:
        return any(kind.change for kind, _ in self.items)


@dataclass
class PanelGroup:
    title: str
    recommendations: list[RecommendationGroup] = field(default_factory=list)


def group(
    changeset: ChangeSet, catalogues: Sequence[Catalogue], elsewhere: str = NOT_IN_CATALOGUE
) -> list[PanelGroup]:
    """Items by panel (catalogue order) and recommendation (order of the ChangeSet's lists);
    codes in no catalogue go under `elsewhere`."""
    titles: list[str] = []
    placed: list[tuple[str, str]] = []  # (code, panel title)
    for index, catalogue in enumerate(catalogues):
        if catalogue in catalogues[:index]:
            continue  # the same catalogue again (most diffs) places no code anew
        for panel in catalogue.panels:
            if panel.title not in titles:
                titles.append(panel.title)
            placed.extend((rec.code, panel.title) for rec in panel.recommendations)
    panel_of = CodeIndex(placed, key=lambda pair: pair[0])

    def title(code: str) -> str:
        if code == WHOLE_EDITION:
            return WHOLE_EDITION_TITLE
        found = panel_of.find(code)
        return found[1] if found is not None else elsewhere

    recs: dict[str, RecommendationGroup] = {}
    for name, item in changeset.items():
        recs.setdefault(item.recommendation, RecommendationGroup(item.recommendation))
        recs[item.recommendation].items.append((KIND[name], item))
    panels = {t: PanelGroup(t) for t in [WHOLE_EDITION_TITLE, *titles, elsewhere]}
    if catalogues:
        key = order_key(catalogues[-1], catalogues[0])
        codes = sorted(recs, key=key)
    else:
        codes = list(recs)
    for code in codes:
        panels[title(code)].recommendations.append(recs[code])
    return [panel for panel in panels.values() if panel.recommendations]


def stalled_lines(
    recs: Sequence[RecommendationGroup], words: Callable[[Stalled], str] = engine_reasons
) -> list[tuple[str, list[str]]]:
    """(reasons, codes) for recommendations whose only item is a stalled flag, by reasons as
    `words` puts them."""
    by_reasons: dict[str, list[str]] = {}
    for rec in recs:
        if rec.only_stalled:
            by_reasons.setdefault(words(rec.items[0][1]), []).append(rec.code)
    return list(by_reasons.items())


def changed(recs: Sequence[RecommendationGroup]) -> list[RecommendationGroup]:
    """The recommendations with at least one change (maybe stalled too)."""
    return [rec for rec in recs if rec.has_changes]
