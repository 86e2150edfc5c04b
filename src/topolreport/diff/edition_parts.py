"""What changed in the edition around its entries: its metadata, the abbreviations table, the
foreword and summary, and each entry's owners.

These are nested records (the signatory inside the metadata, the table as a mapping), which is
what deepdiff is for; none of them says anything about progress, so none makes an entry more
or less stalled. The edition-wide items carry recommendation "".
"""

from __future__ import annotations

from typing import Any

from ..model import Edition, Entry
from .changes import AbbreviationChange, MetadataChange, OwnerChange, TextChange
from .words import word_diff

WHOLE_EDITION = ""  # the `recommendation` of a change to the edition as a whole


def _metadata(edition: Edition) -> dict[str, Any]:
    signatory = edition.foreword.signatory if edition.foreword else None
    return {
        "title": edition.title,
        "publisher": edition.publisher,
        "licence": edition.licence,
        "signatory": signatory.model_dump() if signatory is not None else None,
    }


def _flat(value: Any, prefix: str) -> dict[str, str | None]:
    """A changed value as field -> text: a whole signatory added or removed is its fields."""
    if isinstance(value, dict):
        return {f"{prefix}.{key}": str(item) for key, item in value.items()}
    return {prefix: None if value is None else str(value)}


def _tree(old: Any, new: Any, **options: Any) -> Any:
    """deepdiff's tree of the differences. Imported here: it takes a third of a second, which
    commands that never compare two editions (build, check) should not pay."""
    from deepdiff import DeepDiff

    return DeepDiff(old, new, view="tree", **options)


def _paths(tree: Any) -> list[Any]:
    return [level for levels in tree.values() for level in levels]


def metadata_changes(old: Edition, new: Edition) -> list[MetadataChange]:
    """Each metadata field that differs, the signatory's fields one by one."""
    before, after = _metadata(old), _metadata(new)
    if before == after:
        return []
    tree = _tree(before, after)
    found: dict[str, MetadataChange] = {}
    for level in _paths(tree):
        name = ".".join(str(step) for step in level.path(output_format="list"))
        # Both sides always hold every key (a signatory absent is None), so deepdiff reports
        # values and types changed, never an item added or removed: t1 and t2 are both there.
        before = _flat(level.t1, name)
        after = _flat(level.t2, name)
        for field in sorted(before.keys() | after.keys()):
            was, now = before.get(field) or None, after.get(field) or None
            if was != now:
                found[field] = MetadataChange(
                    recommendation=WHOLE_EDITION, field=field, old=was, new=now
                )
    return [found[field] for field in sorted(found)]


def abbreviation_changes(old: Edition, new: Edition) -> list[AbbreviationChange]:
    """Abbreviations added, removed and redefined, in the order of the abbreviation."""
    before = {a.abbr: a.meaning for a in old.abbreviations}
    after = {a.abbr: a.meaning for a in new.abbreviations}
    if before == after:
        return []
    tree = _tree(before, after)
    changes = []
    for level in _paths(tree):
        abbr = str(level.path(output_format="list")[0])
        was, now = before.get(abbr), after.get(abbr)
        change = "added" if was is None else "removed" if now is None else "redefined"
        changes.append(
            AbbreviationChange(
                recommendation=WHOLE_EDITION, abbr=abbr, change=change, old=was, new=now
            )
        )
    return sorted(changes, key=lambda item: item.abbr.lower())


def prose_changes(old: Edition, new: Edition) -> list[TextChange]:
    """The foreword and summary, word by word, as the narratives are."""
    changes = []
    forewords = (_foreword(old), _foreword(new))
    for field, (was, now) in (("foreword", forewords), ("summary", (old.summary, new.summary))):
        if was != now:
            score, ops = word_diff(was, now)
            changes.append(
                TextChange.model_validate(
                    {
                        "recommendation": WHOLE_EDITION,
                        "field": field,
                        "similarity": score,
                        "ops": ops,
                    }
                )
            )
    return changes


def _foreword(edition: Edition) -> str:
    return edition.foreword.text if edition.foreword is not None else ""


def owner_changes(code: str, old: Entry, new: Entry) -> list[OwnerChange]:
    """The owners an entry gained and lost (none when they are the same, in any order)."""
    if old.owners == new.owners:
        return []
    tree = _tree(old.owners, new.owners, ignore_order=True)
    added = sorted(str(level.t2) for level in tree.get("iterable_item_added", []))
    removed = sorted(str(level.t1) for level in tree.get("iterable_item_removed", []))
    for level in tree.get("values_changed", []):
        added.append(str(level.t2))
        removed.append(str(level.t1))
    if not added and not removed:
        return []
    return [OwnerChange(recommendation=code, added=sorted(added), removed=sorted(removed))]
