"""Content controls (w:sdt): a check box a reader ticks with one click.

The check box is Word 2010's (w14:checkbox, ignorable by older readers); LibreOffice 7.4
imports and saves it as a check box too. Its content is the glyph shown, which both programs
switch between the checked and unchecked states' characters.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from .xml import child, element, set_text

CHECKED, UNCHECKED = "\u2612", "\u2610"  # ☒ ☐
_GLYPH_FONT = "MS Gothic"


def checkbox(checked: bool = False) -> etree._Element:
    """A run-level check box content control."""
    control = element("w:sdt")
    properties = child(control, "w:sdtPr")
    box = etree.SubElement(properties, qn("w14:checkbox"))
    etree.SubElement(box, qn("w14:checked")).set(qn("w14:val"), "1" if checked else "0")
    for state, glyph in (("w14:checkedState", CHECKED), ("w14:uncheckedState", UNCHECKED)):
        mark = etree.SubElement(box, qn(state))
        mark.set(qn("w14:val"), f"{ord(glyph):04X}")
        mark.set(qn("w14:font"), _GLYPH_FONT)
    content = child(control, "w:sdtContent")
    run = child(content, "w:r")
    fonts = child(child(run, "w:rPr"), "w:rFonts")
    for attribute in ("w:ascii", "w:eastAsia", "w:hAnsi"):
        fonts.set(qn(attribute), _GLYPH_FONT)
    set_text(child(run, "w:t"), CHECKED if checked else UNCHECKED)
    return control
