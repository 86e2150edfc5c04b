"""`topolreport initiatives`: the review's registry of initiatives, listed and decided on.

`list` and `where` read it; `accept`, `merge`, `rename` and `drop` change it and write
editions/initiatives.yaml whole (a temporary file, then a rename), holding the editions lock
from reading the registry to writing it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from ..errors import InputError
from ..initiatives import Registry, load_registry, manage, registry_path, save_registry
from ..store import edition_ids, load_edition, writing_editions
from .options import editions_option

format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def _registry(editions_dir: Path) -> Registry:
    if not editions_dir.is_dir():
        raise InputError("editions folder not found", file=editions_dir, hint="pass --editions DIR")
    registry = load_registry(editions_dir)
    if registry is None:
        raise InputError(
            "the review has no registry of initiatives yet",
            file=registry_path(editions_dir),
            hint="`topolreport import` starts one",
        )
    return registry


@contextmanager
def _changing(editions_dir: Path) -> Iterator[Registry]:
    """The registry, read and (by the caller) written again under the editions lock."""
    _registry(editions_dir)  # the clear errors first: no folder, no registry
    with writing_editions(editions_dir):
        yield _registry(editions_dir)


def _save(registry: Registry, editions_dir: Path, message: str) -> None:
    save_registry(registry, editions_dir)
    click.echo(f"{message}; wrote {registry_path(editions_dir)}")


@click.group("initiatives")
def initiatives_command() -> None:
    """The review's initiatives (editions/initiatives.yaml): list them, see where each is
    mentioned, and accept, merge, rename or drop what an import proposed."""


@initiatives_command.command("list")
@click.option("--proposed", is_flag=True, help="Only those waiting for a person's decision.")
@format_option
@editions_option
def list_command(proposed: bool, fmt: str, editions_dir: Path) -> None:
    """Each initiative: id, kind, status, first edition, name and aliases."""
    registry = _registry(editions_dir)
    items = [i for i in registry.initiatives if i.status == "proposed" or not proposed]
    if fmt == "json":
        data = {
            "initiatives": [i.model_dump(mode="json") for i in items],
            "partners": [p.model_dump(mode="json") for p in registry.partners],
            "recognitions": [r.model_dump(mode="json") for r in registry.recognitions],
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for item in items:
        aliases = f" (also: {', '.join(item.aliases)})" if item.aliases else ""
        status = " [proposed]" if item.status == "proposed" else ""
        click.echo(
            f"{item.id}\t{item.kind}\t{item.first_edition or '-'}\t{item.name}{aliases}{status}"
        )
    if not proposed:
        for partner in registry.partners:
            click.echo(f"partner: {partner.name}")
        for recognition in registry.recognitions:
            click.echo(f"recognition: {recognition.name}")
    click.echo(
        f"{len(items)} initiatives ({sum(i.status == 'proposed' for i in items)} proposed)",
        err=True,
    )


@initiatives_command.command("where")
@click.argument("initiative_id", required=False)
@format_option
@editions_option
def where_command(initiative_id: str | None, fmt: str, editions_dir: Path) -> None:
    """Where each initiative (or INITIATIVE_ID) is mentioned: edition, entry, name used."""
    registry = _registry(editions_dir)
    editions = [load_edition(editions_dir, edition_id) for edition_id in edition_ids(editions_dir)]
    found = manage.mentions(registry, editions)
    if initiative_id is not None:
        key = manage.find(registry, initiative_id).id
        found = {key: found.get(key, [])}
    if fmt == "json":
        data = {key: [m.__dict__ for m in items] for key, items in found.items()}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for key, items in found.items():
        known = registry.get(key)
        label = known.name if known else "(not in the registry)"
        click.echo(f"{key}: {label}")
        for m in items:
            click.echo(f"  {m.edition} {m.entry}: {m.name}")
        if not items:
            click.echo("  (not mentioned)")


@initiatives_command.command("accept")
@click.argument("initiative_id")
@click.option("--kind", help="Its kind, one of the registry's kinds (default: as proposed).")
@editions_option
def accept_command(initiative_id: str, kind: str | None, editions_dir: Path) -> None:
    """Accept a proposed initiative as it is (optionally setting its kind); an id entries use
    that the registry does not know is registered, under the name they first give it."""
    with _changing(editions_dir) as registry:
        seen: list[manage.Mention] = []
        if registry.get(initiative_id) is None:
            editions = [load_edition(editions_dir, i) for i in edition_ids(editions_dir)]
            seen = manage.mentions(registry, editions).get(initiative_id, [])
        item = manage.accept(registry, initiative_id, kind, seen)
        _save(registry, editions_dir, f"accepted {item.id} ({item.kind}): {item.name}")


@initiatives_command.command("merge")
@click.argument("source_id")
@click.argument("target_id")
@editions_option
def merge_command(source_id: str, target_id: str, editions_dir: Path) -> None:
    """SOURCE_ID is TARGET_ID under another name: its names become aliases of TARGET_ID, and
    entries that use SOURCE_ID mean TARGET_ID."""
    with _changing(editions_dir) as registry:
        target = manage.merge(registry, source_id, target_id)
        _save(registry, editions_dir, f"merged {source_id} into {target.id}")


@initiatives_command.command("rename")
@click.argument("initiative_id")
@click.argument("new_name")
@editions_option
def rename_command(initiative_id: str, new_name: str, editions_dir: Path) -> None:
    """Give an initiative a new canonical name; the old one stays an alias. Its id stays."""
    with _changing(editions_dir) as registry:
        item = manage.rename(registry, initiative_id, new_name)
        _save(registry, editions_dir, f"renamed {item.id} to {item.name!r}")


@initiatives_command.command("drop")
@click.argument("initiative_id")
@click.option(
    "--as",
    "as_",
    type=click.Choice(["not-initiative", "partner", "recognition"]),
    default="not-initiative",
    show_default=True,
    help="What it is instead: a name that is not an initiative, an organisation, an award.",
)
@editions_option
def drop_command(initiative_id: str, as_: manage.DropAs, editions_dir: Path) -> None:
    """Drop an initiative that is not one; its names are kept so imports leave them out."""
    with _changing(editions_dir) as registry:
        where = manage.drop(registry, initiative_id, as_)
        _save(registry, editions_dir, f"dropped {initiative_id} (now under {where})")
