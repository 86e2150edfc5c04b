"""Write templates/reference.docx: the Word styles the report is built with.

Run once (and again after changing it):  python scripts/make_reference_docx.py

`topolreport build` starts every Word document from this file and uses only its styles
(Title, Subtitle, Heading 1-3, Normal, List Bullet, Report Table, Header, Footer, Hyperlink,
TOC 1-3 …), never direct formatting, so a team rebrands the Word output by opening
templates/reference.docx in Word, changing the styles and saving it. The starting point is
python-docx's default template with an NHS-like look: Arial, blue #005EB8 headings, A4.
"""

from __future__ import annotations

import argparse
import io
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle

from topolreport.ooxml.properties import PPR_ORDER
from topolreport.stable_zip import stable_zip

BRAND = RGBColor(0x00, 0x5E, 0xB8)  # NHS blue
BRAND_DARK = RGBColor(0x00, 0x30, 0x87)
TEXT = RGBColor(0x21, 0x2B, 0x32)
MUTED = RGBColor(0x4C, 0x62, 0x72)
PALE = "E8F1FA"
RULE = "D8DDE0"
FONT = "Arial"  # metric-compatible with Liberation Sans, the PDF's font
FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)

TARGET = Path(__file__).resolve().parents[1] / "templates" / "reference.docx"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _clear(style: BaseStyle) -> None:
    """Drop the default template's run properties (theme fonts and colours win over ours)."""
    rpr = style.element.find(qn("w:rPr"))
    if rpr is not None:
        style.element.remove(rpr)


def _ppr(style: BaseStyle) -> object:
    return style.element.get_or_add_pPr()


def _set_child(parent: object, tag: str, **attrs: str) -> object:
    """Replace `parent`'s <tag> with one carrying `attrs` (w: namespace)."""
    old = parent.find(qn(tag))  # type: ignore[attr-defined]
    if old is not None:
        parent.remove(old)  # type: ignore[attr-defined]
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    parent.append(element)  # type: ignore[attr-defined]
    _order_ppr(parent)
    return element


# Word is strict about the order of pPr children: keep ours in schema order.
def _order_ppr(parent: object) -> None:
    if parent.tag != qn("w:pPr"):  # type: ignore[attr-defined]
        return
    rank = {qn(tag): i for i, tag in enumerate(PPR_ORDER)}
    children = sorted(parent, key=lambda child: rank.get(child.tag, len(rank)))  # type: ignore[attr-defined]
    for child in children:
        parent.append(child)  # type: ignore[attr-defined]


def _border(style: BaseStyle, side: str, size: int, color: str, space: int = 4) -> None:
    ppr = _ppr(style)
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    element = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space))):
        element.set(qn(f"w:{key}"), value)
    element.set(qn("w:color"), color)
    borders.append(element)
    _order_ppr(ppr)


def _font(
    style: BaseStyle,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    color: RGBColor = TEXT,
) -> None:
    _clear(style)
    font = style.font  # type: ignore[attr-defined]
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = color


def _spacing(style: BaseStyle, before: float, after: float, line: float | None = None) -> None:
    fmt = style.paragraph_format  # type: ignore[attr-defined]
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line


def _paragraph_style(document: docx.document.Document, name: str, base: str) -> BaseStyle:
    styles = document.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        return style


def _character_style(document: docx.document.Document, name: str) -> BaseStyle:
    try:
        return document.styles[name]
    except KeyError:
        return document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)


def _defaults(document: docx.document.Document) -> None:
    """Arial 10.5 pt, British English, for every style that does not say otherwise."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    styles.remove(defaults)
    styles.insert(
        0,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
            '<w:color w:val="212B32"/><w:sz w:val="21"/><w:szCs w:val="21"/>'
            '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
            '<w:spacing w:after="140" w:line="288" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    # Theme fonts in the default template's styles would override Arial.
    for rfonts in styles.iter(qn("w:rFonts")):
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rfonts.attrib.pop(qn(f"w:{attribute}"), None)


def _table_style(document: docx.document.Document) -> None:
    """The "Report Table" style: blue header row, pale stripes, thin rules."""
    styles = document.styles.element
    styles.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="ReportTable">'
            '<w:name w:val="Report Table"/><w:basedOn w:val="TableNormal"/>'
            '<w:uiPriority w:val="59"/><w:qFormat/>'
            '<w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>'
            "</w:pPr>"
            '<w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>'
            '<w:tblPr><w:tblStyleRowBandSize w:val="1"/>'
            "<w:tblBorders>"
            f'<w:top w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>'
            f'<w:bottom w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>'
            f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>'
            "</w:tblBorders>"
            '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="113" w:type="dxa"/>'
            '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="113" w:type="dxa"/></w:tblCellMar>'
            "</w:tblPr>"
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/>'
            '</w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="005EB8"/></w:tcPr>'
            "</w:tblStylePr>"
            '<w:tblStylePr w:type="firstCol"><w:rPr><w:b/><w:bCs/></w:rPr></w:tblStylePr>'
            '<w:tblStylePr w:type="band1Horz"><w:tcPr>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{PALE}"/></w:tcPr></w:tblStylePr>'
            "</w:style>"
        )
    )


def _styles(document: docx.document.Document) -> None:
    styles = document.styles
    _defaults(document)

    # Normal leaves the colour to the document defaults, so that a table style can recolour it.
    normal = styles["Normal"]
    _clear(normal)
    normal.font.size = Pt(10.5)
    _spacing(normal, 0, 7, 1.2)

    title = styles["Title"]
    _font(title, 30, bold=True, color=BRAND)
    ppr = _ppr(title)
    for child in list(ppr):
        ppr.remove(child)
    _border(title, "top", 24, "005EB8", space=12)
    _spacing(title, 200, 18, 1.0)

    subtitle = styles["Subtitle"]
    _font(subtitle, 16, color=MUTED)
    for child in list(_ppr(subtitle)):
        _ppr(subtitle).remove(child)
    _spacing(subtitle, 0, 6, 1.0)

    publisher = _paragraph_style(document, "Cover Publisher", "Normal")
    _font(publisher, 13, bold=True, color=BRAND)
    publisher.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _spacing(publisher, 0, 0)

    for level, (size, before, after) in enumerate(((20, 0, 14), (14, 20, 8), (10.5, 14, 8)), 1):
        heading = styles[f"Heading {level}"]
        _font(heading, size, bold=level < 3, color=BRAND if level < 3 else TEXT)
        _spacing(heading, before, after, 1.1)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.keep_together = True
    styles["Heading 1"].paragraph_format.page_break_before = True
    _border(styles["Heading 2"], "bottom", 8, "005EB8", space=3)
    # Each recommendation's wording sits in a pale box with a blue rule on the left.
    heading3 = styles["Heading 3"]
    _border(heading3, "top", 4, PALE, space=4)  # pale rules above and below pad the box
    _border(heading3, "left", 24, "005EB8", space=6)
    _border(heading3, "bottom", 4, PALE, space=4)
    _set_child(_ppr(heading3), "w:shd", val="clear", color="auto", fill=PALE)
    heading3.paragraph_format.left_indent = Pt(6)
    heading3.paragraph_format.right_indent = Pt(4)

    toc_heading = styles["TOC Heading"]
    _font(toc_heading, 20, bold=True, color=BRAND)
    toc_heading.paragraph_format.page_break_before = False
    _spacing(toc_heading, 0, 14)

    for level, indent in ((1, 0), (2, 10), (3, 20)):
        toc = _paragraph_style(document, f"toc {level}", "Normal")
        toc.element.set(qn("w:styleId"), f"TOC{level}")
        _font(toc, 10.5 if level < 3 else 9, bold=level == 1)
        _spacing(toc, 6 if level == 1 else 0, 3)
        toc.paragraph_format.left_indent = Pt(indent)
        toc.next_paragraph_style = styles["Normal"]
        toc.element.get_or_add_pPr()
        tabs = _set_child(_ppr(toc), "w:tabs")
        tab = OxmlElement("w:tab")
        for key, value in (("val", "right"), ("leader", "dot"), ("pos", "9060")):
            tab.set(qn(f"w:{key}"), value)
        tabs.append(tab)  # type: ignore[attr-defined]

    for name in ("List Bullet", "List Bullet 2", "List Number", "List Number 2"):
        _spacing(styles[name], 0, 4, 1.2)
        # Keep the numbering (w:numPr) the default template gives these styles.
        contextual = _ppr(styles[name]).find(qn("w:contextualSpacing"))
        if contextual is not None:
            _ppr(styles[name]).remove(contextual)

    signatory = _paragraph_style(document, "Signatory", "Normal")
    _spacing(signatory, 18, 7)

    table_heading = _paragraph_style(document, "Table Heading", "Normal")
    _font(table_heading, 9.5, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF))
    _spacing(table_heading, 2, 2, 1.0)
    table_text = _paragraph_style(document, "Table Text", "Normal")
    _font(table_text, 9.5)
    _spacing(table_text, 2, 2, 1.0)

    colophon = _paragraph_style(document, "Colophon", "Normal")
    _font(colophon, 9, color=MUTED)

    header, footer = styles["Header"], styles["Footer"]
    _font(header, 8.5, color=MUTED)
    _border(header, "bottom", 4, "005EB8", space=4)
    _font(footer, 9, color=MUTED)
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    hyperlink = _character_style(document, "Hyperlink")
    hyperlink.element.set(qn("w:styleId"), "Hyperlink")
    hyperlink.font.color.rgb = BRAND_DARK
    hyperlink.font.underline = True
    code = _character_style(document, "Recommendation Code")
    code.font.bold = True
    code.font.color.rgb = BRAND

    _table_style(document)


def _page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.left_margin = section.right_margin = Mm(22)
    section.header_distance, section.footer_distance = Mm(12), Mm(10)


def _sample(document: docx.document.Document) -> None:
    """A page showing every style, so the file is easy to restyle in Word (the build drops it)."""
    document.add_paragraph("Publisher", style="Cover Publisher")
    document.add_paragraph("Report title", style="Title")
    document.add_paragraph("Month Year", style="Subtitle")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Contents", style="TOC Heading")
    for level in (1, 2, 3):
        document.add_paragraph(f"Contents entry, level {level}", style=f"toc {level}")
    document.add_paragraph("Heading 1: a section", style="Heading 1")
    document.add_paragraph("Body text (Normal). " * 6)
    document.add_paragraph("Heading 2: a panel", style="Heading 2")
    heading = document.add_paragraph(style="Heading 3")
    heading.add_run("X1.", style="Recommendation Code")
    heading.add_run(" Heading 3: a recommendation's wording.")
    document.add_paragraph("A bullet (List Bullet).", style="List Bullet")
    document.add_paragraph("A nested bullet (List Bullet 2).", style="List Bullet 2")
    document.add_paragraph("A numbered item (List Number).", style="List Number")
    paragraph = document.add_paragraph("A link: ")
    paragraph.add_run("see X1", style="Hyperlink")
    document.add_paragraph("Name\nRole\nOrganisation", style="Signatory")
    table = document.add_table(rows=3, cols=2, style="Report Table")
    rows = (("Abbreviation", "Meaning"), ("AB", "A B"), ("CD", "C D"))
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            paragraph = table.cell(row, column).paragraphs[0]
            paragraph.text = text
            paragraph.style = document.styles["Table Heading" if row == 0 else "Table Text"]
    document.add_paragraph("Licence and publisher (Colophon).", style="Colophon")


def _core_properties(document: docx.document.Document) -> None:
    props = document.core_properties
    props.title = "Report title"
    props.language = "en-GB"
    props.author = props.last_modified_by = ""
    props.created = props.modified = props.last_printed = FIXED_DATE
    props.revision = 1
    props.comments = props.subject = props.keywords = props.category = ""


def _drop_thumbnail(document: docx.document.Document) -> None:
    # The default template's preview picture shows a blank Word page: drop it.
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)


def _drop_styles_with_effects(document: docx.document.Document) -> None:
    # The default template carries Word 2010's stylesWithEffects.xml, a second copy of the
    # styles that still holds python-docx's originals. Word reads it next to styles.xml and
    # finds them disagreeing (missing styles, other defaults): drop it, and with the
    # relationship gone the part and its content type are not written. Word makes a fresh
    # one when it saves the file.
    rels = document.part.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            rels.pop(rid)


def make_reference() -> bytes:
    document = docx.Document()
    _styles(document)
    _page(document)
    _sample(document)
    _core_properties(document)
    _drop_thumbnail(document)
    _drop_styles_with_effects(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue(), FIXED_DATE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()
    args.out.write_bytes(make_reference())
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
