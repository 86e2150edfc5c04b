"""`topolreport show`: an edition's outline, or one entry, printed for a person to read."""

from __future__ import annotations

from pathlib import Path

import click
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


def outline_view(edition: Edition) -> Group:
    heading = Text(f"{edition.title} — {edition.id} ({edition.date})", style="bold")
    counts = Text(
        f"{len(edition.entries)} entries, {len(edition.abbreviations)} abbreviations", style="dim"
    )
    parts: list[object] = [heading, counts]
    wordings = edition.catalogue.wordings()
    for panel, entries in edition.panel_entries():
        table = Table(
            title=panel.title if panel else "Not in the catalogue",
            title_justify="left",
            title_style="bold",
            show_edge=False,
            expand=True,
        )
        table.add_column("code", no_wrap=True, min_width=8)
        table.add_column("recommendation", ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column("initiatives", justify="right")
        table.add_column("metrics", justify="right")
        for entry in entries:
            table.add_row(
                entry.code,
                printable_text(edition.recommendation_text(entry, wordings)),
                str(len(entry.initiatives)),
                str(len(entry.metrics)),
            )
        parts += [Text(""), table]
    return Group(*parts)  # type: ignore[arg-type]


@click.command("show")
@click.argument("edition_id", metavar="EDITION", required=False)
@click.argument("code", required=False)
@editions_option
def show_command(edition_id: str | None, code: str | None, editions_dir: Path) -> None:
    """Print EDITION's outline (the newest edition by default), or the entry for CODE."""
    edition = load_edition(editions_dir, edition_id)
    console = Console(soft_wrap=False)
    if code is None:
        console.print(outline_view(edition))
        return
    entry = edition.entry(code.upper().replace(" ", ""))
    if entry is None:
        codes = ", ".join(e.code for e in edition.entries)
        raise InputError(f"no entry for {code!r} in edition {edition.id}", hint=f"codes: {codes}")
    console.print(RichPanel(entry_view(edition, entry), title=entry.code, title_align="left"))
