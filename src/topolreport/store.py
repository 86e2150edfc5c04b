"""Editions on disk <-> Edition in memory.

Layout of an editions folder::

    editions/
      catalogue.yaml          the review's panels and recommendations, kept once
      2023-02/
        edition.yaml          title, date, publisher, licence, signatory, abbreviations, …
        foreword.md           the foreword (Markdown)
        summary.md            the summary (Markdown)
        entries/P1.md         one file per entry: YAML front matter + the narrative (Markdown)
        entries/DM4-AIR5.md

YAML keeps the structure readable in a git diff; Markdown keeps the prose editable. Loading
validates every file and reports each problem with its file, line and field; saving writes
a whole edition into a temporary folder first and renames it into place.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import InputError, Problem
from .model import (
    Catalogue,
    DisabledRule,
    Edition,
    Entry,
    Foreword,
    Review,
    Signatory,
    check_month,
    normalise_markdown,
)

CATALOGUE_FILE = "catalogue.yaml"
EDITION_FILE = "edition.yaml"
FOREWORD_FILE = "foreword.md"
SUMMARY_FILE = "summary.md"
ENTRIES_DIR = "entries"
FRONT_MATTER = "---"


class EditionFile(BaseModel):
    """The shape of edition.yaml: an edition without its catalogue, prose and entries."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    date: str = Field(description="Month of publication, YYYY-MM.")
    publisher: str = ""
    licence: str = ""
    language: str = "en-GB"
    progress_heading: str = "Progress towards recommendations"
    signatory: Signatory | None = Field(default=None, description="Who signs the foreword.")
    abbreviations: dict[str, str] = Field(
        default_factory=dict, description="Abbreviation -> what it stands for, in table order."
    )
    disabled_rules: list[DisabledRule] = Field(default_factory=list)
    require_status: bool = Field(
        default=False, description="Whether `check --final` requires an editorial status."
    )
    metadata_review: Review | None = Field(
        default=None, description="Publisher, signatory and date as carried forward by `new`."
    )

    _date = field_validator("date")(check_month)


def entry_filename(code: str) -> str:
    """File name of an entry: the code with "/" as "-" ("DM4/AIR5" -> "DM4-AIR5.md")."""
    return re.sub(r"[^A-Za-z0-9]+", "-", code).strip("-") + ".md"


# ---------------------------------------------------------------------------------------------
# Where things came from: a loaded edition remembers its files so that errors and check
# findings can name a file and line for any field of the model.


@dataclass
class _Root:
    file: Path
    node: Any  # the ruamel node for the file's YAML (CommentedMap), or None
    line_offset: int = 0  # lines before the YAML document starts (front matter delimiter)
    text_line: int = 1  # first line of the Markdown body, for prose fields
    text_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Location:
    file: Path
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else str(self.file)


class SourceMap:
    """Maps a path into an Edition (as pydantic writes error locations) to a file and line."""

    def __init__(self, edition_dir: Path, editions_dir: Path) -> None:
        self.edition_dir = edition_dir
        self.editions_dir = editions_dir
        self._roots: dict[tuple[str | int, ...], _Root] = {}

    def add(self, prefix: tuple[str | int, ...], root: _Root) -> None:
        self._roots[prefix] = root

    def _root(self, loc: Sequence[str | int]) -> tuple[_Root | None, tuple[str | int, ...]]:
        loc = tuple(loc)
        for size in range(len(loc), -1, -1):
            root = self._roots.get(loc[:size])
            if root is not None:
                return root, loc[size:]
        return None, loc

    def locate(self, loc: Sequence[str | int]) -> Location:
        """File and 1-based line of the model field at `loc`, as near as the YAML tells."""
        root, rest = self._root(loc)
        if root is None:
            return Location(self.edition_dir / EDITION_FILE)
        if rest and rest[0] in root.text_fields:
            return Location(root.file, root.text_line)
        node, line = root.node, None
        for step in rest:
            if isinstance(node, CommentedMap) and step in node:
                line = node.lc.key(step)[0]
                node = node[step]
            elif isinstance(node, CommentedSeq) and isinstance(step, int) and step < len(node):
                line = node.lc.item(step)[0]
                node = node[step]
            else:
                break
        if line is None:
            line = node.lc.line if isinstance(node, (CommentedMap, CommentedSeq)) else 0
        return Location(root.file, line + 1 + root.line_offset)

    def locate_text(self, loc: Sequence[str | int], offset: int, text: str) -> Location:
        """File and line of character `offset` in a Markdown field (narrative, foreword…)."""
        root, _ = self._root(loc)
        if root is None:
            return Location(self.edition_dir / EDITION_FILE)
        return Location(root.file, root.text_line + text.count("\n", 0, offset))

    def entry_file(self, index: int) -> Path:
        root, _ = self._root(("entries", index))
        return root.file if root else self.edition_dir / ENTRIES_DIR


# ---------------------------------------------------------------------------------------------
# YAML in and out


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 4096  # never fold long strings: a folded line makes a noisy diff
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


def dump_yaml(data: Any) -> str:
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def _parse_yaml(text: str, file: Path, line_offset: int = 0) -> Any:
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark is not None else None
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        raise InputError(
            f"not valid YAML: {problem}", file=file, line=line, hint="check the indentation"
        ) from None
    except YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", file=file) from None


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", file=file) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", file=file) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=file) from None


def _mapping(data: Any, file: Path, what: str) -> CommentedMap:
    if data is None:
        return CommentedMap()
    if not isinstance(data, CommentedMap):
        raise InputError(f"expected {what} (a YAML mapping of keys to values)", file=file, line=1)
    return data


def split_front_matter(text: str, file: Path) -> tuple[str, str, int]:
    """(front matter YAML, Markdown body, line number of the body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER:
        raise InputError(
            "an entry starts with a '---' line, its YAML front matter, and another '---' line",
            file=file,
            line=1,
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER:
            body = lines[index + 1 :]
            skipped = 0
            while skipped < len(body) and not body[skipped].strip():
                skipped += 1
            return "\n".join(lines[1:index]), "\n".join(body), index + 2 + skipped
    raise InputError("the front matter has no closing '---' line", file=file, line=1)


# ---------------------------------------------------------------------------------------------
# Loading


def _validation_problems(
    exc: ValidationError, sources: SourceMap, prefix: tuple[str | int, ...] = ()
) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = prefix + tuple(error["loc"])
        where = sources.locate(loc)
        field_path = ".".join(str(part) for part in error["loc"]) or None
        message = error["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if error["type"] == "extra_forbidden":
            message = "unknown field (misspelt?)"
        problems.append(Problem(message, where.file, where.line, field_path))
    return problems


def _catalogue_path(editions_dir: Path) -> Path:
    return editions_dir / CATALOGUE_FILE


def _require_dir(editions_dir: Path) -> None:
    if not editions_dir.is_dir():
        raise InputError(
            "editions folder not found",
            file=editions_dir,
            hint="pass --editions DIR, or run `topolreport import` to create one",
        )


def load_catalogue(editions_dir: Path) -> Catalogue:
    catalogue, _ = _load_catalogue(editions_dir)
    return catalogue


def _load_catalogue(editions_dir: Path) -> tuple[Catalogue, CommentedMap]:
    _require_dir(editions_dir)
    file = _catalogue_path(editions_dir)
    if not file.exists():
        raise InputError(
            "the review's catalogue is missing",
            file=file,
            hint="import an edition to create it, or write its panels and recommendations",
        )
    node = _mapping(_parse_yaml(_read(file), file), file, "the catalogue")
    sources = SourceMap(editions_dir, editions_dir)
    sources.add((), _Root(file, node))
    try:
        return Catalogue.model_validate(node), node
    except ValidationError as exc:
        raise InputError(problems=_validation_problems(exc, sources)) from None


def edition_ids(editions_dir: Path) -> list[str]:
    """Edition ids in the folder, oldest first (by the date in edition.yaml, then by id)."""
    _require_dir(editions_dir)
    found = []
    for child in editions_dir.iterdir():
        if child.is_dir() and (child / EDITION_FILE).is_file():
            date = ""
            match = re.search(
                r"^date:\s*['\"]?(\d{4}-\d{2})", (child / EDITION_FILE).read_text("utf-8"), re.M
            )
            if match:
                date = match.group(1)
            found.append((date, child.name))
    return [name for _, name in sorted(found)]


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


def load_edition(editions_dir: Path, edition_id: str) -> Edition:
    edition, _ = load_edition_located(editions_dir, edition_id)
    return edition


def load_edition_located(editions_dir: Path, edition_id: str) -> tuple[Edition, SourceMap]:
    """Load and validate an edition; every problem found is reported, not just the first."""
    edition_id = resolve_edition_id(editions_dir, edition_id)
    edition_dir = editions_dir / edition_id
    sources = SourceMap(edition_dir, editions_dir)
    problems: list[Problem] = []

    catalogue: Catalogue | None = None
    try:
        catalogue, catalogue_node = _load_catalogue(editions_dir)
        sources.add(("catalogue",), _Root(_catalogue_path(editions_dir), catalogue_node))
    except InputError as exc:
        problems.extend(exc.problems)

    meta_file = edition_dir / EDITION_FILE
    meta: EditionFile | None = None
    meta_node = CommentedMap()
    try:
        meta_node = _mapping(_parse_yaml(_read(meta_file), meta_file), meta_file, "the edition")
        sources.add((), _Root(meta_file, meta_node))
        meta_sources = SourceMap(edition_dir, editions_dir)
        meta_sources.add((), _Root(meta_file, meta_node))
        try:
            meta = EditionFile.model_validate(meta_node)
        except ValidationError as exc:
            problems.extend(_validation_problems(exc, meta_sources))
    except InputError as exc:
        problems.extend(exc.problems)

    foreword_file = edition_dir / FOREWORD_FILE
    summary_file = edition_dir / SUMMARY_FILE
    foreword_text = _read(foreword_file) if foreword_file.exists() else None
    summary_text = _read(summary_file) if summary_file.exists() else ""
    sources.add(("foreword",), _Root(foreword_file, None, text_fields=("text",)))
    sources.add(("foreword", "signatory"), _Root(meta_file, meta_node.get("signatory")))
    sources.add(("summary",), _Root(summary_file, None, text_fields=("summary",)))

    entries: list[Entry] = []
    entry_files = sorted((edition_dir / ENTRIES_DIR).glob("*.md"))
    parsed: list[tuple[Path, CommentedMap, str, int]] = []
    for file in entry_files:
        try:
            front, body, body_line = split_front_matter(_read(file), file)
            node = _mapping(_parse_yaml(front, file, line_offset=1), file, "front matter")
            parsed.append((file, node, body, body_line))
        except InputError as exc:
            problems.extend(exc.problems)
    if catalogue is not None:
        key = catalogue.order_key()
        parsed.sort(key=lambda item: key(str(item[1].get("code", ""))))
    for index, (file, node, body, body_line) in enumerate(parsed):
        root = _Root(file, node, line_offset=1, text_line=body_line, text_fields=("narrative",))
        sources.add(("entries", index), root)
        entry_sources = SourceMap(edition_dir, editions_dir)
        entry_sources.add((), root)
        raw = dict(node)
        raw["narrative"] = body
        try:
            entries.append(Entry.model_validate(raw))
        except ValidationError as exc:
            problems.extend(_validation_problems(exc, entry_sources))

    if problems or catalogue is None or meta is None:
        raise InputError(problems=problems)

    foreword = None
    if foreword_text is not None or meta.signatory is not None:
        foreword = Foreword(text=foreword_text or "", signatory=meta.signatory)
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
        raise InputError(problems=_validation_problems(exc, sources)) from None
    return edition, sources


# ---------------------------------------------------------------------------------------------
# Saving


def catalogue_yaml(catalogue: Catalogue) -> str:
    return dump_yaml(catalogue.model_dump(mode="json", exclude_none=True))


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


def write_text_atomic(path: Path, text: str, *, force: bool = False) -> None:
    """Write a text file (UTF-8, LF line ends) through a temporary file and a rename."""
    write_bytes_atomic(path, text.encode("utf-8"), force=force)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_bytes_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write a file through a temporary file and a rename; never overwrite without force.

    The file gets the permissions any newly written file would (mkstemp's are private)."""
    if path.exists() and not force:
        raise InputError("already exists", file=path, hint="use --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, _default_mode())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@contextmanager
def _staging_dir(target: Path) -> Iterator[Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def save_catalogue(catalogue: Catalogue, editions_dir: Path, *, force: bool = False) -> bool:
    """Write catalogue.yaml; False (and nothing written) when it already says the same."""
    path = _catalogue_path(editions_dir)
    text = catalogue_yaml(catalogue)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    write_text_atomic(path, text, force=force)
    return True


def save_edition(edition: Edition, editions_dir: Path, *, force: bool = False) -> Path:
    """Write the edition's folder (not the catalogue) at once: it appears whole or not at all."""
    target = editions_dir / edition.id
    if target.exists() and not force:
        raise InputError(
            f"edition {edition.id} already exists", file=target, hint="use --force to replace it"
        )
    files = edition_files(edition)
    with _staging_dir(target) as staging:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    return target


def save_entry(editions_dir: Path, edition_id: str, entry: Entry) -> Path:
    """Rewrite one entry's file of an existing edition (confirming or collecting one entry)."""
    folder = editions_dir / edition_id
    if not (folder / EDITION_FILE).is_file():
        raise InputError(f"unknown edition {edition_id!r}", file=editions_dir)
    path = folder / ENTRIES_DIR / entry_filename(entry.code)
    write_text_atomic(path, entry_markdown(entry), force=True)
    return path
