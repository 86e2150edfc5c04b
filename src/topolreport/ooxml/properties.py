"""Paragraph and run properties: children of `w:pPr` and `w:rPr` in the schema's order."""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from .xml import element, insert_in_order

# ECMA-376 CT_PPr (CT_PPrBase, then the paragraph mark's run properties, section, change).
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
# ECMA-376 EG_RPrBase, then the change of run properties.
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath", "w:rPrChange",
)  # fmt: skip
# The paragraph mark's run properties (CT_ParaRPr): its revision marks come first.
PARAGRAPH_MARK_ORDER = ("w:ins", "w:del", "w:moveFrom", "w:moveTo", *RPR_ORDER)


def paragraph_properties(paragraph: etree._Element) -> etree._Element:
    """The paragraph's w:pPr, made (as its first child) when it has none."""
    found = paragraph.find(qn("w:pPr"))
    if found is None:
        found = element("w:pPr")
        paragraph.insert(0, found)
    return found


def add_paragraph_property(paragraph: etree._Element, new: etree._Element) -> etree._Element:
    """Add `new` (w:numPr, w:pageBreakBefore …) to the paragraph's properties in order."""
    return insert_in_order(paragraph_properties(paragraph), new, PPR_ORDER)


def paragraph_mark_properties(paragraph: etree._Element) -> etree._Element:
    """The run properties of the paragraph's mark (w:pPr/w:rPr), made when missing."""
    properties = paragraph_properties(paragraph)
    found = properties.find(qn("w:rPr"))
    if found is None:
        found = insert_in_order(properties, element("w:rPr"), PPR_ORDER)
    return found


def add_run_property(run: etree._Element, new: etree._Element) -> etree._Element:
    """Add `new` (w:b, w:rStyle …) to the run's w:rPr in order, making the w:rPr if missing."""
    properties = run.find(qn("w:rPr"))
    if properties is None:
        properties = element("w:rPr")
        run.insert(0, properties)
    return insert_in_order(properties, new, RPR_ORDER)


def numbering(level: int, num_id: int) -> etree._Element:
    """w:numPr: an item at `level` of numbering instance `num_id`."""
    made = element("w:numPr")
    made.append(element("w:ilvl", val=str(level)))
    made.append(element("w:numId", val=str(num_id)))
    return made
