"""The registry of change kinds: one item per ChangeSet list, each able to describe its items."""

from __future__ import annotations

import typing

import pytest

from topolreport.diff import diff_editions
from topolreport.diff.changes import ChangeSet, EntryItem, MetricItem, Stalled, Summary
from topolreport.diff.kinds import KIND, KINDS, headline
from topolreport.diff.wording import Remark
from topolreport.model import Initiative

from factories import small_edition


def test_every_list_of_the_changeset_is_one_kind_in_order() -> None:
    lists = [
        name
        for name, info in ChangeSet.model_fields.items()
        if typing.get_origin(info.annotation) is list
    ]
    assert [kind.key for kind in KINDS] == lists
    assert {kind.key for kind in KINDS} <= set(Summary.model_fields)


def test_each_kind_holds_the_item_class_of_its_list() -> None:
    for kind in KINDS:
        annotation = ChangeSet.model_fields[kind.key].annotation
        assert typing.get_args(annotation) == (kind.item,), kind.key


def test_names_and_filters_are_each_kinds_own() -> None:
    assert len({kind.title for kind in KINDS}) == len(KINDS)
    assert len({kind.css for kind in KINDS}) == len(KINDS)
    assert [kind.key for kind in KINDS if not kind.change] == ["stalled"]


def test_describe_words_each_item_of_a_real_diff() -> None:
    old = small_edition()
    new = small_edition("2025-02").model_copy(update={"date": "2025-02"}, deep=True)
    new.entries[0].metrics[0].value = 1500
    new.entries[0].initiatives.append(Initiative(id="skills-hub", name="Skills Hub"))
    changeset = diff_editions(old, new)
    lines = {name: KIND[name].describe(item) for name, item in changeset.items()}
    # A figure is named by its label, not its id ("d1-users").
    assert lines["metric_changes"].startswith("the Data Hub now has over 2,000 users: ")
    assert "d1-users" not in lines["metric_changes"]
    assert "→" in lines["metric_changes"]
    assert lines["new_initiatives"] == "new initiative: Skills Hub"
    assert lines["stalled"].startswith("stalled: ")


def test_describe_refuses_an_item_of_another_kind() -> None:
    entry = EntryItem(recommendation="G2", initiatives=2, metrics=1)
    assert KIND["entries_added"].describe(entry) == "entry added (2 initiatives, 1 metrics)"
    with pytest.raises(TypeError, match="new_initiatives holds InitiativeItem, not EntryItem"):
        KIND["new_initiatives"].describe(entry)


def test_headline_counts_every_kind_and_the_metrics_that_fell() -> None:
    old = small_edition()
    new = small_edition("2025-02").model_copy(update={"date": "2025-02"}, deep=True)
    new.entries[0].metrics[0].value = 1
    rows = dict(headline(diff_editions(old, new)))
    assert rows["metrics changed"] == 1
    assert rows["metrics that fell"] == 1
    assert len(rows) == len(KINDS) + 1


def test_the_review_comment_of_each_kind() -> None:
    removed = MetricItem(
        recommendation="D1", id="d1-users", value=2000, qualifier="over", unit="users",
        text="over 2,000 users", label="Users", as_of=None,
    )  # fmt: skip
    assert KIND["removed_metrics"].comment(removed, "2023-02") == Remark(
        "Metric removed: over 2,000 users", "over 2,000 users", on_old=True
    )
    stalled = Stalled(recommendation="D1", reasons=["cross-reference only"], similarity=1.0)
    assert KIND["stalled"].comment(stalled, "2023-02") == Remark(
        "Stalled: only a cross-reference, as in 2023-02"
    )
    assert [kind.key for kind in KINDS if kind.remark is None] == [
        "recommendations_added",
        "recommendations_removed",
        "wording_changes",
        "text_changes",
        # The edition around its entries: untracked in the review copy (docs/review-copy.md).
        "metadata_changes",
        "abbreviation_changes",
        "prose_changes",
    ]


def test_the_changeset_carries_its_entry_pairs_and_panels_but_not_in_json() -> None:
    old = small_edition()
    new = small_edition("2025-02").model_copy(update={"date": "2025-02"}, deep=True)
    new.entries[1].code = "D2"  # "D2/AI1" split: still the same entry
    new.entries[0].metrics[0].value = 2500
    changeset = diff_editions(old, new)
    pairs = {(pair.old.code, pair.new.code) for pair in changeset.entry_pairs}
    assert pairs == {("D1", "D1"), ("D2/AI1", "D2"), ("S1", "S1")}
    assert changeset.entry_pairs[0].new is new.entries[0]
    (moved,) = changeset.metric_changes
    assert changeset.panel_of(moved) == "data"
    assert {changeset.panel_of(item) for item in changeset.stalled} <= {"data", "skills"}
    text = changeset.to_json()
    assert "entry_pairs" not in text and "Courses run" not in text  # no entry in the JSON
    again = ChangeSet.model_validate_json(text)
    assert again.to_json() == text
    assert again.entry_pairs == [] and again.panel_of(moved) is None
