"""`confirm` for real use: several codes or an owner's entries, who and when, and never an
edited entry called unchanged without --force; `status`'s figures not refreshed."""

from __future__ import annotations

import json
from pathlib import Path

from topolreport.store import load_edition

from cli_runner import run


def _started(editions: Path) -> None:  # noqa: F811
    code, _, err = run("new", "2025-02", "--from", "2024-02", "--editions", str(editions))
    assert code == 0, err


def test_confirm_takes_several_codes_and_records_who_and_when(editions: Path) -> None:  # noqa: F811
    _started(editions)
    code, out, err = run(
        "confirm", "2025-02", "D2/AI1", "s1", "--reason", "Nothing new this year",
        "--reviewer", "Sam Approver, editor", "--editions", str(editions),
    )  # fmt: skip
    assert code == 0, err
    edition = load_edition(editions, "2025-02")
    for code_ in ("D2/AI1", "S1"):
        entry = edition.entry(code_)
        assert entry is not None and entry.review is not None
        assert entry.review.state == "confirmed"
        assert entry.review.by == "Sam Approver, editor"
        assert entry.review.on is not None and len(entry.review.on) == 10
    assert out.count("confirmed ") == 2


def test_confirm_takes_an_owner(editions: Path) -> None:  # noqa: F811
    _started(editions)
    code, out, err = run(
        "confirm", "2025-02", "--owner", "tel", "--reason", "As last year",
        "--reviewer", "Jo", "--editions", str(editions),
    )  # fmt: skip
    assert code == 0, err
    edition = load_edition(editions, "2025-02")
    confirmed = [e.code for e in edition.entries if e.review and e.review.state == "confirmed"]
    assert confirmed == ["D1"]


def test_an_edited_entry_is_not_confirmed_unchanged_without_force(editions: Path) -> None:  # noqa: F811
    _started(editions)
    entry_file = editions / "2025-02" / "entries" / "S1.md"
    entry_file.write_text(entry_file.read_text().replace("Courses run.", "Courses ran."))
    before = {p: p.read_bytes() for p in (editions / "2025-02").rglob("*.md")}
    code, _, err = run(
        "confirm", "2025-02", "D2/AI1", "S1", "--reason", "x", "--reviewer", "Jo",
        "--editions", str(editions),
    )  # fmt: skip
    assert code == 2
    assert "edited since carried forward, so not unchanged: S1" in err
    assert {p: p.read_bytes() for p in (editions / "2025-02").rglob("*.md")} == before
    code, _, err = run(
        "confirm", "2025-02", "S1", "--reason", "x", "--reviewer", "Jo", "--force",
        "--editions", str(editions),
    )  # fmt: skip
    assert code == 0, err


def test_status_lists_figures_whose_value_and_date_were_carried_forward(editions: Path) -> None:  # noqa: F811
    _started(editions)
    code, out, _ = run("status", "2025-02", "--format", "json", "--editions", str(editions))
    assert [m["metric"] for m in json.loads(out)["stale_metrics"]] == ["d1-users"]
    entry_file = editions / "2025-02" / "entries" / "D1.md"
    text = entry_file.read_text()
    # refreshed to a month before the edition's: refreshed all the same
    entry_file.write_text(text.replace("value: 2000", "value: 2500").replace("2024-02", "2024-12"))
    code, out, _ = run("status", "2025-02", "--format", "json", "--editions", str(editions))
    assert json.loads(out)["stale_metrics"] == []
