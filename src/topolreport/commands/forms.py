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
@click.option("--due", default="", help="The return-by date the forms show, e.g. 2024-01-31.")
@click.option("--contact", default="", help="Whom to return them to, as the forms show it.")
@editions_option
@force_option
def forms_command(
    edition_id: str,
    by: str,
    out_dir: Path,
    due: str,
    contact: str,
    editions_dir: Path,
    force: bool,
) -> None:
    """Write one Word form per owner (or panel) holding their entries of EDITION."""
    from ..forms.write import write_forms
    from ..render.templates import REFERENCE_DOCX, Templates

    edition = load_edition(editions_dir, edition_id)
    reference = Templates.at().path(REFERENCE_DOCX)  # the house styles
    forms = write_forms(edition, by, due=due.strip(), contact=contact.strip(), reference=reference)
    existing = [out_dir / form.filename for form in forms if (out_dir / form.filename).exists()]
    if existing and not force:
        raise InputError(
            f"{len(existing)} form(s) already there", file=existing[0], hint="use --force"
        )
    for form in forms:
        write_bytes_atomic(out_dir / form.filename, form.data, force=force)
        click.echo(f"wrote {out_dir / form.filename}: {form.name}, {len(form.codes)} entries")


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"


@click.command("collect")
@click.argument("edition_id", metavar="EDITION")
@click.argument("forms_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what the forms change; write nothing.")
@click.option(
    "--revisions",
    type=click.Choice(["accept", "reject", "refuse"]),
    default="accept",
    show_default=True,
    help="Read tracked changes as accepted (what the lead proposes), rejected, or refuse "
    "forms that hold any.",
)
@click.option(
    "--prefer",
    "prefer",
    multiple=True,
    metavar="FORM",
    help="Settle conflicts between forms in this form's favour (file name; repeatable).",
)
@click.option(
    "--force", is_flag=True, help="Settle conflicts with the snapshot in the forms' favour."
)
@editions_option
def collect_command(
    edition_id: str,
    forms_dir: Path,
    dry_run: bool,
    revisions: str,
    prefer: tuple[str, ...],
    force: bool,
    editions_dir: Path,
) -> None:
    """Read returned forms in DIR back into EDITION, showing each change before writing it.

    Each form's edits are merged with the other forms' and with the snapshot's against the
    text the form was issued with. An entry whose edits overlap is reported with both
    versions and left unwritten (exit 1); the others are written. Text typed outside the
    editable parts is reported, never applied (exit 1). A broken form is refused and nothing
    is written (exit 2).
    """
    from ..forms.collect import collect, describe
    from ..forms.read import read_form
    from ..initiatives import load_registry, registry_path, save_registry
    from ..initiatives.load import check_registry

    if not forms_dir.is_dir():
        raise InputError("folder not found", file=forms_dir)
    paths = sorted(p for p in forms_dir.glob("*.docx") if not p.name.startswith("~$"))
    if not paths:
        raise InputError("no .docx forms in this folder", file=forms_dir)
    names = {p.name for p in paths}
    preferred = {Path(name).name for name in prefer}
    for name in sorted(preferred - names):
        raise InputError(f"no form {name!r} in this folder", file=forms_dir, field="--prefer")
    with nullcontext() if dry_run else writing_editions(editions_dir):
        # a dry run writes nothing, so it takes no lock
        edition = load_edition(editions_dir, edition_id)
        problems = []
        forms = []
        for path in paths:
            try:
                forms.append(read_form(path, revisions))  # type: ignore[arg-type]
            except InputError as exc:
                problems.extend(exc.problems)
        if problems:
            raise InputError(problems=problems)
        registry = load_registry(editions_dir)
        result = collect(edition, forms, preferred, force, registry)

        for change in result.changes:
            sources = ", ".join(path.name for path in change.forms) or "the forms"
            click.secho(f"{change.code} from {sources}", bold=True)
            for line in describe(change):
                click.echo("  " + line)
            for conflict in change.conflicts:
                click.secho(
                    f"  {change.code}: conflict in the {conflict.where}", fg="yellow", err=True
                )
                for source, text in conflict.versions:
                    click.echo(f"    {source}: {text}", err=True)
            if change.conflicts:
                with_snapshot = any(
                    "the snapshot" in source for c in change.conflicts for source, _ in c.versions
                )
                settle = "--force" if with_snapshot else "--prefer FORM"
                click.secho(
                    f"  {change.code} not written: settle it with {settle}, "
                    "or edit the entry and collect again",
                    fg="yellow",
                    err=True,
                )
        for note in result.notes:
            click.echo(note, err=True)
        for path, typed in result.outside:
            where = f"{typed.code}: " if typed.code else ""
            click.secho(
                f"{path}: {where}{typed.why}, not applied: {typed.text!r}",
                fg="yellow",
                err=True,
            )
        written = result.written
        if not result.changes:
            click.echo("the forms change nothing")
        if dry_run:
            click.echo(f"dry run: {_entries(len(written))} would change")
        else:
            if result.registry is not None and written:
                check_registry(result.registry, editions_dir)  # before any entry is written
            for change in written:
                save_entry(editions_dir, edition.id, change.new)
            if (
                result.registry is not None
                and written
                and save_registry(result.registry, editions_dir)
            ):
                click.echo(f"updated {registry_path(editions_dir)}")
            click.echo(f"updated {_entries(len(written))} of {edition.id}")
        if result.conflicted:
            codes = ", ".join(change.code for change in result.conflicted)
            click.echo(f"not written (conflicting edits): {codes}", err=True)
        if result.conflicted or result.outside:
            sys.exit(1)
