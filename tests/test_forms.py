"""The contributor round trip: forms written to Word, edited as a contributor would, collected."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from topolreport.drafting import draft_status
from topolreport.store import load_edition

from cli_runner import run

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the committed editions with the 2024-02 draft started and its forms written."""
    editions = tmp_path / "editions"
    shutil.copytree(REPO / "editions", editions)
    assert run("new", "2024-02", "--from", "2023-02", "--editions", str(editions))[0] == 0
    code, out, err = run(
        "forms", "2024-02", "--out", str(tmp_path / "forms"), "--editions", str(editions)
    )
    assert code == 0, err
    return tmp_path


def _entry_blocks(document, code: str) -> tuple[list[Paragraph], Table]:  # type: ignore[no-untyped-def]
    """The narrative paragraphs and the metrics table of one entry in a form."""
    paragraphs: list[Paragraph] = []
    table = None
    inside = False
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph) and block.style.name == "Heading 1":
            inside = block.text.startswith(f"{code}. ")
        elif inside and isinstance(block, Paragraph) and not block.style.name.startswith("Heading"):
            paragraphs.append(block)
        elif inside and isinstance(block, Table):
            table = block
    assert table is not None
    return paragraphs, table


def test_unchanged_forms_change_nothing(workspace: Path) -> None:
    editions = workspace / "editions"
    before = load_edition(editions, "2024-02")
    code, out, _ = run("collect", "2024-02", str(workspace / "forms"), "--editions", str(editions))
    assert code == 0 and "the forms change nothing" in out
    assert load_edition(editions, "2024-02") == before


def test_forms_group_entries_by_owner(workspace: Path) -> None:
    names = sorted(p.name for p in (workspace / "forms").iterdir())
    assert "2024-02-gep.docx" in names and "2024-02-kls.docx" in names
    document = Document(str(workspace / "forms" / "2024-02-gep.docx"))
    headings = [p.text.split(".")[0] for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["P1", "G2", "G3"]
    # Open to type into at once, in Word and LibreOffice (no protection), Track Changes on,
    # where the schema puts it (CT_Settings): after w:proofState, before w:defaultTabStop.
    tags = [child.tag.split("}")[1] for child in document.settings.element]
    assert "documentProtection" not in tags
    assert tags.index("proofState") < tags.index("trackRevisions") < tags.index("defaultTabStop")


def test_contributor_edits_come_back_as_exactly_those_changes(workspace: Path) -> None:
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    before = load_edition(editions, "2024-02")
    document = Document(str(form))
    paragraphs, table = _entry_blocks(document, "G2")
    # a sentence changed
    sentence = next(p for p in paragraphs if "33,700 learners" in p.text)
    for run_ in sentence.runs:
        run_.text = run_.text.replace("33,700 learners", "41,200 learners")
    # a bullet added after the last bullet of the first list
    last_bullet = next(p for p in paragraphs if p.text.startswith("Introductory courses"))
    new_bullet = copy.deepcopy(last_bullet._p)
    last_bullet._p.addnext(new_bullet)
    added = Paragraph(new_bullet, last_bullet._parent)
    for run_ in added.runs[1:]:
        run_._r.getparent().remove(run_._r)
    added.runs[0].text = "A new podcast series reached 3,000 listeners."
    # a metric updated
    row = next(r for r in table.rows if r.cells[0].text.startswith("completed by 33,700"))
    row.cells[1].text = "41,200"
    document.save(str(form))

    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 0, err
    assert "41,200 learners" in out and "g2-learners value: 33700 -> 41200" in out
    after = load_edition(editions, "2024-02")
    old_g2, new_g2 = before.entry("G2"), after.entry("G2")
    assert old_g2 is not None and new_g2 is not None
    expected = old_g2.narrative.replace("33,700 learners", "41,200 learners").replace(
        'Health" MOOC.', 'Health" MOOC.\n- A new podcast series reached 3,000 listeners.'
    )
    assert new_g2.narrative == expected
    metrics = {m.id: m for m in new_g2.metrics}
    assert metrics["g2-learners"].value == 41200
    # The figure moves as one: value, the phrase as written and the label that holds it.
    changed = {"value": 41200, "text": "41,200 learners"}
    changed["label"] = "completed by 41,200 learners to date"
    assert new_g2.metrics == [
        m.model_copy(update=changed) if m.id == "g2-learners" else m for m in old_g2.metrics
    ]
    assert new_g2.initiatives == old_g2.initiatives
    for old_entry, new_entry in zip(before.entries, after.entries, strict=True):
        if old_entry.code != "G2":
            assert new_entry == old_entry
    status = draft_status(after)
    assert status.reviewed == 1 and "G2" not in status.outstanding


def test_a_form_with_its_table_deleted_is_rejected_and_nothing_written(workspace: Path) -> None:
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    document = Document(str(form))
    paragraphs, table = _entry_blocks(document, "G2")
    paragraphs[0].runs[0].text = "Rewritten."
    table._tbl.getparent().remove(table._tbl)
    document.save(str(form))
    files = {p: p.read_bytes() for p in (editions / "2024-02").rglob("*") if p.is_file()}
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 2
    assert "G2: the metrics table is missing" in err and str(form) in err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in (editions / "2024-02").rglob("*") if p.is_file()} == files


def test_an_edit_made_in_the_snapshot_meanwhile_is_not_lost(workspace: Path) -> None:
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-kls.docx"
    entry_file = editions / "2024-02" / "entries" / "P2.md"
    entry_file.write_text(entry_file.read_text().replace("Arts Council England", "ACE"))
    document = Document(str(form))
    paragraphs, _ = _entry_blocks(document, "P2")
    paragraphs[-1].runs[-1].text += " More to come."
    document.save(str(form))
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 1
    # The same paragraph edited on both sides: a conflict showing both versions.
    assert "P2: conflict in the narrative" in err
    assert "the snapshot: " in err and "and ACE." in err
    assert "2024-02-kls.docx: " in err and "More to come." in err
    assert "P2 not written: settle it with --force" in err
    assert "ACE" in entry_file.read_text() and "More to come." not in entry_file.read_text()
    code, _, _ = run(
        "collect", "2024-02", str(workspace / "forms"), "--force", "--editions", str(editions)
    )
    assert code == 0 and "More to come." in entry_file.read_text()


def test_a_bad_metric_value_names_the_form_entry_and_row(workspace: Path) -> None:
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    document = Document(str(form))
    _, table = _entry_blocks(document, "G3")
    table.rows[2].cells[1].text = "lots"
    document.save(str(form))
    code, _, err = run("collect", "2024-02", str(workspace / "forms"), "--editions", str(editions))
    assert code == 2
    assert "G3: metrics table row 3: value 'lots' is not a number" in err


def test_forms_are_byte_identical_when_written_twice(workspace: Path, tmp_path: Path) -> None:
    editions = workspace / "editions"
    run("forms", "2024-02", "--out", str(tmp_path / "again"), "--editions", str(editions))
    for path in (workspace / "forms").iterdir():
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes()


def test_forms_never_overwrite_without_force(workspace: Path) -> None:
    editions = workspace / "editions"
    code, _, err = run(
        "forms", "2024-02", "--out", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 2 and "--force" in err
