"""Editing a form's WordprocessingML directly, as Word writes it (for markup LibreOffice does not
produce, such as moves), and finding an entry's parts in it."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS}


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def read_part(path: Path, name: str = "word/document.xml") -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def replace_part(path: Path, name: str, data: bytes | None) -> None:
    """Rewrite one member of a docx (None removes it), keeping the others as they are."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, content in members:
            if info.filename == name:
                if data is None:
                    continue
                content = data
            archive.writestr(info, content)


def edit_body(path: Path, change: Callable[[etree._Element], None]) -> None:
    root = etree.fromstring(read_part(path))
    change(root)
    replace_part(path, "word/document.xml", etree.tostring(root, xml_declaration=True))


def paragraph_with(root: etree._Element, text: str) -> etree._Element:
    for paragraph in root.iter(w("p")):
        if text in "".join(paragraph.itertext()):
            return paragraph
    raise AssertionError(f"no paragraph holds {text!r}")


def metrics_table(root: etree._Element, metric_id: str) -> etree._Element:
    for table in root.iter(w("tbl")):
        if metric_id in "".join(table.itertext()):
            return table
    raise AssertionError(f"no table holds {metric_id!r}")


def fragment(xml: str) -> etree._Element:
    """One element written as Word writes it (w: prefix bound)."""
    return etree.fromstring(f'<root xmlns:w="{W_NS}">{xml}</root>')[0]


def run_xml(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def who(author: str = "Jo Bloggs", ident: int = 901) -> str:
    return f'w:id="{ident}" w:author="{author}" w:date="2024-01-10T09:00:00Z"'
