"""Where an edition's files live, and which folders of the editions folder are editions.

Layout of an editions folder::

    editions/
      catalogue.yaml          the review's panels and recommendations, kept once
      2023-02/
        edition.yaml          title, date, publisher, licence, signatory, abbreviations, …
        foreword.md           the foreword (Markdown)
        summary.md            the summary (Markdown)
        entries/P1.md         one file per entry: YAML front matter + the narrative (Markdown)
        entries/DM4-AIR5.md

Hidden folders (a run's staging or backup copies, `.git`) are never editions.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import InputError
from ..files import is_plain_dir, is_regular_file, read_text
from ..model import EDITION_ID_RE

CATALOGUE_FILE = "catalogue.yaml"
EDITION_FILE = "edition.yaml"
FOREWORD_FILE = "foreword.md"
SUMMARY_FILE = "summary.md"
ENTRIES_DIR = "entries"

NOTICE_FILE = "NOTICE.md"
# What an editions folder holds besides editions (a file extension marks a file, not an edition).
_NOT_EDITION_SUFFIXES = (".yaml", ".yml", ".md", ".json", ".txt", ".lock", ".tmp")

_DATE_LINE = re.compile(r"^date:\s*['\"]?(\d{4}-\d{2})", re.M)


def entry_filename(code: str) -> str:
    """File name of an entry: the code with "/" as "-" ("DM4/AIR5" -> "DM4-AIR5.md")."""
    return re.sub(r"[^A-Za-z0-9]+", "-", code).strip("-") + ".md"


def catalogue_path(editions_dir: Path) -> Path:
    return editions_dir / CATALOGUE_FILE


def require_dir(editions_dir: Path) -> None:
    if not editions_dir.is_dir():
        raise InputError(
            "editions folder not found",
            file=editions_dir,
            hint="pass --editions DIR, or run `topolreport import` to create one",
        )


def is_edition_name(edition_id: str) -> bool:
    """Whether `edition_id` may name an edition: a folder name that is not the catalogue, the
    notice or any other file an editions folder keeps."""
    return EDITION_ID_RE.match(edition_id) is not None and not edition_id.lower().endswith(
        _NOT_EDITION_SUFFIXES
    )


def is_edition_dir(folder: Path) -> bool:
    """A folder (not a link to one) with an edition's name and an edition.yaml file."""
    return (
        is_edition_name(folder.name)
        and is_plain_dir(folder)
        and is_regular_file(folder / EDITION_FILE)
    )


def _edition_date(folder: Path) -> str:
    try:
        match = _DATE_LINE.search(read_text(folder / EDITION_FILE))
    except InputError:
        return ""  # listed all the same: loading it reports what is wrong
    return match.group(1) if match else ""


def edition_ids(editions_dir: Path) -> list[str]:
    """Edition ids in the folder, oldest first (by the date in edition.yaml, then by id)."""
    require_dir(editions_dir)
    found = []
    for child in editions_dir.iterdir():
        if is_edition_dir(child):
            found.append((_edition_date(child), child.name))
        elif is_edition_name(child.name) and is_plain_dir(child):
            _refuse_unreadable(child)
    return [name for _, name in sorted(found)]


def _refuse_unreadable(folder: Path) -> None:
    """Say so when a folder that may be an edition can't be looked into (its permissions):
    leaving it out would make another edition the newest, or an edition unknown."""
    if not os.access(folder, os.R_OK | os.X_OK):
        raise InputError("cannot read this folder: Permission denied", file=folder)


def resolve_edition_id(editions_dir: Path, edition_id: str | None) -> str:
    """The id asked for, checked to exist; the newest edition when none is asked for."""
    known = edition_ids(editions_dir)
    if edition_id is None:
        if not known:
            raise InputError("no editions yet", file=editions_dir, hint="run `topolreport import`")
        return known[-1]
    if edition_id not in known:
        listed = ", ".join(known) or "none"
        raise InputError(
            f"unknown edition {edition_id!r}", file=editions_dir, hint=f"known editions: {listed}"
        )
    return edition_id
