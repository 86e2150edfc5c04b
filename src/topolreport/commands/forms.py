"""`topolreport forms` and `collect`: the contributor round trip through Word."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click

from ..errors import InputError
from ..store import load_edition, save_entry, write_bytes_atomic, writing_editions
from .options import editions_option, force_option


@click.command("forms")
@click.argument("edition_id", metavar="EDITION")
@click.option("--by", type=click.Choice(["owner", "panel"]), default="owner", show_default=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out/forms"),
    show_default=True,
)
@editions_option
@force_option
def forms_command(edition_id: str, by: str, out_dir: Path, editions_dir: Path, force: bool) -> None:
    """Write one Word form per owner (or panel) holding their entries of EDITION."""
    from ..forms.write import write_forms

    edition = load_edition(editions_dir, edition_id)
    forms = write_forms(edition, by)
    existing = [out_dir / form.filename for form in forms if (out_dir / form.filename).exists()]
    if existing and not force:
        raise InputError(
            f"{len(existing)} form(s) already there", file=existing[0], hint="use --force"
        )
    for form in forms:
        write_bytes_atomic(out_dir / form.filename, form.data, force=force)
        click.echo(f"wrote {out_dir / form.filename}: {form.name}, {len(form.codes)} entries")


@click.command("collect")
@click.argument("edition_id", metavar="EDITION")
@click.argument("forms_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what the forms change; write nothing.")
@click.option("--force", is_flag=True, help="Apply forms over entries edited since they were sent.")
@editions_option
def collect_command(
    edition_id: str, forms_dir: Path, dry_run: bool, force: bool, editions_dir: Path
) -> None:
    """Read returned forms in DIR back into EDITION, showing each change before writing it.

    A form whose structure was broken is refused and nothing is written. An entry edited in
    the snapshot after its form was sent is not overwritten unless --force (exit 1).
    """
    from ..forms.collect import collect, describe
    from ..forms.read import read_form

    if not forms_dir.is_dir():
        raise InputError("folder not found", file=forms_dir)
    paths = sorted(p for p in forms_dir.glob("*.docx") if not p.name.startswith("~$"))
    if not paths:
        raise InputError("no .docx forms in this folder", file=forms_dir)
    with nullcontext() if dry_run else writing_editions(editions_dir):
        # a dry run writes nothing, so it takes no lock
        edition = load_edition(editions_dir, edition_id)
        problems = []
        forms = []
        for path in paths:
            try:
                forms.append(read_form(path))
            except InputError as exc:
                problems.extend(exc.problems)
        if problems:
            raise InputError(problems=problems)
        changes = collect(edition, forms)

        held_back = []
        for change in changes:
            click.secho(f"{change.code} from {change.form.name}", bold=True)
            for line in describe(change):
                click.echo("  " + line)
            if change.conflict:
                click.secho(
                    f"  {change.code} was edited in the snapshot after this form was written"
                    + ("; the form's version replaces it (--force)" if force else "; not applied"),
                    fg="yellow",
                    err=True,
                )
                if not force:
                    held_back.append(change.code)
        if not changes:
            click.echo("the forms change nothing")
        if dry_run:
            click.echo(
                f"dry run: {len(changes)} entr{'y' if len(changes) == 1 else 'ies'} would change"
            )
            return
        written = 0
        for change in changes:
            if change.code not in held_back:
                save_entry(editions_dir, edition.id, change.new)
                written += 1
    click.echo(f"updated {written} entr{'y' if written == 1 else 'ies'} of {edition.id}")
    if held_back:
        click.echo("not applied (edited meanwhile): " + ", ".join(held_back), err=True)
        sys.exit(1)
