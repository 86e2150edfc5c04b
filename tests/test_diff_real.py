"""The diff on the real 2023 report and a next edition made from it with known edits, both
imported through `topolreport import` as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_runner import run
from factories import EDITS, TOUCHED, import_with_edits

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return import_with_edits(tmp_path_factory.mktemp("real"), EDITS)


@pytest.fixture(scope="module")
def changes(editions: Path) -> dict:
    code, out, err = run(
        "diff", "2023-02", "2024-02", "--format", "json", "--editions", str(editions)
    )
    assert code == 1, err
    return json.loads(out)


def test_finds_exactly_the_metrics_that_moved(changes: dict) -> None:
    moved = {
        (c["recommendation"], c["old"]["value"], c["new"]["value"], c["direction"], c["regression"])
        for c in changes["metric_changes"]
    }
    assert moved == {
        ("G2", 33700, 41200, "up", False),
        ("G4", 2449, 2913, "up", False),
        ("G4", 11389, 13870, "up", False),
        ("G8", 2600, 2100, "down", True),
    }
    g2 = next(c for c in changes["metric_changes"] if c["recommendation"] == "G2")
    assert g2["id"] == "g2-learners" and g2["absolute"] == 7500
    assert changes["summary"]["regressions"] == 1
    assert changes["new_metrics"] == changes["removed_metrics"] == []


def test_finds_the_initiative_added_removed_and_renamed(changes: dict) -> None:
    assert [(i["recommendation"], i["name"]) for i in changes["new_initiatives"]] == [
        ("AIR4", "AI Industry Exchange Network")
    ]
    assert [(i["recommendation"], i["name"]) for i in changes["removed_initiatives"]] == [
        ("DM5", "Evidence Standards Framework")
    ]
    assert [
        (r["recommendation"], r["old_name"], r["new_name"]) for r in changes["renamed_initiatives"]
    ] == [("G3", "GeNotes", "GeNotes Online")]


def test_nothing_else_changed(changes: dict) -> None:
    assert {t["recommendation"] for t in changes["text_changes"]} == TOUCHED
    assert all(t["field"] == "narrative" for t in changes["text_changes"])
    for name in (
        "recommendations_added",
        "recommendations_removed",
        "wording_changes",
        "entries_added",
        "entries_removed",
        "changed_initiatives",
    ):
        assert changes[name] == [], name


def test_the_untouched_entries_are_exactly_the_stalled_ones(changes: dict, editions: Path) -> None:
    codes = [p.stem.replace("-", "/") for p in (editions / "2023-02" / "entries").glob("*.md")]
    assert len(codes) == 43
    stalled = {s["recommendation"]: s["reasons"] for s in changes["stalled"]}
    assert set(stalled) == set(codes) - TOUCHED
    assert stalled["E1"] == ["no new initiative", "no metric moved", "narrative unchanged"]
    assert stalled["OD3"] == ["cross-reference only"]
    assert changes["summary"]["stalled"] == 37


def test_each_edition_against_itself_reports_no_change(editions: Path) -> None:
    for edition_id in ("2023-02", "2024-02"):
        code, out, _ = run(
            "diff", edition_id, edition_id, "--format", "json", "--editions", str(editions)
        )
        assert code == 0
        document = json.loads(out)
        assert document["summary"]["same"] and document["summary"]["changes"] == 0
        assert all(v == [] for v in document.values() if isinstance(v, list))


def test_history_follows_a_metric_across_the_editions(editions: Path) -> None:
    code, out, _ = run("history", "G8", "--format", "json", "--editions", str(editions))
    assert code == 0
    history = json.loads(out)
    assert [step["edition"] for step in history["editions"]] == ["2023-02", "2024-02"]
    values = [[(m["id"], m["value"]) for m in step["metrics"]] for step in history["editions"]]
    assert values[0][0] == ("g8-visitors", 2600) and values[1][0] == ("g8-visitors", 2100)
    assert history["stalled_for"] == 0
    code, out, _ = run("history", "E10", "--format", "json", "--editions", str(editions))
    history = json.loads(out)
    assert history["stalled_for"] == 1 and history["stalled_since"] == "2023-02"
    assert history["editions"][1]["stalled"] == ["cross-reference only"]


# A harder next edition: figures reworded around, a figure of the same unit added above
# another (the importer's ids shift: g2-learners becomes g2-learners-2), neighbouring
# figures of one sentence both moved.
REWORDED = [
    ("February 2023", "March 2024"),
    (
        "- A range of online modules",
        "- A new genomics podcast series has reached 12,000 learners.\n- A range of online modules",
    ),
    ("completed by 33,700 learners to date", "completed by 41,200 learners by January 2024"),
    ("These have reached 66,000 learners", "These have now reached 64,500 learners"),
    ("from circa 46,000 to circa 78,000 by 2030", "from circa 48,000 to circa 81,000 by 2030"),
    ("showed that over 90% said", "showed that over 92% said"),
    ("and over 90% said it increased confidence", "and over 94% said it increased confidence"),
    (
        "over 2,600 visitors, with 8,500 page views",
        "over 3,400 unique visitors, with 11,200 page views",
    ),
]


def test_figures_are_matched_when_the_words_around_them_change(tmp_path: Path) -> None:
    editions = import_with_edits(tmp_path, REWORDED, new_id="2024-03")
    _, out, _ = run("diff", "2023-02", "2024-03", "--format", "json", "--editions", str(editions))
    changes = json.loads(out)
    moved = {
        (c["recommendation"], c["old"]["id"], c["id"], c["old"]["value"], c["new"]["value"])
        for c in changes["metric_changes"]
    }
    assert moved == {
        ("G2", "g2-learners", "g2-learners-2", 33700, 41200),
        ("G2", "g2-learners-2", "g2-learners-3", 66000, 64500),
        ("G6", "g6-workforce", "g6-workforce", 46000, 48000),
        ("G6", "g6-workforce-2", "g6-workforce-2", 78000, 81000),
        ("OD2", "od2-percent", "od2-percent", 90, 92),
        ("OD2", "od2-percent-2", "od2-percent-2", 90, 94),
        ("G8", "g8-visitors", "g8-unique-visitors", 2600, 3400),
        ("G8", "g8-page-views", "g8-page-views", 8500, 11200),
    }
    assert [c["regression"] for c in changes["metric_changes"] if c["new"]["value"] == 64500] == [
        True
    ]
    assert [(m["recommendation"], m["value"]) for m in changes["new_metrics"]] == [("G2", 12000)]
    assert changes["removed_metrics"] == []
    stalled = {s["recommendation"] for s in changes["stalled"]}
    assert stalled.isdisjoint({"G2", "G6", "OD2", "G8"}) and len(stalled) == 39
