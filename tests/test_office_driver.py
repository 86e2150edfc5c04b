"""The LibreOffice driver does what a person does, and LibreOffice saves it as Word markup."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from topolreport.cli import cli

from office import Office, office_session  # noqa: F401  (the session's LibreOffice)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EDITIONS = Path(__file__).resolve().parents[1] / "editions"


def _build_docx(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", "--editions", str(EDITIONS), "--format", "docx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    (docx,) = out.glob("*.docx")
    return docx


def _body(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def test_a_tracked_edit_is_saved_as_word_revisions(office: Office, tmp_path: Path) -> None:
    source = _build_docx(tmp_path)
    edited = tmp_path / "edited.docx"
    office.run(
        [
            {"do": "open", "path": str(source), "author": "Jo Bloggs"},
            {"do": "track_changes"},
            {"do": "replace", "old": "33,700", "new": "41,200"},
            {"do": "append_to_paragraph", "after": "41,200", "text": " A new sentence."},
            {"do": "count_changes"},
            {"do": "save_docx", "path": str(edited)},
        ]
    )
    body = _body(edited)
    inserted = "".join(body.xpath("//w:ins//w:t/text()", namespaces={"w": W[1:-1]}))
    deleted = "".join(body.xpath("//w:del//w:delText/text()", namespaces={"w": W[1:-1]}))
    authors = {e.get(f"{W}author") for e in body.iter(f"{W}ins", f"{W}del")}
    assert "41,200" in inserted
    assert "A new sentence." in inserted
    assert "33,700" in deleted
    assert authors == {"Jo Bloggs"}


def test_accept_all_gives_the_edited_text(office: Office, tmp_path: Path) -> None:
    source = _build_docx(tmp_path)
    answer = office.run(
        [
            {"do": "open", "path": str(source)},
            {"do": "track_changes"},
            {"do": "replace", "old": "33,700", "new": "41,200"},
            {"do": "accept_all"},
            {"do": "count_changes", "key": "after_accept"},
            {"do": "read_text"},
        ]
    )
    assert answer["after_accept"] == 0
    assert "41,200" in answer["text"]
    assert "33,700" not in answer["text"]


def test_toolbar_bullet_link_table_and_comment_reach_the_file(
    office: Office, tmp_path: Path
) -> None:
    forms = tmp_path / "forms"
    result = CliRunner().invoke(
        cli, ["forms", "2023-02", "--editions", str(EDITIONS), "--by", "owner", "--out", str(forms)]
    )
    assert result.exit_code == 0, result.output
    form = forms / "2023-02-gep.docx"
    edited = tmp_path / "edited.docx"
    office.run(
        [
            {"do": "open", "path": str(form), "author": "Jo Bloggs"},
            {"do": "track_changes"},
            {
                "do": "new_paragraph_after",
                "after": "10,300 users",
                "text": "A toolbar bullet about the Genomics Passport.",
                "bullet": True,
            },
            {"do": "hyperlink", "text": "Talking Genomics", "url": "https://example.org/tg"},
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
            {"do": "comment", "on": "10,300 users", "text": "Please check this figure"},
            {"do": "save_docx", "path": str(edited)},
        ]
    )
    ns = {"w": W[1:-1]}
    body = _body(edited)
    bullet = [
        p
        for p in body.iter(f"{W}p")
        if "Genomics Passport" in "".join(p.xpath(".//w:t/text()", namespaces=ns))
    ]
    assert len(bullet) == 1
    assert bullet[0].xpath("./w:pPr/w:numPr", namespaces=ns), "the toolbar bullet is numbering"
    assert body.xpath("//w:hyperlink[.//w:t[contains(., 'Talking Genomics')]]", namespaces=ns)
    cell_insert = body.xpath("//w:tbl//w:ins//w:t/text()", namespaces=ns)
    assert "41,200" in cell_insert
    assert body.xpath("//w:tbl//w:tr/w:trPr/w:ins", namespaces=ns), "a tracked row insertion"
    with zipfile.ZipFile(edited) as archive:
        comments = etree.fromstring(archive.read("word/comments.xml"))
    texts = "".join(comments.xpath("//w:t/text()", namespaces=ns))
    assert "Please check this figure" in texts
