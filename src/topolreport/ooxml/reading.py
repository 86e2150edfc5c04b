"""Text as a form holds it: what a reader of returned documents compares and parses.

A paragraph's text is its runs' text, inside hyperlinks too: `w:t` as written, `w:tab` and
`w:ptab` a tab, a line break (`w:br` of no type or "textWrapping", `w:cr`) a newline, a
non-breaking hyphen "-"; page and column breaks nothing. Runs inside revision marks (w:ins,
w:del) are not read yet: a reader of tracked changes chooses them through `RUN_HOLDERS`.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

# Direct children of a paragraph whose runs are its text.
RUN_HOLDERS = ("w:hyperlink",)
_LINE_BREAKS = (None, "textWrapping")


def run_text(run: etree._Element) -> str:
    parts: list[str] = []
    for part in run:
        tag = part.tag
        if tag == qn("w:t"):
            parts.append(part.text or "")
        elif tag in (qn("w:tab"), qn("w:ptab")):
            parts.append("\t")
        elif tag == qn("w:br"):
            parts.append("\n" if part.get(qn("w:type")) in _LINE_BREAKS else "")
        elif tag == qn("w:cr"):
            parts.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            parts.append("-")
    return "".join(parts)


def paragraph_text(paragraph: etree._Element) -> str:
    """The text of a w:p."""
    holders = {qn(tag) for tag in RUN_HOLDERS}
    parts: list[str] = []
    for part in paragraph:
        if part.tag == qn("w:r"):
            parts.append(run_text(part))
        elif part.tag in holders:
            parts.extend(run_text(run) for run in part.findall(qn("w:r")))
    return "".join(parts)


def cell_text(cell: etree._Element) -> str:
    """The text of a w:tc: its paragraphs' text, one a line."""
    return "\n".join(paragraph_text(paragraph) for paragraph in cell.findall(qn("w:p")))
