"""Protection: a document read-only (or open only to form fields, comments, tracked changes)
outside its permission ranges (`w:permStart` / `w:permEnd`)."""

from __future__ import annotations

from lxml import etree

from .settings import put_setting
from .xml import element

EDITS = ("readOnly", "comments", "trackedChanges", "forms")


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
