"""YAML in and out: a fixed, diff-friendly style out; located errors in.

ruamel, which writes snapshots and places errors by line, is imported on first use: a
command that only reads a sound edition parses it with the fast loader (fast_yaml.py) and
never needs it.
"""

from __future__ import annotations

import functools
import io
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError

if TYPE_CHECKING:
    from ruamel.yaml import YAML

FRONT_MATTER = "---"

# The schema nests five levels at most (catalogue > panels > recommendations > item > field);
# deeper YAML is refused before anything walks it, so no reader can run out of stack.
MAX_NESTING = 16


@functools.cache
def _constructor() -> type:
    """ruamel's round-trip constructor, remembering an underscore in a float ("1_0.5") as
    it does in an int, so that the model can refuse it by field and line."""
    from ruamel.yaml.constructor import RoundTripConstructor

    class Constructor(RoundTripConstructor):
        def construct_yaml_float(self, node: Any) -> Any:
            value = super().construct_yaml_float(node)
            if "_" in str(node.value) and hasattr(value, "_underscore"):
                value._underscore = True
            return value

    Constructor.add_constructor("tag:yaml.org,2002:float", Constructor.construct_yaml_float)
    return Constructor


def _yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Constructor = _constructor()
    yaml.default_flow_style = False
    yaml.width = 4096  # never fold long strings: a folded line makes a noisy diff
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


def dump_yaml(data: Any) -> str:
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def _too_deep(data: Any) -> bool:
    """True when `data` nests mappings and lists deeper than MAX_NESTING (walked without
    recursion)."""
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = list(node.values())
        elif isinstance(node, list):
            children = list(node)
        else:
            continue
        if depth >= MAX_NESTING:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _nested_too_deeply(file: Path) -> InputError:
    return InputError(
        f"YAML nested too deeply (more than {MAX_NESTING} levels; the schema needs 5)", file=file
    )


def _deeper_than_allowed(text: str) -> bool:
    """Whether `text` nests deeper than MAX_NESTING, found by libyaml's event stream (fast,
    and no stack used): ruamel's pure-Python parser would take many seconds over a thousand
    levels before running out of stack."""
    import yaml as pyyaml

    loader = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
    opening = (pyyaml.MappingStartEvent, pyyaml.SequenceStartEvent)
    closing = (pyyaml.MappingEndEvent, pyyaml.SequenceEndEvent)
    depth = 0
    try:
        for event in pyyaml.parse(text, Loader=loader):
            if isinstance(event, opening):
                depth += 1
                if depth > MAX_NESTING:
                    return True
            elif isinstance(event, closing):
                depth -= 1
    except pyyaml.YAMLError as exc:
        return "nesting depth" in str(exc)  # libyaml's own limit; other errors: ruamel's say
    return False


def parse_yaml(text: str, file: Path, line_offset: int = 0) -> Any:
    """`text` as ruamel's nodes, which know their lines; an error names the line."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if _deeper_than_allowed(text):
        raise _nested_too_deeply(file)
    try:
        data = _yaml().load(text)
    except RecursionError:
        raise _nested_too_deeply(file) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputError(f"not valid YAML: {exc}", file=file) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark is not None else None
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        raise InputError(
            f"not valid YAML: {problem}", file=file, line=line, hint="check the indentation"
        ) from None
    except YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", file=file) from None
    if _too_deep(data):
        raise _nested_too_deeply(file)
    return data


def located_mapping(node: Any) -> bool:
    """Whether `node` is a mapping from the located loader (`parse_yaml`), which knows its
    lines. Nothing can be one before that loader has run, so ruamel is not imported to ask."""
    comments = sys.modules.get("ruamel.yaml.comments")
    return comments is not None and isinstance(node, comments.CommentedMap)


def located_sequence(node: Any) -> bool:
    """Whether `node` is a list from the located loader (see `located_mapping`)."""
    comments = sys.modules.get("ruamel.yaml.comments")
    return comments is not None and isinstance(node, comments.CommentedSeq)


def node_at(node: Any, loc: Sequence[str | int]) -> tuple[Any, int | None]:
    """The YAML node at `loc`, as far as the path goes, and the 0-based line of its last key
    or item found (None when not even the first step is there)."""
    line = None
    for step in loc:
        if located_mapping(node) and step in node:
            line = node.lc.key(step)[0]
            node = node[step]
        elif located_sequence(node) and isinstance(step, int) and step < len(node):
            line = node.lc.item(step)[0]
            node = node[step]
        else:
            break
    return node, line


def mapping(data: Any, file: Path, what: str) -> dict[Any, Any]:
    if data is None:  # an empty file, or comments only: one line, not one per missing field
        raise InputError(f"empty: expected {what} (a YAML mapping of keys to values)", file=file)
    if not isinstance(data, dict):  # CommentedMap, or a plain dict from the fast loader
        raise InputError(f"expected {what} (a YAML mapping of keys to values)", file=file, line=1)
    return data


def split_front_matter(text: str, file: Path) -> tuple[str, str, int]:
    """(front matter YAML, Markdown body, line number of the body's first line)."""
    if text.startswith("\ufeff"):
        raise InputError(
            "starts with a byte-order mark (BOM) before the '---' line",
            file=file,
            line=1,
            hint="save the file as UTF-8 without BOM",
        )
    first_end = text.find("\n")
    if text[: first_end if first_end >= 0 else None].strip() != FRONT_MATTER:
        raise InputError(
            "an entry starts with a '---' line, its YAML front matter, and another '---' line",
            file=file,
            line=1,
        )
    closing = _DELIMITER_LINE_RE.search(text, first_end + 1) if first_end >= 0 else None
    if closing is None:
        raise InputError("the front matter has no closing '---' line", file=file, line=1)
    # Found by searching, not by splitting thousands of files into lines.
    index = text.count("\n", 0, closing.start())  # the closing line's 0-based number
    front = text[first_end + 1 : max(first_end + 1, closing.start() - 1)]
    if closing.end() == len(text):
        return front, "", index + 2  # nothing after the front matter
    body = text[closing.end() + 1 :]
    if not body or body.isspace():
        return front, body, index + 2  # no narrative: the line under the front matter
    blank = _BLANK_LINES_RE.match(body)
    skipped = blank.group().count("\n") if blank else 0
    return front, body, index + 2 + skipped


# A line holding only the front matter delimiter (as `line.strip() == "---"`).
_DELIMITER_LINE_RE = re.compile(r"^[^\S\n]*---[^\S\n]*$", re.M)
# Blank lines at the start of the body, each with its line end.
_BLANK_LINES_RE = re.compile(r"(?:[^\S\n]*\n)*")
