"""WordprocessingML for tracked changes and comments.

- Inserted runs sit in `w:ins`, deleted runs in `w:del` with their text in `w:delText`.
- A paragraph inserted or deleted as a whole also has its paragraph mark marked
  (`w:pPr/w:rPr/w:ins` or `w:del`), so rejecting (or accepting) the change removes the
  paragraph rather than leaving an empty one.
- A paragraph whose style changed keeps the old properties in `w:pPrChange`.
- A comment is a `w:comment` in word/comments.xml (python-docx adds the part, its content type
  and relationship), anchored by `w:commentRangeStart` / `w:commentRangeEnd` and a run holding
  `w:commentReference`.

Every revision carries one author and one date, so the same inputs give the same XML. Their
`w:id`s are numbered once the document is complete (`number_revisions`), in document order,
after the ids bookmarks and comments use.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

REVISION_TAGS = ("w:ins", "w:del", "w:pPrChange")


def word_date(when: datetime) -> str:
    """ "2024-02-01T00:00:00Z": the form Word writes in w:date."""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def initials(name: str) -> str:
    """ "Health Education England" -> "HEE"."""
    letters = "".join(word[0] for word in name.split() if word[:1].isalnum())
    return letters.upper()[:9] or "R"


class Revisions:
    """Makes revision and comment markup for one author and date."""

    def __init__(self, author: str, when: datetime) -> None:
        self.author = author
        self.date = word_date(when)

    def _mark(self, tag: str) -> etree._Element:
        element: etree._Element = OxmlElement(tag)
        element.set(qn("w:id"), "0")  # numbered by `number_revisions`
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        return element

    def inserted(self, runs: Iterable[etree._Element]) -> etree._Element:
        wrapper = self._mark("w:ins")
        wrapper.extend(runs)
        return wrapper

    def deleted(self, runs: Iterable[etree._Element]) -> etree._Element:
        wrapper = self._mark("w:del")
        for run in runs:
            for text in run.iter(qn("w:t")):
                text.tag = qn("w:delText")
            wrapper.append(run)
        return wrapper

    def mark_paragraph(self, paragraph: etree._Element, change: str) -> None:
        """Mark `paragraph` as inserted or deleted as a whole: its paragraph mark, and the
        marks of the comments on it (so that rejecting an inserted paragraph, or accepting a
        deleted one, takes its comments away with it). Its text must be marked already."""
        for reference in paragraph.findall(f"{qn('w:r')}[{qn('w:commentReference')}]"):
            wrapper = self._mark("w:ins" if change == "insert" else "w:del")
            reference.addprevious(wrapper)
            wrapper.append(reference)
        properties = paragraph.find(qn("w:pPr"))
        if properties is None:
            properties = OxmlElement("w:pPr")
            paragraph.insert(0, properties)
        run_properties = properties.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = OxmlElement("w:rPr")
            properties.append(run_properties)  # before any sectPr / pPrChange: we add none
        run_properties.append(self._mark("w:ins" if change == "insert" else "w:del"))

    def property_change(self, paragraph: etree._Element, old: etree._Element) -> None:
        """Record that `paragraph`'s properties were `old` (a w:pPr) before this edition."""
        properties = paragraph.find(qn("w:pPr"))
        change = self._mark("w:pPrChange")
        former: etree._Element = OxmlElement("w:pPr")
        former.extend(child for child in old if child.tag != qn("w:rPr"))
        change.append(former)
        properties.append(change)  # last child of w:pPr, as the schema orders it


def comment_start(comment_id: int) -> etree._Element:
    element: etree._Element = OxmlElement("w:commentRangeStart")
    element.set(qn("w:id"), str(comment_id))
    return element


def comment_end(comment_id: int) -> list[etree._Element]:
    """The end of a comment's range and the run that shows its mark."""
    end: etree._Element = OxmlElement("w:commentRangeEnd")
    end.set(qn("w:id"), str(comment_id))
    run: etree._Element = OxmlElement("w:r")
    reference: etree._Element = OxmlElement("w:commentReference")
    reference.set(qn("w:id"), str(comment_id))
    run.append(reference)
    return [end, run]


class Comments:
    """Adds comments to word/comments.xml, numbered 0, 1, 2 … in the order they are added.

    python-docx makes the part (with its content type and relationship); the comments are
    written here because python-docx looks for a free id among all comments for each one it
    adds, which grows with the square of their number.
    """

    def __init__(self, document: Document, revisions: Revisions) -> None:
        self.document = document
        self.revisions = revisions
        self.initials = initials(revisions.author)
        self.root: etree._Element | None = None  # the part is made with the first comment
        self.next_id = 0

    def _part(self) -> etree._Element:
        if self.root is None:
            self.document.comments  # noqa: B018 -- makes the comments part when there is none
            part = self.document.part.part_related_by(RT.COMMENTS)
            assert isinstance(part, XmlPart)
            self.root = part.element
            ids = self.root.xpath("./w:comment/@w:id")
            self.next_id = 1 + max((int(i) for i in ids), default=-1)
        return self.root

    def add(self, text: str) -> int:
        """A comment saying `text`; its id, for the range markers."""
        root = self._part()
        number = self.next_id
        self.next_id += 1
        comment = _child(root, "w:comment")
        for name, value in (
            ("w:id", str(number)),
            ("w:author", self.revisions.author),
            ("w:date", self.revisions.date),
            ("w:initials", self.initials),
        ):
            comment.set(qn(name), value)
        paragraph = _child(comment, "w:p")
        _child(_child(paragraph, "w:pPr"), "w:pStyle").set(qn("w:val"), "CommentText")
        mark = _child(paragraph, "w:r")
        _child(_child(mark, "w:rPr"), "w:rStyle").set(qn("w:val"), "CommentReference")
        _child(mark, "w:annotationRef")
        words = _child(_child(paragraph, "w:r"), "w:t")
        words.text = text
        words.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return number


def _child(parent: etree._Element, tag: str) -> etree._Element:
    element: etree._Element = OxmlElement(tag)
    parent.append(element)
    return element


def number_revisions(body: etree._Element, first: int) -> int:
    """Number the revisions under `body` from `first`, in document order; the next free id."""
    number = first
    tags = {qn(tag) for tag in REVISION_TAGS}
    for element in body.iter(*tags):
        element.set(qn("w:id"), str(number))
        number += 1
    return number


def largest_id(body: etree._Element, tags: Iterable[str]) -> int:
    """The largest w:id among `tags` (bookmarks, comment ranges) under `body`, -1 if none."""
    ids = [int(element.get(qn("w:id"), "-1")) for element in body.iter(*(qn(tag) for tag in tags))]
    return max(ids, default=-1)


# Elements that follow w:trackRevisions in w:settings (ECMA-376 CT_Settings order), up to the
# ones a reference document is likely to hold.
_AFTER_TRACK_REVISIONS = (
    "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection",
    "w:autoFormatOverride", "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop",
    "w:autoHyphenation", "w:consecutiveHyphenLimit", "w:hyphenationZone",
    "w:doNotHyphenateCaps", "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle",
    "w:defaultTableStyle", "w:evenAndOddHeaders", "w:characterSpacingControl",
    "w:savePreviewPicture", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr",
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
)  # fmt: skip


def track_revisions(settings: etree._Element) -> None:
    """Turn on "Track Changes", so a reviewer's own edits are tracked too."""
    if settings.find(qn("w:trackRevisions")) is not None:
        return
    element: etree._Element = OxmlElement("w:trackRevisions")
    for tag in _AFTER_TRACK_REVISIONS:
        anchor = settings.find(qn(tag))
        if anchor is not None:
            anchor.addprevious(element)
            return
    settings.append(element)
