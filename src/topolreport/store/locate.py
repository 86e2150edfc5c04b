"""Where things came from: a loaded edition remembers its files so that errors and check
findings can name a file and line for any field of the model."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, Problem
from ..model import FORBIDDEN_CHARACTER
from .layout import EDITION_FILE, ENTRIES_DIR
from .yaml import located_mapping, located_sequence, node_at, parse_yaml


class Document:
    """A file's YAML document: as the fast loader read it (plain data, no lines), parsed again
    by the located loader the first time something in it must be placed (a problem or a
    finding), so a file with nothing to report is parsed once, by the fast loader."""

    def __init__(self, file: Path, data: Any, text: str, line_offset: int = 0) -> None:
        self.file = file
        self.data = data
        self._text: str | None = None if located_mapping(data) else text
        self._line_offset = line_offset

    def located(self) -> Any:
        """The document as ruamel nodes, with lines (plain data if that loader refuses it)."""
        if self._text is not None:
            text, self._text = self._text, None
            with suppress(InputError):  # else unlocated: the file's first line is named
                self.data = parse_yaml(text, self.file, self._line_offset)
        return self.data


@dataclass
class Root:
    """One file behind part of the model, and its parsed YAML."""

    file: Path
    node: Any  # the file's Document, a ruamel node (CommentedMap), or None
    line_offset: int = 0  # lines before the YAML document starts (front matter delimiter)
    text_line: int = 1  # first line of the Markdown body, for prose fields
    text_fields: tuple[str, ...] = ()
    inner: tuple[str, ...] = ()  # the part of the document this root covers

    def located(self) -> Any:
        """The ruamel node this root covers, with lines."""
        node = self.node.located() if isinstance(self.node, Document) else self.node
        for step in self.inner:
            node = node.get(step) if isinstance(node, dict) else None
        return node


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
        self._roots: dict[tuple[str | int, ...], Root] = {}

    def add(self, prefix: tuple[str | int, ...], root: Root) -> None:
        self._roots[prefix] = root

    def _root(self, loc: Sequence[str | int]) -> tuple[Root | None, tuple[str | int, ...]]:
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
        node, line = node_at(root.located(), rest)
        if line is None:
            line = node.lc.line if located_mapping(node) or located_sequence(node) else 0
        line = line or 0  # an empty file's mapping has no line
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


def validation_problems(
    exc: ValidationError, sources: SourceMap, prefix: tuple[str | int, ...] = ()
) -> list[Problem]:
    """Each of pydantic's errors as a Problem naming the file, line and field."""
    problems = []
    for error in exc.errors():
        loc = prefix + tuple(error["loc"])
        where = sources.locate(loc)
        field_path = ".".join(str(part) for part in error["loc"]) or None
        if error["type"] == FORBIDDEN_CHARACTER:
            where, field_path = _character_place(error, loc, sources)
            context = error.get("ctx") or {}
            error = {**error, "msg": f"{context['why']} at position {context['position']}"}
        message = error["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if error["type"] == "extra_forbidden":
            message = "unknown field (misspelt?)"
        problems.append(Problem(message, where.file, where.line, field_path))
    return problems


def _character_place(
    error: Any, loc: tuple[str | int, ...], sources: SourceMap
) -> tuple[Location, str]:
    """The line a refused character is on: its field's, or in prose the line holding it."""
    context = error.get("ctx") or {}
    field = context.get("field", "")
    index = context.get("index")
    at = loc + ((field,) if index is None else (field, index))
    text = error["input"].get(field) if isinstance(error["input"], dict) else None
    root, rest = sources._root(at)
    if root is not None and rest in ((), (field,)) and field in root.text_fields:
        text = str(text or "")
        blank = len(text) - len(text.lstrip("\n"))  # blank lines the body's first line skips
        position = max(0, int(context.get("position", 0)) - blank)
        where = sources.locate_text(at, position, text[blank:])
    else:
        where = sources.locate(at)
    return where, ".".join(str(part) for part in (*error["loc"], *at[len(loc) :]))
