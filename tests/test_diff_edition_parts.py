"""The edition around its entries in the diff: metadata, abbreviations, owners, foreword and
summary are differences in every format, and none of them changes what is stalled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from topolreport.diff import diff_editions
from topolreport.model import Abbreviation, Edition, Signatory

from cli_runner import run
from factories import save_editions, small_edition


def edited() -> tuple[Edition, Edition]:
    old = small_edition("2024-02")
    new = small_edition("2025-02").model_copy(update={"date": "2025-02"}, deep=True)
    new.publisher = "Another Body"
    assert new.foreword is not None
    new.foreword.signatory = Signatory(
        name="B Person", role="Director", organisation="Another Body"
    )
    new.foreword.text = "We made more progress.\n\n- One thing\n- Another"
    new.summary = "Much done; less to do."
    new.abbreviations = [
        Abbreviation(abbr="NHS", meaning="the National Health Service"),
        Abbreviation(abbr="TEL", meaning="Technology Enhanced Learning"),
    ]
    new.entries[2].owners = ["Workforce"]  # S1: only its owners change
    return old, new


def test_each_part_is_listed_with_what_it_was_and_is() -> None:
    old, new = edited()
    changes = diff_editions(old, new)
    assert [(c.field, c.old, c.new) for c in changes.metadata_changes] == [
        ("publisher", "Example Body", "Another Body"),
        ("signatory.name", "A Person", "B Person"),
        ("signatory.organisation", "Example Body", "Another Body"),
    ]
    assert [(c.abbr, c.change, c.old, c.new) for c in changes.abbreviation_changes] == [
        ("NHS", "redefined", "National Health Service", "the National Health Service"),
        ("TEL", "added", None, "Technology Enhanced Learning"),
    ]
    assert [c.field for c in changes.prose_changes] == ["foreword", "summary"]
    summary = changes.prose_changes[1]
    assert [(op.op, op.old, op.new) for op in summary.ops if op.op != "equal"] == [
        ("replace", "more ", "less ")
    ]
    assert [(c.recommendation, c.added, c.removed) for c in changes.owner_changes] == [
        ("S1", ["Workforce"], [])
    ]
    assert changes.summary.changes == 3 + 2 + 2 + 1
    assert not changes.same


def test_they_do_not_change_what_is_stalled() -> None:
    old, new = edited()
    plain = small_edition("2025-02").model_copy(update={"date": "2025-02"}, deep=True)
    stalled = [item.recommendation for item in diff_editions(old, plain).stalled]
    assert stalled and "S1" in stalled
    assert [item.recommendation for item in diff_editions(old, new).stalled] == stalled


def test_abbreviation_removed_and_signatory_gone() -> None:
    old, new = edited()
    changes = diff_editions(new, old)  # the other way: TEL removed, signatory back
    assert [(c.abbr, c.change) for c in changes.abbreviation_changes] == [
        ("NHS", "redefined"),
        ("TEL", "removed"),
    ]
    assert new.foreword is not None
    new.foreword.signatory = None
    gone = diff_editions(old, new).metadata_changes
    assert [(c.field, c.old, c.new) for c in gone if c.field.startswith("signatory")] == [
        ("signatory.name", "A Person", None),
        ("signatory.organisation", "Example Body", None),
        ("signatory.role", "Director", None),
    ]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_every_format_shows_them_and_exits_1(tmp_path: Path, fmt: str) -> None:
    editions = save_editions(tmp_path / "editions", *edited())
    code, out, err = run("diff", "2024-02", "2025-02", "--editions", str(editions), "--format", fmt)
    assert (code, err) == (1, "")
    if fmt == "json":
        document = json.loads(out)
        assert document["summary"]["metadata_changes"] == 3
        assert document["abbreviation_changes"][1]["abbr"] == "TEL"
        assert document["owner_changes"][0]["added"] == ["Workforce"]
        assert [item["field"] for item in document["prose_changes"]] == ["foreword", "summary"]
        return
    for line in (
        "publisher changed: Example Body → Another Body",
        "abbreviation added: TEL (Technology Enhanced Learning)",
        "abbreviation redefined: NHS: National Health Service → the National Health Service",
        "owners changed: + Workforce",
        "foreword changed",
        "summary changed",
    ):
        assert line in out, line
