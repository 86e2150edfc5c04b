"""The round trip with a real word processor: forms opened in LibreOffice, edited as a lead
edits them (Track Changes on, toolbar bullets, Insert > Hyperlink, a table cell, a comment),
saved as "Word 2007-365" and collected; git shows exactly those edits in the entry files."""

from __future__ import annotations

import subprocess
from pathlib import Path

from docx import Document

from test_forms import run, workspace  # noqa: F401  (the fixture)
from topolreport.store import load_edition

from office import Office, office_session  # noqa: F401  (the session's LibreOffice)
from tools import require_tool

PASSPORT = "https://www.genomicseducation.hee.nhs.uk/passport"
TALKING = "https://www.genomicseducation.hee.nhs.uk/talking-genomics"
G3_LAST = "apprenticeships."
REGISTRY = "initiatives.yaml"
PASSPORT_NAME = "Genomics Passport"
G3_LIVE = "The first module of the programme went live in October 2022"


def _git(folder: Path, *args: str) -> str:
    git = require_tool("git")
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    done = subprocess.run(
        [git, *identity, *args], cwd=folder, capture_output=True, text=True, check=True
    )
    return done.stdout


def _snapshot_in_git(editions: Path) -> None:
    _git(editions, "init", "-q")
    _git(editions, "add", "-A")
    _git(editions, "commit", "-q", "-m", "issued")


def _issued_in_git(editions: Path, tmp_path: Path) -> Path:
    """The snapshot committed as the forms were issued; the folder forms come back to."""
    _snapshot_in_git(editions)
    returned = tmp_path / "returned"
    returned.mkdir()
    return returned


def _collect(workspace: Path, forms: Path) -> tuple[int, str, str]:  # noqa: F811
    return run("collect", "2024-02", str(forms), "--editions", str(workspace / "editions"))


def test_a_lead_edits_a_form_in_libreoffice_with_track_changes(
    office: Office,
    workspace: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    editions = workspace / "editions"
    before = load_edition(editions, "2024-02")
    returned = _issued_in_git(editions, tmp_path)
    answer = office.run(
        [
            {
                "do": "open",
                "path": str(workspace / "forms" / "2024-02-gep.docx"),
                "author": "Jo Bloggs",
            },
            {"do": "state", "key": "opened"},
            {"do": "track_changes"},
            {"do": "replace", "old": "33,700 learners", "new": "41,200 learners"},
            {"do": "hyperlink", "text": "Talking Genomics", "url": TALKING},  # Insert > Hyperlink
            {
                "do": "insert_text_with_link",
                "after": G3_LIVE,
                "before_link": " The ",
                "link_text": "Genomics Passport",
                "url": PASSPORT,
            },
            {
                "do": "append_to_paragraph",
                "after": "Genomics Passport",
                "text": " launched in 2023.",
            },
            {
                "do": "new_paragraph_after",
                "after": G3_LAST,
                "text": "A bullet from the toolbar.",
                "bullet": True,
            },
            {
                "do": "table_cell",
                "holding": "completed by 33,700 learners",
                "cell": "B2",
                "text": "41,200",
            },
            {"do": "comment", "on": "10,300 users", "text": "Please check this figure"},
            {"do": "count_changes"},
            {"do": "save_docx", "path": str(returned / "2024-02-gep.docx")},
        ]
    )
    assert answer["opened"]["read_only"] is False  # typed into at once, no "Edit Document"
    assert answer["opened"]["recording"] is True  # Track Changes on from the start
    assert answer["changes"] > 0

    code, out, err = _collect(workspace, returned)
    assert code == 0, out + err
    changed = _git(editions, "diff", "--name-only").split()
    # The two entries edited, and the registry, which gains the two names the lead linked,
    # proposed for a person to accept.
    assert sorted(changed) == ["2024-02/entries/G2.md", "2024-02/entries/G3.md", REGISTRY]
    registry_diff = _git(editions, "diff", "-U0", REGISTRY).splitlines()
    assert [line for line in registry_diff if line.startswith(("+ ", "- "))] == [
        line
        for name, new_id in (
            ("Talking Genomics", "talking-genomics"),
            (PASSPORT_NAME, "genomics-passport"),
        )
        for line in (
            f"+  - id: {new_id}",
            f"+    name: {name}",
            "+    kind: programme",
            "+    status: proposed",
            "+    first_edition: 2024-02",
            "+    names:",
            f"+      2024-02: {name}",
        )
    ]
    after = load_edition(editions, "2024-02")
    old_g2, new_g2 = before.entry("G2"), after.entry("G2")
    old_g3, new_g3 = before.entry("G3"), after.entry("G3")
    assert old_g2 and new_g2 and old_g3 and new_g3
    assert new_g2.narrative == old_g2.narrative.replace(
        "33,700 learners", "41,200 learners"
    ).replace("Talking Genomics", f"[Talking Genomics]({TALKING})")
    assert {m.id: m.value for m in new_g2.metrics}["g2-learners"] == 41200
    assert new_g2.review and new_g2.review.comments
    assert new_g2.review.comments[0].text == "Please check this figure"
    assert new_g2.review.comments[0].author == "Jo Bloggs"
    expected_g3 = old_g3.narrative.replace(
        "commencing in 2023.",
        f"commencing in 2023. The [Genomics Passport]({PASSPORT}) launched in 2023.",
    ).replace(G3_LAST, G3_LAST + "\n\n- A bullet from the toolbar.", 1)
    assert new_g3.narrative == expected_g3
    assert [i.name for i in new_g3.initiatives if i not in old_g3.initiatives] == [
        "Genomics Passport"
    ]
    assert new_g3.metrics == old_g3.metrics
    assert "tracked insertion by Jo Bloggs" in out


def test_two_leads_edit_one_co_owned_entry_in_libreoffice(
    office: Office,
    workspace: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    editions, forms = workspace / "editions", workspace / "forms"
    before = load_edition(editions, "2024-02").entry("G2")
    assert before is not None
    returned = _issued_in_git(editions, tmp_path)
    office.run(
        [
            {"do": "open", "path": str(forms / "2024-02-gep.docx"), "author": "Jo Bloggs"},
            {"do": "replace", "old": "33,700 learners", "new": "41,200 learners"},
            {"do": "save_docx", "path": str(returned / "2024-02-gep.docx")},
            {"do": "close"},
            {"do": "open", "path": str(forms / "2024-02-nshcs.docx"), "author": "Ann Other"},
            {"do": "replace", "old": "reviewed 33 curricula", "new": "reviewed 35 curricula"},
            {"do": "save_docx", "path": str(returned / "2024-02-nshcs.docx")},
        ]
    )
    code, out, err = _collect(workspace, returned)
    assert code == 0, out + err
    assert _git(editions, "diff", "--name-only").split() == ["2024-02/entries/G2.md"]
    after = load_edition(editions, "2024-02").entry("G2")
    assert after is not None
    assert after.narrative == before.narrative.replace(
        "33,700 learners", "41,200 learners"
    ).replace("reviewed 33 curricula", "reviewed 35 curricula")


def test_a_form_saved_unchanged_in_libreoffice_twice_changes_nothing(
    office: Office,
    workspace: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    editions = workspace / "editions"
    returned = _issued_in_git(editions, tmp_path)
    office.run(
        [
            {"do": "open", "path": str(workspace / "forms" / "2024-02-gep.docx")},
            {"do": "save_docx", "path": str(returned / "2024-02-gep.docx")},
            {"do": "close"},
            {"do": "open", "path": str(returned / "2024-02-gep.docx")},
            {"do": "save_docx", "path": str(returned / "2024-02-gep-again.docx")},
        ]
    )
    code, out, err = _collect(workspace, returned)
    assert code == 0, out + err
    assert "the forms change nothing" in out
    assert _git(editions, "status", "--porcelain") == ""


def _heading(form: Path, code: str) -> str:
    """The start of an entry's heading, as the lead sees it in the form."""
    document = Document(str(form))
    return next(p.text for p in document.paragraphs if p.text.startswith(f"{code}. "))[:60]


def test_no_change_this_year_ticked_in_libreoffice_confirms_the_entry(
    office: Office,
    workspace: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    returned = _issued_in_git(editions, tmp_path)
    office.run(
        [
            {"do": "open", "path": str(form), "author": "Jo Bloggs"},
            {
                "do": "append_to_paragraph",
                "after": "Completed by (your name and role):",
                "text": "Jo Bloggs, Programme Lead",
            },
            {"do": "replace", "old": "\u2610", "new": "\u2612", "after": _heading(form, "G3")},
            {"do": "save_docx", "path": str(returned / form.name)},
        ]
    )
    code, out, err = _collect(workspace, returned)
    assert code == 0, out + err
    assert "confirmed unchanged by Jo Bloggs, Programme Lead" in out
    assert _git(editions, "diff", "--name-only").split() == ["2024-02/entries/G3.md"]
    g3 = load_edition(editions, "2024-02").entry("G3")
    assert g3 is not None and g3.review is not None
    assert (g3.review.state, g3.review.by) == ("confirmed", "Jo Bloggs, Programme Lead")
    assert g3.review.on is not None and len(g3.review.on) == 10  # the day it was saved


def test_text_typed_outside_the_editable_parts_in_libreoffice_is_reported(
    office: Office,
    workspace: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    returned = _issued_in_git(editions, tmp_path)
    office.run(
        [
            {"do": "open", "path": str(form), "author": "Jo Bloggs"},
            {"do": "track_changes"},
            {"do": "append_to_paragraph", "after": _heading(form, "G3"), "text": " Reword this?"},
            {"do": "append_to_paragraph", "after": "Owners: GEP, NSHCS, TEL", "text": ", HEE"},
            {"do": "table_add_row", "holding": "completed by 33,700 learners",
             "cells": ["fellows in post", "12", "", "fellows", "2024-01", "12 fellows", ""]},
            {"do": "save_docx", "path": str(returned / form.name)},
        ]
    )  # fmt: skip
    code, out, err = _collect(workspace, returned)
    assert code == 1
    assert f"{returned / form.name}: G3: typed outside the editable parts, not applied: " in err
    assert "Reword this?" in err and "Owners: GEP, NSHCS, TEL, HEE" in err
    # what was typed in the editable parts is applied all the same: a tracked new table row
    assert _git(editions, "diff", "--name-only").split() == ["2024-02/entries/G2.md"]
    g2 = load_edition(editions, "2024-02").entry("G2")
    assert g2 is not None
    new = {m.id: m for m in g2.metrics}["g2-fellows"]
    assert (new.value, new.unit, new.as_of, new.label) == (
        12,
        "fellows",
        "2024-01",
        "fellows in post",
    )
    assert "tracked row inserted by Jo Bloggs" in out


def test_a_footnote_typed_in_libreoffice_is_reported_not_lost(
    office: Office,
    workspace: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    returned = _issued_in_git(editions, tmp_path)
    office.run(
        [
            {"do": "open", "path": str(form), "author": "Jo Bloggs"},
            {"do": "footnote", "after": "10,300 users", "text": "Source: GEP dashboard, Jan 2024"},
            {"do": "save_docx", "path": str(returned / form.name)},
        ]
    )
    code, out, err = _collect(workspace, returned)
    assert code == 1
    assert (
        f"{returned / form.name}: G2: typed in a footnote, not applied: "
        "'Source: GEP dashboard, Jan 2024'" in err
    )
    assert _git(editions, "status", "--porcelain") == ""


def test_a_figure_in_millions_changed_in_a_libreoffice_table_is_rewritten_in_the_narrative(
    office: Office,
    workspace: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    before = load_edition(editions, "2024-02").entry("G3")
    assert before is not None
    returned = _issued_in_git(editions, tmp_path)
    office.run(
        [
            {"do": "open", "path": str(form), "author": "Jo Bloggs"},
            {"do": "track_changes"},
            # G3's table: page views, users, registered users (row 4), elearning programmes
            {"do": "table_cell", "holding": "over 4,000 page views", "cell": "B4",
             "text": "2,500,000"},
            {"do": "save_docx", "path": str(returned / form.name)},
        ]
    )  # fmt: skip
    code, out, err = _collect(workspace, returned)
    assert code == 0, out + err
    assert _git(editions, "diff", "--name-only").split() == ["2024-02/entries/G3.md"]
    after = load_edition(editions, "2024-02").entry("G3")
    assert after is not None
    assert after.narrative == before.narrative.replace(
        "now has over 2 million registered users", "now has over 2.5 million registered users"
    )
    users = {m.id: m for m in after.metrics}["g3-registered-users"]
    assert (users.value, users.text) == (2500000, "over 2.5 million registered users")
    code, out, _ = run("check", "2024-02", "--editions", str(editions))
    assert "TR042" not in out
