"""Tracked changes resolved as Word and LibreOffice resolve them.

The oracle is LibreOffice itself: a form edited with Track Changes on, then accepted (or
rejected) by LibreOffice's own Accept All (Reject All), must read exactly as our resolution of
the same tracked file. Word's move markup, which LibreOffice 7.4 does not write, is written
here from the standard (ECMA-376 part 1, 17.13.5).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from topolreport.cli import cli
from topolreport.ooxml.tracked import W_NS, resolve_revisions, unknown_revisions, w

from office import Office, office_session  # noqa: F401  (the session's LibreOffice)

EDITIONS = Path(__file__).resolve().parents[1] / "editions"
NS = {"w": W_NS}


def _body(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(w("body"))


def _cell_text(cell: etree._Element) -> str:
    return "".join(cell.xpath(".//w:t/text()", namespaces=NS))


def _reading(body: etree._Element) -> list[tuple[str, ...]]:
    """What a reader sees: each paragraph's text and whether it is a list item (by numbering or
    by a list style: the form's own bullets use the style, LibreOffice writes numbering), each
    table row's cell texts."""
    seen: list[tuple[str, ...]] = []
    for block in body:
        if block.tag == w("p"):
            text = "".join(block.xpath(".//w:t/text()", namespaces=NS))
            style = "".join(block.xpath("./w:pPr/w:pStyle/@w:val", namespaces=NS))
            numbered = block.xpath("./w:pPr/w:numPr", namespaces=NS) or "List" in style
            listed = "list" if numbered else ""
            seen.append(("p", listed, text))
        elif block.tag == w("tbl"):
            for row in block.xpath("./w:tr", namespaces=NS):
                cells = [_cell_text(cell) for cell in row.iter(w("tc"))]
                seen.append(("row", *cells))
    return seen


@pytest.fixture(scope="module")
def edited(office: Office, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A GEP form edited with Track Changes on in LibreOffice, and LibreOffice's own accepted and
    rejected copies of it."""
    folder = tmp_path_factory.mktemp("tracked")
    result = CliRunner().invoke(
        cli,
        ["forms", "2023-02", "--editions", str(EDITIONS), "--by", "owner", "--out", str(folder)],
    )
    assert result.exit_code == 0, result.output
    files = {
        "original": folder / "2023-02-gep.docx",
        "tracked": folder / "tracked.docx",
        "accepted": folder / "accepted.docx",
        "rejected": folder / "rejected.docx",
    }
    office.run(
        [
            {"do": "open", "path": str(files["original"]), "author": "Jo Bloggs"},
            {"do": "track_changes"},
            {"do": "replace", "old": "33,700", "new": "41,200"},
            {
                "do": "append_to_paragraph",
                "after": "41,200",
                "text": " The Genomics Passport opened.",
            },
            {"do": "replace", "old": "bitesize, 10-minute", "new": "short"},
            {
                "do": "new_paragraph_after",
                "after": "10,300 users",
                "text": "A new bullet about the Genomics Passport.",
                "bullet": True,
            },
            {
                "do": "table_cell",
                "holding": "completed by 33,700 learners",
                "cell": "B2",
                "text": "41,200",
            },
            {
                "do": "table_add_row",
                "holding": "completed by 33,700 learners",
                "cells": ["", "12", "", "fellows"],
            },
            {"do": "save_docx", "path": str(files["tracked"])},
        ]
    )
    for verdict in ("accepted", "rejected"):
        answer = office.run(
            [
                {"do": "open", "path": str(files["tracked"])},
                {"do": "edit_document"},  # harmless on a form that opens editable
                {"do": "count_changes", "key": "before"},
                {"do": "accept_all" if verdict == "accepted" else "reject_all"},
                {"do": "count_changes", "key": "after"},
                {"do": "save_docx", "path": str(files[verdict])},
            ]
        )
        # LibreOffice really resolved them: the oracle is not the tracked file itself.
        assert answer["before"] >= 6 and answer["after"] == 0, answer
    return files


def test_accepting_reads_as_libreoffice_accept_all(edited: dict[str, Path]) -> None:
    body = _body(edited["tracked"])
    revisions = resolve_revisions(body, accept=True)
    assert _reading(body) == _reading(_body(edited["accepted"]))
    assert unknown_revisions(body) == []
    texts = " ".join(r.text for r in revisions if r.kind == "insertion")
    assert "41,200" in texts and "Genomics Passport opened" in texts
    assert {r.author for r in revisions} == {"Jo Bloggs"}


def test_rejecting_reads_as_libreoffice_reject_all_and_the_original(
    edited: dict[str, Path],
) -> None:
    body = _body(edited["tracked"])
    resolve_revisions(body, accept=False)
    assert _reading(body) == _reading(_body(edited["rejected"]))
    assert _reading(body) == _reading(_body(edited["original"]))
    assert unknown_revisions(body) == []


def _xml(body: str) -> etree._Element:
    return etree.fromstring(f'<w:body xmlns:w="{W_NS}">{body}</w:body>')


def _texts(body: etree._Element) -> list[str]:
    return ["".join(p.xpath(".//w:t/text()", namespaces=NS)) for p in body.iter(w("p"))]


# A paragraph moved below another, as Word writes it: the old place in moveFrom, the new in
# moveTo, each between range markers, with the moved paragraph's own mark tracked too.
MOVE = """
<w:p><w:moveFromRangeStart w:id="1" w:name="move1" w:author="Ann" w:date="2024-01-05T10:00:00Z"/>
  <w:pPr><w:rPr><w:moveFrom w:id="2" w:author="Ann" w:date="2024-01-05T10:00:00Z"/></w:rPr></w:pPr>
  <w:moveFrom w:id="3" w:author="Ann" w:date="2024-01-05T10:00:00Z">
    <w:r><w:t>Moved sentence.</w:t></w:r></w:moveFrom>
  <w:moveFromRangeEnd w:id="1"/></w:p>
<w:p><w:r><w:t>Staying sentence.</w:t></w:r></w:p>
<w:p><w:moveToRangeStart w:id="4" w:name="move1" w:author="Ann" w:date="2024-01-05T10:00:00Z"/>
  <w:pPr><w:rPr><w:moveTo w:id="5" w:author="Ann" w:date="2024-01-05T10:00:00Z"/></w:rPr></w:pPr>
  <w:moveTo w:id="6" w:author="Ann" w:date="2024-01-05T10:00:00Z">
    <w:r><w:t>Moved sentence.</w:t></w:r></w:moveTo>
  <w:moveToRangeEnd w:id="4"/></w:p>
<w:p><w:r><w:t>Last.</w:t></w:r></w:p>
"""


def test_word_move_markup_accepted_and_rejected() -> None:
    accepted = _xml(MOVE)
    revisions = resolve_revisions(accepted, accept=True)
    assert _texts(accepted) == ["Staying sentence.", "Moved sentence.", "Last."]
    assert [(r.kind, r.author, r.text) for r in revisions if r.kind == "move"] == [
        ("move", "Ann", "Moved sentence.")
    ]
    rejected = _xml(MOVE)
    resolve_revisions(rejected, accept=False)
    assert _texts(rejected) == ["Moved sentence.", "Staying sentence.", "Last."]
    for body in (accepted, rejected):
        assert unknown_revisions(body) == []


def test_deleted_paragraph_mark_joins_paragraphs_only_when_accepted() -> None:
    joined = """
    <w:p><w:pPr><w:rPr><w:del w:id="1" w:author="Bo" w:date="2024-01-05T10:00:00Z"/></w:rPr></w:pPr>
      <w:r><w:t xml:space="preserve">First half, </w:t></w:r></w:p>
    <w:p><w:r><w:t>second half.</w:t></w:r></w:p>
    """
    accepted = _xml(joined)
    resolve_revisions(accepted, accept=True)
    assert _texts(accepted) == ["First half, second half."]
    rejected = _xml(joined)
    resolve_revisions(rejected, accept=False)
    assert _texts(rejected) == ["First half, ", "second half."]


def test_deleted_text_comes_back_as_text_when_rejected() -> None:
    body = _xml(
        '<w:p><w:r><w:t xml:space="preserve">completed by </w:t></w:r>'
        '<w:del w:id="1" w:author="Cy" w:date="2024-01-05T10:00:00Z">'
        "<w:r><w:delText>33,700</w:delText></w:r></w:del>"
        '<w:ins w:id="2" w:author="Cy" w:date="2024-01-05T10:00:00Z">'
        "<w:r><w:t>41,200</w:t></w:r></w:ins>"
        '<w:r><w:t xml:space="preserve"> learners</w:t></w:r></w:p>'
    )
    resolve_revisions(body, accept=False)
    assert _texts(body) == ["completed by 33,700 learners"]
    assert body.xpath("//w:delText", namespaces=NS) == []


def test_text_inserted_then_deleted_by_someone_else_is_gone_either_way() -> None:
    nested = (
        '<w:p><w:ins w:id="1" w:author="Ann" w:date="2024-01-05T10:00:00Z">'
        '<w:del w:id="2" w:author="Bo" w:date="2024-01-06T10:00:00Z">'
        "<w:r><w:delText>draft words</w:delText></w:r></w:del></w:ins>"
        "<w:r><w:t>Kept.</w:t></w:r></w:p>"
    )
    for accept in (True, False):
        body = _xml(nested)
        resolve_revisions(body, accept=accept)
        assert _texts(body) == ["Kept."]


def test_formatting_change_rejected_restores_the_old_list_properties() -> None:
    body = _xml(
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>'
        '<w:pPrChange w:id="1" w:author="Di" w:date="2024-01-05T10:00:00Z">'
        '<w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:pPrChange></w:pPr>'
        "<w:r><w:t>Now a bullet.</w:t></w:r></w:p>"
    )
    resolve_revisions(body, accept=False)
    assert body.xpath("//w:numPr", namespaces=NS) == []
    assert body.xpath("//w:pPr/w:pStyle/@w:val", namespaces=NS) == ["Normal"]


def test_each_deleted_paragraph_mark_is_named_for_what_it_did() -> None:
    mark = '<w:pPr><w:rPr><w:del w:id="1" w:author="Bo" w:date="2024-01-05"/></w:rPr></w:pPr>'
    body = _xml(
        f'<w:p>{mark}<w:r><w:t xml:space="preserve">Joined, </w:t></w:r></w:p>'
        "<w:p><w:r><w:t>to this.</w:t></w:r></w:p>"
        f"<w:p>{mark.format(style='')}<w:r><w:t>Before a heading.</w:t></w:r></w:p>"
        '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Metrics</w:t></w:r></w:p>'
        f"<w:tbl><w:tr><w:tc><w:p>{mark.format(style='')}<w:r><w:t>Last in its cell.</w:t></w:r>"
        "</w:p></w:tc></w:tr></w:tbl>"
    )

    def heading(paragraph: etree._Element) -> bool:
        return bool(paragraph.xpath("./w:pPr/w:pStyle[@w:val='Heading2']", namespaces=NS))

    revisions = resolve_revisions(body, accept=True, apart=heading)
    assert [(r.kind, r.text) for r in revisions] == [
        ("paragraphs joined", "Joined,"),
        ("join not made", "Before a heading."),
        ("paragraph mark deleted", "Last in its cell."),
    ]
    assert _texts(body) == ["Joined, to this.", "Before a heading.", "Metrics", "Last in its cell."]
