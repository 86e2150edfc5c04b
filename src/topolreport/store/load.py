"""Loading: an editions folder -> a validated Catalogue or Edition, every problem located.

Every snapshot file is read through files.read_text: regular files only, no symlinks
followed, sizes capped."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..codes import DEFAULT as CODE_GRAMMAR
from ..errors import InputError, Problem
from ..files import MAX_REVIEW_FILE_BYTES, is_plain_dir, read_text
from ..model import TEXT_CHECKED, Catalogue, Edition, Entry, Foreword, forbidden_character
from .edition_file import EditionFile
from .fast_yaml import load_fast
from .layout import (
    EDITION_FILE,
    ENTRIES_DIR,
    FOREWORD_FILE,
    SUMMARY_FILE,
    catalogue_path,
    entry_filename,
    require_dir,
    resolve_edition_id,
)
from .locate import Document, Root, SourceMap, validation_problems
from .parse_cache import ParsedPack
from .yaml import located_mapping, mapping, parse_yaml, split_front_matter

# A parser of one file's YAML: (text, file, lines before it) -> data, or an InputError.
Parse = Callable[[str, Path, int], Any]


def parse_fast(
    text: str, file: Path, line_offset: int = 0, load: Callable[[str], Any] = load_fast
) -> Any:
    """The C-backed parse (`load`: load_fast, or a pack's parse that serves it from the
    cache); a file it refuses is parsed again by the located loader, whose error names the
    line (and if that loader accepts it, the C loader's reason stands)."""
    try:
        return load(text)
    except yaml.YAMLError as exc:
        parse_yaml(text, file, line_offset)
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + line_offset if mark is not None else None
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(f"not valid YAML: {problem}", file=file, line=line) from None


def _cached(pack: ParsedPack) -> Parse:
    """parse_fast, served from `pack` where it holds the text's data."""
    return lambda text, file, line_offset: parse_fast(text, file, line_offset, pack.parse)


def load_catalogue(editions_dir: Path) -> Catalogue:
    require_dir(editions_dir)
    pack = ParsedPack(editions_dir)
    try:
        catalogue, _ = _load_catalogue(editions_dir, _cached(pack))
    except InputError:
        catalogue, _ = _load_catalogue(editions_dir)  # raises, naming each problem's line
    pack.save()
    return catalogue


def _load_catalogue(editions_dir: Path, parse: Parse = parse_yaml) -> tuple[Catalogue, Document]:
    require_dir(editions_dir)
    file = catalogue_path(editions_dir)
    if not os.path.lexists(file):
        raise InputError(
            "the review's catalogue is missing",
            file=file,
            hint="import an edition to create it, or write its panels and recommendations",
        )
    text = read_text(file, limit=MAX_REVIEW_FILE_BYTES)
    node = mapping(parse(text, file, 0), file, "the catalogue")
    document = Document(file, node, text)
    sources = SourceMap(editions_dir, editions_dir)
    sources.add((), Root(file, document))
    try:
        return Catalogue.model_validate(node, context=_vouched(text, text)), document
    except ValidationError as exc:
        raise InputError(problems=validation_problems(exc, sources)) from None


def load_edition(editions_dir: Path, edition_id: str | None = None) -> Edition:
    """The edition `edition_id`, or the newest one when it is None.

    Parsed on the fast path; only an edition that fails (or holds a duplicate metric id) is
    loaded again with the located parser, so that each of its problems names a file and line.
    The fast path's parsed files are kept in the cache (see parse_cache) for the next run."""
    edition_id = resolve_edition_id(editions_dir, edition_id)
    pack = ParsedPack(editions_dir / edition_id)
    try:
        edition, sources = _load_edition(editions_dir, edition_id, _cached(pack))
        if not _duplicate_metric_ids(edition, sources):
            pack.save()
            return edition
    except InputError:
        pass
    edition, sources = load_edition_located(editions_dir, edition_id)
    problems = _duplicate_metric_ids(edition, sources)
    if problems:
        raise InputError(problems=problems)
    return edition


def _duplicate_metric_ids(edition: Edition, sources: SourceMap) -> list[Problem]:
    """Metric ids used twice in the edition: the diff pairs metrics by id, so a duplicate
    would compare one figure with another's. (`check` loads with `load_edition_located`
    and reports these as TR050 among its findings.)"""
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for i, entry in enumerate(edition.entries):
        for j, metric in enumerate(entry.metrics):
            owner = first.setdefault(metric.id, entry.code)
            if owner == entry.code and sum(m.id == metric.id for m in entry.metrics[:j]) == 0:
                continue
            where = sources.locate(("entries", i, "metrics", j, "id"))
            problems.append(
                Problem(
                    f"metric id {metric.id!r} is already used by a metric of entry {owner}",
                    where.file,
                    where.line,
                    f"metrics.{j}.id",
                    "give each metric of the edition its own id",
                )
            )
    return problems


# A validation context, or None for the validators' own full checks.
Context = dict[str, bool] | None
_VOUCHED: Context = {TEXT_CHECKED: True}


def _vouched(text: str, yaml_text: str) -> Context:
    """TEXT_CHECKED when the file's `text` holds no forbidden character, and its YAML part
    no double-quoted escape, so no string read from it can hold one (only an escape such as
    "\\x07" makes a character the file does not hold; it needs both a '"' and a '\\').
    Else the records check each string, and the one at fault is named with its field."""
    if ("\\" in yaml_text and '"' in yaml_text) or forbidden_character(text) is not None:
        return None
    return _VOUCHED


def _optional_text(file: Path) -> str | None:
    # lexists, not exists: a symlink in a prose file's place is refused, not skipped
    return read_text(file) if os.path.lexists(file) else None


def _entry_files(edition_dir: Path) -> list[Path]:
    folder = edition_dir / ENTRIES_DIR
    if not os.path.lexists(folder):
        return []
    if not is_plain_dir(folder):
        raise InputError("not a folder of entries (a link or a file)", file=folder)
    try:  # not glob: it takes an unreadable folder for an empty one
        names = os.listdir(folder)
    except OSError as exc:
        raise InputError(f"cannot read the entries: {exc.strerror}", file=folder) from None
    if names and not os.access(folder, os.X_OK):  # listed, but no file in it can be opened
        raise InputError("cannot read the entries: Permission denied", file=folder)
    return [folder / name for name in sorted(names) if name.endswith(".md")]


def _misnamed(file: Path, node: dict[str, Any]) -> Problem | None:
    """A problem when an entry's file name is not the one its code gives: two files could
    then hold one entry, and a writer would add a third."""
    code = node.get("code")
    if not isinstance(code, str) or not CODE_GRAMMAR.is_code(code):
        return None  # the model reports a missing or bad code
    expected = entry_filename(code)
    if file.name == expected:
        return None
    located = located_mapping(node) and "code" in node  # the fast parse has no lines
    line = node.lc.key("code")[0] + 2 if located else 1  # type: ignore[attr-defined]
    return Problem(
        f"the entry for {code} must be in {expected}, not {file.name}",
        file,
        line,
        "code",
        f"rename the file to {expected}, or merge it into that file if it exists",
    )


def load_edition_located(
    editions_dir: Path, edition_id: str | None = None
) -> tuple[Edition, SourceMap]:
    """Load and validate an edition (the newest when `edition_id` is None); every problem
    found is reported, not just the first, and the SourceMap places every field.

    Parsed on the fast path, each file parsed again with lines only when something in it is
    located; an edition that fails is loaded again with the located parser throughout."""
    edition_id = resolve_edition_id(editions_dir, edition_id)
    pack = ParsedPack(editions_dir / edition_id)
    try:
        loaded = _load_edition(editions_dir, edition_id, _cached(pack))
    except InputError:
        return _load_edition(editions_dir, edition_id, parse_yaml)
    pack.save()
    return loaded


def _load_edition(
    editions_dir: Path, edition_id: str | None, parse: Parse
) -> tuple[Edition, SourceMap]:
    edition_id = resolve_edition_id(editions_dir, edition_id)
    edition_dir = editions_dir / edition_id
    sources = SourceMap(edition_dir, editions_dir)
    problems: list[Problem] = []

    catalogue: Catalogue | None = None
    try:
        catalogue, catalogue_document = _load_catalogue(editions_dir, parse)
        sources.add(("catalogue",), Root(catalogue_path(editions_dir), catalogue_document))
    except InputError as exc:
        problems.extend(exc.problems)

    meta_file = edition_dir / EDITION_FILE
    meta: EditionFile | None = None
    meta_document: Document | None = None
    try:
        meta_text = read_text(meta_file)
        meta_node = mapping(parse(meta_text, meta_file, 0), meta_file, "the edition")
        meta_document = Document(meta_file, meta_node, meta_text)
        sources.add((), Root(meta_file, meta_document))
        meta_sources = SourceMap(edition_dir, editions_dir)
        meta_sources.add((), Root(meta_file, meta_document))
        try:
            meta = EditionFile.model_validate(meta_node, context=_vouched(meta_text, meta_text))
        except ValidationError as exc:
            problems.extend(validation_problems(exc, meta_sources))
    except InputError as exc:
        problems.extend(exc.problems)

    foreword_file = edition_dir / FOREWORD_FILE
    summary_file = edition_dir / SUMMARY_FILE
    foreword_text = _optional_text(foreword_file)
    summary_text = _optional_text(summary_file) or ""
    sources.add(("foreword",), Root(foreword_file, None, text_fields=("text",)))
    sources.add(("foreword", "signatory"), Root(meta_file, meta_document, inner=("signatory",)))
    sources.add(("summary",), Root(summary_file, None, text_fields=("summary",)))

    entries: list[Entry] = []
    parsed: list[tuple[Document, dict[Any, Any], str, int, Context]] = []
    try:
        entry_files = _entry_files(edition_dir)
    except InputError as exc:
        problems.extend(exc.problems)
        entry_files = []
    for file in entry_files:
        try:
            text = read_text(file)
            front, body, body_line = split_front_matter(text, file)
            node = mapping(parse(front, file, 1), file, "front matter")
            misnamed = _misnamed(file, node)
            if misnamed is not None:
                problems.append(misnamed)
                continue
            document = Document(file, node, front, line_offset=1)
            parsed.append((document, node, body, body_line, _vouched(text, front)))
        except InputError as exc:
            problems.extend(exc.problems)
    if catalogue is not None:
        key = catalogue.order_key()
        parsed.sort(key=lambda item: key(str(item[1].get("code", ""))))
    for index, (document, node, body, body_line, context) in enumerate(parsed):
        root = Root(
            document.file,
            document,
            line_offset=1,
            text_line=body_line,
            text_fields=("narrative",),
        )
        sources.add(("entries", index), root)
        entry_sources = SourceMap(edition_dir, editions_dir)
        entry_sources.add((), root)
        raw = dict(node)
        raw["narrative"] = body
        try:
            entries.append(Entry.model_validate(raw, context=context))
        except ValidationError as exc:
            problems.extend(validation_problems(exc, entry_sources))

    if problems or catalogue is None or meta is None:
        raise InputError(problems=problems)

    try:
        foreword = None
        if foreword_text is not None or meta.signatory is not None:
            foreword = Foreword(text=foreword_text or "", signatory=meta.signatory)
    except ValidationError as exc:
        raise InputError(problems=validation_problems(exc, sources, ("foreword",))) from None
    try:
        edition = Edition(
            id=edition_id,
            title=meta.title,
            date=meta.date,
            publisher=meta.publisher,
            licence=meta.licence,
            language=meta.language,
            foreword=foreword,
            progress_heading=meta.progress_heading,
            summary=summary_text,
            abbreviations=[{"abbr": k, "meaning": v} for k, v in meta.abbreviations.items()],
            disabled_rules=meta.disabled_rules,
            require_status=meta.require_status,
            metadata_review=meta.metadata_review,
            catalogue=catalogue,
            entries=entries,
        )
    except ValidationError as exc:
        raise InputError(problems=validation_problems(exc, sources)) from None
    return edition, sources
