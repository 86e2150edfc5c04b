"""Fields: a complex field is runs (begin, instruction, separate, result, end) that may span
paragraphs, as a table of contents does; a simple field is one w:fldSimple."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from .xml import child, element, set_text


def field_char(kind: str, *, dirty: bool = False) -> etree._Element:
    """A run holding w:fldChar of `kind` ("begin", "separate", "end"); a dirty begin asks Word
    to update the field when the document is opened."""
    run = element("w:r")
    attrs = {"fldCharType": kind} | ({"dirty": "true"} if dirty else {})
    child(run, "w:fldChar", **attrs)
    return run


def instruction(text: str) -> etree._Element:
    """A run holding a field's instruction (" PAGE ")."""
    run = element("w:r")
    set_text(child(run, "w:instrText"), text)
    return run


def field_start(text: str, *, dirty: bool = False) -> list[etree._Element]:
    """The runs that open a complex field, up to where its result begins."""
    return [field_char("begin", dirty=dirty), instruction(text), field_char("separate")]


def complex_field(text: str, result: Iterable[etree._Element]) -> list[etree._Element]:
    """The runs of a complex field whose last result is the runs `result`."""
    return [*field_start(text), *result, field_char("end")]


def simple_field(text: str, result: Iterable[etree._Element]) -> etree._Element:
    """w:fldSimple with instruction `text` holding the runs `result`."""
    field = element("w:fldSimple", instr=text)
    field.extend(result)
    return field
