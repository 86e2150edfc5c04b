"""Protection: a document read-only (or open only to form fields, comments, tracked changes)
outside its permission ranges (`w:permStart` / `w:permEnd`); with "forms", only the sections
marked `w:formProt` are held to their form fields."""

from __future__ import annotations

from lxml import etree

from .settings import put_setting
from .xml import element, replace_in_order

EDITS = ("readOnly", "comments", "trackedChanges", "forms")
# ECMA-376 CT_SectPr, in order (header and footer references come first, in any order).
SECTION_ORDER = (
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
    "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols",
    "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
    "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip


def permission_start(ident: int, group: str = "everyone") -> etree._Element:
    """The start of a range `group` may edit in a protected document."""
    return element("w:permStart", id=str(ident), edGrp=group)


def permission_end(ident: int) -> etree._Element:
    return element("w:permEnd", id=str(ident))


def protect(settings: etree._Element, edit: str = "readOnly") -> etree._Element:
    """Enforce protection: outside permission ranges only `edit` is allowed (see EDITS)."""
    if edit not in EDITS:
        raise ValueError(f"unknown protection {edit!r}: one of {', '.join(EDITS)}")
    return put_setting(settings, element("w:documentProtection", edit=edit, enforcement="1"))


def protect_section_forms(section: etree._Element, protected: bool = True) -> etree._Element:
    """Mark a w:sectPr's section as held to its form fields (or not) when the document is
    protected for "forms"."""
    setting = element("w:formProt", val="true" if protected else "false")
    return replace_in_order(section, setting, SECTION_ORDER)
