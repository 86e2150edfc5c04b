"""What people decide about the registry: accept a proposal, merge two initiatives into one,
rename one (the old name stays an alias) or drop one (it was never an initiative).

Each function changes the Registry in memory; `topolreport initiatives` saves it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..errors import InputError
from ..model import Edition
from .match import guess_kind
from .model import Dropped, Partner, Recognition, RegisteredInitiative, Registry
from .names import name_key

DropAs = Literal["not-initiative", "partner", "recognition"]


def find(registry: Registry, initiative_id: str) -> RegisteredInitiative:
    found = registry.get(initiative_id)
    if found is None:
        raise InputError(
            f"no initiative with id {initiative_id!r}",
            field="initiatives",
            hint="`topolreport initiatives list` shows the ids",
        )
    return found


def accept(
    registry: Registry,
    initiative_id: str,
    kind: str | None = None,
    seen: Sequence[Mention] = (),
) -> RegisteredInitiative:
    """Accept a proposal; or register an id entries use (`seen`: their mentions of it) that
    the registry does not know, as an entry edited by hand or a returned form may have."""
    item = registry.get(initiative_id)
    if item is None and seen:
        first = seen[0]
        item = RegisteredInitiative(
            id=initiative_id,
            name=first.name,
            kind=guess_kind(first.name, registry.kinds),
            first_edition=first.edition,
            names=dict(sorted({m.edition: m.name for m in reversed(seen)}.items())),
        )
        registry.initiatives.append(item)
    item = item or find(registry, initiative_id)
    if kind is not None:
        if kind not in registry.kinds:
            raise InputError(
                f"{kind!r} is not one of the kinds ({', '.join(registry.kinds)})",
                field="--kind",
                hint="declare a new kind under `kinds:` in initiatives.yaml first",
            )
        item.kind = kind
    item.status = "accepted"
    return item


def _add_alias(item: RegisteredInitiative | Partner | Recognition | Dropped, name: str) -> None:
    known = {name_key(n) for n in (item.name, *item.aliases)}
    if name_key(name) not in known:
        item.aliases.append(name)


def merge(registry: Registry, source_id: str, target_id: str) -> RegisteredInitiative:
    """Initiative `source_id` is `target_id` under other names: its names become aliases, its
    ids redirect, and the earliest edition and every edition's name are kept."""
    source, target = find(registry, source_id), find(registry, target_id)
    if source is target:
        raise InputError(f"{source_id!r} and {target_id!r} are already one initiative")
    for name in source.all_names():
        _add_alias(target, name)
    target.merged = sorted({*target.merged, source.id, *source.merged})
    if source.first_edition and (
        target.first_edition is None or source.first_edition < target.first_edition
    ):
        target.first_edition = source.first_edition
    target.names = dict(sorted({**source.names, **target.names}.items()))
    target.owner = target.owner or source.owner
    target.evidence = target.evidence or source.evidence
    registry.initiatives.remove(source)
    return target


def rename(registry: Registry, initiative_id: str, new_name: str) -> RegisteredInitiative:
    item = find(registry, initiative_id)
    new_name = new_name.strip()
    if not new_name:
        raise InputError("the new name is empty", field="NEW_NAME")
    old = item.name
    item.aliases = [a for a in item.aliases if name_key(a) != name_key(new_name)]
    item.name = new_name
    _add_alias(item, old)
    return item


def drop(registry: Registry, initiative_id: str, as_: DropAs = "not-initiative") -> str:
    """Take an initiative out: it was a generic name, an organisation or an award.
    Its names are kept in the matching list, so the next import leaves them out too."""
    item = find(registry, initiative_id)
    registry.initiatives.remove(item)
    if as_ == "partner":
        registry.partners.append(Partner(name=item.name, aliases=item.aliases))
        return "partners"
    if as_ == "recognition":
        registry.recognitions.append(Recognition(name=item.name, aliases=item.aliases))
        return "recognitions"
    registry.not_initiatives.append(Dropped(name=item.name, aliases=item.aliases, id=item.id))
    return "not_initiatives"


@dataclass(frozen=True)
class Mention:
    edition: str
    entry: str
    name: str  # as the narrative writes it
    url: str | None


def mentions(registry: Registry, editions: Iterable[Edition]) -> dict[str, list[Mention]]:
    """Registry id -> where each edition's entries mention it, in edition and entry order.
    Ids the registry does not know are listed under their own id."""
    ids = registry.ids()
    found: dict[str, list[Mention]] = {item.id: [] for item in registry.initiatives}
    for edition in editions:
        for entry in edition.entries:
            for initiative in entry.initiatives:
                key = ids.get(initiative.id, initiative.id)
                found.setdefault(key, []).append(
                    Mention(edition.id, entry.code, initiative.name, initiative.url)
                )
    return found
