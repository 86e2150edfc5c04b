"""Markdown read as text: its links, its plain words, its paragraphs and bullet items.

Everything that reads the narratives' Markdown (initiatives, checks, the diff, forms,
renderers) goes through here and through one configured markdown-it parser, so that a link
is a link by one grammar, CommonMark's: nested brackets in the text, "(#)" targets, titles,
"<…>" destinations and escaped brackets all read the same way everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.backticks import backtick
from markdown_it.rules_inline.link import link as link_rule


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one Markdown parser: CommonMark without raw HTML.

    Every link target is accepted by the parser so that the decision (link or plain text) is
    the caller's, and a refused link still shows its label."""
    parser = MarkdownIt("commonmark", {"html": False})
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


# The only characters where a link, an escape or a code span can begin.
_SPECIAL_RE = re.compile(r"[\\`\[]")


@dataclass(frozen=True)
class Link:
    """An inline link `[text](url)` found at markdown[start:end] ("![alt](src)" has image set,
    and starts at its "[")."""

    text: str  # the label as written, inner markup kept
    url: str  # the destination, unescaped, "" or "#" for a link that goes nowhere
    start: int
    end: int
    image: bool = False


def links(markdown: str) -> list[Link]:
    """Every inline link and image of `markdown`, in order; code spans hold none."""
    state = StateInline(markdown, markdown_parser(), {}, [])
    found: list[Link] = []
    pos, size = 0, len(markdown)
    while pos < size:
        special = _SPECIAL_RE.search(markdown, pos)  # skip plain text at C speed
        if special is None:
            break
        pos = special.start()
        char = markdown[pos]
        if char == "\\":
            pos += 2  # an escaped "[" or "`" is a plain character
            continue
        if char == "`":
            state.pos = pos
            if backtick(state, True):
                pos = state.pos
                continue
            while pos < size and markdown[pos] == "`":
                pos += 1  # an unmatched run of backticks is plain text
            continue
        if char == "[":
            one = _link_at(state, pos)
            if one is not None:
                found.append(one)
                pos = one.end
                continue
        pos += 1
    return found


def _link_at(state: StateInline, start: int) -> Link | None:
    src = state.src
    state.pos, state.posMax = start, len(src)
    if not link_rule(state, True):  # silent: only where the link ends, no tokens
        return None
    end = state.pos
    if "\n\n" in src[start:end].replace("\r", ""):
        return None  # a blank line ends the paragraph: no link spans it
    helpers = state.md.helpers
    label_end = helpers.parseLinkLabel(state, start, True)
    pos = label_end + 2  # past "]("
    while pos < end and src[pos] in " \t\n":
        pos += 1
    destination = helpers.parseLinkDestination(src, pos, end)
    url = destination.str if destination.ok else ""
    image = start > 0 and src[start - 1] == "!" and not _escaped(src, start - 1)
    return Link(src[start + 1 : label_end], url, start, end, image)


def _escaped(src: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and src[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def unlinked(markdown: str) -> str:
    """`markdown` with each link (and image) reduced to its text; everything else as written."""
    parts: list[str] = []
    last = 0
    for one in links(markdown):
        start = one.start - 1 if one.image else one.start
        parts += [markdown[last:start], one.text]
        last = one.end
    parts.append(markdown[last:])
    return "".join(parts)


def link_texts(markdown: str) -> list[str]:
    """The text of every link (not images), stripped, in order: the names a text links to."""
    return [one.text.strip() for one in links(markdown) if not one.image and one.text.strip()]


def mask_link_targets(markdown: str) -> str:
    """`markdown` with every link's "(target)" blanked to "(   )", offsets unchanged, so that
    words and numbers are looked for in what a reader sees."""
    parts: list[str] = []
    last = 0
    for one in links(markdown):
        opening = one.start + len(one.text) + 3  # just past "]("
        parts += [markdown[last:opening], " " * (one.end - 1 - opening), ")"]
        last = one.end
    parts.append(markdown[last:])
    return "".join(parts)


# Leaf blocks carry the words; a heading, code block or rule inside a narrative is read as a
# paragraph of its own, as written.
_LEAF_BLOCKS = {"paragraph_open", "heading_open", "code_block", "fence", "html_block", "hr"}
_ITEM_MARKER_RE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")


@dataclass(frozen=True)
class TextBlock:
    """A paragraph or a list item's paragraph, as its source lines: `lines` keep their own
    spacing, and a bullet's first line has lost its marker ("- ")."""

    kind: Literal["paragraph", "bullet"]
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The block on one line, inline markup kept as written."""
        return " ".join(line.strip() for line in self.lines if line.strip())


def blocks(markdown: str) -> list[TextBlock]:
    """The paragraphs and bullet items of `markdown`, in order."""
    source = markdown.split("\n")
    found: list[TextBlock] = []
    items: list[bool] = []  # per open list item: whether its marker line is still to come
    for token in markdown_parser().parse(markdown):
        if token.type == "list_item_open":
            items.append(True)
        elif token.type == "list_item_close":
            items.pop()
        elif token.type in _LEAF_BLOCKS and token.map is not None:
            first, last = token.map
            lines = [line for line in source[first:last] if line.strip()]
            if not lines:
                continue
            if items and items[-1]:
                lines[0] = _ITEM_MARKER_RE.sub("", lines[0], count=1)
                items[-1] = False
            found.append(TextBlock("bullet" if items else "paragraph", tuple(lines)))
    return found
