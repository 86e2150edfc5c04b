"""Saving: an Edition -> its folder, published whole; one entry or the catalogue -> its file."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from ..errors import InputError
from ..files import (
    MAX_REVIEW_FILE_BYTES,
    is_regular_file,
    publish_dir,
    read_text,
    staging_dir,
    write_text_atomic,
)
from ..model import Catalogue, Edition, Entry, normalise_markdown
from .edition_file import EditionFile
from .layout import (
    EDITION_FILE,
    ENTRIES_DIR,
    FOREWORD_FILE,
    SUMMARY_FILE,
    catalogue_path,
    entry_filename,
    is_edition_dir,
    is_edition_name,
)
from .parse_cache import ParsedPack
from .yaml import FRONT_MATTER, dump_yaml, split_front_matter


def catalogue_yaml(catalogue: Catalogue) -> str:
    data = catalogue.model_dump(mode="json", exclude_none=True)
    if "code_pattern" not in catalogue.model_fields_set:
        data.pop("code_pattern", None)  # the default pattern goes without saying
    return dump_yaml(data)


def edition_yaml(edition: Edition) -> str:
    meta = EditionFile(
        title=edition.title,
        date=edition.date,
        publisher=edition.publisher,
        licence=edition.licence,
        language=edition.language,
        progress_heading=edition.progress_heading,
        signatory=edition.foreword.signatory if edition.foreword else None,
        abbreviations={a.abbr: a.meaning for a in edition.abbreviations},
        disabled_rules=edition.disabled_rules,
        require_status=edition.require_status,
        metadata_review=edition.metadata_review,
    )
    data = meta.model_dump(mode="json", exclude_none=True)
    if not data["require_status"]:
        del data["require_status"]
    return dump_yaml(data)


def entry_markdown(entry: Entry) -> str:
    front = entry.model_dump(mode="json", exclude={"narrative"}, exclude_none=True)
    body = entry.narrative
    return (
        f"{FRONT_MATTER}\n{dump_yaml(front)}{FRONT_MATTER}\n\n{body}\n"
        if body
        else (f"{FRONT_MATTER}\n{dump_yaml(front)}{FRONT_MATTER}\n")
    )


def edition_files(edition: Edition) -> dict[str, str]:
    """Relative path -> text of every file of the edition's folder."""
    files = {EDITION_FILE: edition_yaml(edition)}
    if edition.foreword is not None:
        files[FOREWORD_FILE] = _prose(edition.foreword.text)
    files[SUMMARY_FILE] = _prose(edition.summary)
    names: set[str] = set()
    for entry in edition.entries:
        name = entry_filename(entry.code)
        if name in names:
            raise InputError(f"two entries would share the file {name}", field=entry.code)
        names.add(name)
        files[f"{ENTRIES_DIR}/{name}"] = entry_markdown(entry)
    return files


def _prose(text: str) -> str:
    text = normalise_markdown(text)
    return text + "\n" if text else ""


def save_catalogue(catalogue: Catalogue, editions_dir: Path, *, force: bool = False) -> bool:
    """Write catalogue.yaml; False (and nothing written) when it already says the same."""
    path = catalogue_path(editions_dir)
    text = catalogue_yaml(catalogue)
    if os.path.lexists(path) and read_text(path, limit=MAX_REVIEW_FILE_BYTES) == text:
        return False
    write_text_atomic(path, text, force=force)
    return True


def _already_exists(edition_id: str, target: Path) -> InputError:
    return InputError(
        f"edition {edition_id} already exists", file=target, hint="use --force to replace it"
    )


def save_edition(edition: Edition, editions_dir: Path, *, force: bool = False) -> Path:
    """Write the edition's folder (not the catalogue) at once: it appears whole or not at all.

    It is built in a staging folder and then takes the edition's name, or with force swaps
    places with the old folder in one step, so the name always holds a whole edition."""
    target = editions_dir / edition.id
    if not is_edition_name(edition.id):
        raise InputError(
            f"not an edition folder: {edition.id!r} names a file an editions folder keeps",
            file=target,
            hint="use an id like 2024-02",
        )
    if os.path.lexists(target):
        if not force:
            raise _already_exists(edition.id, target)
        if not is_edition_dir(target):
            raise InputError("not an edition folder; only an edition is ever replaced", file=target)
    files = edition_files(edition)
    try:
        with staging_dir(editions_dir, edition.id) as staging:
            for relative, text in files.items():
                path = staging / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="\n")
            try:
                publish_dir(staging, target, replace=force)
            except FileExistsError:  # another run created it since the check above
                raise _already_exists(edition.id, target) from None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", file=target) from None
    _prime(editions_dir, target, files)
    return target


def _prime(editions_dir: Path, target: Path, files: dict[str, str]) -> None:
    """Fill the edition's cache pack with the YAML just written (and the catalogue's), so the
    first load after an import or `new` does not parse thousands of files again."""
    texts = [files[EDITION_FILE]]
    texts += [
        split_front_matter(text, target / relative)[0]
        for relative, text in files.items()
        if relative.startswith(f"{ENTRIES_DIR}/")
    ]
    catalogue = catalogue_path(editions_dir)
    if is_regular_file(catalogue):
        with suppress(InputError):  # loading will say what is wrong with it
            texts.append(read_text(catalogue, limit=MAX_REVIEW_FILE_BYTES))
    pack = ParsedPack(target)
    pack.add(texts)
    pack.save()


def save_entry(editions_dir: Path, edition_id: str, entry: Entry) -> Path:
    """Rewrite one entry's file of an existing edition (confirming or collecting one entry)."""
    folder = editions_dir / edition_id
    if not (folder / EDITION_FILE).is_file():
        raise InputError(f"unknown edition {edition_id!r}", file=editions_dir)
    path = folder / ENTRIES_DIR / entry_filename(entry.code)
    write_text_atomic(path, entry_markdown(entry), force=True)
    return path
