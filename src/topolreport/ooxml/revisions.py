"""Tracked changes.

- Inserted runs sit in `w:ins`, deleted runs in `w:del` with their text in `w:delText`.
- A paragraph inserted or deleted as a whole also has its paragraph mark marked
  (`w:pPr/w:rPr/w:ins` or `w:del`), so rejecting (or accepting) the change removes the
  paragraph rather than leaving an empty one.
- A paragraph whose properties changed keeps the old ones in `w:pPrChange`.
- Where a run of whole paragraphs is followed by a paragraph laid out differently (the last
  item of a list, the last entry of a section), the run's marks move up by one paragraph
  (`shift_paragraph_marks`): the mark before the run is tracked instead of the run's last
  one, as Word itself records pressing Enter at the end of a paragraph. Accepting or
  rejecting the change then joins the run to the paragraph before it, whose layout stays,
  rather than giving the run's first layout (a bullet, a heading) to the paragraph after it.
  Word lays the joined paragraph out by the mark that is left, the run's last: that mark gets
  the joined layout for that outcome and its own for the other, one of them as a
  `w:pPrChange`, so Word and LibreOffice agree.

Every revision carries one author and one date, so the same inputs give the same XML. Their
`w:id`s are numbered once the document is complete (`number_revisions`), in document order,
after the ids bookmarks and comments use.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import deepcopy
from datetime import datetime

from docx.oxml.ns import qn
from lxml import etree

from .properties import (
    PARAGRAPH_MARK_ORDER,
    PPR_ORDER,
    paragraph_mark_properties,
    paragraph_properties,
)
from .xml import element, insert_in_order, replace_in_order

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


def _whole_change(paragraph: etree._Element) -> str | None:
    """ "w:ins" or "w:del" when `paragraph`'s mark is tracked, else None."""
    for tag in ("w:ins", "w:del"):
        if paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn(tag)}") is not None:
            return tag
    return None


def _layout(paragraph: etree._Element) -> bytes:
    """A paragraph's own properties without its mark's run properties and changes."""
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        return b""
    kept = [c for c in properties if c.tag not in (qn("w:rPr"), qn("w:pPrChange"))]
    return b"".join(etree.tostring(c) for c in kept)


def shift_paragraph_marks(body: etree._Element) -> None:
    """Move the mark revision of each run of whole inserted (or deleted) paragraphs that a
    differently laid out paragraph follows from the run's last paragraph to the one before it
    (see the module's notes)."""
    paragraphs = [child for child in body if child.tag == qn("w:p")]
    index = 1
    while index < len(paragraphs) - 1:
        change = _whole_change(paragraphs[index])
        if change is None:
            index += 1
            continue
        end = index
        while end + 1 < len(paragraphs) and _whole_change(paragraphs[end + 1]) == change:
            end += 1
        before, first, last = paragraphs[index - 1], paragraphs[index], paragraphs[end]
        after = paragraphs[end + 1] if end + 1 < len(paragraphs) else None
        if after is not None and _whole_change(before) is None and _layout(first) != _layout(after):
            mark = paragraph_mark_properties(last).find(qn(change))
            assert mark is not None
            mark.getparent().remove(mark)
            insert_in_order(paragraph_mark_properties(before), mark, PARAGRAPH_MARK_ORDER)
            _join_layout(before, last, change, mark)
        index = end + 1


def _layout_children(paragraph: etree._Element) -> list[etree._Element]:
    properties = paragraph_properties(paragraph)
    skipped = (qn("w:rPr"), qn("w:sectPr"), qn("w:pPrChange"))
    return [child for child in properties if child.tag not in skipped]


def _join_layout(
    before: etree._Element, last: etree._Element, change: str, mark: etree._Element
) -> None:
    """Once the shifted run is accepted (a deletion) or rejected (an insertion), `before`'s
    words end at `last`'s untracked mark, and Word lays a paragraph out by its mark. So that
    mark holds the layout of `before` for that outcome and `last`'s own for the other one, as
    its current properties and a w:pPrChange (the former ones). LibreOffice keeps the first
    paragraph's layout on joining, which is `before`'s: the same result."""
    own = [deepcopy(child) for child in _layout_children(last)]
    joined = [deepcopy(child) for child in _layout_children(before)]
    if _serialised(own) == _serialised(joined):
        return
    current, former = (joined, own) if change == "w:del" else (own, joined)
    properties = paragraph_properties(last)
    for child in _layout_children(last):
        properties.remove(child)
    for child in current:
        insert_in_order(properties, child, PPR_ORDER)
    record = element(
        "w:pPrChange",
        **{"w:id": "0", "w:author": mark.get(qn("w:author")), "w:date": mark.get(qn("w:date"))},
    )
    former_properties = element("w:pPr")
    for child in former:
        insert_in_order(former_properties, child, PPR_ORDER)
    record.append(former_properties)
    replace_in_order(properties, record, PPR_ORDER)


def _serialised(children: list[etree._Element]) -> bytes:
    return b"".join(etree.tostring(child) for child in children)
