"""Comments: each a `w:comment` in word/comments.xml (python-docx adds the part, its content
type and relationship), anchored in the text by `w:commentRangeStart` / `w:commentRangeEnd`
and a run holding `w:commentReference`."""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from lxml import etree

from .xml import child, element, set_text


def initials(name: str) -> str:
    """ "Health Education England" -> "HEE"."""
    letters = "".join(word[0] for word in name.split() if word[:1].isalnum())
    return letters.upper()[:9] or "R"


def comment_start(comment_id: int) -> etree._Element:
    return element("w:commentRangeStart", id=str(comment_id))


def comment_end(comment_id: int) -> list[etree._Element]:
    """The end of a comment's range and the run that shows its mark."""
    run = element("w:r")
    child(run, "w:commentReference", id=str(comment_id))
    return [element("w:commentRangeEnd", id=str(comment_id)), run]


class Comments:
    """Adds comments by one author on one date (a w:date as `word_date` writes it) to
    word/comments.xml, numbered 0, 1, 2 … in the order they are added.

    python-docx makes the part (with its content type and relationship); the comments are
    written here because python-docx looks for a free id among all comments for each one it
    adds, which grows with the square of their number.
    """

    def __init__(self, document: Document, author: str, date: str) -> None:
        self.document = document
        self.author = author
        self.date = date
        self.initials = initials(author)
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
        comment = child(
            root,
            "w:comment",
            id=str(number),
            author=self.author,
            date=self.date,
            initials=self.initials,
        )
        paragraph = child(comment, "w:p")
        child(child(paragraph, "w:pPr"), "w:pStyle", val="CommentText")
        mark = child(paragraph, "w:r")
        child(child(mark, "w:rPr"), "w:rStyle", val="CommentReference")
        child(mark, "w:annotationRef")
        set_text(child(child(paragraph, "w:r"), "w:t"), text)
        return number
