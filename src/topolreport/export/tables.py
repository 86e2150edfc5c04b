"""The two tracker tables, as plain rows: what the xlsx and CSV writers lay out.

Values keep their kind (numbers stay numbers, months stay "YYYY-MM" text) so a spreadsheet can
sort and sum them; the only words are the diff's and the editorial status's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..diff.stalled import DEFAULT_THRESHOLD
from ..model import Edition
from ..tracker.signals import Signal, progress_signals

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    name: str  # sheet name, and the --table choice
    headers: tuple[str, ...]
    widths: tuple[int, ...]  # sensible column widths, in characters
    rows: list[tuple[Cell, ...]]


RECOMMENDATION_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Edition", 10),
    ("Code", 10),
    ("Panel", 24),
    ("Recommendation", 60),
    ("Owners", 24),
    ("Editorial status", 16),
    ("RAG", 8),
    ("Status reason", 40),
    ("Target date", 12),
    ("Progress signal", 28),
    ("Signal reasons", 40),
    ("Editions without change", 12),
    ("Initiatives", 11),
)
FIGURE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Edition", 10),
    ("Code", 10),
    ("Figure id", 28),
    ("Label", 48),
    ("Value", 12),
    ("Unit", 20),
    ("Qualifier", 10),
    ("As of", 10),
    ("Change since previous edition", 16),
)
TABLE_NAMES = ("recommendations", "figures")


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


def _table(name: str, columns: tuple[tuple[str, int], ...], rows: list[tuple[Cell, ...]]) -> Table:
    return Table(name, tuple(h for h, _ in columns), tuple(w for _, w in columns), rows)


def recommendation_rows(
    edition: Edition, signals: dict[tuple[str, str], Signal]
) -> list[tuple[Cell, ...]]:
    wordings = edition.catalogue.wordings()
    rows: list[tuple[Cell, ...]] = []
    for panel, entries in edition.panel_entries():
        for entry in entries:
            signal = signals[(edition.id, entry.code)]
            assessment = entry.assessment
            rows.append(
                (
                    edition.id,
                    entry.code,
                    panel.title if panel else "",
                    edition.recommendation_text(entry, wordings),
                    "; ".join(entry.owners),
                    assessment.status if assessment else "",
                    assessment.rag if assessment and assessment.rag else "",
                    assessment.reason if assessment else "",
                    assessment.target if assessment and assessment.target else "",
                    signal.summary,
                    "; ".join(signal.stalled),
                    signal.editions_without_change,
                    len(entry.initiatives),
                )
            )
    return rows


def figure_rows(edition: Edition, signals: dict[tuple[str, str], Signal]) -> list[tuple[Cell, ...]]:
    rows: list[tuple[Cell, ...]] = []
    for _, entries in edition.panel_entries():
        for entry in entries:
            signal = signals[(edition.id, entry.code)]
            for metric in entry.metrics:
                change: Cell = None  # no earlier figure to compare with
                if metric.id in signal.figure_changes:
                    change = _number(signal.figure_changes[metric.id].absolute)
                elif signal.previous is not None and metric.id not in signal.new_figures:
                    change = 0
                rows.append(
                    (
                        edition.id,
                        entry.code,
                        metric.id,
                        metric.label,
                        _number(metric.value),
                        metric.unit,
                        metric.qualifier or "",
                        metric.as_of or "",
                        change,
                    )
                )
    return rows


def tracker_tables(
    history: Sequence[Edition],
    wanted: Sequence[str],
    *,
    stalled_threshold: float = DEFAULT_THRESHOLD,
) -> dict[str, Table]:
    """Both tables for the `wanted` edition ids; `history` is every edition up to the newest
    wanted, oldest first, so each signal is measured against the edition before."""
    signals = progress_signals(history, stalled_threshold=stalled_threshold)
    chosen = [edition for edition in history if edition.id in set(wanted)]
    recommendations = [row for e in chosen for row in recommendation_rows(e, signals)]
    figures = [row for e in chosen for row in figure_rows(e, signals)]
    return {
        "recommendations": _table("recommendations", RECOMMENDATION_COLUMNS, recommendations),
        "figures": _table("figures", FIGURE_COLUMNS, figures),
    }
