"""`topolreport assess`: set the editorial status of recommendations in an edition."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import click

from ..diff.wording import status_line
from ..errors import InputError
from ..model import MONTH_RE
from ..store import load_edition, save_entry, writing_editions
from ..tracker.assessing import Judgement, assess, now_utc
from .options import editions_option


def _reviewer(name: str | None) -> str:
    if name:
        return name
    try:
        return os.environ.get("TOPOLREPORT_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):  # no login name (e.g. a container with an unknown uid)
        raise InputError(
            "cannot tell who is assessing", field="--reviewer", hint="add --reviewer NAME"
        ) from None


@click.command("assess")
@click.argument("edition_id", metavar="EDITION")
@click.argument("codes", metavar="CODE...", nargs=-1, required=True)
@click.option("--status", required=True, help="One of the catalogue's statuses.")
@click.option(
    "--rag",
    type=click.Choice(["red", "amber", "green"]),
    help="Optional rating; red and amber need a reason.",
)
@click.option("--reason", required=True, help="Why: kept in the audit trail.")
@click.option("--target", help="Target month, YYYY-MM; a change is logged with the old month.")
@click.option(
    "--reviewer", help="Who is assessing (default: $TOPOLREPORT_REVIEWER, else the login name)."
)
@editions_option
def assess_command(
    edition_id: str,
    codes: tuple[str, ...],
    status: str,
    rag: str | None,
    reason: str,
    target: str | None,
    reviewer: str | None,
    editions_dir: Path,
) -> None:
    """Set the editorial status of CODE... in EDITION, with who, when and why."""
    if target is not None and not MONTH_RE.match(target):
        raise InputError(f"{target!r} is not a month written YYYY-MM", field="--target")
    judgement = Judgement(status, reason, _reviewer(reviewer), rag, target)
    when = now_utc()
    with writing_editions(editions_dir):
        edition = load_edition(editions_dir, edition_id)
        taxonomy = edition.catalogue.taxonomy()
        updated = []
        for code in codes:  # every code is checked before any file is written
            entry = edition.entry(code.upper())
            if entry is None:
                raise InputError(f"no entry for {code!r} in edition {edition.id}", field="CODE")
            updated.append(assess(entry, taxonomy, judgement, when))
        for entry in updated:
            path = save_entry(editions_dir, edition.id, entry)
            click.echo(f"{entry.code}: {status_line(entry.assessment)} ({path})")
