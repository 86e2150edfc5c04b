"""Three-way merge of a narrative's blocks and of metric records."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from topolreport.forms.merge import merge_records, merge_sequences

BASE = ["a", "b", "c", "d"]


def test_changes_to_different_blocks_merge() -> None:
    merged, clashes = merge_sequences(BASE, ["a", "B", "c", "d"], ["a", "b", "c", "D"])
    assert (merged, clashes) == (["a", "B", "c", "D"], [])


def test_the_same_change_on_both_sides_is_taken_once() -> None:
    merged, clashes = merge_sequences(BASE, ["a", "X", "c", "d"], ["a", "X", "c", "d"])
    assert (merged, clashes) == (["a", "X", "c", "d"], [])


def test_insertions_at_one_place_are_both_kept() -> None:
    merged, clashes = merge_sequences(BASE, [*BASE, "ours"], [*BASE, "theirs"])
    assert (merged, clashes) == ([*BASE, "ours", "theirs"], [])


def test_overlapping_changes_clash_unless_settled() -> None:
    ours, theirs = ["a", "X", "c", "d"], ["a", "Y", "c", "d"]
    merged, clashes = merge_sequences(BASE, ours, theirs)
    assert merged == ours and len(clashes) == 1
    assert (clashes[0].base, clashes[0].ours, clashes[0].theirs) == (("b",), ("X",), ("Y",))
    merged, clashes = merge_sequences(BASE, ours, theirs, lambda clash: "theirs")
    assert (merged, clashes) == (theirs, [])


def test_a_deletion_against_an_edit_clashes() -> None:
    _, clashes = merge_sequences(BASE, ["a", "c", "d"], ["a", "B", "c", "d"])
    assert len(clashes) == 1


def test_records_merge_field_by_field() -> None:
    base = {"m": {"value": 1, "as_of": "2023-02"}, "n": {"value": 5}}
    ours = {"m": {"value": 2, "as_of": "2023-02"}, "n": {"value": 5}}
    theirs = {"m": {"value": 1, "as_of": "2024-01"}, "n": {"value": 5}, "o": {"value": 9}}
    merged, clashes = merge_records(base, ours, theirs)
    assert clashes == []
    assert merged == {"m": {"value": 2, "as_of": "2024-01"}, "n": {"value": 5}, "o": {"value": 9}}
    _, clashes = merge_records(base, {"n": {"value": 5}}, theirs)  # deleted against edited
    assert [key for key, _ in clashes] == ["m"]
    _, clashes = merge_records(base, {**ours, "n": {"value": 6}}, {**theirs, "n": {"value": 7}})
    assert [key for key, _ in clashes] == ["n value"]


blocks = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=8)


@given(blocks, blocks)
def test_one_side_unchanged_gives_the_other(base: list[str], other: list[str]) -> None:
    assert merge_sequences(base, base, other) == (other, [])
    assert merge_sequences(base, other, base) == (other, [])
