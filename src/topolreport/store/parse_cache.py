"""Parsed snapshot YAML kept between runs, keyed by the text parsed.

Parsing is most of what loading a large edition costs, and most files are the same from one
run to the next. Each edition folder gets one pack file in the user's cache folder (never in
the editions folder): the parsed data of its YAML documents, keyed by a digest of each
document's text. A document whose text changed has another key and is parsed again, so an
edit, a `git checkout` or a file with an old modification time can never be served stale
data. The cache is only a shortcut to what the C loader would return: a pack that is
truncated, altered or written by another version is ignored whole, and the data it gives is
validated like freshly parsed data.

    TOPOLREPORT_CACHE_DIR=DIR   keep the packs in DIR
    TOPOLREPORT_CACHE_DIR=off   (or empty) no cache: every run parses every file
    default                     $XDG_CACHE_HOME/topolreport, else ~/.cache/topolreport
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..files import read_bytes
from .fast_yaml import load_fast

CACHE_ENV = "TOPOLREPORT_CACHE_DIR"
_OFF = ("", "off", "0", "no", "false")
# Bump when the fast loader's reading of YAML changes: packs of another format are ignored.
_FORMAT = 1
_HEADER = f"topolreport-parsed {_FORMAT} pyyaml-{yaml.__version__} ".encode()
# A pack holds an edition's YAML as JSON: a few MiB for thousands of entries.
_MAX_PACK_BYTES = 512 * 1024 * 1024
_DIGEST_SIZE = 20
# Packs kept: the editions folders of a machine, and the copies `check` loads a broken edition
# from; the least recently used go first.
_MAX_PACKS = 64


def cache_dir() -> Path | None:
    """Where packs are kept, or None when the cache is switched off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in _OFF else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "topolreport" if os.path.isabs(base) else None


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=_DIGEST_SIZE).hexdigest()


def _unsupported(value: object) -> str:
    """What JSON writes for a value it has no form for (a date, a set): a string that is not
    equal to the value, so that the document is left out of the pack."""
    return f"unsupported {type(value).__name__}"


class ParsedPack:
    """The parsed YAML documents of one edition folder, read from and written to its pack."""

    def __init__(self, folder: Path) -> None:
        root = cache_dir()
        self._path: Path | None = None
        if root is not None:
            where = os.path.realpath(folder).encode("utf-8", "surrogateescape")
            self._path = root / f"{_digest(where)}.json"
        self._stored = self._read()
        self._used: dict[str, Any] = {}  # key -> data, for each document this run read
        self._new: set[str] = set()  # the keys this run parsed

    def _read(self) -> dict[str, Any]:
        if self._path is None:
            return {}
        try:
            raw = read_bytes(self._path, limit=_MAX_PACK_BYTES)
        except InputError:  # none yet, or not a file the cache may read
            return {}
        header, _, body = raw.partition(b"\n")
        if header[: len(_HEADER)] != _HEADER or header[len(_HEADER) :].decode(
            "ascii", "replace"
        ) != _digest(body):
            return {}  # another version's pack, or a torn or altered one
        try:
            stored = json.loads(body)
        except (ValueError, RecursionError):
            return {}
        with suppress(OSError):
            os.utime(self._path)  # used: the last to be pruned
        return stored if isinstance(stored, dict) else {}

    def parse(self, text: str) -> Any:
        """The data of the YAML document `text`, from the pack or parsed by the C loader
        (which raises yaml.YAMLError for a document it refuses). Shared: do not modify it."""
        if self._path is None:
            return load_fast(text)
        key = _digest(text.encode("utf-8", "surrogatepass"))
        if key in self._stored:
            data = self._stored[key]
        else:
            data = load_fast(text)
            self._new.add(key)
        self._used[key] = data
        return data

    def add(self, texts: Iterable[str]) -> None:
        """Parse and keep each of `texts` (documents just written), skipping any the C loader
        refuses: loading will explain those."""
        for text in texts:
            try:
                self.parse(text)
            except yaml.YAMLError:
                continue

    def save(self) -> None:
        """Write the pack when this run parsed something new, keeping only the documents it
        used (an edited file's old text goes). Best effort: a cache that cannot be written
        only means the next run parses again."""
        if self._path is None or not self._new:
            return
        body = self._json()
        if not self._new:
            return  # nothing new that JSON can keep
        data = _HEADER + _digest(body).encode("ascii") + b"\n" + body
        folder = self._path.parent
        temp = folder / f".{self._path.name}.{os.getpid()}.tmp"
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.replace(temp, self._path)  # readers see the old pack or the new one, whole
        except OSError:
            with suppress(OSError):
                temp.unlink(missing_ok=True)
        else:
            self._new.clear()
            _prune(folder)

    def _json(self) -> bytes:
        """The documents used, as JSON; a document JSON would not give back as it was (a
        date, a numeric key, a nan) is left out and parsed again each time."""
        while True:  # each round leaves out at least one document, or is the last
            # ASCII: a lone surrogate (a YAML "\ud800" escape) is written as an escape
            body = json.dumps(
                self._used, separators=(",", ":"), default=_unsupported, skipkeys=True
            ).encode("ascii")
            back = json.loads(body)
            changed = [key for key in self._new if back[key] != self._used[key]]
            if not changed:
                return body
            for key in changed:
                del self._used[key]
                self._new.discard(key)


def _prune(folder: Path) -> None:
    """Remove the least recently used packs beyond _MAX_PACKS."""
    try:
        packs = [
            (entry.stat(follow_symlinks=False).st_mtime, entry.path)
            for entry in os.scandir(folder)
            if entry.name.endswith(".json") and entry.is_file(follow_symlinks=False)
        ]
    except OSError:
        return
    for _, path in sorted(packs)[: max(0, len(packs) - _MAX_PACKS)]:
        with suppress(OSError):
            os.unlink(path)
