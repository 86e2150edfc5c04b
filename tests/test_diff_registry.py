"""The diff by initiative identity: the real 2023 report and an edited copy, imported through
`topolreport import` beside the committed catalogue and hand-reviewed registry of initiatives.

New, removed and renamed initiatives are judged by registry id: a known initiative named under
an alias is not new, one that only left an entry (other entries still name it) is "no longer
mentioned" there, and a genuinely new programme is still new."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli_runner import run
from factories import EDITS, import_with_edits

REPO = Path(__file__).resolve().parents[1]

MORE_EDITS = [
    # G2: the linked abbreviation written out: the same initiative, not a new one.
    ("The HEE [GEP](#) has focused", "The HEE [Genomics Education Programme](#) has focused"),
    # DM4/AIR5: a bullet naming a fellowship programme that DM2 and OD1 still name goes.
    (
        "- Launching the [Topol Digital Fellowships](#) in 2019, with the fourth cohort now about "
        "to get underway meaning around 100 Fellows having the opportunity to develop their "
        "digital skills via protected time.\n",
        "",
    ),
    # DM4/AIR5: the sentence with the partner organisation and its pathway goes.
    (
        "- Partnering with the Health Innovation Network to establish a Digital Graduate Pathway "
        "model with c100 people recruited into digital roles.\n",
        "",
    ),
    # G5: a known resource mentioned in one more entry.
    (
        "to develop two MOOCs in this field.",
        "to develop two MOOCs in this field, shared through the [Learning Hub](#).",
    ),
]


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("registry")
    (folder / "editions").mkdir()
    for name in ("catalogue.yaml", "initiatives.yaml"):
        shutil.copy(REPO / "editions" / name, folder / "editions" / name)
    return import_with_edits(folder, EDITS + MORE_EDITS)


@pytest.fixture(scope="module")
def changes(editions: Path) -> dict:
    code, out, err = run(
        "diff", "2023-02", "2024-02", "--format", "json", "--editions", str(editions)
    )
    assert code == 1, err
    return json.loads(out)


def names(items: list[dict]) -> list[tuple[str, str]]:
    return [(i["recommendation"], i["name"]) for i in items]


def test_the_new_programme_is_new_and_nothing_else_is(changes: dict) -> None:
    assert names(changes["new_initiatives"]) == [("AIR4", "AI Industry Exchange Network")]


def test_only_initiatives_no_entry_names_any_more_are_removed(changes: dict) -> None:
    # Not the Health Innovation Network: a partner organisation, not an initiative.
    assert names(changes["removed_initiatives"]) == [
        ("DM4/AIR5", "Digital Graduate Pathway"),
        ("DM5", "Evidence Standards Framework"),
    ]


def test_an_initiative_still_named_elsewhere_is_no_longer_mentioned_not_ended(
    changes: dict,
) -> None:
    assert [
        (i["recommendation"], i["id"], i["name"], i["elsewhere"])
        for i in changes["unmentioned_initiatives"]
    ] == [("DM4/AIR5", "topol-digital-fellowships", "Topol Digital Fellowships", ["DM2", "OD1"])]
    assert [
        (i["recommendation"], i["id"], i["elsewhere"])
        for i in changes["newly_mentioned_initiatives"]
    ] == [("G5", "learning-hub", ["P1", "G3", "AIR2", "OD6"])]


def test_an_alias_is_neither_new_nor_a_rename(changes: dict) -> None:
    assert [
        (r["recommendation"], r["old_name"], r["new_name"]) for r in changes["renamed_initiatives"]
    ] == [("G3", "GeNotes", "GeNotes Online")]
    assert changes["changed_initiatives"] == []
    assert changes["summary"]["unmentioned_initiatives"] == 1


def test_the_text_report_says_where_it_is_still_named(editions: Path) -> None:
    code, out, _ = run("diff", "2023-02", "2024-02", "--editions", str(editions))
    assert code == 1
    lines = [line.strip() for line in out.splitlines()]
    assert (
        "~ no longer mentioned in DM4/AIR5: Topol Digital Fellowships (still in DM2, OD1)" in lines
    )
    assert "~ now also mentioned in G5: Learning Hub (already in P1, G3, AIR2, OD6)" in lines


def test_history_judges_initiatives_by_registry_id_too(editions: Path) -> None:
    code, out, err = run("history", "DM4/AIR5", "--format", "json", "--editions", str(editions))
    assert code == 0, err
    step = json.loads(out)["editions"][-1]
    assert "no longer mentioned Topol Digital Fellowships" in step["changes"]
    assert "removed initiative Topol Digital Fellowships" not in step["changes"]
    assert "removed initiative Digital Graduate Pathway" in step["changes"]
    code, out, err = run("history", "G2", "--format", "json", "--editions", str(editions))
    assert code == 0, err
    changes = json.loads(out)["editions"][-1]["changes"]
    assert not [line for line in changes if "initiative" in line or "renamed" in line]
