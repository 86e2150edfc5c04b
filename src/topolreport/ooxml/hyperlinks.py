"""Hyperlinks: to a bookmark in the document, or to an address outside it."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from lxml import etree

from .xml import element


def internal_link(bookmark: str) -> etree._Element:
    """w:hyperlink to the bookmark named `bookmark` (runs are appended by the caller)."""
    return element("w:hyperlink", anchor=bookmark, history="1")


def external_link(part: Part, address: str) -> etree._Element:
    """w:hyperlink to `address`, through an external relationship of `part`."""
    rid = part.relate_to(address, RT.HYPERLINK, is_external=True)
    return element("w:hyperlink", **{"r:id": rid, "w:history": "1"})
