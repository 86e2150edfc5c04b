"""`topolreport assess`: the editorial status with its audit trail, as `status`, `history` and
`diff` show it, on three editions made from the real report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from topolreport.diff.history import entry_history, history_text
from topolreport.store import load_edition

from cli_runner import run
from editions3 import make_three_editions


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_three_editions(tmp_path_factory.mktemp("three"))


@pytest.fixture
def editions(pristine: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine, tmp_path / "editions"))


def assess(editions: Path, *args: str) -> None:
    code, _, err = run("assess", *args, "--editions", str(editions))
    assert code == 0, err


def test_the_audit_trail_follows_the_status_across_editions(editions: Path) -> None:
    assess(editions, "2024-02", "G2", "G4", "--status", "in progress", "--rag", "amber",
           "--reason", "Courses funded to March 2025 only", "--target", "2025-03",
           "--reviewer", "Dana Okafor")  # fmt: skip
    # The 2025 edition is assessed afresh: the target slips, which the trail must show.
    assess(editions, "2025-02", "G2", "--status", "in progress", "--rag", "amber",
           "--reason", "Funding confirmed late", "--target", "2025-09",
           "--reviewer", "Dana Okafor")  # fmt: skip
    assess(editions, "2025-02", "G2", "--status", "Implemented", "--rag", "green",
           "--reason", "Module live in every region", "--reviewer", "Sam Reid")  # fmt: skip

    entry = load_edition(editions, "2025-02").entry("G2")
    assert entry is not None and entry.assessment is not None
    assert entry.assessment.status == "implemented"  # the catalogue's own spelling
    assert entry.assessment.target == "2025-09"  # kept when not given again
    trail = entry.assessment.history
    assert [(c.who, c.status, c.rag, c.why) for c in trail] == [
        ("Dana Okafor", "in progress", "amber", "Funding confirmed late"),
        ("Sam Reid", "implemented", "green", "Module live in every region"),
    ]
    assert trail[0].target == "2025-09" and trail[0].target_was is None
    assert all(c.when.endswith("Z") and len(c.when) == 20 for c in trail)

    # status: the counts and the trail, as text and as JSON.
    code, out, err = run("status", "2025-02", "--editions", str(editions))
    assert code == 0, err
    assert "implemented 1" in out and "(not set) 42" in out
    assert "Funding confirmed late" in out and "Module live in every" in out
    code, out, _ = run("status", "2025-02", "--format", "json", "--editions", str(editions))
    rows = {row["code"]: row for row in json.loads(out)["editorial"]}
    assert rows["G2"]["rag"] == "green" and rows["G4"]["status"] is None
    assert [c["who"] for c in rows["G2"]["history"]] == ["Dana Okafor", "Sam Reid"]


def test_a_moved_target_is_logged_with_the_month_it_replaced(editions: Path) -> None:
    assess(editions, "2024-02", "G8", "--status", "not started", "--rag", "red",
           "--reason", "No provider yet", "--target", "2024-09", "--reviewer", "A")  # fmt: skip
    assess(editions, "2024-02", "G8", "--status", "in progress", "--rag", "amber",
           "--reason", "Provider found, late start", "--target", "2025-01",
           "--reviewer", "B")  # fmt: skip
    code, out, _ = run("history", "G8", "--format", "json", "--editions", str(editions))
    assert code == 0
    steps = {step["edition"]: step for step in json.loads(out)["editions"]}
    assert steps["2023-02"]["assessment"] is None
    history = steps["2024-02"]["assessment"]["history"]
    assert [(c["target"], c["target_was"]) for c in history] == [
        ("2024-09", None),
        ("2025-01", "2024-09"),
    ]
    assert steps["2024-02"]["status_trail"][1].endswith(
        "B: in progress (amber), target moved 2024-09 → 2025-01; Provider found, late start"
    )
    editions_read = [load_edition(editions, e) for e in ("2023-02", "2024-02", "2025-02")]
    text = history_text(entry_history(editions_read, "G8"), width=400)
    assert "editorial status: in progress (amber): Provider found, late start" in text


def test_the_diff_reports_a_status_change(editions: Path) -> None:
    assess(editions, "2025-02", "OD1", "--status", "superseded",
           "--reason", "Replaced by the NHS workforce plan", "--reviewer", "C")  # fmt: skip
    code, out, _ = run("diff", "2024-02", "2025-02", "--format", "json", "--editions",
                       str(editions))  # fmt: skip
    assert code == 1
    changes = json.loads(out)["status_changes"]
    assert [(c["recommendation"], c["old"], c["status"]) for c in changes] == [
        ("OD1", None, "superseded")
    ]
    assert changes[0]["new"] == "superseded: Replaced by the NHS workforce plan"
    assert changes[0]["changes"][0].endswith("C: superseded; Replaced by the NHS workforce plan")
    code, text, _ = run("diff", "2024-02", "2025-02", "--editions", str(editions))
    assert "editorial status not set → superseded" in text


def test_the_taxonomy_comes_from_the_catalogue(editions: Path) -> None:
    catalogue = editions / "catalogue.yaml"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8")
        + "status_taxonomy:\n  statuses: [open, closed]\n  rag: false\n",
        encoding="utf-8",
    )
    code, _, err = run("assess", "2024-02", "G2", "--status", "in progress", "--reason", "x",
                       "--reviewer", "A", "--editions", str(editions))  # fmt: skip
    assert code == 2 and "statuses: open, closed" in err
    code, _, err = run("assess", "2024-02", "G2", "--status", "open", "--rag", "green",
                       "--reason", "x", "--reviewer", "A", "--editions", str(editions))  # fmt: skip
    assert code == 2 and "--rag" in err
    assess(editions, "2024-02", "G2", "--status", "open", "--reason", "x", "--reviewer", "A")


def test_bad_assessments_write_nothing(editions: Path) -> None:
    g2 = editions / "2024-02" / "entries" / "G2.md"
    before = g2.read_bytes()
    for args, message in [
        (("G2", "--status", "in progress", "--rag", "red", "--reason", "  "), "reason is empty"),
        (("G2", "ZZ9", "--status", "in progress", "--reason", "x"), "no entry for 'ZZ9'"),
        (("G2", "--status", "in progress", "--reason", "x", "--target", "2025-13"), "--target"),
    ]:
        code, _, err = run("assess", "2024-02", *args, "--reviewer", "A", "--editions",
                           str(editions))  # fmt: skip
        assert code == 2 and message in err and "Traceback" not in err
    assert g2.read_bytes() == before


def test_a_hand_edited_red_rating_without_reason_is_refused(editions: Path) -> None:
    g2 = editions / "2024-02" / "entries" / "G2.md"
    text = g2.read_text(encoding="utf-8")
    g2.write_text(
        text.replace("---\n", "---\nassessment:\n  status: in progress\n  rag: red\n", 1),
        encoding="utf-8",
    )
    code, _, err = run("status", "2024-02", "--editions", str(editions))
    assert code == 2 and "G2.md" in err and "a red rating needs a reason" in err
