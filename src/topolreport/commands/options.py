"""Options shared by every command, so they read and behave the same everywhere."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..store import write_text_atomic

editions_option = click.option(
    "--editions",
    "editions_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("editions"),
    show_default=True,
    envvar="TOPOLREPORT_EDITIONS",
    help="Folder holding the catalogue and one folder per edition.",
)

force_option = click.option("--force", is_flag=True, help="Overwrite what is already there.")


def emit_text(text: str, output: Path | None, force: bool) -> None:
    """A report to standard output, or written whole to --output (never over a file
    without --force)."""
    if output is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(output, text, force=force)
        click.echo(f"wrote {output}", err=True)
