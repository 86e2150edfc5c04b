"""Runs: text in a style, bold or italic; line and page breaks."""

from __future__ import annotations

from lxml import etree

from .properties import add_run_property
from .xml import child, element, set_text


def text_run(
    text: str, *, style_id: str | None = None, bold: bool = False, italic: bool = False
) -> etree._Element:
    """A w:r holding `text` (style given by its id, "Hyperlink")."""
    run = element("w:r")
    if style_id:
        add_run_property(run, element("w:rStyle", val=style_id))
    if bold:
        add_run_property(run, element("w:b"))
    if italic:
        add_run_property(run, element("w:i"))
    set_text(child(run, "w:t"), text)
    return run


def break_run(*, page: bool = False) -> etree._Element:
    """A run holding a line break, or a page break."""
    run = element("w:r")
    if page:
        child(run, "w:br", type="page")
    else:
        child(run, "w:br")
    return run
