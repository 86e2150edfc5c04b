"""What a form carries besides what the lead sees: the entries as they were issued.

`collect` merges a lead's edits three-way against the text the form was issued with, so the
form must carry that text. It travels as custom document properties (docProps/custom.xml):
Word and LibreOffice both keep them when they save, where they drop parts they do not know.
Word keeps a text property to 255 characters, so the compressed record is cut into chunks.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_PART = "/docProps/custom.xml"
# The format identifier every user-defined property carries (ECMA-376 part 1, 22.3.2.2).
USER_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
PREFIX = "topolreport-issued-"
CHUNK = 240
# Raised when what a form carries changes shape; older forms are refused with a reason.
FORMAT = 2
MAX_RECORD = 32 << 20  # a record larger than this was not written by `forms`


@dataclass(frozen=True)
class Issued:
    """A form as it was issued: for which edition and whom, and each entry's content."""

    edition: str
    name: str
    due: str
    contact: str
    preamble: list[str]  # the lines above the first entry, as issued
    # code -> {"narrative", "metrics": [Metric as JSON], "fixed": [the entry's protected lines]}
    entries: dict[str, dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "edition": self.edition,
            "name": self.name,
            "due": self.due,
            "contact": self.contact,
            "preamble": self.preamble,
            "entries": self.entries,
        }


def _chunks(issued: Issued) -> list[str]:
    canonical = json.dumps(issued.as_json(), sort_keys=True, ensure_ascii=False)
    packed = base64.b64encode(zlib.compress(canonical.encode("utf-8"), 9)).decode("ascii")
    return [packed[i : i + CHUNK] for i in range(0, len(packed), CHUNK)] or [""]


def custom_properties_xml(issued: Issued) -> bytes:
    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for index, chunk in enumerate(_chunks(issued)):
        prop = etree.SubElement(
            root,
            f"{{{CUSTOM_NS}}}property",
            fmtid=USER_FMTID,
            pid=str(index + 2),  # ids 0 and 1 are reserved
            name=f"{PREFIX}{index:03d}",
        )
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = chunk
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def carry(document: DocumentObject, issued: Issued) -> None:
    """Add docProps/custom.xml holding `issued` to the document's package."""
    package = document.part.package
    part = Part(PackURI(CUSTOM_PART), CUSTOM_TYPE, custom_properties_xml(issued), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


class NotCarried(Exception):
    """The form carries no record of how it was issued, or one this version cannot read."""


def read_issued(custom_xml: bytes | None) -> Issued:
    """The record a form carries, from its docProps/custom.xml."""
    if custom_xml is None:
        raise NotCarried("it carries no record of how it was issued")
    try:
        root = etree.fromstring(custom_xml)
    except etree.XMLSyntaxError:
        raise NotCarried("its document properties are not readable XML") from None
    chunks: dict[str, str] = {}
    for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
        name = prop.get("name", "")
        if name.startswith(PREFIX):
            chunks[name] = "".join(prop.itertext())
    if not chunks:
        raise NotCarried("it carries no record of how it was issued")
    try:
        packed = "".join(chunks[name] for name in sorted(chunks))
        inflate = zlib.decompressobj()
        raw = inflate.decompress(base64.b64decode(packed), MAX_RECORD)
        if inflate.unconsumed_tail:
            raise ValueError("too large")
        data = json.loads(raw)
    except (ValueError, zlib.error):
        raise NotCarried("its record of how it was issued was altered") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise NotCarried("it was issued by an older version of topolreport")
    return Issued(
        edition=str(data["edition"]),
        name=str(data["name"]),
        due=str(data.get("due", "")),
        contact=str(data.get("contact", "")),
        preamble=[str(line) for line in data.get("preamble", [])],
        entries=dict(data["entries"]),
    )
