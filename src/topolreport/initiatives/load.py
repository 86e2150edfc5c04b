"""editions/initiatives.yaml <-> Registry, with file, line and field for every problem."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from ..errors import InputError, Problem
from ..files import MAX_REVIEW_FILE_BYTES, read_text, write_text_atomic
from ..store import dump_yaml, node_at, parse_yaml
from .model import Registry

REGISTRY_FILE = "initiatives.yaml"


def registry_path(editions_dir: Path) -> Path:
    return Path(editions_dir) / REGISTRY_FILE


def load_registry(editions_dir: Path) -> Registry | None:
    """The review's registry, or None when the editions folder has none yet."""
    file = registry_path(editions_dir)
    if not os.path.lexists(file):  # a link in its place is refused, even a dangling one
        return None
    return read_registry(file)


def read_registry(file: Path) -> Registry:
    node = parse_yaml(read_text(file, limit=MAX_REVIEW_FILE_BYTES), file)
    if node is None:
        node = CommentedMap()
    if not isinstance(node, CommentedMap):
        raise InputError(
            "expected the registry (a YAML mapping with initiatives, partners, …)",
            file=file,
            line=1,
        )
    try:
        registry = Registry.model_validate(node)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = "unknown field (misspelt?)"
            problems.append(_problem(file, node, tuple(error["loc"]), message))
        raise InputError(problems=problems) from None
    found = registry.problems()
    if found:
        raise InputError(problems=[_problem(file, node, loc, message) for loc, message in found])
    return registry


def _problem(file: Path, node: Any, loc: tuple[str | int, ...], message: str) -> Problem:
    return Problem(message, file, _line(node, loc), ".".join(str(p) for p in loc) or None)


def _line(node: Any, loc: tuple[str | int, ...]) -> int:
    """1-based line of the YAML node at `loc`, as near as the file tells."""
    return (node_at(node, loc)[1] or 0) + 1


def registry_yaml(registry: Registry) -> str:
    data = registry.model_dump(mode="json", exclude_defaults=True)
    data = {"kinds": registry.kinds, **data}  # always spelt out, so people see the choices
    return dump_yaml(data)


def check_registry(registry: Registry, editions_dir: Path) -> None:
    """Refuse a registry that contradicts itself, before anything is written."""
    found = registry.problems()
    if found:
        file = registry_path(editions_dir)
        raise InputError(
            problems=[
                Problem(message, file, None, ".".join(map(str, loc))) for loc, message in found
            ]
        )


def save_registry(registry: Registry, editions_dir: Path) -> bool:
    """Write initiatives.yaml whole (temporary file, then rename); False when unchanged.

    The caller holds the editions lock (`store.writing_editions`) across its read, decision
    and this write, so two runs never interleave their registries."""
    check_registry(registry, editions_dir)
    path = registry_path(editions_dir)
    text = registry_yaml(registry)
    if path.exists() and read_text(path, limit=MAX_REVIEW_FILE_BYTES) == text:
        return False
    write_text_atomic(path, text, force=True)
    return True
