"""The report as a Word document, built on templates/reference.docx.

Only the reference document's styles are used (Title, Heading 1-3, Normal, List Bullet,
Report Table, Header, Footer, Hyperlink, toc 1-3 …), so a team rebrands the output by editing
those styles in Word. Headings carry bookmarks named after the view's anchors; contents entries
and cross-references are hyperlinks to them. The contents is a real TOC field that Word
refreshes (with page numbers) when the document is opened, pre-filled with the headings so it
reads well before that. The bytes are the same on every build: fixed dates in the core
properties and in the zip entries.

`Writer` lays the view out top to bottom; a subclass can add a section after the contents
(`after_contents`) or lay out the progress section differently (`progress`): the review copy
with tracked changes (review.py) does both.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm
from docx.table import _Cell
from lxml import etree

from ..stable_zip import stable_zip
from .chartdata import KeyFigure, Trend
from .narrative import Block, Link, ListBlock, Paragraph, Text
from .templates import REFERENCE_DOCX, Templates
from .viewmodel import ContentsItem, ReportView, Section

TOC_INSTRUCTION = ' TOC \\o "1-3" \\h \\z \\u '
# Characters XML 1.0 cannot carry (a narrative pasted from elsewhere may hold them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
)  # fmt: skip


def bookmark_name(anchor: str) -> str:
    """Word bookmark for an anchor: letters, digits and "_" only, at most 40 characters."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", anchor)
    return (name if name[:1].isalpha() else "b_" + name)[:40]


@dataclass(frozen=True)
class Line:
    """One paragraph of a narrative as Word lays it out: its style, and for the first paragraph
    of an item of a numbered list, which list (numbering restarts with each list)."""

    style: str
    paragraph: Paragraph
    numbered_list: int | None = None  # the list's number within its narrative


def narrative_lines(blocks: Iterable[Block]) -> list[Line]:
    """The paragraphs of a narrative in order, list items styled by kind and depth."""
    lines: list[Line] = []
    lists = itertools.count()

    def walk_list(block: ListBlock, depth: int) -> None:
        level = " 2" if depth > 1 else ""
        style = ("List Number" if block.ordered else "List Bullet") + level
        number = next(lists) if block.ordered else None
        for item in block.items:
            first = True
            for part in item:
                if isinstance(part, ListBlock):
                    walk_list(part, depth + 1)
                    continue
                if first:
                    lines.append(Line(style, part, number))
                else:
                    lines.append(Line("List Continue" + level, part))
                first = False

    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(Line("Normal", block))
        else:
            walk_list(block, 1)
    return lines


def render_docx(
    view: ReportView, templates: Templates, writer: WriterFactory | None = None
) -> bytes:
    """The Word document of `view`; `writer` makes a `Writer` (or subclass) to lay it out."""
    document = docx.Document(str(templates.path(REFERENCE_DOCX)))
    laid_out = (writer or Writer)(document, view)
    laid_out.fonts = templates.folder / "fonts"
    laid_out.key_figures = templates.key_figures()
    laid_out.write()
    buffer = io.BytesIO()
    document.save(buffer)
    # python-docx dates zip entries with the current time: give them the document's date.
    return stable_zip(buffer.getvalue(), view.created)


def describe_picture(paragraph: etree._Element, alt: str) -> None:
    """Give the pictures in `paragraph` their alt text (wp:docPr/@descr), which Word and
    screen readers read; python-docx's API has no setter for it."""
    for properties in paragraph.iter(qn("wp:docPr")):
        properties.set("descr", alt)


def _element(tag: str, **attrs: str) -> etree._Element:
    element: etree._Element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(key if ":" in key else f"w:{key}"), value)
    return element


class Writer:
    """Appends the report to the reference document's (emptied) body."""

    def __init__(self, document: Document, view: ReportView) -> None:
        self.document = document
        self.view = view
        self.body = document.element.body
        self.part = document.part
        self.bookmark_id = 0
        self.bookmarks = {anchor: bookmark_name(anchor) for anchor in sorted(view.anchors())}
        self.style_ids = {style.name: style.style_id for style in document.styles}
        self.fonts: Path | None = None  # the templates' fonts, for charts
        self.key_figures = False  # the templates' layout.yaml switches the table on

    # -- the document, top to bottom ---------------------------------------------------------

    def write(self) -> None:
        self._empty_body()
        view = self.view
        self._cover()
        self._contents()
        self.after_contents()
        if view.foreword is not None:
            self._heading(view.foreword.heading, 1, view.foreword.anchor)
            self._blocks(view.foreword.blocks)
            if view.foreword.signatory is not None:
                self._signatory(view.foreword.signatory.lines)
        self._heading(view.progress_heading, 1, view.progress_anchor)
        self.progress()
        if view.summary is not None:
            self._section(view.summary)
        if view.abbreviations:
            self._heading(view.abbreviations_heading, 1, view.abbreviations_anchor)
            self._abbreviations(view.abbreviations)
        for annex in view.annexes:
            self._section(annex)
        self._colophon()
        self._header_footer()
        self._settings()
        self._core_properties()

    # -- hooks for subclasses ------------------------------------------------------------------

    def after_contents(self) -> None:
        """Called after the contents, before the foreword: nothing is added by default."""

    def progress(self) -> None:
        """The progress section below its heading: per panel a heading, per recommendation
        its heading and narrative."""
        for panel in self.view.panels:
            self._heading(panel.heading, 2, panel.anchor)
            for rec in panel.recommendations:
                self._recommendation_heading(rec.code, rec.text, rec.anchor)
                self._blocks(rec.blocks)
                if self.key_figures and rec.key_figures:
                    self._key_figures(rec.key_figures)
                for trend in rec.trends:
                    self._chart(trend)

    # -- the parts ---------------------------------------------------------------------------

    def _empty_body(self) -> None:
        # The reference document shows its styles on sample pages: keep only its page setup.
        for child in list(self.body):
            if child.tag != qn("w:sectPr"):
                self.body.remove(child)

    def _cover(self) -> None:
        view = self.view
        if view.publisher:
            self._paragraph("Cover Publisher", [Text(view.publisher)])
        self._paragraph("Title", [Text(view.title)])
        self._paragraph("Subtitle", [Text(view.date)])
        self._page_break()

    def _contents(self) -> None:
        self._paragraph("TOC Heading", [Text("Contents")])
        entries = list(_flatten(self.view.contents()))
        paragraphs = []
        for item in entries:
            paragraph = self._new_paragraph(f"toc {item.level}")
            link = self._hyperlink_element(item.anchor, internal=True)
            link.append(self._run(item.title))
            paragraph.append(link)
            paragraphs.append(paragraph)
        # The TOC field wraps the pre-filled entries: begin and separate open the first one,
        # end closes the last one (Word's own layout of a generated table of contents). The
        # entries carry no page numbers: only Word knows them, and it adds them on opening.
        first, last = paragraphs[0], paragraphs[-1]
        begin = [
            self._field_char("begin", dirty=True),
            self._instruction(TOC_INSTRUCTION),
            self._field_char("separate"),
        ]
        position = 1  # after pPr
        for run in begin:
            first.insert(position, run)
            position += 1
        last.append(self._field_char("end"))

    def _section(self, section: Section) -> None:
        self._heading(section.heading, 1, section.anchor)
        self._blocks(section.blocks)

    def _signatory(self, lines: tuple[str, ...]) -> None:
        paragraph = self._new_paragraph("Signatory")
        for i, line in enumerate(lines):
            if i:
                paragraph.append(self._break())
            paragraph.append(self._run(line, bold=i == 0))

    def _key_figures(self, rows: tuple[KeyFigure, ...]) -> None:
        titles = ("Figure", "Value", "As of", "Change since the last edition")
        cells = tuple((r.label, r.value, r.as_of, r.change) for r in rows)
        self._table(titles, cells, (Mm(70), Mm(40), Mm(28), Mm(28)))

    def _chart(self, trend: Trend) -> None:
        """A trend as a picture Word shows, its alt text from the data, and a data table."""
        from .charts import chart_png

        assert self.fonts is not None
        self.document.add_picture(io.BytesIO(chart_png(trend, self.fonts)), width=Mm(150))
        describe_picture(self.document.paragraphs[-1]._p, trend.alt)
        unit = trend.unit[:1].upper() + trend.unit[1:]
        self._table(("Edition", unit), tuple(trend.rows()), (Mm(50), Mm(100)))

    def _abbreviations(self, rows: tuple[tuple[str, str], ...]) -> None:
        self._table(("Abbreviation", "Meaning"), rows, (Mm(32), Mm(134)))

    def _table(
        self,
        titles: tuple[str, ...],
        rows: tuple[tuple[str, ...], ...],
        widths: tuple[Length, ...],
    ) -> None:
        """A Report Table: a header row, then the rows, the first column bold."""
        document = self.document
        table = document.add_table(rows=len(rows) + 1, cols=len(titles), style="Report Table")
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the grid, which LibreOffice reads; Word reads the cells
        header = table.rows[0]
        for i, title in enumerate(titles):
            self._cell(header.cells[i], title, "Table Heading", widths[i])
        # The header row repeats on each page and tells readers of assistive tools what the
        # columns hold.
        header._tr.get_or_add_trPr().append(_element("w:tblHeader"))
        for row, values in zip(table.rows[1:], rows, strict=True):
            for i, value in enumerate(values):
                self._cell(row.cells[i], value, "Table Text", widths[i], bold=i == 0)
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is not None:
            table._tbl.tblPr.remove(look)
        table._tbl.tblPr.append(
            _element(
                "w:tblLook",
                val="04A0",
                firstRow="1",
                lastRow="0",
                firstColumn="1",
                lastColumn="0",
                noHBand="0",
                noVBand="1",
            )
        )

    def _cell(self, cell: _Cell, text: str, style: str, width: Length, bold: bool = False) -> None:
        cell.width = width
        paragraph = cell.paragraphs[0]._p
        paragraph.append(self._paragraph_properties(style))
        paragraph.append(self._run(text, bold=bold))

    def _colophon(self) -> None:
        view = self.view
        paragraph = self._new_paragraph("Colophon")
        paragraph.append(self._page_break_run())
        published = f"Published by {view.publisher}, {view.date}" if view.publisher else view.date
        paragraph.append(self._run(view.title))
        paragraph.append(self._break())
        paragraph.append(self._run(published))
        if view.licence:
            self._paragraph("Colophon", [Text(view.licence)])

    def _header_footer(self) -> None:
        section = self.document.sections[0]
        section.different_first_page_header_footer = True  # no header on the cover
        header = section.header.paragraphs[0]
        header.style = self.document.styles["Header"]
        header._p.append(self._run(self.view.title))
        footer = section.footer.paragraphs[0]
        footer.style = self.document.styles["Footer"]
        for run in self._field(" PAGE ", "1"):
            footer._p.append(run)

    def _settings(self) -> None:
        # Ask Word to refresh fields (the contents' page numbers) when the file is opened.
        settings = self.document.settings.element
        for old in settings.findall(qn("w:updateFields")):
            settings.remove(old)
        update = _element("w:updateFields", val="true")
        for tag in _SETTINGS_AFTER_UPDATE_FIELDS:
            anchor = settings.find(qn(tag))
            if anchor is not None:
                anchor.addprevious(update)
                break
        else:
            settings.append(update)

    def _core_properties(self) -> None:
        view = self.view
        props = self.document.core_properties
        props.title = view.title
        props.subject = f"{view.title}, {view.date}"
        props.language = view.language
        props.author = view.publisher
        props.last_modified_by = view.publisher
        props.identifier = view.edition_id
        props.created = props.modified = props.last_printed = view.created.replace(tzinfo=None)
        props.revision = 1

    # -- blocks --------------------------------------------------------------------------

    def _blocks(self, blocks: Iterable[Block]) -> None:
        numbering: dict[int, int | None] = {}
        for line in narrative_lines(blocks):
            paragraph = self._paragraph(line.style, line.paragraph.runs)
            if line.numbered_list is not None:
                if line.numbered_list not in numbering:
                    numbering[line.numbered_list] = self._restarted_numbering(line.style)
                self._number(paragraph, numbering[line.numbered_list])

    def _number(self, paragraph: etree._Element, num_id: int | None) -> None:
        """Make `paragraph` an item of numbering instance `num_id` (None: the style's own)."""
        if num_id is None:
            return
        numbering = _element("w:numPr")
        numbering.append(_element("w:ilvl", val="0"))
        numbering.append(_element("w:numId", val=str(num_id)))
        paragraph.find(qn("w:pPr")).append(numbering)

    def _restarted_numbering(self, style: str) -> int | None:
        """A numbering instance of `style`'s list restarting at 1, so each numbered list
        counts from 1 rather than continuing the previous one."""
        style_element = self.document.styles[style].element
        num_id = style_element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is None:
            return None
        numbering = self.part.numbering_part.element
        num = numbering.num_having_numId(int(num_id.get(qn("w:val"))))
        fresh = numbering.add_num(num.abstractNumId.val)
        fresh.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(fresh.numId)

    # -- paragraphs and runs -------------------------------------------------------------

    def _heading(self, text: str, level: int, anchor: str) -> None:
        paragraph = self._new_paragraph(f"Heading {level}")
        self._bookmarked(paragraph, anchor, [self._run(text)])

    def _recommendation_heading(self, code: str, text: str, anchor: str) -> None:
        paragraph = self._new_paragraph("Heading 3")
        runs = [self._run(f"{code}.", style="Recommendation Code")]
        if text:
            runs.append(self._run(f" {text}"))
        self._bookmarked(paragraph, anchor, runs)

    def _bookmarked(
        self, paragraph: etree._Element, anchor: str, runs: list[etree._Element]
    ) -> None:
        self.bookmark_id += 1
        number = str(self.bookmark_id)
        paragraph.append(_element("w:bookmarkStart", id=number, name=self.bookmarks[anchor]))
        for run in runs:
            paragraph.append(run)
        paragraph.append(_element("w:bookmarkEnd", id=number))

    def _paragraph(self, style: str, runs: Iterable[Text | Link]) -> etree._Element:
        paragraph = self._new_paragraph(style)
        for run in runs:
            if isinstance(run, Link):
                link = self._hyperlink_element(run.target, internal=run.internal)
                for part in run.runs:
                    link.append(self._run(part.text, part.strong, part.emphasis, style="Hyperlink"))
                paragraph.append(link)
            else:
                paragraph.append(self._run(run.text, run.strong, run.emphasis))
        return paragraph

    def _new_paragraph(self, style: str) -> etree._Element:
        paragraph = _element("w:p")
        paragraph.append(self._paragraph_properties(style))
        # Before the final sectPr; addprevious is O(1), where len(body) counts every child.
        self.body[-1].addprevious(paragraph)
        return paragraph

    def _paragraph_properties(self, style: str) -> etree._Element:
        properties = _element("w:pPr")
        properties.append(_element("w:pStyle", val=self.style_ids[style]))
        return properties

    def _hyperlink_element(self, target: str, *, internal: bool) -> etree._Element:
        if internal:
            return _element("w:hyperlink", anchor=self.bookmarks[target], history="1")
        rid = self.part.relate_to(target, RT.HYPERLINK, is_external=True)
        return _element("w:hyperlink", **{"r:id": rid, "w:history": "1"})

    def _run(
        self,
        text: str,
        bold: bool = False,
        italic: bool = False,
        style: str | None = None,
    ) -> etree._Element:
        run = _element("w:r")
        if bold or italic or style:
            properties = _element("w:rPr")
            if style:
                properties.append(_element("w:rStyle", val=self.style_ids[style]))
            if bold:
                properties.append(_element("w:b"))
            if italic:
                properties.append(_element("w:i"))
            run.append(properties)
        content = _element("w:t")
        content.text = _NOT_XML.sub("", text)
        content.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(content)
        return run

    def _break(self) -> etree._Element:
        run = _element("w:r")
        run.append(_element("w:br"))
        return run

    def _page_break_run(self) -> etree._Element:
        run = _element("w:r")
        run.append(_element("w:br", type="page"))
        return run

    def _page_break(self) -> None:
        paragraph = self._new_paragraph("Normal")
        paragraph.append(self._page_break_run())

    def _field_char(self, kind: str, dirty: bool = False) -> etree._Element:
        run = _element("w:r")
        attrs = {"fldCharType": kind} | ({"dirty": "true"} if dirty else {})
        run.append(_element("w:fldChar", **attrs))
        return run

    def _instruction(self, instruction: str) -> etree._Element:
        run = _element("w:r")
        text = _element("w:instrText")
        text.text = instruction
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(text)
        return run

    def _field(self, instruction: str, result: str) -> list[etree._Element]:
        runs = [
            self._field_char("begin"),
            self._instruction(instruction),
            self._field_char("separate"),
        ]
        if result:
            runs.append(self._run(result))
        runs.append(self._field_char("end"))
        return runs


# Makes the writer for a document and a view (a subclass's constructor may take more).
WriterFactory = Callable[[Document, ReportView], Writer]


def _flatten(items: Iterable[ContentsItem]) -> Iterable[ContentsItem]:
    for item in items:
        yield item
        yield from _flatten(item.children)
