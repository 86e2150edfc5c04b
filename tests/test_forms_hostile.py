"""Forms that are broken or hostile: one line naming the form and the problem, exit 2, nothing
written, never a traceback."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from formfiles import read_part, replace_part
from test_forms import run, workspace  # noqa: F401  (the fixture)


def _files(editions: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (editions / "2024-02").rglob("*") if p.is_file()}


def _collect_refuses(root: Path, form: Path, message: str) -> None:
    editions = root / "editions"
    before = _files(editions)
    code, out, err = run("collect", "2024-02", str(root / "forms"), "--editions", str(editions))
    assert code == 2, out + err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if str(form) in line]
    assert lines and message in lines[0], err
    assert _files(editions) == before


def test_a_corrupt_zip_is_refused(workspace: Path) -> None:  # noqa: F811
    form = workspace / "forms" / "2024-02-gep.docx"
    form.write_bytes(form.read_bytes()[: len(form.read_bytes()) // 2])
    _collect_refuses(workspace, form, "not a Word document")


def test_malformed_xml_is_refused(workspace: Path) -> None:  # noqa: F811
    form = workspace / "forms" / "2024-02-gep.docx"
    replace_part(form, "word/document.xml", read_part(form)[:-40])
    _collect_refuses(workspace, form, "its XML is malformed")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(workspace: Path) -> None:  # noqa: F811
    form = workspace / "forms" / "2024-02-gep.docx"
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * (101 << 20))
    form.write_bytes(stream.getvalue())
    assert form.stat().st_size < 1 << 20
    _collect_refuses(workspace, form, "unpacks to 101 MiB, more than a form can be (100 MiB)")


def test_a_file_too_large_to_be_a_form_is_refused(workspace: Path) -> None:  # noqa: F811
    form = workspace / "forms" / "2024-02-gep.docx"
    with form.open("r+b") as stream:
        stream.truncate(21 << 20)
    _collect_refuses(workspace, form, "the file is 21 MiB, more than a form can be (20 MiB)")


def test_a_form_for_another_edition_is_refused(workspace: Path) -> None:  # noqa: F811
    editions = workspace / "editions"
    old_forms = workspace / "old"
    code, _, err = run("forms", "2023-02", "--out", str(old_forms), "--editions", str(editions))
    assert code == 0, err
    form = workspace / "forms" / "2024-02-gep.docx"
    shutil.copy(old_forms / "2023-02-gep.docx", form)
    _collect_refuses(workspace, form, "this form is for edition '2023-02', not '2024-02'")


def test_an_entry_not_in_the_catalogue_is_refused(workspace: Path) -> None:  # noqa: F811
    editions = workspace / "editions"
    entries = editions / "2024-02" / "entries"
    text = (entries / "E14.md").read_text()
    (entries / "E14.md").unlink()
    (entries / "E99.md").write_text(text.replace("code: E14", "code: E99"))
    code, _, err = run(
        "forms", "2024-02", "--out", str(workspace / "more"), "--editions", str(editions)
    )
    assert code == 0, err
    (entries / "E99.md").unlink()
    (entries / "E14.md").write_text(text)
    holding = [p for p in (workspace / "more").iterdir() if b"E99" in read_part(p)]
    assert holding
    shutil.rmtree(workspace / "forms")
    (workspace / "forms").mkdir()
    form = workspace / "forms" / holding[0].name
    shutil.copy(holding[0], form)
    _collect_refuses(workspace, form, "E99: no such entry in 2024-02")


@pytest.mark.parametrize("what", ["record", "properties"])
def test_a_form_issued_before_forms_carried_their_text_asks_to_be_reissued(
    workspace: Path,  # noqa: F811
    what: str,
) -> None:
    form = workspace / "forms" / "2024-02-gep.docx"
    if what == "record":  # as forms were written before: no custom properties at all
        replace_part(form, "docProps/custom.xml", None)
        rels = etree.fromstring(read_part(form, "_rels/.rels"))
        for rel in list(rels):
            if rel.get("Target", "").endswith("custom.xml"):
                rels.remove(rel)
        replace_part(form, "_rels/.rels", etree.tostring(rels))
    else:
        custom = read_part(form, "docProps/custom.xml").replace(b"eN", b"xx", 1)
        replace_part(form, "docProps/custom.xml", custom)
    _collect_refuses(workspace, form, "this form cannot be collected")
    code, _, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(workspace / "editions")
    )
    assert "reissued with `topolreport forms`" in err


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("1_000", "digits 0-9"),
        ("1_0.5", "digits 0-9"),
        ("\u0661\u0662\u0663", "digits 0-9"),  # Arabic-Indic digits: int() takes them
        ("nan", "digits 0-9"),
        ("1e3", "digits 0-9"),
        ("9" * 5000, "digits 0-9"),  # beyond int()'s own limit
        ("1" + "0" * 15, "less than 10^15"),
        ("2.1234567", "at most 6 decimal places"),
    ],
)
def test_a_form_value_not_written_as_a_plain_decimal_is_refused(
    workspace: Path,  # noqa: F811
    value: str,
    said: str,
) -> None:
    from docx import Document

    form = workspace / "forms" / "2024-02-gep.docx"
    document = Document(str(form))
    cells = [row.cells for table in document.tables for row in table.rows]
    (row,) = [c for c in cells if c[0].text == "completed by 33,700 learners to date"]
    row[1].text = value
    document.save(str(form))
    _collect_refuses(workspace, form, said)


@pytest.mark.parametrize("kind", ["fifo", "device", "link"])
def test_a_form_that_is_a_fifo_device_or_link_is_refused_without_waiting(
    workspace: Path,  # noqa: F811
    kind: str,
) -> None:
    import os

    form = workspace / "forms" / "2024-02-gep.docx"
    form.unlink()
    if kind == "fifo":
        os.mkfifo(form)  # opened for reading, it would wait for a writer for ever
    else:
        elsewhere = workspace / "elsewhere.docx"  # a good form, outside the folder
        shutil.copy(workspace / "forms" / "2024-02-kls.docx", elsewhere)
        form.symlink_to("/dev/zero" if kind == "device" else elsewhere)
    said = {"fifo": "a FIFO", "device": "a symbolic link", "link": "a symbolic link"}[kind]
    _collect_refuses(workspace, form, said)
