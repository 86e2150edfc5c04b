"""Text as a form holds it: what a reader of returned documents compares and parses.

A paragraph's text is its runs' text, inside hyperlinks too: `w:t` as written, `w:tab` and
`w:ptab` a tab, a line break (`w:br` of no type or "textWrapping", `w:cr`) a newline, a
non-breaking hyphen "-"; page and column breaks nothing. Runs inside revision marks (w:ins,
w:del) are not read: resolve them first (`tracked.resolve_revisions`). `paragraph_markdown`
reads links too, written `[text](address)`, whichever way the word processor wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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


_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+"([^"]*)"(?:\s+\\l\s+"([^"]*)")?', re.I)


def _field_address(instruction: str) -> str | None:
    match = _HYPERLINK_FIELD.match(instruction)
    if match is None:
        return None
    address, anchor = match.group(1), match.group(2)
    return address + ("#" + anchor if anchor else "")


def _link(text: str, address: str | None) -> str:
    if address is None or not text.strip():
        return text
    return f"[{text}]({address})"


def paragraph_markdown(paragraph: etree._Element, addresses: Mapping[str, str]) -> str:
    """The text of a w:p with its links written `[text](address)`, whichever way the word
    processor wrote them: a w:hyperlink (to an address through relationship `addresses`, or
    to a bookmark), a simple HYPERLINK field, or a complex one (w:fldChar begin … end)."""
    parts: list[str] = []
    field: list[str] | None = None  # a complex field's instruction while it is read
    shown: list[str] | None = None  # its result text, once past "separate"
    address: str | None = None
    for part in paragraph:
        if part.tag == qn("w:r"):
            for mark in part.iter(qn("w:fldChar"), qn("w:instrText")):
                kind = mark.get(qn("w:fldCharType"))
                if mark.tag == qn("w:instrText") and field is not None:
                    field.append(mark.text or "")
                elif kind == "begin":
                    field, shown = [], None
                elif kind == "separate" and field is not None:
                    address, shown = _field_address("".join(field)), []
                elif kind == "end" and field is not None:
                    parts.append(_link("".join(shown or []), address))
                    field, shown, address = None, None, None
            text = run_text(part)
            if shown is not None:
                shown.append(text)
            elif field is None:
                parts.append(text)
        elif part.tag == qn("w:hyperlink"):
            rid = part.get(qn("r:id"))
            anchor = part.get(qn("w:anchor"))
            target = addresses.get(rid) if rid else None
            if target is None and anchor is not None:
                target = "#" + anchor
            text = "".join(run_text(run) for run in part.iter(qn("w:r")))
            parts.append(_link(text, target))
        elif part.tag == qn("w:fldSimple"):
            text = "".join(run_text(run) for run in part.iter(qn("w:r")))
            parts.append(_link(text, _field_address(part.get(qn("w:instr"), ""))))
        elif part.tag in (qn("w:smartTag"), qn("w:customXml"), qn("w:sdt")):
            parts.append(paragraph_markdown(_content(part), addresses))
    return "".join(parts)


def _content(holder: etree._Element) -> etree._Element:
    """The element whose children are the runs of a smart tag, custom XML or content control."""
    content = holder.find(qn("w:sdtContent"))
    return content if content is not None else holder
