"""`topolreport diff` (what changed between two editions) and `topolreport history` (one
recommendation across every edition)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import InputError
from ..store import (
    edition_ids,
    load_edition,
    write_bytes_atomic,
)
from .options import (
    Fraction,
    editions_option,
    emit_text,
    finite,
    force_option,
    output_option,
    output_to_stdout,
    plain_text,
    templates_option,
)

_threshold_option = click.option(
    "--stalled-threshold",
    type=Fraction(),
    callback=finite,
    default=0.9,
    show_default=True,
    help="Narrative similarity (0-1) at or above which an entry with no new initiative and "
    "no metric moved counts as stalled.",
)


def _check_binary_output(output: Path | None, force: bool) -> None:
    """A Word document goes to a file, never to the terminal; refuse before any work."""
    if output is None:
        raise InputError(
            "--format docx writes a Word document: name the file with --output",
            field="--output",
            hint="e.g. --output review.docx",
        )
    if output.is_dir():
        raise InputError("is a folder, not a file", file=output, field="--output")
    if output.exists() and not force:
        raise InputError("already exists", file=output, hint="use --force to overwrite it")


@click.command("diff")
@click.argument("old_id", metavar="OLD")
@click.argument("new_id", metavar="NEW")
@editions_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "html", "docx"]),
    default="text",
    show_default=True,
    help="docx: NEW's Word document with the changes tracked and commented (needs --output).",
)
@output_option()
@_threshold_option
@click.option(
    "--author",
    default=None,
    callback=plain_text,
    help="For --format docx: the name on the tracked changes and comments "
    "(default: topolreport (<NEW's publisher>)).",
)
@templates_option("For --format docx: the folder holding reference.docx")
@force_option
def diff_command(
    old_id: str,
    new_id: str,
    editions_dir: Path,
    fmt: str,
    output: Path | None,
    stalled_threshold: float,
    author: str | None,
    templates_dir: Path | None,
    force: bool,
) -> None:
    """What changed from edition OLD to edition NEW, recommendation by recommendation.

    Exit code 0 when nothing changed, 1 when something did, 2 on bad input. Stalled
    recommendations are reported but are not changes.
    """
    from ..diff import diff_editions
    from ..diff.reports import render
    from ..initiatives import load_registry

    if fmt == "docx" and not output_to_stdout():
        _check_binary_output(output, force)
    else:
        for option, value in (("--author", author), ("--templates", templates_dir)):
            if value is not None:
                raise InputError(
                    f"{option} is for the Word review copy",
                    field=option,
                    hint="use it with --format docx",
                )
    old = load_edition(editions_dir, old_id)
    new = load_edition(editions_dir, new_id)
    registry = load_registry(editions_dir)
    changeset = diff_editions(old, new, stalled_threshold=stalled_threshold, registry=registry)
    if fmt == "docx":
        from ..render.review import render_review_docx
        from ..render.templates import Templates

        templates = Templates.at(templates_dir)
        with templates.in_use("reference.docx"):
            data = render_review_docx(old, new, templates, author=author, changeset=changeset)
        if output is None:  # -o -: the document goes down a pipe
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            write_bytes_atomic(output, data, force=force)
            click.echo(f"wrote {output}", err=True)
        sys.exit(0 if changeset.same else 1)
    color = fmt == "text" and output is None and sys.stdout.isatty()
    publication = None
    if fmt == "html":
        from ..diff.reports.html import Publication
        from ..slugs import slug

        page = f"{slug(new.title, words=3, fallback='report')}-{new.id}.html"
        publication = Publication(new.title, new.publisher, new.language, page)
    report = render(
        changeset, fmt, [new.catalogue, old.catalogue], color=color, publication=publication
    )
    emit_text(report, output, force)
    sys.exit(0 if changeset.same else 1)


@click.command("history")
@click.argument("code")
@editions_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@_threshold_option
def history_command(code: str, editions_dir: Path, fmt: str, stalled_threshold: float) -> None:
    """CODE's initiatives and metrics edition by edition, oldest first, and for how many
    editions up to the newest it has been stalled."""
    from ..diff.history import entry_history, history_text
    from ..initiatives import load_registry

    ids = edition_ids(editions_dir)
    if not ids:
        raise InputError("no editions yet", file=editions_dir, hint="run `topolreport import`")
    editions = [load_edition(editions_dir, edition_id) for edition_id in ids]
    history = entry_history(
        editions, code, stalled_threshold=stalled_threshold, registry=load_registry(editions_dir)
    )
    if fmt == "json":
        sys.stdout.write(json.dumps(history.model_dump(mode="json"), indent=2, ensure_ascii=False))
        sys.stdout.write("\n")
    else:
        sys.stdout.write(history_text(history, color=sys.stdout.isatty()))
