"""Several leads, one entry: each form's edits merged three-way against the text it was issued
with; overlapping edits are a conflict, shown with both versions and left unwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document

from test_forms import run, workspace  # noqa: F401  (the fixture)
from topolreport.store import load_edition

GEP, NSHCS = "2024-02-gep.docx", "2024-02-nshcs.docx"


def _retype(form: Path, old: str, new: str) -> None:
    """Retype the paragraph holding `old` with `old` replaced by `new`, as one run."""
    document = Document(str(form))
    paragraph = next(p for p in document.paragraphs if old in p.text)
    text = paragraph.text.replace(old, new)
    for run_ in paragraph.runs[1:]:
        run_._r.getparent().remove(run_._r)
    paragraph.runs[0].text = text
    document.save(str(form))


LABELS = {  # what each metric's row shows in "what it counts"
    "g2-learners": "completed by 33,700 learners to date",
    "g2-users": "Introductory courses have attracted 10,300 users",
    "g2-curricula": "HEE NSHCS has reviewed 33 curricula for NHS scientists",
}


def _metric(form: Path, metric_id: str, column: int, value: str) -> None:
    document = Document(str(form))
    for table in document.tables:
        for row in table.rows:
            if row.cells[0].text == LABELS[metric_id]:
                row.cells[column].text = value
                document.save(str(form))
                return
    raise AssertionError(metric_id)


def _collect(workspace: Path, *options: str) -> tuple[int, str, str]:  # noqa: F811
    return run(
        "collect", "2024-02", str(workspace / "forms"), *options,
        "--editions", str(workspace / "editions"),
    )  # fmt: skip


def test_two_forms_editing_different_parts_of_one_entry_both_arrive(workspace: Path) -> None:  # noqa: F811
    forms, editions = workspace / "forms", workspace / "editions"
    before = load_edition(editions, "2024-02").entry("G2")
    assert before is not None
    _retype(forms / GEP, "33,700 learners", "41,200 learners")
    _metric(forms / GEP, "g2-learners", 1, "41,200")
    _retype(forms / NSHCS, "reviewed 33 curricula", "reviewed 35 curricula")
    _metric(forms / NSHCS, "g2-curricula", 1, "35")
    code, out, err = _collect(workspace, "--dry-run")
    assert code == 0, err
    assert "G2 from 2024-02-gep.docx, 2024-02-nshcs.docx" in out
    assert "dry run: 1 entry would change" in out
    code, out, err = _collect(workspace)
    assert code == 0, err
    assert "updated 1 entry of 2024-02" in out
    after = load_edition(editions, "2024-02").entry("G2")
    assert after is not None
    assert after.narrative == before.narrative.replace(
        "33,700 learners", "41,200 learners"
    ).replace("reviewed 33 curricula", "reviewed 35 curricula")
    values = {m.id: m.value for m in after.metrics}
    assert values["g2-learners"] == 41200 and values["g2-curricula"] == 35


def test_overlapping_edits_are_a_conflict_and_only_that_entry_waits(workspace: Path) -> None:  # noqa: F811
    forms, editions = workspace / "forms", workspace / "editions"
    before = load_edition(editions, "2024-02")
    _retype(forms / GEP, "33,700 learners", "41,200 learners")
    _retype(forms / NSHCS, "33,700 learners", "40,000 learners")
    _retype(forms / GEP, "went live in October 2022", "went live in October 2022 (200 learners)")
    _metric(forms / GEP, "g2-users", 1, "11,000")
    _metric(forms / NSHCS, "g2-users", 1, "12,000")
    _retype(forms / NSHCS, "reviewed 33 curricula", "reviewed 35 curricula")

    dry_code, dry_out, dry_err = _collect(workspace, "--dry-run")
    code, out, err = _collect(workspace)
    assert code == dry_code == 1
    assert "G2: conflict in the narrative" in err
    assert f"{GEP}: - A range of online modules" in err and "41,200 learners" in err
    assert f"{NSHCS}: - A range of online modules" in err and "40,000 learners" in err
    assert "G2: conflict in the metric g2-users value" in err
    assert "G2 not written: settle it with --prefer FORM" in err
    assert "not written (conflicting edits): G2" in err
    written = [line for line in out.splitlines() if line.startswith("updated")]
    would = [line for line in dry_out.splitlines() if line.startswith("dry run")]
    assert written[0].split()[1] == would[0].split()[2]  # the same count either way
    after = load_edition(editions, "2024-02")
    assert after.entry("G2") == before.entry("G2")
    changed = [e.code for e, o in zip(after.entries, before.entries, strict=True) if e != o]
    assert changed and "G2" not in changed

    code, out, err = _collect(workspace, "--prefer", NSHCS)
    assert code == 0, err
    g2 = load_edition(editions, "2024-02").entry("G2")
    assert g2 is not None
    assert "40,000 learners" in g2.narrative and "41,200" not in g2.narrative
    assert "reviewed 35 curricula" in g2.narrative  # the other edits still merge
    assert {m.id: m.value for m in g2.metrics}["g2-users"] == 12000


def test_an_edit_in_the_snapshot_meanwhile_merges_with_the_form(workspace: Path) -> None:  # noqa: F811
    forms, editions = workspace / "forms", workspace / "editions"
    entry_file = editions / "2024-02" / "entries" / "G2.md"
    entry_file.write_text(entry_file.read_text().replace("In addition:", "Furthermore:"))
    _retype(forms / GEP, "33,700 learners", "41,200 learners")
    code, out, err = _collect(workspace)
    assert code == 0, err
    text = entry_file.read_text()
    assert "Furthermore:" in text and "41,200 learners" in text


def test_a_form_saved_unchanged_twice_changes_nothing(workspace: Path) -> None:  # noqa: F811
    forms, editions = workspace / "forms", workspace / "editions"
    before = load_edition(editions, "2024-02")
    Document(str(forms / GEP)).save(str(forms / GEP))
    shutil.copy(forms / GEP, forms / "2024-02-gep-again.docx")
    code, out, err = _collect(workspace)
    assert code == 0, err
    assert "the forms change nothing" in out
    assert load_edition(editions, "2024-02") == before


def test_the_same_edit_sent_twice_is_applied_once(workspace: Path) -> None:  # noqa: F811
    forms, editions = workspace / "forms", workspace / "editions"
    _retype(forms / GEP, "33,700 learners", "41,200 learners")
    shutil.copy(forms / GEP, forms / "2024-02-gep-copy.docx")
    code, out, err = _collect(workspace)
    assert code == 0, err
    g2 = load_edition(editions, "2024-02").entry("G2")
    assert g2 is not None and g2.narrative.count("41,200 learners") == 1


def test_a_figure_changed_on_one_side_is_changed_on_both(workspace: Path) -> None:  # noqa: F811
    forms, editions = workspace / "forms", workspace / "editions"
    _retype(forms / GEP, "10,300 users", "12,500 users")  # the narrative only
    _metric(forms / GEP, "g2-curricula", 1, "35")  # the table only
    code, out, err = _collect(workspace)
    assert code == 0, err
    g2 = load_edition(editions, "2024-02").entry("G2")
    assert g2 is not None
    metrics = {m.id: m for m in g2.metrics}
    users, curricula = metrics["g2-users"], metrics["g2-curricula"]
    assert (users.value, users.text) == (12500, "12,500 users")
    assert users.label == "Introductory courses have attracted 12,500 users"
    assert (curricula.value, curricula.text) == (35, "35 curricula")
    assert "has reviewed 35 curricula for NHS scientists" in g2.narrative
    assert "33 curricula" not in g2.narrative
    code, out, _ = run("check", "2024-02", "--editions", str(editions))
    assert "TR042" not in out


def test_a_figure_whose_two_sides_disagree_is_a_conflict(workspace: Path) -> None:  # noqa: F811
    forms, editions = workspace / "forms", workspace / "editions"
    before = load_edition(editions, "2024-02").entry("G2")
    _retype(forms / GEP, "10,300 users", "12,500 users")
    _metric(forms / GEP, "g2-users", 1, "13,000")
    code, out, err = _collect(workspace)
    assert code == 1
    assert "G2: conflict in the figure g2-users: its table and narrative disagree" in err
    assert "2024-02-gep.docx (table): 13,000" in err
    assert "2024-02-gep.docx (narrative): 12,500 users" in err
    assert load_edition(editions, "2024-02").entry("G2") == before
