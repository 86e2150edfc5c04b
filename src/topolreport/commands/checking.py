"""`topolreport check`: the CI gate over one, several or all editions."""

from __future__ import annotations

from pathlib import Path

import click

from ..checks import CheckOptions, check_editions
from ..checks.formats import FORMATS, print_text, render
from ..errors import InputError
from ..store import edition_ids, resolve_edition_id, write_text_atomic
from .options import editions_option, force_option


@click.command("check")
@click.argument("edition_ids", nargs=-1, metavar="[EDITION]...")
@click.option("--all", "all_editions", is_flag=True, help="Check every edition in --editions.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for workflow annotations, junit for CI "
    "test reports.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option(
    "--final",
    is_flag=True,
    help="Pre-publication pass: also fail while any entry carried forward is neither edited "
    "nor confirmed.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@editions_option
@force_option
def check_command(
    edition_ids: tuple[str, ...],
    all_editions: bool,
    fmt: str,
    strict: bool,
    final: bool,
    output: Path | None,
    editions_dir: Path,
    force: bool,
) -> None:
    """Check editions are fit to publish: every recommendation has an entry, cross-references
    resolve, abbreviations are defined, links have targets, metrics are complete.

    Checks the newest edition unless EDITIONs or --all are given. Exit status: 0 when nothing
    fails, 1 when there are errors (or warnings, with --strict), 2 on bad usage. The rules and
    how to switch one off for an edition are in docs/checks.md.
    """
    ids = _chosen(editions_dir, edition_ids, all_editions)
    report = check_editions(
        editions_dir, ids, CheckOptions(strict=strict, opt_in=frozenset({"final"} if final else ()))
    )
    if output is not None:
        write_text_atomic(output, render(report, fmt), force=force)
        failing = sum(len(e.errors) for e in report.editions)
        click.echo(
            f"wrote {output}: {'failed' if report.failed else 'passed'} "
            f"({failing} errors, {sum(len(e.warnings) for e in report.editions)} warnings)",
            err=True,
        )
    elif fmt == "text":
        from rich.console import Console

        print_text(report, Console(highlight=False, soft_wrap=True))
    else:
        click.echo(render(report, fmt), nl=False)
    if report.failed:
        click.get_current_context().exit(1)


def _chosen(editions_dir: Path, asked: tuple[str, ...], all_editions: bool) -> list[str]:
    if asked and all_editions:
        raise click.UsageError("name editions or give --all, not both")
    if all_editions:
        found = edition_ids(editions_dir)
        if not found:
            raise InputError(
                "no editions to check", file=editions_dir, hint="run `topolreport import` first"
            )
        return found
    if not asked:
        return [resolve_edition_id(editions_dir, None)]
    return list(dict.fromkeys(resolve_edition_id(editions_dir, e) for e in asked))
