"""Figures across editions, as the charts and their tables show them: which figures have a
trend, the points of each, and the alt text written from the data.

Kept apart from the drawing (charts.py) so that finding out whether an edition has any chart
imports nothing for charts. Figures are worded by the diff's number formatter, imported when a
chart or a key figures table is shown: a build without either never loads the diff.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..document import month_name

if TYPE_CHECKING:  # records are only read here: a process holding trends needs no model
    from ..model import Edition, Entry, Metric


@dataclass(frozen=True)
class Point:
    month: str  # the edition's month, "2023-02"
    value: int | float
    qualifier: str | None

    @property
    def when(self) -> str:
        return month_name(self.month)


@dataclass(frozen=True)
class Trend:
    """One figure of an entry, in every edition that reports it (oldest first)."""

    id: str
    code: str
    unit: str
    label: str
    points: tuple[Point, ...]

    @property
    def name(self) -> str:
        """What is counted, for titles: "Learners (G2)"."""
        return f"{self.unit[:1].upper()}{self.unit[1:]} ({self.code})"

    def shown(self, point: Point) -> str:
        from ..diff.wording import figure

        return figure(point.value, point.qualifier, self.unit)

    @property
    def alt(self) -> str:
        """ "Learners (G2) rose from 33,700 (February 2023) to 41,200 (February 2024)." """
        first, *rest = self.points
        steps = [f"{self.shown(first)} ({first.when})"]
        for point in rest:
            steps.append(f"{self.shown(point)} ({point.when})")
        last = self.points[-1]
        if all(p.value == first.value and p.qualifier == first.qualifier for p in rest):
            return f"{self.name} stayed at {self.shown(first)} from {first.when} to {last.when}."
        if last.value > first.value:
            verb = "rose"
        elif last.value < first.value:
            verb = "fell"
        else:
            verb = "went"
        return f"{self.name} {verb} from {steps[0]} to " + ", then to ".join(steps[1:]) + "."

    def rows(self) -> list[tuple[str, str]]:
        """(edition month, figure) for the data table beside the chart."""
        from ..diff.wording import amount

        return [(p.when, amount(p.value, p.qualifier, self.unit)) for p in self.points]


def _same_entry(edition: Edition, entry: Entry) -> Entry | None:
    found = edition.entry(entry.code)
    if found is None:
        found = next((e for c in entry.codes if (e := edition.entry(c)) is not None), None)
    return found


def _metric(entry: Entry | None, metric_id: str) -> Metric | None:
    if entry is None:
        return None
    return next((m for m in entry.metrics if m.id == metric_id), None)


def trends(edition: Edition, earlier: Sequence[Edition]) -> dict[str, tuple[Trend, ...]]:
    """Entry code -> the trends of its figures reported in two or more editions, matched by
    the figure's id (ids survive the years; the diff matches them the same way)."""
    found: dict[str, tuple[Trend, ...]] = {}
    older = sorted((e for e in earlier if e.date < edition.date), key=lambda e: e.date)
    for entry in edition.entries:
        before = [_same_entry(e, entry) for e in older]
        series = []
        for metric in entry.metrics:
            points = [
                Point(e.date, m.value, m.qualifier)
                for e, old in zip(older, before, strict=True)
                if (m := _metric(old, metric.id)) is not None
            ]
            if not points:
                continue
            points.append(Point(edition.date, metric.value, metric.qualifier))
            series.append(Trend(metric.id, entry.code, metric.unit, metric.label, tuple(points)))
        if series:
            found[entry.code] = tuple(series)
    return found


@dataclass(frozen=True)
class KeyFigure:
    """One row of an entry's key figures table."""

    label: str
    value: str  # "41,200 learners"
    as_of: str  # "February 2024", or "" when unknown
    change: str  # "+7,500", "no change", "new", or "" with no edition before


def key_figures(entry: Entry, before: Entry | None, has_before: bool) -> tuple[KeyFigure, ...]:
    """The entry's figures with their change since the edition before (matched by id)."""
    from ..diff.wording import amount, signed

    rows = []
    for metric in entry.metrics:
        change = ""
        if has_before:
            old = _metric(before, metric.id)
            if old is None:
                change = "new"
            elif old.value == metric.value:
                change = "no change"
            else:
                change = signed(metric.value - old.value)
        rows.append(
            KeyFigure(
                label=metric.label or metric.text,
                value=amount(metric.value, metric.qualifier, metric.unit),
                as_of=month_name(metric.as_of) if metric.as_of else "",
                change=change,
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class Figures:
    """An entry's figures beside the entry of the edition before, worded into key figures rows
    only when a table shows them (layout.yaml switches it on)."""

    entry: Entry
    before: Entry | None
    has_before: bool  # False: no edition before, so no change column to fill

    def rows(self) -> tuple[KeyFigure, ...]:
        return key_figures(self.entry, self.before, self.has_before)


@dataclass(frozen=True)
class WordedFigures:
    """Key figures rows worded already, in place of `Figures` in a view detached from the
    model's records (viewmodel.ReportView.detached)."""

    worded: tuple[KeyFigure, ...]

    def rows(self) -> tuple[KeyFigure, ...]:
        return self.worded


def previous_entry(edition: Edition, earlier: Sequence[Edition], entry: Entry) -> Entry | None:
    """The entry in the edition just before `edition`, if there is one."""
    older = [e for e in earlier if e.date < edition.date]
    if not older:
        return None
    return _same_entry(max(older, key=lambda e: e.date), entry)
