"""Tracked changes in WordprocessingML (ECMA-376 part 1, 17.13.5), resolved in place.

A returned form is read as if its tracked changes were accepted (what the lead proposes) or
rejected (what they started from). `resolve_revisions` rewrites a body element so that it
holds no revision markup at all, and returns one `Revision` per change it resolved, with its
author, for the preview. Nothing is ever left half-applied: every kind of revision markup the
standard defines is either resolved or, for kinds this module does not know, reported by
`unknown_revisions` so that the caller can refuse the document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


Kind = Literal[
    "insertion",
    "deletion",
    "move",
    "paragraph inserted",
    "paragraph deleted",
    "paragraphs joined",
    "paragraph mark deleted",
    "join not made",
    "row inserted",
    "row deleted",
    "cell inserted",
    "cell deleted",
    "formatting",
]


@dataclass(frozen=True)
class Revision:
    kind: Kind
    author: str
    date: str
    text: str  # the words concerned, as plain text ("" for formatting and marks)


# Run-level content revisions: inserted/moved-to content stays on accept; deleted/moved-from
# content stays on reject.
_KEEP_ON_ACCEPT = {w("ins"), w("moveTo")}
_KEEP_ON_REJECT = {w("del"), w("moveFrom")}
# Range markers that only delimit a move or custom XML revision: always dropped.
_MARKERS = {
    w(tag)
    for tag in (
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "customXmlInsRangeStart",
        "customXmlInsRangeEnd",
        "customXmlDelRangeStart",
        "customXmlDelRangeEnd",
        "customXmlMoveFromRangeStart",
        "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd",
    )
}
# Property changes: the element holds the *old* properties.
_PROPERTY_CHANGES = {
    w(tag)
    for tag in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblPrExChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
    )
}
_DELETED_TEXT = {w("delText"): w("t"), w("delInstrText"): w("instrText")}

# Every element name the standard uses for revision markup; anything else named like one of
# these in a document is unknown to this module (see `unknown_revisions`).
KNOWN = (
    _KEEP_ON_ACCEPT
    | _KEEP_ON_REJECT
    | _MARKERS
    | _PROPERTY_CHANGES
    | {w("cellIns"), w("cellDel"), w("cellMerge")}
)


def _text(element: etree._Element, without: frozenset[str] = frozenset()) -> str:
    """The plain text under `element`, leaving out what lies in a `without` element (the words
    another author deleted from an insertion are not what it inserted)."""
    parts = []
    for node in element.iter(w("t"), w("delText"), w("tab"), w("br")):
        if without and any(a.tag in without for a in node.iterancestors() if _attached(a, element)):
            continue
        if node.tag in (w("t"), w("delText")):
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == w("tab") else "\n")
    return "".join(parts)


def _who(element: etree._Element) -> tuple[str, str]:
    return element.get(w("author"), ""), element.get(w("date"), "")


def _unwrap(element: etree._Element) -> None:
    """Replace an element by its children, keeping their place."""
    parent = element.getparent()
    assert parent is not None
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _attached(element: etree._Element, root: etree._Element) -> bool:
    node: etree._Element | None = element
    while node is not None:
        if node is root:
            return True
        node = node.getparent()
    return False


def _next_paragraph(paragraph: etree._Element) -> etree._Element | None:
    """The paragraph a paragraph would run on into, or None (a table or the end comes first)."""
    following = paragraph.getnext()
    while following is not None and following.tag != w("p"):
        if following.tag in (w("tbl"), w("sectPr")):
            return None  # a paragraph before a table keeps its mark: nothing to join it with
        following = following.getnext()
    return following


def _merge_with_next(paragraph: etree._Element) -> None:
    """Remove a paragraph's mark: its content runs on into the next paragraph, which keeps its
    own properties (as Word does when a paragraph mark is deleted)."""
    following = _next_paragraph(paragraph)
    if following is None:
        return
    content = [child for child in paragraph if child.tag != w("pPr")]
    properties = following.find(w("pPr"))
    insert_at = 0 if properties is None else following.index(properties) + 1
    for offset, child in enumerate(content):
        following.insert(insert_at + offset, child)
    _remove(paragraph)


def resolve_revisions(
    root: etree._Element,
    *,
    accept: bool = True,
    apart: Callable[[etree._Element], bool] = lambda paragraph: False,
) -> list[Revision]:
    """Accept (or reject) every tracked change under `root`, in place; the changes found.

    A paragraph for which `apart` holds (a heading, say) is never joined with its neighbour
    when a paragraph mark between them goes: the mark stays, and the change is returned as
    "join not made" for the caller to report."""
    found: list[Revision] = []
    keep = _KEEP_ON_ACCEPT if accept else _KEEP_ON_REJECT
    drop = _KEEP_ON_REJECT if accept else _KEEP_ON_ACCEPT

    # Paragraph marks and table rows first: their markers sit in property elements, which the
    # run-level pass below would otherwise take for run content.
    joins: list[etree._Element] = []
    for mark in list(root.iter(w("ins"), w("del"), w("moveFrom"), w("moveTo"))):
        holder = mark.getparent()
        if holder is None:
            continue
        author, date = _who(mark)
        inserted = mark.tag in _KEEP_ON_ACCEPT
        if holder.tag == w("rPr") and holder.getparent() is not None:
            properties = holder.getparent()
            if properties is not None and properties.tag == w("pPr"):
                paragraph = properties.getparent()
                kind: Kind = "paragraph inserted" if inserted else "paragraph deleted"
                text = ""
                if paragraph is not None and mark.tag in drop:
                    following = _next_paragraph(paragraph)
                    # What stays of the paragraph once its content's revisions are resolved.
                    text = _text(paragraph, frozenset(drop)).strip()
                    if following is None and text:
                        kind = "paragraph mark deleted"  # last in its cell: nothing to join
                    elif following is None or (not text and apart(following)):
                        pass  # emptied: nothing of it to run on into what follows
                    elif apart(paragraph) or apart(following):
                        kind = "join not made"
                    else:
                        joins.append(paragraph)
                        if text and mark.tag in _KEEP_ON_REJECT:
                            kind = "paragraphs joined"
                found.append(
                    Revision(kind, author, date, text if kind != "paragraph deleted" else "")
                )
                _remove(mark)
                continue
        if holder.tag == w("trPr"):
            row = holder.getparent()
            kind = "row inserted" if inserted else "row deleted"
            cells = [] if row is None else [_text(cell).strip() for cell in row.iter(w("tc"))]
            found.append(Revision(kind, author, date, " | ".join(c for c in cells if c)))
            _remove(mark)
            if row is not None and mark.tag in drop:
                _remove(row)
            continue
    for paragraph in joins:
        if _attached(paragraph, root):
            _merge_with_next(paragraph)

    for cell_mark in list(root.iter(w("cellIns"), w("cellDel"), w("cellMerge"))):
        properties = cell_mark.getparent()
        cell = properties.getparent() if properties is not None else None
        author, date = _who(cell_mark)
        inserted = cell_mark.tag == w("cellIns")
        found.append(Revision("cell inserted" if inserted else "cell deleted", author, date, ""))
        _remove(cell_mark)
        dropped = (cell_mark.tag == w("cellDel")) == accept and cell_mark.tag != w("cellMerge")
        if cell is not None and dropped:
            _remove(cell)

    for change in list(root.iter(*_PROPERTY_CHANGES)):
        if not _attached(change, root):
            continue
        author, date = _who(change)
        found.append(Revision("formatting", author, date, ""))
        properties = change.getparent()
        if accept or properties is None:
            _remove(change)
            continue
        old = change[0] if len(change) else None
        for child in list(properties):
            if child is not change:
                properties.remove(child)
        _remove(change)
        if old is not None:
            for child in list(old):
                properties.append(child)

    for marker in list(root.iter(*_MARKERS)):
        _remove(marker)

    for revision in list(root.iter(*(keep | drop))):
        if not _attached(revision, root):
            continue  # inside a revision already dropped
        author, date = _who(revision)
        moved = revision.tag in (w("moveFrom"), w("moveTo"))
        kind = "move" if moved else ("insertion" if revision.tag == w("ins") else "deletion")
        if not moved or revision.tag == w("moveTo"):
            kept_text = revision.tag in _KEEP_ON_ACCEPT
            without = frozenset(_KEEP_ON_REJECT if kept_text else _KEEP_ON_ACCEPT)
            found.append(Revision(kind, author, date, _text(revision, without)))
        if revision.tag in drop:
            _remove(revision)
        else:
            _unwrap(revision)

    # What stays of deleted text is text again.
    for old_tag, new_tag in _DELETED_TEXT.items():
        for node in list(root.iter(old_tag)):
            node.tag = new_tag
    return found


def unknown_revisions(root: etree._Element, names: Iterable[str] = ()) -> list[str]:
    """Names of revision-like elements this module would not resolve (after resolving)."""
    suspicious = {w("ins"), w("del"), w("moveFrom"), w("moveTo"), *names} | KNOWN
    return sorted({etree.QName(node).localname for node in root.iter(*suspicious)})
