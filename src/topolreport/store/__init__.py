"""Editions on disk <-> Edition in memory.

YAML keeps the structure readable in a git diff; Markdown keeps the prose editable. Loading
validates every file and reports each problem with its file, line and field; saving writes
a whole edition into a staging folder first and swaps it into place.

- `layout`: file names, and which folders are editions;
- `yaml`: YAML in and out, front matter;
- `locate`: where each field of a loaded edition came from (file and line);
- `edition_file`: the shape of edition.yaml;
- `load`, `save`: the two directions, over `files` for every read and write.
"""

from __future__ import annotations

from ..files import write_bytes_atomic, write_text_atomic
from .edition_file import EditionFile
from .layout import (
    CATALOGUE_FILE,
    EDITION_FILE,
    ENTRIES_DIR,
    FOREWORD_FILE,
    SUMMARY_FILE,
    edition_ids,
    entry_filename,
    is_edition_dir,
    resolve_edition_id,
)
from .load import load_catalogue, load_edition, load_edition_located
from .locate import Location, SourceMap
from .lock import writing_editions
from .save import (
    catalogue_yaml,
    edition_files,
    edition_yaml,
    entry_markdown,
    save_catalogue,
    save_edition,
    save_entry,
)
from .yaml import FRONT_MATTER, dump_yaml, node_at, parse_yaml, split_front_matter

__all__ = [
    "CATALOGUE_FILE",
    "EDITION_FILE",
    "ENTRIES_DIR",
    "FOREWORD_FILE",
    "FRONT_MATTER",
    "SUMMARY_FILE",
    "EditionFile",
    "Location",
    "SourceMap",
    "catalogue_yaml",
    "dump_yaml",
    "edition_files",
    "edition_ids",
    "edition_yaml",
    "entry_filename",
    "entry_markdown",
    "is_edition_dir",
    "load_catalogue",
    "load_edition",
    "load_edition_located",
    "node_at",
    "parse_yaml",
    "resolve_edition_id",
    "save_catalogue",
    "save_edition",
    "save_entry",
    "split_front_matter",
    "write_bytes_atomic",
    "write_text_atomic",
    "writing_editions",
]
