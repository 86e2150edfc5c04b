"""The form a lead receives: A4 in the house styles, links as links, no internal ids, a metrics
table that fits, the return date and contact, co-owners named; valid for Word."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document
from openxml_audit import OpenXmlValidator

from test_forms import REPO, run

FORM = "2024-02-gep.docx"


def _forms(tmp_path: Path) -> Path:
    editions = tmp_path / "editions"
    shutil.copytree(REPO / "editions", editions)
    assert run("new", "2024-02", "--from", "2023-02", "--editions", str(editions))[0] == 0
    code, _, err = run(
        "forms", "2024-02", "--out", str(tmp_path / "forms"), "--editions", str(editions),
        "--due", "31 January 2024", "--contact", "the Topol team, topol@example.org",
    )  # fmt: skip
    assert code == 0, err
    return tmp_path / "forms"


def test_forms_are_valid_for_word(tmp_path: Path) -> None:
    for form in sorted(_forms(tmp_path).iterdir()):
        result = OpenXmlValidator().validate(str(form))
        assert result.is_valid, [str(error) for error in result.errors]


def test_a_form_reads_as_a_lead_needs_it(tmp_path: Path) -> None:
    document = Document(str(_forms(tmp_path) / FORM))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert "Report Table" in [style.name for style in document.styles]  # the house styles
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Please return it by 31 January 2024 to the Topol team, topol@example.org." in text
    assert "Completed by (your name and role):" in text
    boxes = document.element.body.xpath(".//w:sdt/w:sdtPr/w14:checkbox")
    assert len(boxes) == text.count("No change this year:") == text.count("Progress narrative")
    assert "Also in the form for Digital Readiness and NSHCS" in text  # G2's co-owners
    assert "](" not in text  # links are links, not Markdown
    links = document.element.body.xpath(".//w:hyperlink")
    assert any("GeNotes" in "".join(link.itertext()) for link in links)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert not any(cell.startswith(("g2-", "g3-")) for cell in cells)  # no internal ids
    table = document.tables[1]
    header = [cell.text for cell in table.rows[0].cells]
    assert header == [
        "what it counts",
        "value",
        "qualifier",
        "unit",
        "as of",
        "as written",
        "source",
    ]
    widths = [cell.width for cell in table.rows[0].cells]
    assert widths[0] > 2 * widths[1] and widths[5] > widths[4]  # label wide, value narrow
    assert sum(widths) <= section.page_width - section.left_margin - section.right_margin
    value_cells = [row.cells[1].text for row in table.rows[1:]]
    assert value_cells and all("\n" not in value for value in value_cells)
