"""A page's content stream as WeasyPrint writes it: its marked-content sequences, the text
each shows, and the stream rewritten with some of them as artifacts.

WeasyPrint writes marked content as `/Tag <</MCID n>> BDC … EMC`, never nested, and shows text
in hex strings of two-byte glyph codes, read through the font's ToUnicode map. Reading the
stream with regular expressions rather than a full content parser keeps the pass fast (a full
parse of every page costs more than the rest of the pass).
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from pikepdf import Dictionary, Name

# pikepdf types every value it reads as Object, whatever it holds; its Dictionary and Array
# are told apart with isinstance where it matters.
PdfObject = Any
# A font's ToUnicode map (code -> text), by the font object's (number, generation).
FontMaps = dict[tuple[int, int], dict[int, str]]

_MARKED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC(.*?)\bEMC\b", re.S)
# A font selection (/Name size Tf) or a hex string of text.
_TOKEN = re.compile(rb"/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>")


class PageContent:
    def __init__(self, page: PdfObject, maps: FontMaps) -> None:
        self.page = page
        self.maps = maps  # shared by the pages: fonts are subset once per document
        self.sequences = {
            int(m.group(2)): m.group(3) for m in _MARKED.finditer(page.Contents.read_bytes())
        }
        self._texts: dict[int, str] = {}
        self._fonts: PdfObject = None

    def text(self, mcid: int) -> str:
        """The text an MCID shows (decoded only when asked: few are)."""
        if mcid not in self._texts:
            self._texts[mcid] = self._decode(self.sequences.get(mcid, b""))
        return self._texts[mcid]

    def _decode(self, body: bytes) -> str:
        if self._fonts is None:
            self._fonts = self.page.get("/Resources", Dictionary()).get("/Font", Dictionary())
        fonts = self._fonts
        parts: list[str] = []
        font_map: dict[int, str] = {}
        for token in _TOKEN.finditer(body):
            if token.group(1) is not None:
                font = fonts.get("/" + token.group(1).decode("latin-1"))
                font_map = self._font_map(font) if isinstance(font, Dictionary) else {}
            else:
                codes = bytes.fromhex(token.group(2).decode("ascii"))
                parts += [
                    font_map.get(int.from_bytes(codes[i : i + 2], "big"), "")
                    for i in range(0, len(codes) - 1, 2)
                ]
        return "".join(parts)

    def _font_map(self, font: PdfObject) -> dict[int, str]:
        key = font.objgen
        if key not in self.maps:
            self.maps[key] = to_unicode(font)
        return self.maps[key]

    def rewrite(self, artifacts: dict[int, bytes], renumbered: dict[int, int]) -> None:
        """Mark the MCIDs in `artifacts` as artifacts of the given /Type, give the others their
        number in `renumbered`, and any MCID in neither (content no element holds) becomes a
        plain artifact. The stream is written compressed."""

        def replace(match: re.Match[bytes]) -> bytes:
            mcid = int(match.group(2))
            if mcid in artifacts:
                head = b"/Artifact <</Type " + artifacts[mcid] + b">> BDC"
            elif mcid in renumbered:
                head = b"/" + match.group(1) + b" <</MCID %d>> BDC" % renumbered[mcid]
            else:
                head = b"/Artifact BMC"
            return head + match.group(3) + b"EMC"

        stream = self.page.Contents
        data = _MARKED.sub(replace, stream.read_bytes())
        stream.write(zlib.compress(data), filter=Name.FlateDecode)


def to_unicode(font: PdfObject) -> dict[int, str]:
    """A font's ToUnicode map: the bfchar and bfrange entries WeasyPrint writes."""
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    text = cmap.read_bytes().decode("latin-1")
    found: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found[int(code, 16)] = bytes.fromhex(value).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, value in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int(value, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[code] = chr(start + offset)
    return found
