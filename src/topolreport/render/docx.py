"""The report as a Word document, built on templates/reference.docx.

Only the reference document's styles are used (Title, Heading 1-3, Normal, List Bullet,
Report Table, Header, Footer, Hyperlink, toc 1-3 …), so a team rebrands the output by editing
those styles in Word. Headings carry bookmarks named after the view's anchors; contents entries
and cross-references are hyperlinks to them. The contents is written at build time in the
PDF's shape (sections, panels, each panel's codes) and has no page numbers: Word's pagination
is not known at build time, and no number is better than a wrong one. It is no field, so
nothing asks to update fields on opening and every reader sees it complete. The bytes are the
same on every build: fixed dates in the core properties and in the zip entries.

`Writer` lays the view out top to bottom through its public building methods (add_heading,
add_paragraph, add_table, add_blocks …); a `Layout` given to it adds a section after the
contents or lays out the progress section differently: the review copy with tracked changes
(review.py) does both. The WordprocessingML itself is made by the `ooxml` package.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Length, Mm
from docx.table import _Cell
from lxml import etree

from ..ooxml.bookmarks import BookmarkNames, Bookmarks
from ..ooxml.fields import complex_field
from ..ooxml.hyperlinks import external_link, internal_link
from ..ooxml.package import document_bytes
from ..ooxml.pictures import describe_picture
from ..ooxml.properties import add_paragraph_property, numbering
from ..ooxml.runs import break_run, text_run
from ..ooxml.xml import element
from .chartdata import KeyFigure, Trend
from .narrative import Block, Heading, Link, ListBlock, Paragraph, Text
from .templates import REFERENCE_DOCX, Templates
from .viewmodel import ContentsItem, ReportView, Section

CODE_SEPARATOR = ", "  # between a panel's codes in the contents


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


class Layout:
    """What a document built on the Word writer adds or lays out differently. The writer calls
    these in order; this one adds nothing and lays the progress section out as the view has it.
    """

    def start(self, writer: Writer) -> None:
        """Before anything is written (the writer's bookmarks can take more anchors)."""

    def after_contents(self, writer: Writer) -> None:
        """After the contents, before the foreword."""

    def progress(self, writer: Writer) -> None:
        """The progress section below its heading."""
        writer.add_progress()

    def finish(self, writer: Writer) -> None:
        """Once the document and its settings are complete."""


def render_docx(
    view: ReportView,
    templates: Templates,
    layout: Layout | None = None,
    *,
    key_figures: bool | None = None,
) -> bytes:
    """The Word document of `view`, laid out by `layout` (default: `Layout()`), with key
    figures tables where `key_figures` (default: as the templates' layout.yaml says)."""
    document = docx.Document(io.BytesIO(templates.read_bytes(REFERENCE_DOCX)))
    writer = Writer(document, view, layout)
    writer.fonts = templates.folder / "fonts"
    writer.key_figures = templates.key_figures() if key_figures is None else key_figures
    writer.write()
    # python-docx would date the zip entries with the current time: give them the document's.
    return document_bytes(document, view.created)


def render_sent_docx(view: ReportView, templates: Templates, key_figures: bool) -> bytes:
    """The job of a Word build's worker process (render/worker.py): a view detached from the
    model (`ReportView.detached`), its narratives still Markdown, which are read here, and the
    templates' switch as the command read it. So the worker imports neither the model nor a
    YAML parser."""
    return render_docx(view, templates, key_figures=key_figures)


class Writer:
    """Appends the report to the reference document's (emptied) body."""

    def __init__(self, document: Document, view: ReportView, layout: Layout | None = None) -> None:
        self.document = document
        self.view = view
        self.layout = layout or Layout()
        self.body = document.element.body
        self.part = document.part
        # Anchor -> bookmark name; a layout may add the anchors of what it writes besides.
        self.bookmark_names = BookmarkNames(sorted(view.anchors()))
        self._bookmarks = Bookmarks(self.bookmark_names)
        self.style_ids = {style.name: style.style_id for style in document.styles}
        self.fonts: Path | None = None  # the templates' fonts, for charts
        self.key_figures = False  # the templates' layout.yaml switches the table on

    # -- the document, top to bottom ---------------------------------------------------------

    def write(self) -> None:
        self.layout.start(self)
        self._empty_body()
        view = self.view
        self._cover()
        self._contents()
        self.layout.after_contents(self)
        if view.foreword is not None:
            self.add_heading(view.foreword.heading, 1, view.foreword.anchor)
            self.add_blocks(view.foreword.blocks)
            if view.foreword.signatory is not None:
                self._signatory(view.foreword.signatory.lines)
        self.add_heading(view.progress_heading, 1, view.progress_anchor)
        self.layout.progress(self)
        if view.summary is not None:
            self._section(view.summary)
        if view.abbreviations:
            self.add_heading(view.abbreviations_heading, 1, view.abbreviations_anchor)
            self._abbreviations(view.abbreviations)
        for annex in view.annexes:
            self._section(annex)
        self._colophon()
        self._header_footer()
        self._core_properties()
        self.layout.finish(self)

    def add_progress(self) -> None:
        """The progress section below its heading as the view has it: per panel a heading,
        per recommendation its heading and narrative."""
        for panel in self.view.panels:
            self.add_heading(panel.heading, 2, panel.anchor)
            for rec in panel.recommendations:
                self.add_recommendation_heading(rec.code, rec.text, rec.anchor)
                self.add_blocks(rec.blocks)
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
            self.add_paragraph("Cover Publisher", [Text(view.publisher)])
        self.add_paragraph("Title", [Text(view.title)])
        self.add_paragraph("Subtitle", [Text(view.date)])
        self.new_paragraph("Normal").append(break_run(page=True))

    def _contents(self) -> None:
        self.add_paragraph("TOC Heading", [Text("Contents")])
        for item in self.view.contents():
            self._contents_line(item)
            for panel in item.children:
                self._contents_line(panel)
                if panel.children:
                    # A panel's recommendations by their codes on one line, as in the PDF.
                    paragraph = self.new_paragraph("toc 3")
                    for index, rec in enumerate(panel.children):
                        if index:
                            paragraph.append(self.run(CODE_SEPARATOR))
                        paragraph.append(self._contents_link(rec.anchor, rec.code))

    def _contents_line(self, item: ContentsItem) -> None:
        paragraph = self.new_paragraph(f"toc {item.level}")
        paragraph.append(self._contents_link(item.anchor, item.title))

    def _contents_link(self, anchor: str, text: str) -> etree._Element:
        link = self.hyperlink(anchor, internal=True)
        link.append(self.run(text))
        return link

    def _section(self, section: Section) -> None:
        self.add_heading(section.heading, 1, section.anchor)
        for block in section.blocks:
            if isinstance(block, Heading):
                self.add_paragraph("Heading 2", [Text(block.text)])
            else:
                self.add_blocks([block])

    def _signatory(self, lines: tuple[str, ...]) -> None:
        paragraph = self.new_paragraph("Signatory")
        for i, line in enumerate(lines):
            if i:
                paragraph.append(break_run())
            paragraph.append(self.run(line, bold=i == 0))

    def _key_figures(self, rows: tuple[KeyFigure, ...]) -> None:
        titles = ("Figure", "Value", "As of", "Change since the last edition")
        cells = tuple((r.label, r.value, r.as_of, r.change) for r in rows)
        self.add_table(titles, cells, (Mm(70), Mm(40), Mm(28), Mm(28)))

    def _chart(self, trend: Trend) -> None:
        """A trend as a picture Word shows, its alt text from the data, and a data table."""
        from .charts import chart_png

        assert self.fonts is not None
        self.document.add_picture(io.BytesIO(chart_png(trend, self.fonts)), width=Mm(150))
        describe_picture(self.document.paragraphs[-1]._p, trend.alt)
        unit = trend.unit[:1].upper() + trend.unit[1:]
        self.add_table(("Edition", unit), tuple(trend.rows()), (Mm(50), Mm(100)))

    def _abbreviations(self, rows: tuple[tuple[str, str], ...]) -> None:
        self.add_table(("Abbreviation", "Meaning"), rows, (Mm(32), Mm(134)))

    def add_table(
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
        header._tr.get_or_add_trPr().append(element("w:tblHeader"))
        for row, values in zip(table.rows[1:], rows, strict=True):
            for i, value in enumerate(values):
                self._cell(row.cells[i], value, "Table Text", widths[i], bold=i == 0)
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is not None:
            table._tbl.tblPr.remove(look)
        table._tbl.tblPr.append(
            element(
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
        paragraph.append(self.paragraph_properties(style))
        paragraph.append(self.run(text, bold=bold))

    def _colophon(self) -> None:
        view = self.view
        paragraph = self.new_paragraph("Colophon")
        paragraph.append(break_run(page=True))
        published = f"Published by {view.publisher}, {view.date}" if view.publisher else view.date
        paragraph.append(self.run(view.title))
        paragraph.append(break_run())
        paragraph.append(self.run(published))
        if view.licence:
            self.add_paragraph("Colophon", [Text(view.licence)])

    def _header_footer(self) -> None:
        section = self.document.sections[0]
        section.different_first_page_header_footer = True  # no header on the cover
        header = section.header.paragraphs[0]
        header.style = self.document.styles["Header"]
        header._p.append(self.run(self.view.title))
        footer = section.footer.paragraphs[0]
        footer.style = self.document.styles["Footer"]
        footer._p.extend(complex_field(" PAGE ", [self.run("1")]))

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

    def add_blocks(self, blocks: Iterable[Block]) -> None:
        """A narrative's paragraphs and lists, each numbered list counting from 1."""
        numbered: dict[int, int | None] = {}
        for line in narrative_lines(blocks):
            paragraph = self.add_paragraph(line.style, line.paragraph.runs)
            if line.numbered_list is not None:
                if line.numbered_list not in numbered:
                    numbered[line.numbered_list] = self.restarted_numbering(line.style)
                self.number(paragraph, numbered[line.numbered_list])

    def number(self, paragraph: etree._Element, num_id: int | None) -> None:
        """Make `paragraph` an item of numbering instance `num_id` (None: the style's own)."""
        if num_id is not None:
            add_paragraph_property(paragraph, numbering(0, num_id))

    def restarted_numbering(self, style: str) -> int | None:
        """A numbering instance of `style`'s list restarting at 1, so each numbered list
        counts from 1 rather than continuing the previous one."""
        style_element = self.document.styles[style].element
        num_id = style_element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is None:
            return None
        numbering_part = self.part.numbering_part.element
        num = numbering_part.num_having_numId(int(num_id.get(qn("w:val"))))
        fresh = numbering_part.add_num(num.abstractNumId.val)
        fresh.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(fresh.numId)

    # -- paragraphs and runs -------------------------------------------------------------

    def add_heading(self, text: str, level: int, anchor: str) -> None:
        """A heading of `level` bookmarked as `anchor`."""
        self.bookmark(self.new_paragraph(f"Heading {level}"), anchor, [self.run(text)])

    def add_recommendation_heading(self, code: str, text: str, anchor: str) -> None:
        paragraph = self.new_paragraph("Heading 3")
        runs = [self.run(f"{code}.", style="Recommendation Code")]
        if text:
            runs.append(self.run(f" {text}"))
        self.bookmark(paragraph, anchor, runs)

    def bookmark(
        self, paragraph: etree._Element, anchor: str, content: Iterable[etree._Element]
    ) -> None:
        """Append `content` to `paragraph` inside the bookmark of `anchor`."""
        self._bookmarks.around(paragraph, anchor, content)

    def add_paragraph(self, style: str, runs: Iterable[Text | Link]) -> etree._Element:
        """A paragraph of `style` holding a narrative's runs and links."""
        paragraph = self.new_paragraph(style)
        for run in runs:
            if isinstance(run, Link):
                link = self.hyperlink(run.target, internal=run.internal)
                for part in run.runs:
                    link.append(self.run(part.text, part.strong, part.emphasis, style="Hyperlink"))
                paragraph.append(link)
            else:
                paragraph.append(self.run(run.text, run.strong, run.emphasis))
        return paragraph

    def new_paragraph(self, style: str) -> etree._Element:
        """An empty paragraph of `style` at the end of the body."""
        paragraph = element("w:p")
        paragraph.append(self.paragraph_properties(style))
        # Before the final sectPr; addprevious is O(1), where len(body) counts every child.
        self.body[-1].addprevious(paragraph)
        return paragraph

    def paragraph_properties(self, style: str) -> etree._Element:
        """w:pPr of `style` (a style's name, as the reference document has it)."""
        properties = element("w:pPr")
        properties.append(element("w:pStyle", val=self.style_ids[style]))
        return properties

    def hyperlink(self, target: str, *, internal: bool) -> etree._Element:
        """An empty hyperlink to an anchor of the document or to an address."""
        if internal:
            return internal_link(self.bookmark_names[target])
        return external_link(self.part, target)

    def run(
        self,
        text: str,
        bold: bool = False,
        italic: bool = False,
        style: str | None = None,
    ) -> etree._Element:
        """A run of `text`, in a character style given by its name."""
        style_id = self.style_ids[style] if style else None
        return text_run(text, style_id=style_id, bold=bold, italic=italic)
