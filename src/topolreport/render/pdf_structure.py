"""A pass over WeasyPrint's tagged PDF that finishes what PDF/UA asks and WeasyPrint does not.

WeasyPrint (70) tags the PDF from its box tree, page by page, which leaves:

- the running header and page numbers (margin boxes) marked as content, owned by structure
  elements that no path from the root reaches (WeasyPrint #1836): they become
  `/Artifact /Pagination`;
- leader dots of the contents (`leader(". ")`) as dozens of marked ". " items: they become
  layout artifacts;
- a link made of several boxes (text, ::after, the leader, a <strong> inside) as nested `Link`
  and `NonStruct` elements, each with its own annotation: one `Link` per link remains, with one
  annotation per line, and its `/Contents` is the text a reader sees (WeasyPrint writes the
  anchor's name there);
- an element split by a page break as one element per page (WeasyPrint #2903): a section,
  article or list continued on the next page is joined to its start, and so is a table whose
  caption alone was left at the foot of the page before;
- list items holding paragraphs or nested lists directly, and `TH` cells without `/Scope`.

- a paragraph a page break cuts mid-sentence as two paragraphs: it is joined too.

The content streams are read and rewritten by pdf_content.py. The elements are read once into
plain nodes, changed there, and only what changed is written back; the parent tree is rebuilt
from the final tree, so nothing stale remains.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from .pdf_content import FontMaps, PageContent, PdfObject

# The sectioning elements a page break splits; a continued part begins with no heading.
SECTIONS = {"/Part", "/Sect", "/Art", "/Div", "/NonStruct", "/BlockQuote"}
SENTENCE_ENDS = (".", ":", ";", "!", "?", ")", '"', "\u201d", "\u2019")
HEADINGS = {"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}
_LEADER = re.compile(r"[.\s\u00b7\u2026]+")


def finish_structure(data: bytes, language: str) -> bytes:
    """The PDF `data` with its structure tree finished (see the module's notes) and
    `dc:language` in its XMP metadata; the same input gives the same bytes."""
    with pikepdf.open(BytesIO(data)) as pdf:
        tree = StructureTree(pdf)
        tree.finish()
        _set_xmp_language(pdf, language)
        out = BytesIO()
        # deterministic_id: the file identifier comes from the content, not the clock.
        pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def _set_xmp_language(pdf: pikepdf.Pdf, language: str) -> None:
    # Neither the producer nor the dates are touched: the metadata stays as WeasyPrint wrote it.
    if not language:
        return
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:language"] = {language}


@dataclass
class _Page:
    """One page: its marked content, and what becomes of each MCID."""

    index: int
    obj: PdfObject
    content: PageContent
    artifacts: dict[int, bytes] = field(default_factory=dict)  # MCID -> artifact type
    renumbered: dict[int, int] = field(default_factory=dict)


@dataclass
class _Content:
    """Marked content on a page, as a kid of an element."""

    page: _Page
    mcid: int


@dataclass
class _Node:
    """A structure element, read once from the PDF and written back once: pikepdf's objects
    are slow to walk many times over."""

    obj: PdfObject
    tag: str
    page: _Page | None
    kids: list[_Node | _Content | PdfObject]  # Dictionary: an annotation's OBJR
    parent_tag: str = ""
    # What the PDF held, so that only what changed is written back (None: a new element).
    read_kids: list[Key] | None = None
    read_parent: Key | None = None

    def first_element(self) -> _Node | None:
        return next((kid for kid in self.kids if isinstance(kid, _Node)), None)

    def has(self, tag: str) -> bool:
        return any(isinstance(kid, _Node) and kid.tag == tag for kid in self.kids)


Key = tuple[int, ...]  # an MCID (page, MCID) or an object's (number, generation)


def _kids(element: PdfObject) -> list[PdfObject]:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


class StructureTree:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.root = pdf.Root.StructTreeRoot
        self.maps: FontMaps = {}
        self.pages: list[_Page] = []
        for index, page in enumerate(pdf.pages):
            self.pages.append(_Page(index, page.obj, PageContent(page.obj, self.maps)))
        self.page_of = {page.obj.objgen: page for page in self.pages}
        self.top = [
            self._read(kid, "", self.root.objgen) for kid in _kids(self.root) if "/S" in kid
        ]

    def _read(self, element: PdfObject, parent_tag: str, parent: Key) -> _Node:
        page_obj = element.get("/Pg")
        page = None if page_obj is None else self.page_of.get(page_obj.objgen)
        tag = str(element.S)
        node = _Node(element, tag, page, [], parent_tag, [], parent)
        read_kids: list[Key] = []
        for kid in _kids(element):
            if isinstance(kid, int):
                if page is not None:
                    node.kids.append(_Content(page, int(kid)))
                    read_kids.append((page.index, int(kid)))
            elif "/S" in kid:
                node.kids.append(self._read(kid, tag, element.objgen))
                read_kids.append(kid.objgen)
            elif kid.get("/Type") == "/MCR":
                kid_page = self.page_of.get(kid.get("/Pg", page_obj).objgen)
                if kid_page is not None:
                    node.kids.append(_Content(kid_page, int(kid.MCID)))
                    read_kids.append((-1, kid_page.index, int(kid.MCID)))
            else:
                node.kids.append(kid)
                read_kids.append(kid.objgen)
        node.read_kids = read_kids
        return node

    def elements(self) -> list[_Node]:
        """Every element, parents before children, in reading order."""
        found: list[_Node] = []
        stack = list(reversed(self.top))
        while stack:
            node = stack.pop()
            found.append(node)
            stack += [kid for kid in reversed(node.kids) if isinstance(kid, _Node)]
        return found

    def text(self, node: _Node) -> str:
        """The text under an element, in reading order, whitespace collapsed."""
        parts = [
            kid.page.content.text(kid.mcid)
            if isinstance(kid, _Content)
            else self.text(kid)
            if isinstance(kid, _Node)
            else ""
            for kid in node.kids
        ]
        return " ".join(" ".join(parts).split())

    # -- the pass --------------------------------------------------------------------------

    def finish(self) -> None:
        self._mark_artifacts()
        for node in self.top:
            self._flatten_links(node)
        self.top = self._join_split(self.top)
        for node in self.elements():
            if node.tag == "/L":
                self._tidy_list(node)
            elif node.tag == "/LI":
                self._tidy_list_item(node)
            elif node.tag == "/TH":
                self._scope_header(node)
        self._renumber_and_rewrite()
        self._write_back()

    def _mark_artifacts(self) -> None:
        """Content no element of the tree reaches is pagination (the margin boxes); leader
        dots in links and spaces between inline list items are layout."""
        reached: set[tuple[int, int]] = set()
        for node in self.elements():
            for kid in node.kids:
                if isinstance(kid, _Content):
                    reached.add((kid.page.index, kid.mcid))
                    if self._is_layout(node, kid):
                        kid.page.artifacts[kid.mcid] = b"/Layout"
        for page in self.pages:
            for mcid in page.content.sequences:
                if (page.index, mcid) not in reached:
                    page.artifacts[mcid] = b"/Pagination"
        self.top = [node for node in self.top if not self._prune(node)]

    def _is_layout(self, node: _Node, kid: _Content) -> bool:
        if node.tag == "/Link":
            return bool(_LEADER.fullmatch(kid.page.content.text(kid.mcid)))
        if node.tag == "/Span" and node.parent_tag == "/L":
            return not kid.page.content.text(kid.mcid).strip()
        return False

    def _prune(self, node: _Node) -> bool:
        """Drop artifacts and elements left empty; True when `node` itself is empty."""
        kept: list[_Node | _Content | PdfObject] = []
        for kid in node.kids:
            if isinstance(kid, _Content) and kid.mcid in kid.page.artifacts:
                continue
            if isinstance(kid, _Node) and self._prune(kid):
                continue
            kept.append(kid)
        node.kids = kept
        return not kept

    def _flatten_links(self, node: _Node) -> None:
        """Each Link holds its marked content and annotations directly, one annotation per
        line, and its /Contents says what the reader sees."""
        for kid in node.kids:
            if not isinstance(kid, _Node):
                continue
            if kid.tag != "/Link":
                self._flatten_links(kid)
                continue
            content: list[_Node | _Content | PdfObject] = []
            references: list[PdfObject] = []
            _gather_link(kid, content, references)
            kept = _merge_annotations_per_line(references)
            kid.kids = content + list(kept)
            text = self.text(kid)
            if text:
                for reference in kept:
                    reference.Obj.Contents = pikepdf.String(text)

    def _join_split(self, nodes: list[Any]) -> list[Any]:
        """Join each element a page break split to its part before the break."""
        joined: list[_Node | _Content | PdfObject] = []
        for kid in nodes:
            previous = joined[-1] if joined else None
            if (
                isinstance(kid, _Node)
                and isinstance(previous, _Node)
                and _continues(previous, kid, self.text)
            ):
                previous.kids += kid.kids
                continue
            joined.append(kid)
        for kid in joined:
            if isinstance(kid, _Node):
                kid.kids = self._join_split(kid.kids)
        return joined

    def _tidy_list(self, node: _Node) -> None:
        """A list holds list items only: a nested list goes into the item before it, any
        other child into an item of its own."""
        kept: list[_Node | _Content | PdfObject] = []
        for kid in node.kids:
            previous = kept[-1] if kept else None
            if isinstance(kid, _Node) and kid.tag in ("/LI", "/Caption"):
                kept.append(kid)
            elif isinstance(kid, _Node) and kid.tag == "/L" and isinstance(previous, _Node):
                self._tidy_list_item(previous)
                previous.kids[-1].kids.append(kid)  # type: ignore[union-attr]
            else:
                item = self._new("/LI", node.page, [kid])
                self._tidy_list_item(item)
                kept.append(item)
        node.kids = kept

    def _tidy_list_item(self, node: _Node) -> None:
        """A list item holds a label and then one body: anything else goes into the body."""
        labels = [k for k in node.kids if isinstance(k, _Node) and k.tag == "/Lbl"]
        rest = [k for k in node.kids if k not in labels]
        if len(rest) == 1 and isinstance(rest[0], _Node) and rest[0].tag == "/LBody":
            return
        body = next((k for k in rest if isinstance(k, _Node) and k.tag == "/LBody"), None)
        if body is None:
            body = self._new("/LBody", node.page, [])
        content: list[_Node | _Content | PdfObject] = []
        for kid in rest:
            if isinstance(kid, _Node) and kid.tag == "/LBody":
                content += kid.kids
            else:
                content.append(kid)
        body.kids = content
        node.kids = [*labels, body]

    def _new(self, tag: str, page: _Page | None, kids: list[Any]) -> _Node:
        element = Dictionary(Type=Name.StructElem, S=Name(tag))
        if page is not None:
            element.Pg = page.obj
        return _Node(self.pdf.make_indirect(element), tag, page, kids)

    def _scope_header(self, node: _Node) -> None:
        """A header in the table's head heads its column; one in the body heads its row."""
        row = node.obj.get("/P")
        group = row.get("/P") if isinstance(row, Dictionary) else None
        in_head = isinstance(group, Dictionary) and group.get("/S") == "/THead"
        scope = Name.Column if in_head else Name.Row
        attributes = node.obj.get("/A")
        if isinstance(attributes, Dictionary) and attributes.get("/O") == "/Table":
            attributes.Scope = scope
        else:
            table = Dictionary(O=Name.Table, Scope=scope)
            node.obj.A = table if attributes is None else Array([*list(attributes), table])

    def _renumber_and_rewrite(self) -> None:
        """Number each page's remaining marked content from 0, in the order it had, and
        rewrite the content streams: artifacts lose their MCID, the rest take their new one."""
        kept: list[set[int]] = [set() for _ in self.pages]
        for node in self.elements():
            for kid in node.kids:
                if isinstance(kid, _Content):
                    kept[kid.page.index].add(kid.mcid)
        for page in self.pages:
            page.renumbered = {old: new for new, old in enumerate(sorted(kept[page.index]))}
            unchanged = all(old == new for old, new in page.renumbered.items())
            if unchanged and len(page.renumbered) == len(page.content.sequences):
                continue
            page.content.rewrite(page.artifacts, page.renumbered)

    def _write_back(self) -> None:
        """Write every element's kids and parent, and the parent tree, from the nodes."""
        per_page: list[dict[int, PdfObject]] = [{} for _ in self.pages]
        annotations: list[tuple[PdfObject, PdfObject]] = []

        def write(node: _Node, parent: PdfObject) -> None:
            if node.read_parent != parent.objgen:
                node.obj.P = parent
            written: list[PdfObject] = []
            keys: list[Key] = []
            for kid in node.kids:
                if isinstance(kid, _Node):
                    write(kid, node.obj)
                    written.append(kid.obj)
                    keys.append(kid.obj.objgen)
                elif isinstance(kid, _Content):
                    mcid = kid.page.renumbered[kid.mcid]
                    per_page[kid.page.index][mcid] = node.obj
                    if node.page is not None and kid.page.index == node.page.index:
                        written.append(mcid)
                        keys.append((kid.page.index, mcid))
                    else:
                        written.append(Dictionary(Type=Name.MCR, Pg=kid.page.obj, MCID=mcid))
                        keys.append((-1, kid.page.index, mcid))
                else:
                    annotations.append((kid.Obj, node.obj))
                    written.append(kid)
                    keys.append(kid.objgen)
            if keys != node.read_kids:
                node.obj.K = Array(written)

        for node in self.top:
            write(node, self.root)
        self.root.K = Array([node.obj for node in self.top])
        nums: list[PdfObject] = []
        for index, owned in enumerate(per_page):
            nums += [index, Array([owned[mcid] for mcid in sorted(owned)])]
        key = len(self.pages)
        for annotation, element in annotations:
            annotation.StructParent = key
            nums += [key, element]
            key += 1
        held = {annotation.objgen for annotation, _ in annotations}
        for page in self.pages:  # drop the annotations merged into others
            if "/Annots" in page.obj:
                page.obj.Annots = Array(
                    [a for a in page.obj.Annots if a.objgen in held or a.get("/Subtype") != "/Link"]
                )
        self.root.ParentTree = self.pdf.make_indirect(Dictionary(Nums=Array(nums)))
        self.root.ParentTreeNextKey = key


def _gather_link(
    node: _Node, content: list[_Node | _Content | PdfObject], references: list[PdfObject]
) -> None:
    for kid in node.kids:
        if isinstance(kid, _Node):
            _gather_link(kid, content, references)
        elif isinstance(kid, _Content):
            content.append(kid)
        else:
            references.append(kid)


def _continues(before: _Node, after: _Node, text: Callable[[_Node], str]) -> bool:
    """Whether `after` is the part of `before` that a page break carried to the next page:
    the same kind of element, starting on a later page, and (for a section) not opening
    with a heading of its own, (for a list item) with no label of its own, or (for a
    paragraph) following one that stops mid-sentence."""
    if before.tag != after.tag or before.page is None or after.page is None:
        return False
    if after.page.index <= before.page.index:
        return False
    first = after.first_element()
    if before.tag in SECTIONS:
        return first is None or first.tag not in HEADINGS
    if before.tag == "/LI":  # only the first part of a split item has the bullet
        return before.has("/Lbl") and first is not None and first.tag != "/Lbl"
    if before.tag == "/P":
        before_text = text(before)
        return bool(before_text) and not before_text.endswith(SENTENCE_ENDS)
    if before.tag == "/Table":  # a repeated head makes the next part a table of its own,
        # unless all the first part holds is the caption, left at the foot of the page
        captioned = all(isinstance(kid, _Node) and kid.tag == "/Caption" for kid in before.kids)
        return first is not None and (first.tag != "/THead" or (bool(before.kids) and captioned))
    return before.tag in ("/L", "/TBody")


def _merge_annotations_per_line(references: list[PdfObject]) -> list[PdfObject]:
    """One annotation per line of a link: those of the boxes on one line (the text, its
    ::after, a <strong> inside) become one covering them all. Takes and gives the object
    references (OBJR) of the annotations."""
    kept: list[PdfObject] = []
    for reference in references:
        annotation = reference.Obj
        x1, y1, x2, y2 = (float(v) for v in annotation.Rect)
        for other_reference in kept:
            other = other_reference.Obj
            a1, b1, a2, b2 = (float(v) for v in other.Rect)
            same_target = _target(other) == _target(annotation)
            same_page = other_reference.get("/Pg") == reference.get("/Pg")
            same_line = min(y1, y2) < max(b1, b2) and min(b1, b2) < max(y1, y2)
            if same_target and same_page and same_line:
                other.Rect = Array([min(x1, a1), min(y1, b1), max(x2, a2), max(y2, b2)])
                break
        else:
            kept.append(reference)
    return kept


def _target(annotation: PdfObject) -> str:
    action = annotation.get("/A")
    uri = action.get("/URI") if isinstance(action, Dictionary) else None
    return f"{annotation.get('/Dest')}|{uri}"
