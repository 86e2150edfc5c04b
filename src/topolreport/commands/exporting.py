"""`topolreport export` (a whole edition as one JSON/YAML document, or the tracker tables of
editions as xlsx/CSV) and `topolreport schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import InputError
from ..store import (
    dump_yaml,
    edition_ids,
    load_edition,
    resolve_edition_id,
    write_bytes_atomic,
    write_text_atomic,
)
from .options import editions_option, emit_text, force_option, output_option


@click.command("export")
@click.argument("edition_ids", metavar="EDITION...", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "yaml", "xlsx", "csv"]),
    default="json",
    show_default=True,
    help="json/yaml: one edition as data; xlsx/csv: the tracker tables of the editions.",
)
@click.option(
    "--table",
    type=click.Choice(["recommendations", "figures"]),
    default="recommendations",
    show_default=True,
    help="The table CSV writes (xlsx holds both as sheets).",
)
@click.option("--bom", is_flag=True, help="Start the CSV with a byte-order mark, for Excel.")
@output_option()
@editions_option
@force_option
def export_command(
    edition_ids: tuple[str, ...],
    fmt: str,
    table: str,
    bom: bool,
    output: Path | None,
    editions_dir: Path,
    force: bool,
) -> None:
    """Write EDITION (with its catalogue) as one document that validates against
    schema/edition.schema.json, or the tracker of one or more editions as xlsx or CSV."""
    if fmt in ("xlsx", "csv"):
        _export_tracker(list(edition_ids), fmt, table, bom, output, editions_dir, force)
        return
    if len(edition_ids) != 1:
        raise InputError(
            f"--format {fmt} writes one edition", field="EDITION", hint="name just one"
        )
    edition = load_edition(editions_dir, edition_ids[0])
    data = edition.model_dump(mode="json")
    if fmt == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = dump_yaml(data)
    emit_text(text, output, force)


def _export_tracker(
    wanted: list[str],
    fmt: str,
    table: str,
    bom: bool,
    output: Path | None,
    editions_dir: Path,
    force: bool,
) -> None:
    from ..export.tables import tracker_tables

    if fmt == "xlsx" and output is None:
        raise InputError("an xlsx workbook needs a file", field="--output", hint="add -o FILE.xlsx")
    known = edition_ids(editions_dir)
    for edition_id in wanted:
        resolve_edition_id(editions_dir, edition_id)  # an unknown id is a usage error
    # Every edition up to the newest asked for: each signal looks at the edition before.
    last = max(known.index(edition_id) for edition_id in wanted)
    history = [load_edition(editions_dir, edition_id) for edition_id in known[: last + 1]]
    tables = tracker_tables(history, wanted)
    if fmt == "xlsx":
        from ..export.xlsx import tracker_xlsx

        title = f"{history[-1].title}: tracker, " + ", ".join(e for e in known if e in set(wanted))
        data = tracker_xlsx(list(tables.values()), title=title)
    else:
        from ..export.csvtable import table_csv

        data = table_csv(tables[table], bom=bom)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_bytes_atomic(output, data, force=force)
    click.echo(f"wrote {output}", err=True)


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
