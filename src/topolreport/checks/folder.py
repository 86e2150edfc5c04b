"""The snapshot folder itself (TR092-TR095): what a killed run left, files that are not
regular, entry files whose name is not their code's, and files the layout does not know.

These look at the disk, not at a loaded edition, so they run beside loading and whatever it
finds; like TR090 they can't be switched off.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from ..codes import DEFAULT as CODE_GRAMMAR
from ..errors import InputError
from ..files import BACKUP_PREFIX, STAGING_PREFIX, read_text
from ..initiatives.load import REGISTRY_FILE
from ..store.layout import (
    CATALOGUE_FILE,
    EDITION_FILE,
    ENTRIES_DIR,
    FOREWORD_FILE,
    NOTICE_FILE,
    SUMMARY_FILE,
    entry_filename,
)
from ..store.yaml import split_front_matter
from .findings import ERROR, WARNING, Finding, Rule

LEFTOVER = Rule(
    "TR092",
    "leftover",
    ERROR,
    "A run that was killed left a staging or backup copy of an edition, or a half-written "
    "temporary file, in the editions folder.",
    "run any writing command (e.g. `topolreport new` or `import`), which puts leftovers right "
    "under the editions lock, or delete the leftover once you have checked nothing in it is "
    "needed",
    can_disable=False,
)
NOT_REGULAR = Rule(
    "TR093",
    "not-regular-file",
    ERROR,
    "A file of the snapshot is a symbolic link, FIFO, device or socket. Only regular files "
    "inside the tree are read.",
    "replace it with a regular file holding the content",
    can_disable=False,
)
ENTRY_FILE = Rule(
    "TR094",
    "entry-file-name",
    ERROR,
    "An entry file's name is not the one its code gives (DM4/AIR5 is entries/DM4-AIR5.md), or "
    "two files hold the entry for one code.",
    "rename the file after its code; merge two files for one code into one",
    can_disable=False,
)
UNKNOWN_FILE = Rule(
    "TR095",
    "unknown-file",
    WARNING,
    "A file in an edition folder is none of the snapshot's files (edition.yaml, foreword.md, "
    "summary.md, entries/*.md), so no command reads it.",
    "move it out of the edition folder, or into the file where it belongs",
    can_disable=False,
)

RULES = (LEFTOVER, NOT_REGULAR, ENTRY_FILE, UNKNOWN_FILE)

_TEMP_RE = re.compile(r"\A\..+\.[0-9a-f]{8}\.tmp\Z")  # files.py's temporary files
_KNOWN = {EDITION_FILE, FOREWORD_FILE, SUMMARY_FILE, ENTRIES_DIR}
# The files an editions folder keeps beside its editions, each read by some command.
# ("check-baseline.json" is baseline.BASELINE_FILE, which imports the runner that imports this.)
_KEPT = {CATALOGUE_FILE, REGISTRY_FILE, "check-baseline.json", NOTICE_FILE}
_IGNORED = {".gitkeep", ".gitignore", ".gitattributes", ".DS_Store"}


def is_leftover(name: str) -> bool:
    return name.startswith((STAGING_PREFIX, BACKUP_PREFIX)) or _TEMP_RE.match(name) is not None


def _finding(
    rule: Rule, path: Path, message: str, edition: str, line: int | None = None
) -> Finding:
    return Finding(rule, message, rule.fix, path, line, edition, key=f"{path.name}: {message}")


def _children(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda child: child.name)
    except OSError:
        return []  # loading reports a folder it cannot read


def _kind(child: os.DirEntry[str]) -> int:
    try:
        return child.stat(follow_symlinks=False).st_mode
    except OSError:
        return 0


def editions_folder_findings(
    editions_dir: Path, edition_id: str, *, unattributed: bool
) -> Iterator[Finding]:
    """Leftovers in the editions folder itself: those named after `edition_id`, and those
    named after no edition when `unattributed` (so one edition's report carries them)."""
    for child in _children(editions_dir):
        path = Path(child.path)
        if is_leftover(child.name):
            ours = f"{edition_id}-" in child.name or f".{edition_id}." in child.name
            if ours or unattributed:
                yield _finding(LEFTOVER, path, f"{child.name} is left over from a run", edition_id)
        elif unattributed and child.name in _KEPT and not stat.S_ISREG(_kind(child)):
            yield _finding(NOT_REGULAR, path, f"{child.name} is not a regular file", edition_id)


def edition_folder_findings(editions_dir: Path, edition_id: str) -> Iterator[Finding]:
    """Leftovers, non-regular files, misnamed or doubled entry files and unknown files in the
    edition's own folder."""
    folder = editions_dir / edition_id
    for child in _children(folder):
        yield from _look_at(child, edition_id, top=True)
    for child in _children(folder / ENTRIES_DIR):
        found = list(_look_at(child, edition_id, top=False))
        yield from found
        if not found and child.name.endswith(".md"):
            yield from _entry_name(Path(child.path), edition_id)


def _look_at(child: os.DirEntry[str], edition_id: str, *, top: bool) -> Iterator[Finding]:
    path = Path(child.path)
    mode = _kind(child)
    if is_leftover(child.name):
        yield _finding(LEFTOVER, path, f"{child.name} is left over from a run", edition_id)
    elif top and child.name == ENTRIES_DIR and stat.S_ISDIR(mode):
        return
    elif not stat.S_ISREG(mode):
        yield _finding(NOT_REGULAR, path, f"{child.name} is not a regular file", edition_id)
    elif child.name in _IGNORED:
        return
    elif (top and child.name not in _KNOWN) or (not top and not child.name.endswith(".md")):
        yield _finding(UNKNOWN_FILE, path, f"{child.name} is not a snapshot file", edition_id)


def _entry_name(path: Path, edition_id: str) -> Iterator[Finding]:
    """A finding when the entry in `path` belongs in another file (and so may double it)."""
    try:
        front, _, _ = split_front_matter(read_text(path), path)
    except InputError:
        return  # TR090 reports a file that does not load
    match = re.search(r"^code:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", front, re.M)
    code = match.group(1).strip() if match else ""
    if match is None or not CODE_GRAMMAR.is_code(code) or path.name == entry_filename(code):
        return
    line = front.count("\n", 0, match.start()) + 2
    expected = entry_filename(code)
    message = f"{path.name} holds the entry for {code}, whose file is {expected}"
    if os.path.lexists(path.with_name(expected)):
        message += f" (two files for one entry: {expected} already holds it)"
    yield _finding(ENTRY_FILE, path, message, edition_id, line)
