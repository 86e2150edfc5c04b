"""`topolreport build`: an edition as the Word, PDF and HTML documents the team publishes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from ..errors import InputError
from ..render.formats import FORMATS, parse_formats
from ..render.worker import render_worker
from .options import editions_option, force_option, plain_text, templates_option

# The model, the store and the renderers are imported once the PDF's renderer has started
# (render/worker.py): it imports WeasyPrint meanwhile.
if TYPE_CHECKING:
    from ..model import Edition
    from ..render.build import Output, ProgressHook
    from ..render.templates import Templates
    from ..render.viewmodel import Section

_LABELS = {"docx": "Word", "pdf": "PDF", "html": "HTML", "review": "Review"}


@click.command("build")
@click.argument("edition_id", metavar="EDITION", required=False)
@click.option(
    "--format",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    help="Formats to build, separated by commas.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder to write the documents into (created when missing).",
)
@templates_option("Folder with report.html.j2, the CSS, fonts and reference.docx")
@click.option(
    "--with-changes",
    is_flag=True,
    help='Add the annex "Changes since the last edition" (compared with the edition before).',
)
@click.option(
    "--review-against",
    "review_against",
    metavar="OLD",
    default=None,
    help="Build the review copy: a Word document with every change since edition OLD "
    "tracked and commented. Only the review copy unless --format is given too.",
)
@click.option(
    "--author",
    default=None,
    callback=plain_text,
    help="With --review-against: the name on the tracked changes and comments "
    "(default: topolreport (<the edition's publisher>)).",
)
@editions_option
@force_option
@click.pass_context
def build_command(
    ctx: click.Context,
    edition_id: str | None,
    formats: str,
    out_dir: Path,
    templates_dir: Path | None,
    with_changes: bool,
    review_against: str | None,
    author: str | None,
    editions_dir: Path,
    force: bool,
) -> None:
    """Build EDITION (the newest by default) as Word, PDF and HTML documents.

    Files are named after the title and the edition, e.g.
    out/topol-review-progress-2023-02.pdf. A later build replaces
    the files an earlier one wrote; any other file is only replaced with --force.
    """
    chosen = parse_formats(formats)
    if review_against is not None and (
        ctx.get_parameter_source("formats") is ParameterSource.DEFAULT
    ):
        chosen = ()  # the review copy alone, unless formats were asked for
    if review_against is None and author is not None:
        raise InputError(
            "--author names the review copy's changes: use it with --review-against",
            field="--author",
        )
    with render_worker(_slowest(chosen)) as worker:
        from ..model import unwritten_sections
        from ..render.build import ReviewRequest, build
        from ..render.templates import Templates
        from ..store import load_edition

        templates = Templates.at(templates_dir)
        edition = load_edition(editions_dir, edition_id)
        review = None
        if review_against is not None:
            review = ReviewRequest(load_edition(editions_dir, review_against), author)
        annexes = (_changes_annex(editions_dir, edition, templates),) if with_changes else ()
        for section in unwritten_sections(edition):
            click.echo(
                f"warning: edition {edition.id}: the {section} is empty; it is built as a "
                '"not yet written" note (check --final refuses it)',
                err=True,
            )
        with _progress() as report:
            outputs = build(
                edition,
                chosen,
                out_dir,
                templates,
                annexes=annexes,
                force=force,
                progress=report,
                review=review,
                earlier=_earlier_editions(editions_dir, edition),
                worker=worker,
            )
    click.echo(_summary(edition.id, outputs))


def _slowest(formats: tuple[str, ...]) -> str | None:
    """The format worth a second process (render/worker.py): the PDF, else Word."""
    return "pdf" if "pdf" in formats else "docx" if "docx" in formats else None


@contextmanager
def _progress() -> Iterator[ProgressHook | None]:
    """A spinner per format on a terminal, where a PDF's seconds are worth watching; nothing
    (and no import of rich) when standard error goes to a file or a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def report(fmt: str, event: str) -> None:
            if event == "start":
                tasks[fmt] = progress.add_task(f"Rendering {_LABELS[fmt]}", total=1)
            else:
                progress.update(tasks[fmt], completed=1, description=f"{_LABELS[fmt]} done")

        yield report


def _earlier_editions(editions_dir: Path, edition: Edition) -> list[Edition]:
    """The editions before `edition` (by date): its figures' trends are drawn across them."""
    from ..store import edition_ids, load_edition

    ids = edition_ids(editions_dir)
    return [load_edition(editions_dir, i) for i in ids[: ids.index(edition.id)]]


def _changes_annex(editions_dir: Path, edition: Edition, templates: Templates) -> Section:
    """The annex comparing `edition` with the edition before it (by date)."""
    from ..render.changes import changes_annex
    from ..store import edition_ids, load_edition

    ids = edition_ids(editions_dir)
    position = ids.index(edition.id)
    if position == 0:
        raise InputError(
            f"edition {edition.id} is the oldest: there is no earlier edition to compare with",
            field="--with-changes",
            hint="build without --with-changes",
        )
    from ..initiatives import load_registry

    old = load_edition(editions_dir, ids[position - 1])
    return changes_annex(old, edition, templates.vocabulary(), load_registry(editions_dir))


def _summary(edition_id: str, outputs: list[Output]) -> str:
    """One line per file: format, path, size, pages (PDF), whether it changed."""
    lines = [f"Built edition {edition_id}:"]
    width = max(len(str(output.path)) for output in outputs)
    label = max(5, *(len(_LABELS[output.format]) for output in outputs))
    for output in outputs:
        pages = f"{output.pages} pages" if output.pages is not None else ""
        state = "written" if output.changed else "unchanged"
        lines.append(
            f"  {_LABELS[output.format]:<{label}} {str(output.path):<{width}}  "
            f"{_size(output.size):>8}  {pages:>9}  {state}"
        )
    return "\n".join(lines)


def _size(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"
