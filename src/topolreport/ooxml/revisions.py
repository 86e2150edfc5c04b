"""Tracked changes.

- Inserted runs sit in `w:ins`, deleted runs in `w:del` with their text in `w:delText`.
- A paragraph inserted or deleted as a whole also has its paragraph mark marked
  (`w:pPr/w:rPr/w:ins` or `w:del`), so rejecting (or accepting) the change removes the
  paragraph rather than leaving an empty one.
- A paragraph whose properties changed keeps the old ones in `w:pPrChange`.

Every revision carries one author and one date, so the same inputs give the same XML. Their
`w:id`s are numbered once the document is complete (`number_revisions`), in document order,
after the ids bookmarks and comments use.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from docx.oxml.ns import qn
from lxml import etree

from .properties import (
    PARAGRAPH_MARK_ORDER,
    PPR_ORDER,
    paragraph_mark_properties,
    paragraph_properties,
)
from .xml import element, insert_in_order

REVISION_TAGS = ("w:ins", "w:del", "w:pPrChange")


def word_date(when: datetime) -> str:
    """ "2024-02-01T00:00:00Z": the form Word writes in w:date."""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


class Revisions:
    """Makes revision markup for one author and date."""

    def __init__(self, author: str, when: datetime) -> None:
        self.author = author
        self.date = word_date(when)

    def mark(self, tag: str) -> etree._Element:
        """An empty revision element (w:ins, w:del, w:pPrChange) by this author, this date."""
        # The id is numbered by `number_revisions`.
        return element(tag, **{"w:id": "0", "w:author": self.author, "w:date": self.date})

    def inserted(self, runs: Iterable[etree._Element]) -> etree._Element:
        wrapper = self.mark("w:ins")
        wrapper.extend(runs)
        return wrapper

    def deleted(self, runs: Iterable[etree._Element]) -> etree._Element:
        wrapper = self.mark("w:del")
        for run in runs:
            for text in run.iter(qn("w:t")):
                text.tag = qn("w:delText")
            wrapper.append(run)
        return wrapper

    def mark_paragraph(self, paragraph: etree._Element, change: str) -> None:
        """Mark `paragraph` as inserted or deleted as a whole: its paragraph mark, and the
        marks of the comments on it (so that rejecting an inserted paragraph, or accepting a
        deleted one, takes its comments away with it). Its text must be marked already."""
        tag = "w:ins" if change == "insert" else "w:del"
        for reference in paragraph.findall(f"{qn('w:r')}[{qn('w:commentReference')}]"):
            wrapper = self.mark(tag)
            reference.addprevious(wrapper)
            wrapper.append(reference)
        insert_in_order(paragraph_mark_properties(paragraph), self.mark(tag), PARAGRAPH_MARK_ORDER)

    def property_change(self, paragraph: etree._Element, old: etree._Element) -> None:
        """Record that `paragraph`'s properties were `old` (a w:pPr) before this edition."""
        change = self.mark("w:pPrChange")
        former = element("w:pPr")
        # The former properties hold no paragraph mark, section or change of their own.
        former.extend(child for child in old if child.tag != qn("w:rPr"))
        change.append(former)
        insert_in_order(paragraph_properties(paragraph), change, PPR_ORDER)


def number_revisions(body: etree._Element, first: int) -> int:
    """Number the revisions under `body` from `first`, in document order; the next free id."""
    number = first
    tags = {qn(tag) for tag in REVISION_TAGS}
    for found in body.iter(*tags):
        found.set(qn("w:id"), str(number))
        number += 1
    return number


def largest_id(body: etree._Element, tags: Iterable[str]) -> int:
    """The largest w:id among `tags` (bookmarks, comment ranges) under `body`, -1 if none."""
    ids = [int(found.get(qn("w:id"), "-1")) for found in body.iter(*(qn(tag) for tag in tags))]
    return max(ids, default=-1)
