"""Options shared by every command, so they read and behave the same everywhere."""

from __future__ import annotations

from pathlib import Path

import click

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
