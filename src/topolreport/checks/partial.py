"""Check what loads of an edition whose entry files do not all load.

One bad entry file used to stop every rule ("the edition does not load"), so a user fixed one
problem, pushed, and met the next. When only entry files fail their schema, the edition is
loaded again from a copy in which each broken entry keeps its code, its narrative and its
front-matter fields that are not at fault (the others are commented out, so every line keeps
its number); the rules run on that, and their findings are moved back to the real files.
The broken files' own problems are reported by TR090 beside them. When edition.yaml or the
catalogue fails, nothing can stand in for them and only TR090 reports.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from ..errors import InputError, Problem
from ..files import (
    MAX_REVIEW_FILE_BYTES,
    MAX_SNAPSHOT_BYTES,
    is_regular_file,
    read_bytes,
    read_text,
)
from ..initiatives import REGISTRY_FILE
from ..model import Edition, Recommendation
from ..store import (
    CATALOGUE_FILE,
    EDITION_FILE,
    ENTRIES_DIR,
    FOREWORD_FILE,
    SUMMARY_FILE,
    SourceMap,
    entry_filename,
    load_catalogue,
    load_edition_located,
    split_front_matter,
)
from .findings import Finding

_DELIMITER = "---"
_EDITION_FILES = (EDITION_FILE, FOREWORD_FILE, SUMMARY_FILE)
_STANDIN = "# (not loaded: see TR090)"


@contextmanager
def without_broken_entries(
    editions_dir: Path, edition_id: str, error: InputError
) -> Iterator[tuple[Edition, SourceMap, Callable[[Finding], Finding]]]:
    """The edition with its broken entries reduced to what loads, its sources, and how to
    move a finding on the copy back to the real files. Raises `error` again when the
    problems are not all in entry files, or the reduced edition still does not load."""
    entries_dir = editions_dir / edition_id / ENTRIES_DIR
    broken: dict[Path, list[Problem]] = {}
    for problem in error.problems:
        if problem.file is None or problem.file.parent != entries_dir:
            raise error
        broken.setdefault(problem.file, []).append(problem)
    try:
        codes = {entry_filename(rec.code): rec.code for rec in _recommendations(editions_dir)}
    except InputError:
        raise error from None
    with tempfile.TemporaryDirectory(prefix="topolreport-check-") as temp:
        copy = Path(temp) / "editions"
        copy.mkdir()
        _copy_snapshot(editions_dir, edition_id, copy, skip=set(broken))
        shifts: dict[Path, int] = {}  # copied file -> lines added above its body
        for file, problems in broken.items():
            if file.name not in codes:  # no recommendation's file (TR094): left out
                continue
            code = codes[file.name]
            try:
                text = read_text(file)
            except InputError:  # a link, FIFO, device or not UTF-8: only its code stands in
                text = ""
            loadable, shifts[copy / edition_id / ENTRIES_DIR / file.name] = _loadable(
                text, file, code, problems
            )
            (copy / edition_id / ENTRIES_DIR / file.name).write_text(loadable, encoding="utf-8")
        try:
            edition, sources = load_edition_located(copy, edition_id)
        except InputError:
            raise error from None
        yield edition, sources, _relocator(copy, editions_dir, shifts)


def _copy_snapshot(editions_dir: Path, edition_id: str, copy: Path, skip: set[Path]) -> None:
    """Copy the catalogue, the initiative registry and the edition's snapshot files, regular
    files only and read without following links (a copy by shutil would follow or copy a
    link, FIFO or device); the files in `skip` are written afterwards."""
    source = editions_dir / edition_id
    # The registry too: TR080 reads it beside the edition.
    review_files = [CATALOGUE_FILE, REGISTRY_FILE]
    names = review_files + [f"{edition_id}/{name}" for name in _EDITION_FILES]
    with suppress(OSError):
        names += [
            f"{edition_id}/{ENTRIES_DIR}/{name}"
            for name in sorted(os.listdir(source / ENTRIES_DIR))
            if name.endswith(".md")
        ]
    (copy / edition_id / ENTRIES_DIR).mkdir(parents=True)
    for name in names:
        path = editions_dir / name
        if path in skip or not is_regular_file(path):
            continue
        with suppress(InputError):  # what can't be read here fails the reload, as before
            limit = MAX_REVIEW_FILE_BYTES if name in review_files else MAX_SNAPSHOT_BYTES
            (copy / name).write_bytes(read_bytes(path, limit=limit))


def _recommendations(editions_dir: Path) -> list[Recommendation]:
    catalogue = load_catalogue(editions_dir)
    return [rec for panel in catalogue.panels for rec in panel.recommendations]


def _loadable(text: str, file: Path, code: str, problems: list[Problem]) -> tuple[str, int]:
    """The entry file with its faulty front-matter fields commented out (all of the front
    matter but its code when it is not valid YAML), each line where it was; and the number of
    lines added above the body when there was no room for the code."""
    try:
        front, _, _ = split_front_matter(text, file)
    except InputError:
        front = None
    lines = text.split("\n")
    if front is None:  # no front matter at all: give it one, and the body moves down 3 lines
        return f'{_DELIMITER}\ncode: "{code}"\n{_DELIMITER}\n{text}', 3
    count = len(front.split("\n")) if front else 0
    header = lines[1 : 1 + count]
    faulty = {problem.field.split(".")[0] for problem in problems if problem.field}
    node = _mapping(front)
    if node is None or not faulty:  # not YAML, or at fault as a whole
        header = [_STANDIN] * count
    else:
        for key in faulty & set(map(str, node)):
            first, last = _key_lines(node, key, count)
            header[first:last] = [_STANDIN] * (last - first)
    added = 0
    if not any(line.startswith("code:") for line in header):
        if _STANDIN in header:
            header[header.index(_STANDIN)] = f'code: "{code}"'
        else:
            header.insert(0, f'code: "{code}"')
            added = 1
    return "\n".join([lines[0], *header, *lines[1 + count :]]), added


def _mapping(front: str) -> CommentedMap | None:
    try:
        node = YAML().load(front)
    except YAMLError:
        return None
    return node if isinstance(node, CommentedMap) else None


def _key_lines(node: CommentedMap, key: str, count: int) -> tuple[int, int]:
    """The lines (0-based, end exclusive) of the front matter a top-level key spans."""
    starts = sorted(node.lc.key(k)[0] for k in node)
    first = node.lc.key(key)[0]
    later = [line for line in starts if line > first]
    return first, later[0] if later else count


def _relocator(
    copy: Path, editions_dir: Path, shifts: dict[Path, int]
) -> Callable[[Finding], Finding]:
    """Move a finding made on the copy back to the real editions folder and lines."""
    copied, real = str(copy), str(editions_dir)

    def relocate(finding: Finding) -> Finding:
        file, line = finding.file, finding.line
        if file is not None:
            shift = shifts.get(file, 0)
            if line is not None and shift:
                line = max(1, line - shift)
            with suppress(ValueError):  # a file outside the copy: already real
                file = editions_dir / file.relative_to(copy)
        return replace(
            finding,
            file=file,
            line=line,
            message=finding.message.replace(copied, real),
            fix=finding.fix.replace(copied, real),
        )

    return relocate
