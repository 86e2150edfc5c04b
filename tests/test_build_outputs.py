"""`topolreport build` of the real 2023 edition, read back with python-docx, pypdf, pdftotext,
pandoc and LibreOffice.

The documents are built once per test session (the PDF takes a few seconds).
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from pypdf import PdfReader

from topolreport.cli import cli
from topolreport.document import ABBREVIATION_DASH, document_blocks
from topolreport.model import Edition
from topolreport.store import load_edition

from tools import libreoffice_pdf_text, missing_tool, require_tool

EDITIONS = Path(__file__).resolve().parents[1] / "editions"
EDITION_ID = "2023-02"
STEM = "topol-review-progress-2023-02"


@dataclass(frozen=True)
class Built:
    out: Path
    edition: Edition

    @property
    def docx(self) -> Path:
        return self.out / f"{STEM}.docx"

    @property
    def pdf(self) -> Path:
        return self.out / f"{STEM}.pdf"

    @property
    def html(self) -> Path:
        return self.out / f"{STEM}.html"


def _build(out: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", EDITION_ID, "--editions", str(EDITIONS), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if not (EDITIONS / EDITION_ID).is_dir():
        missing_tool("the 2023 edition is not in editions/")
    out = tmp_path_factory.mktemp("build") / "out"  # not there yet: build creates it
    _build(out)
    return Built(out, load_edition(EDITIONS, EDITION_ID))


def _entries_in_order(edition: Edition) -> list:
    return [entry for _, entries in edition.panel_entries() for entry in entries]


def _headings(edition: Edition) -> list[tuple[int, str]]:
    """Every heading of the report below the title, with its level, in document order."""
    found = [(1, "Foreword"), (1, edition.progress_heading)]
    for panel, entries in edition.panel_entries():
        found.append((2, panel.heading if panel else "Other recommendations"))
        found += [(3, f"{e.code}. {edition.recommendation_text(e)}") for e in entries]
    return found + [(1, "Summary"), (1, "Abbreviations")]


# Internal links of the 2023 edition, counted by hand: one per contents line (Foreword,
# Progress, 6 panels, 43 entries, Summary, Abbreviations), and one per code its narratives
# point at with "See …" or "(…)", 56 in all (E8 alone points at 8), each of which resolves.
CONTENTS_LINKS = 2 + 6 + 43 + 2
CROSSREF_LINKS = 56


# -- Word ----------------------------------------------------------------------------------


def test_docx_has_every_recommendation_heading_in_order(built: Built) -> None:
    document = docx.Document(str(built.docx))
    by_level = {
        level: [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]
        for level in (1, 2, 3)
    }
    expected = [
        f"{entry.code}. {built.edition.recommendation_text(entry)}"
        for entry in _entries_in_order(built.edition)
    ]
    assert len(expected) == 43
    assert by_level[3] == expected
    assert by_level[2] == [panel.heading for panel in built.edition.catalogue.panels]
    assert by_level[1] == [
        "Foreword",
        "Progress towards recommendations",
        "Summary",
        "Abbreviations",
    ]


def test_docx_abbreviations_table_has_a_header_row(built: Built) -> None:
    document = docx.Document(str(built.docx))
    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Abbreviation", "Meaning"]
    assert rows[1:] == [[a.abbr, a.meaning] for a in built.edition.abbreviations]
    assert len(rows) == 25
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.style.name == "Report Table"


def test_docx_internal_links_point_at_bookmarks(built: Built) -> None:
    body = docx.Document(str(built.docx)).element.body
    bookmarks = {mark.get(qn("w:name")) for mark in body.iter(qn("w:bookmarkStart"))}
    anchors = [
        link.get(qn("w:anchor"))
        for link in body.iter(qn("w:hyperlink"))
        if link.get(qn("w:anchor"))
    ]
    assert set(anchors) <= bookmarks
    assert len(_headings(built.edition)) == CONTENTS_LINKS
    assert len(anchors) == CONTENTS_LINKS + CROSSREF_LINKS
    # "(see also P2)" in P1's narrative links to P2's heading.
    p1_links = [
        (link.get(qn("w:anchor")), "".join(t.text for t in link.iter(qn("w:t"))))
        for paragraph in body.iter(qn("w:p"))
        if "(see also P2)" in "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        for link in paragraph.iter(qn("w:hyperlink"))
    ]
    assert ("rec_p2", "P2") in p1_links


def test_docx_contents_lists_sections_panels_and_codes_as_links(built: Built) -> None:
    document = docx.Document(str(built.docx))
    body = document.element.body
    entries = [(p.style.name, p.text) for p in document.paragraphs if p.style.name[:4] == "toc "]
    assert entries == [
        ("toc 1", "Foreword"),
        ("toc 1", "Progress towards recommendations"),
        ("toc 2", "Recommendations from the Review Board"),
        ("toc 3", "P1, P2, HI1"),
        ("toc 2", "Recommendations from the Genomics Panel"),
        ("toc 3", "G1, G2, G3, G4, G5, G6, G7, G8"),
        ("toc 2", "Recommendations from the Digital Medicine Panel"),
        ("toc 3", "DM1, DM2, DM3, DM4/AIR5, DM5"),
        ("toc 2", "Recommendations from the AI and Robotics Panel"),
        ("toc 3", "AIR1, AIR2, AIR3, AIR4"),
        ("toc 2", "Recommendations from the Organisational Development Working Group"),
        ("toc 3", "OD1, OD2, OD3, OD4, OD5, OD6, OD7, OD8, OD9"),
        ("toc 2", "Educational recommendations to support a digitally enabled health system"),
        ("toc 3", "E1, E2, E3, E4, E5, E6, E7, E8, E9, E10, E11, E12, E13, E14"),
        ("toc 1", "Summary"),
        ("toc 1", "Abbreviations"),
    ]
    # Written at build time: no field to update, no page numbers, nothing asked on opening.
    assert not list(body.iter(qn("w:instrText")))
    assert not list(body.iter(qn("w:fldChar")))
    with zipfile.ZipFile(built.docx) as archive:
        assert b"updateFields" not in archive.read("word/settings.xml")
    # Each code is a link to its recommendation's bookmark.
    genomics_codes = [p for p in document.paragraphs if p.text.startswith("G1, G2")][0]
    links = [
        (link.get(qn("w:anchor")), "".join(t.text for t in link.iter(qn("w:t"))))
        for link in genomics_codes._p.iter(qn("w:hyperlink"))
    ]
    assert links[:2] == [("rec_g1", "G1"), ("rec_g2", "G2")]
    assert len(links) == 8


def test_docx_header_footer_and_properties(built: Built) -> None:
    document = docx.Document(str(built.docx))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == built.edition.title
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml
    assert section.different_first_page_header_footer  # the cover has no header
    props = document.core_properties
    assert props.title == built.edition.title
    assert props.language == "en-GB"
    assert props.author == built.edition.publisher == "Health Education England"


# -- PDF -----------------------------------------------------------------------------------


def _flat(text: str) -> str:
    """Text compared as words: one space between words; hyphens dropped and no space after a
    slash, as lines break there (and pdftotext joins "step-by-" + "step" as "step-bystep")."""
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"-\s?|(?<=/) ", "", text).strip()


def test_pdf_has_every_code_and_bookmarks(built: Built) -> None:
    reader = PdfReader(built.pdf)
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    for entry in built.edition.entries:
        assert f"{entry.code}. " in text

    def walk(items: list, depth: int = 0) -> list[tuple[int, str]]:
        found = []
        for item in items:
            if isinstance(item, list):
                found += walk(item, depth + 1)
            else:
                found.append((depth, item.title))
        return found

    outline = walk(reader.outline)
    panels = [title for depth, title in outline if depth == 1]
    recs = [title for depth, title in outline if depth == 2]
    assert panels == [panel.heading for panel in built.edition.catalogue.panels]
    assert [title.split(". ")[0] for title in recs] == [
        entry.code for entry in _entries_in_order(built.edition)
    ]


def test_pdf_contents_page_numbers_point_at_the_sections(built: Built) -> None:
    reader = PdfReader(built.pdf)
    pages = [_flat(page.extract_text()) for page in reader.pages]
    contents_text = reader.pages[1].extract_text()
    assert "Contents" in contents_text
    listed = {}
    for line in contents_text.splitlines():
        match = re.match(r"^(?P<title>.+?)[ .]*\.\s*(?P<page>\d+)$", line.strip())
        if match:
            listed[_flat(match["title"])] = int(match["page"])
    panel_headings = [panel.heading for panel in built.edition.catalogue.panels]
    expected = ["Foreword", "Progress towards recommendations", *panel_headings]
    expected += ["Summary", "Abbreviations"]
    assert sorted(listed) == sorted(expected)
    for heading, number in listed.items():
        first = next(i for i, text in enumerate(pages[2:], start=3) if heading in text)
        assert number == first, heading
    for panel in built.edition.catalogue.panels:
        entry = built.edition.entry(panel.recommendations[0].code)
        assert f"{entry.code}. " in pages[listed[panel.heading] - 1]


def test_pdf_is_tagged_with_title_language_and_embedded_fonts(built: Built) -> None:
    reader = PdfReader(built.pdf)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == built.edition.title
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
            fonts[font["/BaseFont"]] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts
    assert all("Report-Sans" in str(name) for name in fonts)  # the bundled @font-face only


def _expected_paragraphs(edition: Edition) -> list[str]:
    """Each heading, paragraph and bullet as the reader sees it (Markdown markup removed);
    abbreviation rows are checked as table cells instead."""
    abbreviations = {f"{a.abbr}{ABBREVIATION_DASH}{a.meaning}" for a in edition.abbreviations}
    found = []
    for block in document_blocks(edition):
        if block in abbreviations:
            continue
        block = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", block)  # [label](target) -> label
        block = re.sub(r"(\*\*|\*|__|_)(\S.*?\S|\S)\1", r"\2", block)  # emphasis markers
        found.append(block)
    return found


def test_pdftotext_reads_every_paragraph(built: Built) -> None:
    pdftotext = require_tool("pdftotext")
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(built.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    kept = []
    for number, page in enumerate(text.split("\f"), start=1):
        for line in page.splitlines():
            # Running header and page number, not the text of the page.
            if number > 1 and (line.strip() == built.edition.title or line.strip().isdigit()):
                continue
            kept.append(line)
    flat = _flat(" ".join(kept))
    missing = [block for block in _expected_paragraphs(built.edition) if _flat(block) not in flat]
    assert not missing
    for abbreviation in built.edition.abbreviations:
        assert _flat(f"{abbreviation.abbr} {abbreviation.meaning}") in flat


# -- Word through other programs -----------------------------------------------------------


def _pandoc_text(inlines: list) -> str:
    parts = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            parts.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout"):
            parts.append(_pandoc_text(content))
        elif kind in ("Span", "Link"):
            parts.append(_pandoc_text(content[1]))
        elif kind == "Quoted":
            mark = '"' if content[0]["t"] == "DoubleQuote" else "'"
            parts.append(mark + _pandoc_text(content[1]) + mark)
    return "".join(parts)


def test_pandoc_reads_headings_and_internal_links(built: Built) -> None:
    pandoc = require_tool("pandoc")
    data = json.loads(
        subprocess.run(
            [pandoc, "-f", "docx", "-t", "json", str(built.docx)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    headers: list[tuple[int, str]] = []
    links: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Header":
                level, _, inlines = node["c"]
                headers.append((level, _pandoc_text(inlines)))
            elif node.get("t") == "Link":
                links.append(node["c"][2][0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data["blocks"])
    assert [h for h in headers if h[1] != "Contents"] == _headings(built.edition)
    internal = [target for target in links if target.startswith("#")]
    assert len(internal) >= 15
    assert len(internal) == CONTENTS_LINKS + CROSSREF_LINKS


def test_libreoffice_converts_the_docx(built: Built, tmp_path: Path) -> None:
    text = _flat(libreoffice_pdf_text(built.docx, tmp_path))
    for entry in built.edition.entries:
        assert f"{entry.code}. " in text
    assert built.edition.abbreviations[-1].meaning in text
    # The contents is complete as LibreOffice opens it, with no update: panels and codes,
    # and no page numbers.
    assert (
        "Contents Foreword Progress towards recommendations "
        "Recommendations from the Review Board P1, P2, HI1 "
        "Recommendations from the Genomics Panel G1, G2, G3, G4, G5, G6, G7, G8 "
        "Recommendations from the Digital Medicine Panel DM1, DM2, DM3, DM4/AIR5, DM5 "
    ) in text


# -- HTML ----------------------------------------------------------------------------------


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_one_accessible_self_contained_page(built: Built) -> None:
    page = built.html.read_text(encoding="utf-8")
    outline = _Outline()
    outline.feed(page)
    tags = [tag for tag, _ in outline.tags]
    assert outline.tags[0] == ("html", {"lang": "en-GB"})
    for landmark in ("header", "nav", "main", "footer"):
        assert tags.count(landmark) == 1, landmark
    first_link = next(attrs for tag, attrs in outline.tags if tag == "a")
    assert first_link["href"] == "#main" and first_link["class"] == "skip-link"
    levels = [int(tag[1]) for tag in tags if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    ids = {attrs["id"] for _, attrs in outline.tags if attrs.get("id")}
    hrefs = [attrs["href"] for tag, attrs in outline.tags if tag == "a"]
    assert all(href.startswith("#") and href[1:] in ids for href in hrefs)
    # Self-contained: no stylesheet, script, image or font fetched from anywhere.
    assert not any(tag in ("link", "script", "img", "iframe") for tag in tags)
    assert "url(" not in page
    assert f"<title>{built.edition.title}</title>" in page


# -- the same inputs, the same bytes -------------------------------------------------------


def test_building_twice_gives_identical_bytes(built: Built, tmp_path: Path) -> None:
    _build(tmp_path)
    for name in (built.docx.name, built.pdf.name, built.html.name):
        assert (tmp_path / name).read_bytes() == (built.out / name).read_bytes(), name
