"""Bookmarks: names Word accepts, unique within the document, and their start and end marks."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from .xml import element

# Word refuses longer names, and compares names without regard to case.
MAX_LENGTH = 40


def bookmark_name(anchor: str) -> str:
    """Word bookmark for an anchor: letters, digits and "_" only, at most 40 characters,
    starting with a letter. Two anchors may give one name: `BookmarkNames` tells them apart."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", anchor)
    return (name if name[:1].isalpha() else "b_" + name)[:MAX_LENGTH]


class BookmarkNames:
    """Anchor -> bookmark name, each name unique. The first anchor to want a name gets it; a
    later one whose name is taken (long anchors cut at 40 characters alike) gets it with a
    number ("…_2"), cut shorter to stay within 40 characters."""

    def __init__(self, anchors: Iterable[str] = ()) -> None:
        self._names: dict[str, str] = {}
        self._taken: set[str] = set()
        for anchor in anchors:
            self.add(anchor)

    def add(self, anchor: str) -> str:
        """The name of `anchor`, given one if it has none yet."""
        if anchor in self._names:
            return self._names[anchor]
        base = bookmark_name(anchor)
        name, number = base, 1
        while name.casefold() in self._taken:
            number += 1
            suffix = f"_{number}"
            name = base[: MAX_LENGTH - len(suffix)] + suffix
        self._names[anchor] = name
        self._taken.add(name.casefold())
        return name

    def __contains__(self, anchor: object) -> bool:
        return anchor in self._names

    def __getitem__(self, anchor: str) -> str:
        return self._names[anchor]


def bookmark_start(ident: int, name: str) -> etree._Element:
    return element("w:bookmarkStart", id=str(ident), name=name)


def bookmark_end(ident: int) -> etree._Element:
    return element("w:bookmarkEnd", id=str(ident))


class Bookmarks:
    """Bookmarks of one document: names from `names`, ids 1, 2, 3 … in the order made."""

    def __init__(self, names: BookmarkNames) -> None:
        self.names = names
        self.last_id = 0

    def around(
        self, paragraph: etree._Element, anchor: str, content: Iterable[etree._Element]
    ) -> None:
        """Append `content` to `paragraph` inside the bookmark of `anchor`."""
        self.last_id += 1
        paragraph.append(bookmark_start(self.last_id, self.names[anchor]))
        paragraph.extend(content)
        paragraph.append(bookmark_end(self.last_id))
