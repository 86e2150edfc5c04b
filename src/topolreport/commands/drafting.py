"""`topolreport new`, `confirm` and `status`: start the next edition and see how far it is."""

from __future__ import annotations

import getpass
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.progress_bar import ProgressBar
from rich.table import Table

from ..drafting import (
    DraftStatus,
    Tally,
    confirm_metadata,
    confirm_unchanged,
    draft_status,
    fingerprint,
    start_edition,
)
from ..errors import InputError
from ..model import EDITION_ID_RE, MONTH_RE, Edition, Entry
from ..store import (
    EDITION_FILE,
    edition_ids,
    edition_yaml,
    load_edition,
    save_edition,
    save_entry,
    write_text_atomic,
    writing_editions,
)
from .options import editions_option, force_option, plain_text


@click.command("new")
@click.argument("new_id", metavar="NEW_ID")
@click.option("--from", "old_id", required=True, help="The edition to carry forward.")
@click.option("--date", "date", help="Month of the new edition, YYYY-MM (default: a year on).")
@editions_option
@force_option
def new_command(
    new_id: str, old_id: str, date: str | None, editions_dir: Path, force: bool
) -> None:
    """Start edition NEW_ID from OLD_ID: every entry carried forward, to be reviewed."""
    if not EDITION_ID_RE.match(new_id):
        raise InputError(f"{new_id!r} is not a usable edition id", field="NEW_ID")
    if date is not None and not MONTH_RE.match(date):
        raise InputError(f"{date!r} is not a month written YYYY-MM", field="--date")
    target = editions_dir / new_id
    with writing_editions(editions_dir):
        if target.exists() and not force:
            raise InputError(
                f"edition {new_id} already exists", file=target, hint="use --force to replace it"
            )
        old = load_edition(editions_dir, old_id)
        new = start_edition(old, new_id, date)
        save_edition(new, editions_dir, force=force)
    click.echo(
        f"started {new_id} ({new.date}) from {old_id}: {len(new.entries)} entries carried "
        f"forward; foreword and summary left to write in {target}"
    )
    click.echo(
        f"publisher ({new.publisher or 'none'}) and signatory carried forward: edit them in "
        f"{target / EDITION_FILE}, or confirm them with `topolreport confirm {new_id} "
        '--metadata --reason "…"`'
    )


def default_reviewer() -> str:
    """git's user.name, else the login name: who is running the command."""
    git = shutil.which("git")
    if git is not None:
        found = subprocess.run(
            [git, "config", "user.name"], capture_output=True, text=True, check=False
        )
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@click.command("confirm")
@click.argument("edition_id", metavar="EDITION")
@click.argument("codes", nargs=-1, metavar="[CODE]...")
@click.option("--owner", "owners", multiple=True, help="Every entry this owner holds.")
@click.option(
    "--metadata",
    is_flag=True,
    help="Confirm the publisher, signatory and date carried forward, instead of entries.",
)
@click.option(
    "--reason",
    required=True,
    callback=plain_text,
    help="Why the entries stand unchanged this year.",
)
@click.option(
    "--reviewer",
    default=None,
    callback=plain_text,
    help="Who confirms them (default: git's user.name, or login).",
)
@click.option(
    "--force", is_flag=True, help="Confirm entries edited since they were carried forward too."
)
@editions_option
def confirm_command(
    edition_id: str,
    codes: tuple[str, ...],
    owners: tuple[str, ...],
    metadata: bool,
    reason: str,
    reviewer: str | None,
    force: bool,
    editions_dir: Path,
) -> None:
    """Mark entries of EDITION as reviewed and unchanged (by CODE, or all of --owner's, with
    who and when), or with --metadata the edition's publisher, signatory and date.

    An entry edited since it was carried forward is not "unchanged": it is refused unless
    --force. Either every entry named is confirmed or none is."""
    if metadata and (codes or owners):
        raise InputError("name either entries or --metadata", field="CODE", hint="not both")
    if not metadata and not codes and not owners:
        raise InputError("name entries to confirm", field="CODE", hint="codes, or --owner NAME")
    if not reason.strip():
        raise InputError("the reason is empty", field="--reason", hint="say why it is unchanged")
    who = (reviewer or "").strip() or default_reviewer()
    with writing_editions(editions_dir):
        edition = load_edition(editions_dir, edition_id)
        if metadata:
            path = editions_dir / edition.id / EDITION_FILE
            write_text_atomic(path, edition_yaml(confirm_metadata(edition, reason)), force=True)
            click.echo(f"confirmed the publisher, signatory and date of {edition.id} in {path}")
            return
        chosen: list[Entry] = []
        for code in codes:
            entry = edition.entry(code.upper())
            if entry is None:
                raise InputError(f"no entry for {code!r} in edition {edition_id}", field="CODE")
            chosen.append(entry)
        for owner in owners:
            held = [
                e for e in edition.entries if owner.casefold() in (o.casefold() for o in e.owners)
            ]
            if not held:
                raise InputError(f"no entry of {edition_id} is held by {owner!r}", field="--owner")
            chosen += held
        unique = list({entry.code: entry for entry in chosen}.values())
        edited = [
            entry.code
            for entry in unique
            if entry.review is not None
            and entry.review.state != "confirmed"
            and entry.review.fingerprint != fingerprint(entry)
        ]
        if edited and not force:
            raise InputError(
                f"edited since carried forward, so not unchanged: {', '.join(edited)}",
                field="CODE",
                hint="nothing was confirmed; leave those out, or use --force",
            )
        today = date.today().isoformat()
        for entry in unique:
            path = save_entry(
                editions_dir, edition.id, confirm_unchanged(entry, reason, by=who, on=today)
            )
            click.echo(f"confirmed {entry.code} unchanged ({who}, {today}) in {path}")


def _tally_table(title: str, rows: list[Tally]) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column(title.split()[-1].capitalize())
    table.add_column("reviewed", justify="right")
    table.add_column("of", justify="right")
    table.add_column("", min_width=20)
    for tally in rows:
        bar = ProgressBar(total=max(tally.total, 1), completed=tally.reviewed, width=20)
        table.add_row(tally.name, str(tally.reviewed), str(tally.total), bar)
    return table


def print_status(status: DraftStatus, console: Console) -> None:
    console.print(
        f"[bold]{status.edition}[/bold] ({status.date}): "
        f"{status.reviewed} of {status.total} entries reviewed"
    )
    console.print(ProgressBar(total=max(status.total, 1), completed=status.reviewed, width=50))
    console.print(_tally_table("By panel", status.by_panel))
    console.print(_tally_table("By owner", status.by_owner))
    if status.outstanding:
        console.print("Still carried forward: " + ", ".join(status.outstanding))
    if status.stale_metrics:
        table = Table(
            title="Figures not refreshed (value and as-of as carried forward)",
            title_justify="left",
            show_edge=False,
        )
        for column in ("entry", "metric", "as of"):
            table.add_column(column)
        for metric in status.stale_metrics:
            table.add_row(metric.code, metric.metric, metric.as_of or "(none)")
        console.print(table)


@click.command("status")
@click.argument("edition_id", metavar="EDITION", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@editions_option
def status_command(edition_id: str | None, fmt: str, editions_dir: Path) -> None:
    """How far EDITION (the newest by default) is: entries reviewed, by panel and owner."""
    from ..tracker.assessing import editorial_statuses

    edition = load_edition(editions_dir, edition_id)
    ids = edition_ids(editions_dir)  # oldest first: the one before was carried forward
    place = ids.index(edition.id) if edition.id in ids else 0
    carried_from = load_edition(editions_dir, ids[place - 1]) if place > 0 else None
    status = draft_status(edition, carried_from)
    if fmt == "json":
        data = status.as_json() | {"editorial": editorial_statuses(edition)}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        console = Console()
        print_status(status, console)
        print_editorial(edition, console)


def print_editorial(edition: Edition, console: Console) -> None:
    """The editorial statuses: how many of each, then every assessed entry with its trail."""
    from ..diff.wording import change_line, status_line
    from ..tracker.assessing import status_counts

    counts = ", ".join(f"{name} {count}" for name, count in status_counts(edition))
    console.print(f"Editorial status: {counts}")
    table = Table(show_edge=False, show_lines=True)
    for column in ("entry", "status", "audit trail"):
        table.add_column(column)
    for entry in edition.entries:
        if entry.assessment is not None:
            trail = "\n".join(change_line(c) for c in entry.assessment.history)
            table.add_row(entry.code, status_line(entry.assessment), trail)
    if table.row_count:
        console.print(table)
