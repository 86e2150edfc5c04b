"""Text as a form holds it: what a reader of returned documents compares and parses.

A paragraph's text is its runs' text, inside hyperlinks too: `w:t` as written, `w:tab` and
`w:ptab` a tab, a line break (`w:br` of no type or "textWrapping", `w:cr`) a newline, a
non-breaking hyphen "-", a symbol (`w:sym`) its character; page and column breaks nothing.
Runs inside revision marks (w:ins, w:del) are not read: resolve them first
(`tracked.resolve_revisions`). `paragraph_markdown` reads links too, written
`[text](address)`, whichever way the word processor wrote them.
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
        elif tag == qn("w:sym"):
            parts.append(symbol_character(part) or "")
    return "".join(parts)


# Symbol-font characters Word puts in the private-use range (U+F000 + the font's own code,
# 17.3.3.30), read as the Unicode characters they show: the common bullets, ticks and arrows.
_SYMBOL_FONTS: dict[str, dict[int, str]] = {
    "symbol": {
        0xB7: "\u2022",
        0xD7: "\u00d7",
        0xB0: "\u00b0",
        0xB1: "\u00b1",
        0xAE: "\u2192",
        0xAC: "\u2190",
        0xA3: "\u2264",
        0xB3: "\u2265",
        0xB9: "\u2260",
        0xBB: "\u2248",
        0xD6: "\u221a",
        0xA5: "\u221e",
        0xE3: "\u00a9",
        0xE2: "\u00ae",
        0xD4: "\u2122",
        0x2D: "\u2212",
        0x61: "\u03b1",
        0x62: "\u03b2",
        0x6D: "\u03bc",
        0x70: "\u03c0",
        0x53: "\u03a3",
        0x44: "\u0394",
    },
    "wingdings": {
        0xFC: "\u2714",
        0xFB: "\u2718",
        0xFE: "\u2611",
        0xFD: "\u2612",
        0xA8: "\u2610",
        0x6F: "\u2610",
        0x9F: "\u2022",
        0x6C: "\u25cf",
        0xA7: "\u25aa",
        0xD8: "\u27a2",
        0xE0: "\u2192",
        0x4A: "\u263a",
    },
}
_PRIVATE_USE = range(0xE000, 0xF900)


def symbol_character(symbol: etree._Element) -> str | None:
    """The character a w:sym shows: its w:char when that is a real character, a common
    Symbol or Wingdings one mapped to Unicode, or None for one that cannot be kept."""
    try:
        code = int(symbol.get(qn("w:char"), ""), 16)
    except ValueError:
        return None
    if code not in _PRIVATE_USE and 0 < code <= 0x10FFFF:
        return chr(code)
    font = symbol.get(qn("w:font"), "").strip().lower()
    return _SYMBOL_FONTS.get(font, {}).get(code & 0xFF if code >= 0xF000 else -1)


def unkept_symbols(paragraph: etree._Element) -> list[str]:
    """The symbols in a w:p that `symbol_character` cannot read, as "font U+code"."""
    return [
        f"{sym.get(qn('w:font'), '?')} {sym.get(qn('w:char'), '?')}"
        for sym in paragraph.iter(qn("w:sym"))
        if symbol_character(sym) is None
    ]


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


# A field instruction's words: a quoted argument, a switch, or a bare word (ECMA-376 17.16.1).
_FIELD_WORD = re.compile(r'"((?:[^"\\]|\\.)*)"|(\\[A-Za-z*@#!])|(\S+)')
_SWITCHES_WITH_ARGUMENT = {"\\l", "\\o", "\\t"}


def _field_address(instruction: str) -> str | None:
    """The address of a HYPERLINK field (17.16.5.25): its first argument, with the `\\l`
    switch's bookmark after a "#"; None for any other field."""
    words = _FIELD_WORD.findall(instruction)
    if not words or words[0][2].upper() != "HYPERLINK":
        return None
    address, anchor = "", ""
    pending = ""  # the switch whose argument comes next
    for quoted, switch, bare in words[1:]:
        if switch:
            pending = switch.lower() if switch.lower() in _SWITCHES_WITH_ARGUMENT else ""
            continue
        value = bare if bare else quoted.replace('\\"', '"').replace("\\\\", "\\")
        if pending == "\\l":
            anchor = value
        elif not pending and not address:
            address = value
        pending = ""
    if not address and not anchor:
        return None
    return address + ("#" + anchor if anchor else "")


# Characters that are Markdown syntax wherever they stand, and "#" where it opens a heading.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]<])")
_HEADING_MARK = re.compile(r"^(\s*)#", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Literal text as Markdown that shows it as typed: "5 * 3 * 2" and "NHS_England_x" stay
    words, not emphasis."""
    return _HEADING_MARK.sub(r"\1\\#", _MARKDOWN_SYNTAX.sub(r"\\\1", text))


def _link(text: str, address: str | None) -> str:
    if address is None or not text.strip():
        return text
    stripped = text.strip()  # spaces the link took in stay outside it
    before, after = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{before}[{stripped}]({address}){after}"


def paragraph_markdown(
    paragraph: etree._Element, addresses: Mapping[str, str], *, escape: bool = False
) -> str:
    """The text of a w:p with its links written `[text](address)`, whichever way the word
    processor wrote them: a w:hyperlink (to an address through relationship `addresses`, or
    to a bookmark), a simple HYPERLINK field, or a complex one (w:fldChar begin … end).
    With `escape`, the words themselves are escaped Markdown (`escape_markdown`)."""
    words = escape_markdown if escape else _as_is
    parts: list[str] = []
    fields: list[_Field] = []  # the complex fields open here, innermost last
    for part in paragraph:
        if part.tag == qn("w:r"):
            for mark in part.iter(qn("w:fldChar"), qn("w:instrText")):
                kind = mark.get(qn("w:fldCharType"))
                if mark.tag == qn("w:instrText"):
                    if fields and fields[-1].shown is None:
                        fields[-1].code.append(mark.text or "")
                elif kind == "begin":
                    fields.append(_Field())
                elif kind == "separate" and fields:
                    fields[-1].shown = []
                elif kind == "end" and fields:
                    done = fields.pop()
                    _place(done.markdown(), fields, parts)
            _place(words(run_text(part)), fields, parts)
        elif part.tag == qn("w:hyperlink"):
            rid = part.get(qn("r:id"))
            anchor = part.get(qn("w:anchor"))
            target = addresses.get(rid) if rid else None
            if target is None and anchor is not None:  # with an address, the anchor is ignored
                target = "#" + anchor
            text = words("".join(run_text(run) for run in part.iter(qn("w:r"))))
            _place(_link(text, target), fields, parts)
        elif part.tag == qn("w:fldSimple"):
            text = words("".join(run_text(run) for run in part.iter(qn("w:r"))))
            _place(_link(text, _field_address(part.get(qn("w:instr"), ""))), fields, parts)
        elif part.tag in _RUN_CONTAINERS and not showing_placeholder(part):
            _place(paragraph_markdown(_content(part), addresses, escape=escape), fields, parts)
        elif part.tag in _MATH:
            math = "".join(t.text or "" for t in part.iter(f"{{{MATH_NS}}}t"))
            _place(words(math), fields, parts)
    for unfinished in fields:  # a field cut short by the paragraph's end keeps its words
        parts.append("".join(unfinished.shown or []))
    return "".join(parts)


def _as_is(text: str) -> str:
    return text


MATH_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_MATH = (f"{{{MATH_NS}}}oMath", f"{{{MATH_NS}}}oMathPara")
# Run containers read through: smart tags, custom XML, content controls, bidirectional runs.
_RUN_CONTAINERS = tuple(qn(tag) for tag in ("w:smartTag", "w:customXml", "w:sdt", "w:dir", "w:bdo"))


class _Field:
    """A complex field (w:fldChar begin … separate … end) being read."""

    def __init__(self) -> None:
        self.code: list[str] = []  # its instruction
        self.shown: list[str] | None = None  # its result, once past "separate"

    def markdown(self) -> str:
        return _link("".join(self.shown or []), _field_address("".join(self.code)))


def _place(text: str, fields: list[_Field], parts: list[str]) -> None:
    """Text read where it belongs: the result of the innermost open field, nowhere while that
    field's instruction is read, or the paragraph itself."""
    if not fields:
        parts.append(text)
    elif fields[-1].shown is not None:
        fields[-1].shown.append(text)
    else:
        fields[-1].code.append(text)  # a field nested in another's instruction gives it words


def _content(holder: etree._Element) -> etree._Element:
    """The element whose children are the runs of a smart tag, custom XML or content control."""
    content = holder.find(qn("w:sdtContent"))
    return content if content is not None else holder


def showing_placeholder(control: etree._Element) -> bool:
    """A content control showing its placeholder ("Click or tap here to enter text."): words
    of the word processor's, not of whoever filled in the document."""
    return control.find(f"{qn('w:sdtPr')}/{qn('w:showingPlcHdr')}") is not None
