"""Narrative Markdown -> blocks of paragraphs and lists made of inline runs.

The three renderers (Word, PDF, HTML) only ever see these blocks, never Markdown or HTML, so
what a narrative can express is decided here once:

- paragraphs, bullet and numbered lists (nested), emphasis and strong emphasis;
- external links to http(s) and mailto targets only;
- internal links, to an anchor of the report ("#rec-p2") or from a cross-reference ("See P2");
- everything else is text: raw HTML is not parsed (a "<script>" is shown as written), an image
  shows its alt text and is never fetched, and a link whose target is "#", empty, relative or of
  another scheme ("javascript:", "file:") shows its label as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from ..crossrefs import find_crossrefs

# The parser is imported when Markdown is read, not with the blocks: a process may hold
# blocks, or Markdown still to read (viewmodel.Prose), without it.
if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

EXTERNAL_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True)
class Text:
    kind: ClassVar[str] = "text"  # lets templates tell the kinds apart

    text: str
    strong: bool = False
    emphasis: bool = False


@dataclass(frozen=True)
class Link:
    """A link: `target` is a URL when external, an anchor id (no "#") when internal."""

    kind: ClassVar[str] = "link"

    target: str
    internal: bool
    runs: tuple[Text, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


Inline = Text | Link


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"

    runs: tuple[Inline, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class ListBlock:
    kind: ClassVar[str] = "list"

    ordered: bool
    items: tuple[tuple[Block, ...], ...]


Block = Paragraph | ListBlock


@dataclass(frozen=True)
class Heading:
    """A subheading inside a section (a panel in the changes annex): a real heading, one
    level below the section's own, in every format."""

    kind: ClassVar[str] = "heading"

    text: str


SectionBlock = Block | Heading

# code as written -> anchor id of the entry it points at, or None when it points nowhere
XrefResolver = Callable[[str], str | None]


def parse_blocks(
    markdown: str,
    resolve_xref: XrefResolver | None = None,
    anchors: frozenset[str] = frozenset(),
) -> tuple[Block, ...]:
    """The blocks of `markdown`; cross-references become internal links via `resolve_xref`,
    and "#anchor" links are kept when the anchor is one of `anchors`."""
    if not markdown.strip():
        return ()
    from markdown_it.tree import SyntaxTreeNode

    from ..text import markdown_parser

    tree = SyntaxTreeNode(markdown_parser().parse(markdown))
    context = _Context(resolve_xref, anchors)
    return tuple(_blocks(tree.children, context))


@dataclass(frozen=True)
class _Context:
    resolve_xref: XrefResolver | None
    anchors: frozenset[str]


def _blocks(nodes: Iterable[SyntaxTreeNode], context: _Context) -> Iterable[Block]:
    for node in nodes:
        kind = node.type
        if kind == "paragraph":
            yield from _paragraph(node, context)
        elif kind == "heading":
            # A heading inside a narrative would break the report's outline: keep it as a
            # strong paragraph.
            for paragraph in _paragraph(node, context):
                yield Paragraph(tuple(_strong(run) for run in paragraph.runs))
        elif kind in ("bullet_list", "ordered_list"):
            items = tuple(tuple(_blocks(item.children, context)) for item in node.children)
            yield ListBlock(ordered=kind == "ordered_list", items=items)
        elif kind == "blockquote":
            yield from _blocks(node.children, context)
        elif kind in ("fence", "code_block"):
            text = node.content.strip("\n")
            if text:
                yield Paragraph((Text(text),))
        # "hr" and anything unknown carries no words: dropped.


def _strong(run: Inline) -> Inline:
    if isinstance(run, Link):
        return replace(run, runs=tuple(replace(r, strong=True) for r in run.runs))
    return replace(run, strong=True)


def _paragraph(node: SyntaxTreeNode, context: _Context) -> Iterable[Paragraph]:
    runs: list[Inline] = []
    for inline in node.children:
        runs += _inline(inline.children, context, strong=False, emphasis=False)
    runs = _link_crossrefs(_merge(runs), context)
    if runs:
        yield Paragraph(tuple(runs))


def _inline(
    nodes: Iterable[SyntaxTreeNode], context: _Context, *, strong: bool, emphasis: bool
) -> list[Inline]:
    runs: list[Inline] = []
    for node in nodes:
        kind = node.type
        if kind in ("text", "code_inline", "html_inline"):
            runs.append(Text(node.content, strong, emphasis))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Text(" ", strong, emphasis))
        elif kind == "em":
            runs += _inline(node.children, context, strong=strong, emphasis=True)
        elif kind == "strong":
            runs += _inline(node.children, context, strong=True, emphasis=emphasis)
        elif kind == "image":
            # Never fetched: the alt text stands in for the picture.
            runs += _inline(node.children, context, strong=strong, emphasis=emphasis)
        elif kind == "link":
            label = _merge(_inline(node.children, context, strong=strong, emphasis=emphasis))
            target = link_target(str(node.attrs.get("href", "")), context.anchors)
            if target is None:
                runs += label
            else:
                texts = tuple(run for run in label if isinstance(run, Text))  # no nested links
                runs.append(Link(target[0], target[1], texts))
        else:
            runs += _inline(node.children, context, strong=strong, emphasis=emphasis)
    return runs


def link_target(href: str, anchors: frozenset[str]) -> tuple[str, bool] | None:
    """(target, internal) for a link worth keeping, None for one shown as plain text."""
    href = href.strip()
    if href.startswith("#"):
        anchor = href[1:]
        return (anchor, True) if anchor in anchors else None
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme.lower() in EXTERNAL_SCHEMES and (parts.netloc or parts.scheme == "mailto"):
        return href, False
    return None


def _merge(runs: list[Inline]) -> list[Inline]:
    """Join neighbouring text runs of the same style (the parser splits text at escapes)."""
    merged: list[Inline] = []
    for run in runs:
        last = merged[-1] if merged else None
        if (
            isinstance(run, Text)
            and isinstance(last, Text)
            and (last.strong, last.emphasis) == (run.strong, run.emphasis)
        ):
            merged[-1] = Text(last.text + run.text, run.strong, run.emphasis)
        elif not (isinstance(run, Text) and not run.text):
            merged.append(run)
    return merged


def _link_crossrefs(runs: list[Inline], context: _Context) -> list[Inline]:
    """Split text runs around cross-references ("See also P2") and link each to its entry."""
    if context.resolve_xref is None:
        return runs
    linked: list[Inline] = []
    for run in runs:
        if not isinstance(run, Text):
            linked.append(run)
            continue
        position = 0
        for ref in find_crossrefs(run.text):
            anchor = context.resolve_xref(ref.code)
            if anchor is None:
                continue
            if ref.start > position:
                linked.append(replace(run, text=run.text[position : ref.start]))
            linked.append(Link(anchor, True, (replace(run, text=ref.spelling),)))
            position = ref.end
        if position < len(run.text):
            linked.append(replace(run, text=run.text[position:]))
    return linked
