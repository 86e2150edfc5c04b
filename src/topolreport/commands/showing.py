"""`topolreport show`: an edition's outline, or one entry, printed for a person to read."""

from __future__ import annotations

from pathlib import Path

import click
from rich.cells import cell_len, set_cell_size
from rich.console import Console, Group
from rich.markdown import Markdown
from rich.panel import Panel as RichPanel
from rich.table import Table
from rich.text import Text

from ..errors import InputError
from ..model import Edition, Entry, format_number
from ..store import load_edition
from ..terminal import printable_text  # the invisible characters prose may hold, shown
from .options import editions_option


def entry_view(edition: Edition, entry: Entry) -> Group:
    parts: list[object] = [
        Text(printable_text(edition.recommendation_text(entry)), style="italic"),
        Text(""),
        Markdown(printable_text(entry.narrative) or "_(no narrative)_"),
    ]
    if entry.owners:
        parts += [Text(""), Text("Owners: " + ", ".join(entry.owners), style="dim")]
    if entry.initiatives:
        table = Table(title="Initiatives", title_justify="left", show_edge=False)
        table.add_column("id", style="dim")
        table.add_column("name")
        table.add_column("link")
        for initiative in entry.initiatives:
            table.add_row(initiative.id, initiative.name, initiative.url or "(no target)")
        parts += [Text(""), table]
    if entry.metrics:
        table = Table(title="Metrics", title_justify="left", show_edge=False)
        for column in ("id", "value", "qualifier", "unit", "as of", "label"):
            table.add_column(column, style="dim" if column == "id" else None)
        for metric in entry.metrics:
            table.add_row(
                metric.id,
                format_number(metric.value),
                metric.qualifier or "",
                metric.unit,
                metric.as_of or "",
                metric.label,
            )
        parts += [Text(""), table]
    return Group(*parts)  # type: ignore[arg-type]


# The outline's columns: code, recommendation (cut to fit), initiatives, metrics. rich's Table
# measures and renders every cell as a renderable of its own, about a third of a millisecond a
# row: seconds for thousands of entries. Each row here is one line, laid out in one pass.
_HEADINGS = ("code", "recommendation", "initiatives", "metrics")
_MIN_CODE = 8
_MIN_RECOMMENDATION = 10


def outline_view(edition: Edition, width: int = 80) -> Group:
    """The edition's panels, a table each of its entries, laid out in `width` columns."""
    heading = Text(f"{edition.title} — {edition.id} ({edition.date})", style="bold")
    counts = Text(
        f"{len(edition.entries)} entries, {len(edition.abbreviations)} abbreviations", style="dim"
    )
    parts: list[Text] = [heading, counts]
    wordings = edition.catalogue.wordings()
    for panel, entries in edition.panel_entries():
        rows = [
            (
                entry.code,
                printable_text(edition.recommendation_text(entry, wordings)),
                str(len(entry.initiatives)),
                str(len(entry.metrics)),
            )
            for entry in entries
        ]
        parts += [Text(""), *_table(panel.title if panel else "Not in the catalogue", rows, width)]
    return Group(*parts)


def _table(title: str, rows: list[tuple[str, str, str, str]], width: int) -> list[Text]:
    """Title, header, rule and one line a row; the recommendation is cut with an ellipsis."""
    code = max([_MIN_CODE, *(cell_len(row[0]) for row in rows)])
    counts = [
        max([len(_HEADINGS[column]), *(len(row[column]) for row in rows)]) for column in (2, 3)
    ]
    # Each column is padded by a space either side and a bar stands between two columns.
    recommendation = max(_MIN_RECOMMENDATION, width - code - sum(counts) - 4 * 2 - 3)
    widths = [code, recommendation, *counts]
    header = Text(_line(_HEADINGS, widths, "┃"), style="bold")
    rule = Text("╇".join("━" * (w + 2) for w in widths))
    return [Text(title, style="bold"), header, rule] + [
        Text(_line(row, widths, "│")) for row in rows
    ]


def _line(cells: tuple[str, ...], widths: list[int], bar: str) -> str:
    """One row: code and recommendation to the left, the two counts to the right."""
    fitted = [_fit(c, w, right=i >= 2) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
    return f" {f' {bar} '.join(fitted)} "


def _fit(text: str, width: int, *, right: bool) -> str:
    """`text` in exactly `width` cells: cut with an ellipsis when longer, else padded."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - cell_len(text))
    return pad + text if right else text + pad


@click.command("show")
@click.argument("edition_id", metavar="EDITION", required=False)
@click.argument("code", required=False)
@editions_option
def show_command(edition_id: str | None, code: str | None, editions_dir: Path) -> None:
    """Print EDITION's outline (the newest edition by default), or the entry for CODE."""
    edition = load_edition(editions_dir, edition_id)
    console = Console(soft_wrap=False)
    if code is None:
        console.print(outline_view(edition, console.width), crop=False)
        return
    entry = edition.entry(code.upper().replace(" ", ""))
    if entry is None:
        codes = ", ".join(e.code for e in edition.entries)
        raise InputError(f"no entry for {code!r} in edition {edition.id}", hint=f"codes: {codes}")
    console.print(RichPanel(entry_view(edition, entry), title=entry.code, title_align="left"))
