"""The three-way merge under a returned form (`forms.merge`), on hand-made blocks and records:
a reviewer's expectation of each rule, expected results written out by hand."""

from __future__ import annotations

from typing import Any

from topolreport.forms.merge import Clash, Side, merge_records, merge_sequences


def test_edits_in_three_separate_places_all_arrive() -> None:
    base = ["a", "b", "c", "d", "e", "f", "g"]
    ours = ["a", "B", "c", "D", "e", "f", "g"]
    theirs = ["a", "b", "c", "d", "e", "F", "g"]
    assert merge_sequences(base, ours, theirs) == (["a", "B", "c", "D", "e", "F", "g"], [])
    assert merge_sequences(base, theirs, ours) == (["a", "B", "c", "D", "e", "F", "g"], [])


def test_adjacent_blocks_deleted_one_by_each_side_are_a_clash() -> None:
    merged, clashes = merge_sequences(["c", "d"], ["c"], ["d"])
    assert merged == ["c"]
    assert clashes == [Clash(("c", "d"), ("c",), ("d",))]


def test_a_record_both_sides_added_differently_is_a_clash_settled_by_the_callback() -> None:
    base: dict[str, dict[str, Any]] = {"m": {"value": 1}}
    ours = {"m": {"value": 1}, "o": {"value": 2}}
    theirs = {"m": {"value": 1}, "o": {"value": 3}}
    merged, clashes = merge_records(base, ours, theirs)
    assert merged == {"m": {"value": 1}, "o": {"value": 2}}
    assert clashes == [("o", Clash(("None",), ("{'value': 2}",), ("{'value': 3}",)))]

    seen: list[Clash[Any]] = []

    def theirs_wins(clash: Clash[Any]) -> Side:
        seen.append(clash)
        return "theirs"

    merged, clashes = merge_records(base, ours, theirs, theirs_wins)
    assert (merged, clashes) == ({"m": {"value": 1}, "o": {"value": 3}}, [])
    assert seen == [Clash(("None",), ("{'value': 2}",), ("{'value': 3}",))]
    merged, clashes = merge_records(base, ours, theirs, lambda clash: "ours")
    assert (merged, clashes) == ({"m": {"value": 1}, "o": {"value": 2}}, [])


def test_a_record_deleted_on_our_side_and_changed_on_theirs_keeps_the_change_if_settled() -> None:
    base = {"m": {"value": 1}, "n": {"value": 5}}
    ours = {"n": {"value": 5}}
    theirs = {"m": {"value": 2}, "n": {"value": 5}}
    merged, clashes = merge_records(base, ours, theirs)
    assert merged == {"n": {"value": 5}}
    assert clashes == [("m", Clash(("{'value': 1}",), ("None",), ("{'value': 2}",)))]
    merged, clashes = merge_records(base, ours, theirs, lambda clash: "theirs")
    assert (merged, clashes) == ({"n": {"value": 5}, "m": {"value": 2}}, [])


def test_a_field_clash_is_shown_to_the_callback_with_its_three_values() -> None:
    base = {"m": {"value": 1, "as_of": "2023-02"}}
    ours = {"m": {"value": 2, "as_of": "2023-02"}}
    theirs = {"m": {"value": 3, "as_of": "2023-02"}}
    seen: list[Clash[Any]] = []

    def leave_open(clash: Clash[Any]) -> None:
        seen.append(clash)

    merged, clashes = merge_records(base, ours, theirs, leave_open)
    assert seen == [Clash((1,), (2,), (3,))]
    assert merged == {"m": {"value": 2, "as_of": "2023-02"}}
    assert clashes == [("m value", Clash((1,), (2,), (3,)))]
