"""`topolreport site`: every edition, recommendation and change as a static review site."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from ..initiatives import load_registry
from ..render.formats import FORMATS, parse_formats
from ..render.site import build_site
from ..render.templates import Templates
from ..store import edition_ids, load_edition
from .options import editions_option, force_option, templates_option


@click.command("site")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Folder to build the site in; replaced whole by each build.",
)
@templates_option("Folder with the report's templates and site/")
@click.option(
    "--format",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    help="Documents to build for each edition, separated by commas.",
)
@editions_option
@force_option
def site_command(
    out_dir: Path, templates_dir: Path | None, formats: str, editions_dir: Path, force: bool
) -> None:
    """Build the review site: every edition's documents, a page per recommendation and per
    edition, and the changes between editions.

    The site opens from a folder (file://) or any web server; it loads nothing from
    elsewhere. A folder the site did not make is only replaced with --force.
    """
    chosen = parse_formats(formats)
    templates = Templates.at(templates_dir)
    editions = [load_edition(editions_dir, edition_id) for edition_id in edition_ids(editions_dir)]
    console = Console(stderr=True)
    with console.status("Building the site") as status:

        def report(step: str, detail: str) -> None:
            status.update(f"Building edition {detail}" if step == "edition" else "Writing pages")

        result = build_site(
            editions,
            out_dir,
            templates,
            formats=chosen,
            force=force,
            progress=report,
            keep=(editions_dir, templates.folder),
            registry=load_registry(editions_dir),
        )
    click.echo(
        f"Built the site of {len(editions)} edition(s) in {result.folder}: {result.pages} pages, "
        f"{result.files} files, {result.size / 1024 / 1024:,.1f} MB. "
        f"Open {result.folder / 'index.html'}"
    )
