"""`topolreport export` (a whole edition as one JSON/YAML document) and `topolreport schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import InputError
from ..store import dump_yaml, load_edition, write_text_atomic
from .options import editions_option, emit_text, force_option, output_option


@click.command("export")
@click.argument("edition_id", metavar="EDITION")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "yaml"]), default="json", show_default=True
)
@output_option()
@editions_option
@force_option
def export_command(
    edition_id: str, fmt: str, output: Path | None, editions_dir: Path, force: bool
) -> None:
    """Write EDITION (with its catalogue) as one document that validates against
    schema/edition.schema.json."""
    edition = load_edition(editions_dir, edition_id)
    data = edition.model_dump(mode="json")
    if fmt == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = dump_yaml(data)
    emit_text(text, output, force)


@click.command("schema")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    show_default=True,
)
@click.option("--check", is_flag=True, help="Exit 1 if the files differ from the model.")
def schema_command(out_dir: Path, check: bool) -> None:
    """Write the JSON Schemas of the snapshot files (for editor validation)."""
    from ..schema import schema_text, schemas, stale_schemas

    if check:
        stale = stale_schemas(out_dir)
        for name in stale:
            click.echo(f"{out_dir / name}: out of date; run `topolreport schema`", err=True)
        if stale:
            sys.exit(1)
        return
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("not a folder", file=out_dir)
    for name, schema in schemas().items():
        write_text_atomic(out_dir / name, schema_text(schema), force=True)
        click.echo(f"wrote {out_dir / name}")
