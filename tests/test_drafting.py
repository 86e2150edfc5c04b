"""Starting the next edition, confirming entries, and the draft's status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from topolreport.drafting import draft_status, is_reviewed
from topolreport.store import load_edition

from cli_runner import run


def test_new_carries_everything_forward_unreviewed(editions: Path) -> None:
    code, out, _ = run("new", "2025-02", "--from", "2024-02", "--editions", str(editions))
    assert code == 0, out
    old, new = load_edition(editions, "2024-02"), load_edition(editions, "2025-02")
    assert new.date == "2025-02"
    assert [e.code for e in new.entries] == [e.code for e in old.entries]
    assert [e.narrative for e in new.entries] == [e.narrative for e in old.entries]
    assert new.abbreviations == old.abbreviations
    assert new.summary == "" and new.foreword is not None and new.foreword.text == ""
    assert new.foreword.signatory == old.foreword.signatory  # type: ignore[union-attr]
    # Metrics keep last year's as-of date, so a stale figure shows.
    assert new.entries[0].metrics[0].as_of == "2024-02"
    assert not any(is_reviewed(e) for e in new.entries)
    status = draft_status(new)
    assert (status.reviewed, status.total) == (0, 3)
    assert [m.metric for m in status.stale_metrics] == ["d1-users"]


def test_new_refuses_to_overwrite_without_force(editions: Path) -> None:
    assert run("new", "2025-02", "--from", "2024-02", "--editions", str(editions))[0] == 0
    entry = editions / "2025-02" / "entries" / "S1.md"
    entry.write_text(entry.read_text().replace("Courses run.", "Courses ran."))
    code, _, err = run("new", "2025-02", "--from", "2024-02", "--editions", str(editions))
    assert code == 2 and "already exists" in err
    assert "Courses ran." in entry.read_text()
    code, _, _ = run("new", "2025-02", "--from", "2024-02", "--force", "--editions", str(editions))
    assert code == 0 and "Courses run." in entry.read_text()


def test_editing_or_confirming_makes_an_entry_reviewed(editions: Path) -> None:
    run("new", "2025-03", "--from", "2024-02", "--date", "2025-03", "--editions", str(editions))
    entry = editions / "2025-03" / "entries" / "S1.md"
    entry.write_text(entry.read_text().replace("Courses run.", "Courses ran all year."))
    code, out, err = run(
        "confirm",
        "2025-03",
        "d2/ai1",
        "--reason",
        "No change this year",
        "--editions",
        str(editions),
    )
    assert code == 0, err
    code, out, _ = run("status", "2025-03", "--format", "json", "--editions", str(editions))
    status = json.loads(out)
    assert (status["reviewed"], status["total"]) == (2, 3)
    assert status["outstanding"] == ["D1"]
    owners = {row["name"]: (row["reviewed"], row["total"]) for row in status["by_owner"]}
    assert owners == {"TEL": (0, 1), "(no owner)": (2, 2)}
    confirmed = load_edition(editions, "2025-03").entry("D2/AI1")
    assert confirmed is not None and confirmed.review is not None
    assert confirmed.review.reason == "No change this year"


def test_status_text_shows_progress(editions: Path) -> None:
    run("new", "2025-02", "--from", "2024-02", "--editions", str(editions))
    code, out, _ = run("status", "--editions", str(editions))
    assert code == 0
    assert "0 of 3 entries reviewed" in out
    assert "Data Panel" in out and "TEL" in out and "d1-users" in out


@pytest.mark.parametrize(
    "args, expected",
    [
        (["new", "2025-02", "--from", "1999-01"], "unknown edition '1999-01'"),
        (["new", "2025-02", "--from", "2024-02", "--date", "2025"], "not a month"),
        (["confirm", "2024-02", "Q7", "--reason", "x"], "no entry for 'Q7'"),
        (["confirm", "2024-02", "S1", "--reason", "  "], "reason is empty"),
    ],
)
def test_bad_input(editions: Path, args: list[str], expected: str) -> None:
    code, _, err = run(*args, "--editions", str(editions))
    assert code == 2 and expected in err
    assert not (editions / "2025-02").exists()
