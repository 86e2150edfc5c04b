"""`topolreport import`: a report's text layout -> a new edition folder."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..initiatives import load_registry, save_registry
from ..initiatives.load import check_registry
from ..model import EDITION_ID_RE
from ..store import (
    CATALOGUE_FILE,
    load_catalogue,
    save_catalogue,
    save_edition,
    writing_editions,
)
from .options import editions_option, force_option


@click.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--edition", "edition_id", required=True, help="Id of the new edition, e.g. 2024-02.")
@editions_option
@force_option
def import_command(source: Path, edition_id: str, editions_dir: Path, force: bool) -> None:
    """Import SOURCE (the report as extracted text) as edition ID.

    Entries are matched to the review's catalogue (editions/catalogue.yaml); the first
    import creates the catalogue. Missing or unknown entries are listed, and `topolreport
    check` fails on them. Initiatives are placed in the review's registry
    (editions/initiatives.yaml); names it does not know are added as proposed, for
    `topolreport initiatives` to accept, merge or drop.
    """
    from ..importers.report_text import import_report_text

    if not EDITION_ID_RE.match(edition_id):
        raise InputError(
            f"{edition_id!r} is not a usable edition id",
            field="--edition",
            hint="use letters, digits, '.', '_' and '-', e.g. 2024-02",
        )
    if not source.is_file():
        raise InputError("source file not found", file=source)
    target = editions_dir / edition_id
    with writing_editions(editions_dir, create=True):
        if target.exists() and not force:
            raise InputError(
                f"edition {edition_id} already exists",
                file=target,
                hint="use --force to replace it",
            )
        catalogue = (
            load_catalogue(editions_dir) if (editions_dir / CATALOGUE_FILE).exists() else None
        )
        registry = load_registry(editions_dir)
        result = import_report_text(source, edition_id, catalogue, registry)
        check_registry(result.registry, editions_dir)  # before anything is written
        if catalogue is None:
            save_catalogue(result.catalogue, editions_dir)
        save_edition(result.edition, editions_dir, force=force)
        save_registry(result.registry, editions_dir)

    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    edition = result.edition
    initiatives = sum(len(entry.initiatives) for entry in edition.entries)
    proposed = sum(1 for item in result.registry.initiatives if item.status == "proposed")
    metrics = sum(len(entry.metrics) for entry in edition.entries)
    click.echo(
        f"imported {len(edition.entries)} entries in {len(edition.catalogue.panels)} panels, "
        f"{len(edition.abbreviations)} abbreviations, {initiatives} initiatives and "
        f"{metrics} metrics into {target}"
    )
    if proposed:
        click.echo(
            f"{proposed} initiatives are proposed, not yet reviewed: see `topolreport initiatives "
            "list --proposed`",
            err=True,
        )
