"""The hot path of loading: snapshot YAML parsed by libyaml, with the store's rules kept.

ruamel's round-trip loader is pure Python and remembers every line, which an edition of
thousands of entries pays for on every command. PyYAML's C loader is several times faster, but
speaks YAML 1.1 ("NO" is false, "012" is octal, "1:20" is 80) and keeps the last of two equal
keys. The resolver and constructor here read YAML 1.2 as ruamel does (the resolver patterns
are ruamel's own) and refuse a duplicate key. A file this loader refuses is parsed again by the
located loader (`yaml.parse_yaml`), whose error names the line: speed on the way in, the exact
place only when something is wrong.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # libyaml is bundled with PyYAML's wheels; the pure-Python parser is the fallback
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class DuplicateKey(yaml.constructor.ConstructorError):
    """A mapping names the same key twice (YAML forbids it; PyYAML would keep the last)."""


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.2 core schema: only true/false are booleans, no sexagesimal or 1.1 octal."""


# PyYAML's resolvers are class-level; start from none so that no YAML 1.1 rule leaks in.
_Resolver.yaml_implicit_resolvers = {}
_IMPLICIT: tuple[tuple[str, str, str], ...] = (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    (
        "int",
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
        "-+0123456789",
    ),
    ("merge", r"^(?:<<)$", "<"),
    ("null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    (
        "timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        "0123456789",
    ),
)
# First character of a plain scalar -> the (tag, pattern) pairs it may be, in order.
_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _name, _pattern, _first in _IMPLICIT:
    for _char in _first:
        _BY_FIRST.setdefault(_char, []).append(
            (f"tag:yaml.org,2002:{_name}", re.compile(_pattern, re.X))
        )
# The empty scalar is null too (its first character is none).
_BY_FIRST[""] = [("tag:yaml.org,2002:null", re.compile(r"^$"))]


class _Constructor(yaml.constructor.SafeConstructor):
    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    raise DuplicateKey(
                        "while constructing a mapping",
                        node.start_mark,
                        f"found duplicate key {key!r}",
                        key_node.start_mark,
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_bool(self, node: Any) -> bool:
        return str(self.construct_scalar(node)).lower() == "true"

    def construct_yaml_int(self, node: Any) -> int:
        text = str(self.construct_scalar(node))
        plain = text.lstrip("+-")
        if "_" in text or plain[:2] in ("0x", "0o", "0b") or len(text) > _MAX_INT_CHARACTERS:
            # Not a plain decimal a report would print: the located loader says why, by line.
            raise yaml.constructor.ConstructorError(
                None, None, f"not a plain decimal number: {text[:40]!r}", node.start_mark
            )
        sign = -1 if text.startswith("-") else 1
        return sign * int(plain)  # "012" is twelve in YAML 1.2

    def construct_yaml_float(self, node: Any) -> float:
        text = str(self.construct_scalar(node))
        if "_" in text:  # "1_0.5" is 10.5 to YAML: no figure a report prints
            raise yaml.constructor.ConstructorError(
                None, None, f"not a plain decimal number: {text[:40]!r}", node.start_mark
            )
        value: float = super().construct_yaml_float(node)
        return value


_Constructor.yaml_constructors = {
    **yaml.constructor.SafeConstructor.yaml_constructors,
    "tag:yaml.org,2002:bool": _Constructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": _Constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _Constructor.construct_yaml_float,
}


class StrictLoader(_BaseLoader, _Constructor, _Resolver):
    """libyaml's parser with the YAML 1.2 resolver and the duplicate-refusing constructor."""

    def __init__(self, stream: str) -> None:
        _BaseLoader.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The tag of a node: PyYAML's rule, without its path resolvers (snapshots use none),
        run for every scalar of an edition, so kept short."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in _BY_FIRST.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"

    # Snapshots use no path resolvers: skip PyYAML's bookkeeping of them on every node.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


# Deeper than any snapshot file needs, and shallow enough for Python's recursion limit; the
# located loader then gives the exact refusal.
_MAX_DEPTH = 64
# More characters than any figure below 10^15 needs (and far below int()'s 4,300 digits).
_MAX_INT_CHARACTERS = 40


class _Unusual(Exception):
    """A document the quick walk leaves to PyYAML's constructor (merge keys, a key that is
    a mapping, a node that contains itself)."""


def _build(node: yaml.Node, loader: StrictLoader, open_nodes: set[int]) -> Any:
    """Python data for `node`: the common shapes (mappings, sequences, strings) built
    directly, which is most of a snapshot; PyYAML's constructor does every other scalar."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        return loader.construct_object(node, deep=True)
    if id(node) in open_nodes:
        raise _Unusual
    if len(open_nodes) > _MAX_DEPTH:  # open_nodes is the path down to `node`
        raise yaml.constructor.ConstructorError(None, None, "nested too deeply", node.start_mark)
    open_nodes.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            return [_build(item, loader, open_nodes) for item in node.value]
        data: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE or not isinstance(key_node, yaml.ScalarNode):
                raise _Unusual
            key = _build(key_node, loader, open_nodes)
            if key in data:
                raise DuplicateKey(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r}",
                    key_node.start_mark,
                )
            data[key] = _build(value_node, loader, open_nodes)
        return data
    finally:
        open_nodes.discard(id(node))


# Parsed documents by their text: the files of two editions are mostly the same, and a diff
# loads both. Callers read the data and never change it. Bounded, as a long-lived process
# could load many editions.
_PARSED: dict[str, Any] = {}
_PARSED_LIMIT = 50_000


def load_fast(text: str) -> Any:
    """The YAML document in `text` as plain Python data (shared: do not modify it); raises
    yaml.YAMLError when the text is not valid YAML or repeats a key (the caller explains it
    with the located loader)."""
    if text in _PARSED:
        return _PARSED[text]
    data = _parse(text)
    if len(_PARSED) >= _PARSED_LIMIT:
        _PARSED.clear()
    _PARSED[text] = data
    return data


def forget_parsed() -> None:
    """Forget the documents this process parsed (a benchmark's cold start)."""
    _PARSED.clear()


def _parse(text: str) -> Any:
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _build(node, loader, set())
        except _Unusual:
            return loader.construct_document(node)
    finally:
        loader.dispose()
