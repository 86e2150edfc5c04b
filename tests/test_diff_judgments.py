"""Every verdict the diff gives a reviewer, pinned on small hand-made editions.

Each expected value is written out by hand: what a reviewer reading the two entries would say.
"""

from __future__ import annotations

import pytest

from topolreport.diff import diff_editions
from topolreport.diff.engine import diff_entries
from topolreport.diff.matching import (
    _proposed_id,
    _Texts,
    match_entries,
    match_greedy,
    mentions,
    metric_score,
    rename_score,
)
from topolreport.diff.stalled import stall_reasons
from topolreport.model import Edition, Entry, Initiative, Metric

from factories import small_edition

# Ten words: replacing one leaves 9 of 10 in common, a similarity of exactly 2*9/20 = 0.9.
TEN_WORDS = "one two three four five six seven eight nine ten"


def edition(edition_id: str, *entries: Entry) -> Edition:
    """The small edition holding exactly `entries`, in the order given."""
    return small_edition(edition_id).model_copy(update={"entries": list(entries)}, deep=True)


def entry(
    code: str,
    narrative: str,
    metrics: list[Metric] | None = None,
    initiatives: list[Initiative] | None = None,
) -> Entry:
    return Entry(
        code=code, narrative=narrative, metrics=metrics or [], initiatives=initiatives or []
    )


def figure(
    metric_id: str, value: int, unit: str = "users", label: str = "the hub has users"
) -> Metric:
    return Metric(
        id=metric_id, value=value, unit=unit, label=label, text=f"{value} {unit}", as_of="2024-02"
    )


def stalled_codes(old: Edition, new: Edition, **options: float) -> dict[str, list[str]]:
    return {s.recommendation: list(s.reasons) for s in diff_editions(old, new, **options).stalled}


# --- stalled ----------------------------------------------------------------------------------


def test_an_entry_left_as_it_was_is_stalled_for_three_reasons() -> None:
    old = edition("2024-02", entry("D1", TEN_WORDS))
    new = edition("2025-02", entry("D1", TEN_WORDS))
    assert stalled_codes(old, new) == {
        "D1": ["no new initiative", "no metric moved", "narrative unchanged"]
    }
    assert diff_editions(old, new).stalled[0].similarity == 1.0


def test_a_narrative_exactly_at_the_threshold_is_stalled_and_just_below_it_is_not() -> None:
    old = edition("2024-02", entry("D1", TEN_WORDS))
    new = edition("2025-02", entry("D1", TEN_WORDS.replace("five", "FIVE")))
    assert stalled_codes(old, new, stalled_threshold=0.9) == {
        "D1": ["no new initiative", "no metric moved", "narrative substantially the same"]
    }
    assert diff_editions(old, new, stalled_threshold=0.9).stalled[0].similarity == 0.9
    assert stalled_codes(old, new, stalled_threshold=0.91) == {}


def test_stall_reasons_at_the_threshold_itself() -> None:
    def reasons(similarity: float) -> list[str]:
        return list(
            stall_reasons(
                "a b",
                "a c",
                initiatives_changed=False,
                metrics_changed=False,
                similarity=similarity,
                threshold=0.9,
            )
        )

    assert reasons(0.9) == [
        "no new initiative",
        "no metric moved",
        "narrative substantially the same",
    ]
    assert reasons(0.8999) == []


@pytest.mark.parametrize(
    ("initiatives_changed", "metrics_changed"), [(True, False), (False, True), (True, True)]
)
def test_stall_reasons_any_work_on_records_means_not_stalled(
    initiatives_changed: bool, metrics_changed: bool
) -> None:
    assert (
        stall_reasons(
            TEN_WORDS,
            TEN_WORDS,
            initiatives_changed=initiatives_changed,
            metrics_changed=metrics_changed,
            similarity=1.0,
        )
        == []
    )


def test_an_entry_whose_only_change_is_a_new_figure_is_not_stalled() -> None:
    old = edition("2024-02", entry("D1", TEN_WORDS))
    new = edition("2025-02", entry("D1", TEN_WORDS, metrics=[figure("d1-users", 5)]))
    changes = diff_editions(old, new)
    assert [m.id for m in changes.new_metrics] == ["d1-users"]
    assert changes.stalled == []


def test_an_entry_whose_only_change_is_a_removed_figure_is_not_stalled() -> None:
    old = edition("2024-02", entry("D1", TEN_WORDS, metrics=[figure("d1-users", 5)]))
    new = edition("2025-02", entry("D1", TEN_WORDS))
    changes = diff_editions(old, new)
    assert [m.id for m in changes.removed_metrics] == ["d1-users"]
    assert changes.stalled == []


def test_an_entry_whose_only_change_is_a_moved_figure_is_not_stalled() -> None:
    old = edition("2024-02", entry("D1", TEN_WORDS, metrics=[figure("d1-users", 5)]))
    new = edition("2025-02", entry("D1", TEN_WORDS, metrics=[figure("d1-users", 7)]))
    changes = diff_editions(old, new)
    assert [(m.id, m.absolute) for m in changes.metric_changes] == [("d1-users", 2)]
    assert changes.stalled == []


def test_an_entry_whose_only_change_is_a_new_initiative_is_not_stalled() -> None:
    academy = Initiative(id="skills-academy", name="Skills Academy")
    old = edition("2024-02", entry("D1", TEN_WORDS))
    new = edition("2025-02", entry("D1", TEN_WORDS, initiatives=[academy]))
    changes = diff_editions(old, new)
    assert [i.name for i in changes.new_initiatives] == ["Skills Academy"]
    assert changes.removed_initiatives == []
    assert changes.stalled == []


def test_an_entry_whose_only_change_is_a_removed_initiative_is_not_stalled() -> None:
    academy = Initiative(id="skills-academy", name="Skills Academy")
    old = edition("2024-02", entry("D1", TEN_WORDS, initiatives=[academy]))
    new = edition("2025-02", entry("D1", TEN_WORDS))
    changes = diff_editions(old, new)
    assert [i.name for i in changes.removed_initiatives] == ["Skills Academy"]
    assert changes.new_initiatives == []
    assert changes.stalled == []


def test_an_entry_whose_only_change_is_a_renamed_initiative_is_not_stalled() -> None:
    old = edition(
        "2024-02", entry("D1", TEN_WORDS, initiatives=[Initiative(id="hub", name="Old Hub")])
    )
    new = edition(
        "2025-02", entry("D1", TEN_WORDS, initiatives=[Initiative(id="hub", name="New Hub")])
    )
    changes = diff_editions(old, new)
    assert [(r.old_name, r.new_name, r.matched_by) for r in changes.renamed_initiatives] == [
        ("Old Hub", "New Hub", "id")
    ]
    assert changes.stalled == []


def test_a_cross_reference_in_both_editions_is_stalled_as_such() -> None:
    old = edition("2024-02", entry("D1", "See S1."))
    new = edition("2025-02", entry("D1", "See also S1."))
    assert stalled_codes(old, new) == {"D1": ["cross-reference only"]}


def test_real_text_rewritten_into_a_bare_cross_reference_is_not_stalled() -> None:
    text = "The hub opened to all staff this year and now has many users."
    assert (
        stalled_codes(
            edition("2024-02", entry("D1", text)), edition("2025-02", entry("D1", "See S1."))
        )
        == {}
    )
    assert (
        stalled_codes(
            edition("2024-02", entry("D1", "See S1.")), edition("2025-02", entry("D1", text))
        )
        == {}
    )


# --- entries added and removed -----------------------------------------------------------------

HUB = Initiative(id="data-hub", name="Data Hub")
S1 = entry("S1", "The Data Hub runs courses.", [figure("s1-courses", 3, "courses")], [HUB])


def test_an_added_entry_brings_new_metrics_and_initiatives_never_removed_ones() -> None:
    changes = diff_editions(
        edition("2024-02", entry("D1", TEN_WORDS)), edition("2025-02", entry("D1", TEN_WORDS), S1)
    )
    assert [e.recommendation for e in changes.entries_added] == ["S1"]
    assert [(m.recommendation, m.id, m.value) for m in changes.new_metrics] == [
        ("S1", "s1-courses", 3)
    ]
    assert [(i.recommendation, i.name) for i in changes.new_initiatives] == [("S1", "Data Hub")]
    assert changes.removed_metrics == [] and changes.removed_initiatives == []
    assert changes.entries_removed == []


def test_a_removed_entry_takes_its_metrics_and_initiatives_with_it() -> None:
    changes = diff_editions(
        edition("2024-02", entry("D1", TEN_WORDS), S1), edition("2025-02", entry("D1", TEN_WORDS))
    )
    assert [e.recommendation for e in changes.entries_removed] == ["S1"]
    assert [(m.recommendation, m.id) for m in changes.removed_metrics] == [("S1", "s1-courses")]
    assert [(i.recommendation, i.name) for i in changes.removed_initiatives] == [("S1", "Data Hub")]
    assert changes.new_metrics == [] and changes.new_initiatives == []


def test_an_entry_whose_code_became_joint_is_paired_not_added_and_removed() -> None:
    old = [entry("DM4", "The fellowship began."), entry("G1", "Genomics.")]
    new = [entry("DM4/AIR5", "The fellowship grew."), entry("G1", "Genomics.")]
    matched = match_entries(old, new)
    assert [(a.code, b.code) for a, b, _ in matched.pairs] == [("G1", "G1"), ("DM4", "DM4/AIR5")]
    assert matched.old_only == [] and matched.new_only == []


def test_a_joint_code_split_back_is_paired_with_its_first_half() -> None:
    matched = match_entries([entry("DM4/AIR5", "x")], [entry("AIR5", "y"), entry("DM4", "z")])
    assert [(a.code, b.code) for a, b, _ in matched.pairs] == [("DM4/AIR5", "DM4")]
    assert [e.code for e in matched.new_only] == ["AIR5"]


def test_a_changed_code_in_a_diff_is_one_narrative_change() -> None:
    old = edition("2024-02", entry("D2", "Posts were funded."))
    new = edition("2025-02", entry("D2/AI1", "Posts were funded and filled."))
    changes = diff_editions(old, new)
    assert changes.entries_added == [] and changes.entries_removed == []
    assert [(t.recommendation, t.field) for t in changes.text_changes] == [("D2/AI1", "narrative")]


# --- metrics ---------------------------------------------------------------------------------


def test_greedy_matching_goes_on_past_a_conflict() -> None:
    scores = {("a", "A"): 0.9, ("b", "A"): 0.8, ("b", "B"): 0.6, ("c", "B"): 0.55}
    matched = match_greedy(
        ["a", "b", "c"], ["A", "B"], lambda x, y: scores.get((x, y)), lambda x: x.lower()
    )
    assert matched.pairs == [("a", "A", 0.9), ("b", "B", 0.6)]
    assert matched.old_only == ["c"] and matched.new_only == []


def test_greedy_matching_never_pairs_what_the_score_refuses() -> None:
    matched = match_greedy(["a"], ["A"], lambda x, y: None, lambda x: x)
    assert matched.pairs == [] and matched.old_only == ["a"] and matched.new_only == ["A"]


def _score(old: Metric, new: Metric, old_label: list[str], new_label: list[str]) -> float | None:
    return metric_score(old, new, {id(old): old_label, id(new): new_label})


def test_metric_score_weights_label_unit_id_and_value() -> None:
    a = figure("x", 5, "users")
    # Same label, unit, id and value: 0.6 + 0.25 + 0.1 + 0.05.
    assert _score(a, figure("x", 5, "users"), ["w"], ["w"]) == pytest.approx(1.0)
    # Another value: the value's 0.05 is lost.
    assert _score(a, figure("x", 6, "users"), ["w"], ["w"]) == pytest.approx(0.95)
    # Another id too: the id's 0.1 is lost.
    assert _score(a, figure("y", 6, "users"), ["w"], ["w"]) == pytest.approx(0.85)
    # Half the label's words in common (2*1/4): 0.6*0.5 + 0.25 = 0.55.
    assert _score(a, figure("y", 6, "users"), ["w", "v"], ["w", "u"]) == pytest.approx(0.55)
    # Units sharing no letter: 0.6 + 0.1 + 0.05.
    assert _score(a, figure("x", 5, "km"), ["w"], ["w"]) == pytest.approx(0.75)


def test_metric_score_of_exactly_one_half_is_a_match() -> None:
    # Label 2*1/4 = 0.5, unit 2*4/10 = 0.8 word for word: 0.6*0.5 + 0.25*0.8 = 0.5.
    got = _score(figure("x", 5, "a b c d e"), figure("y", 6, "a b c d f"), ["w", "v"], ["w", "u"])
    assert got == 0.5


def test_metric_score_below_one_half_is_no_match() -> None:
    a = figure("x", 5, "users")
    # Nothing in the label: 0.25 + 0.1 + 0.05 = 0.4.
    assert _score(a, figure("x", 5, "users"), ["w"], ["v"]) is None
    # Label two thirds alike, nothing else: 0.6*(2*2/6) = 0.4.
    assert _score(a, figure("y", 6, "km"), ["a", "b", "c"], ["a", "b", "d"]) is None


def test_metric_score_a_unit_respelt_counts_four_fifths_of_its_letters() -> None:
    # "learner" / "learners": 2*7/15 of the letters, times 0.8, times the unit's 0.25 weight.
    got = _score(figure("x", 5, "learner"), figure("y", 6, "learners"), ["w"], ["w"])
    assert got == pytest.approx(0.6 + 0.25 * 0.8 * 14 / 15)


def test_metric_score_a_unit_of_several_words_is_compared_word_by_word() -> None:
    # "registered users" / "users": one word of three in common, 2*1/3, beats the letters.
    got = _score(figure("x", 5, "registered users"), figure("y", 6, "users"), ["w"], ["w"])
    letters = 0.8 * 2 * 5 / 21
    assert letters < 2 / 3
    assert got == pytest.approx(0.6 + 0.25 * 2 / 3)


@pytest.mark.parametrize(
    ("metric_id", "proposed"),
    [
        ("d1-users", True),
        ("d1-users-2", True),
        ("d1-users-12", True),
        ("d1-users-x", False),  # a person's suffix
        ("d1-usersx", False),
        ("hub", False),  # shorter than what the importer makes
        ("d2-users", False),  # another entry's
    ],
)
def test_an_id_the_importer_would_propose(metric_id: str, proposed: bool) -> None:
    assert _proposed_id(figure(metric_id, 5, "users"), "D1") is proposed


def test_figures_of_one_entry_are_each_paired_with_their_own() -> None:
    old = entry(
        "D1",
        "x",
        [
            figure("d1-users", 100, "users", "the hub has # users"),
            figure("d1-users-2", 40, "users", "the academy trained # users"),
        ],
    )
    # The academy's sentence comes first now, so the proposed ids swapped.
    new = entry(
        "D1",
        "y",
        [
            figure("d1-users", 45, "users", "the academy trained # users this year"),
            figure("d1-users-2", 120, "users", "the hub has # users this year"),
        ],
    )
    changes = diff_editions(edition("2024-02", old), edition("2025-02", new))
    assert sorted((c.old.value, c.new.value) for c in changes.metric_changes) == [
        (40, 45),
        (100, 120),
    ]
    assert changes.new_metrics == [] and changes.removed_metrics == []


# --- mentions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("data hub opened", True),  # at the start
        ("we opened the data hub", True),  # at the end
        ("data hub", True),  # the whole text
        ("bigdata hub and then the data hub", True),  # first inside a word, then alone
        ("the data hub and the bigdata hub", True),  # alone first, then inside a word
        ("bigdata hub, data hub, xdata hub", True),  # alone only in the middle
        ("the data hubs", False),  # only inside a longer word
        ("the bigdata hub", False),
        ("the pre-data hub", False),  # hyphenated: part of another name
        ("the data hub-like thing", False),
        ("the my_data hub", False),
        ("the data hub, again", True),  # punctuation is a boundary
        ("", False),
    ],
)
def test_mentions_a_name_as_a_whole_phrase(text: str, found: bool) -> None:
    assert mentions("Data Hub", text) is found


# --- renames -----------------------------------------------------------------------------------


def _rename(old_name: str, new_name: str, old_text: str, new_text: str) -> float | None:
    return rename_score(
        Initiative(id="old", name=old_name),
        Initiative(id="new", name=new_name),
        _Texts(old_text, new_text),
    )


def test_names_four_fifths_alike_are_a_rename_wherever_they_appear() -> None:
    # "tools" / "toolz": 4 letters of 5 in common, 2*4/10 = 0.8 exactly; no context needed.
    assert _rename("Tools", "Toolz", "", "") == pytest.approx(1.8)
    # "tool" / "toot": 3 letters of 4 in common, 2*3/8 = 0.75, and no context to go on.
    assert _rename("Tool", "Toot", "", "") is None


def test_a_name_that_grew_is_a_rename_when_the_words_around_it_agree() -> None:
    old_text = "we run genotes for nurses"
    new_text = "we run genotes online for nurses"
    # Name 2*7/21; the words around agree entirely.
    assert _rename("GeNotes", "GeNotes Online", old_text, new_text) == pytest.approx(14 / 21 + 1.0)


def test_a_loosely_alike_name_needs_context_at_least_six_tenths() -> None:
    old_text = "a b c d genotes e f g h"
    new_text = "a b c x genotes online e f y h"
    # Context: [a b c d @ e f g h] / [a b c x @ e f y h], 7 of 9 in common: 2*7/18.
    assert _rename("GeNotes", "GeNotes Online", old_text, new_text) == pytest.approx(
        14 / 21 + 14 / 18
    )
    far = "q r s t genotes online u v w z"
    assert _rename("GeNotes", "GeNotes Online", old_text, far) is None


def test_names_half_alike_need_context_of_six_tenths_exactly() -> None:
    # "ab" / "ac": 2*1/4 = 0.5 of the letters, neither name inside the other.
    old_text = "a b c d ab e f g h"
    near = "a b c x ac e f y h"  # context 7 of 9 words: 2*7/18
    assert _rename("Ab", "Ac", old_text, near) == pytest.approx(0.5 + 14 / 18)
    # Context [a b @ c d] / [a x @ y d]: 3 of 5 words, 2*3/10 = 0.6 exactly.
    assert _rename("Ab", "Ac", "a b ab c d", "a x ac y d") == pytest.approx(0.5 + 0.6)
    assert _rename("Ab", "Ac", "a b ab c d", "x y ac z d") is None  # 2*2/10
    # Under one half ("ab" / "ax site", 2*1/11) the same 0.78 context is not enough.
    assert _rename("Ab", "Ax Site", old_text, "a b c x ax site e f y h") is None


def test_a_name_inside_the_other_needs_context_only() -> None:
    # "AI" in "AI Skills Academy Programme": letters 2*2/29, far below one half, but contained.
    old_text, new_text = "we run ai for nurses", "we run ai skills academy programme for nurses"
    assert _rename("AI", "AI Skills Academy Programme", old_text, new_text) == pytest.approx(
        4 / 29 + 1.0
    )
    # Not contained and as unlike: refused even in the same place.
    assert _rename("Bx", "AI Skills Academy Programme", "we run bx for nurses", new_text) is None


def test_a_different_name_in_the_very_same_place_is_a_rename() -> None:
    # "learning hub" / "training hub": 2*9/24 = 0.75 of the letters, not a containment.
    old_text = "a b c d learning hub e f g h"
    assert _rename(
        "Learning Hub", "Training Hub", old_text, old_text.replace("learning", "training")
    ) == (pytest.approx(18 / 24 + 1.0))


def test_names_a_third_alike_need_context_at_least_eight_tenths() -> None:
    # "hub" / "hut site": "hu" in common, 2*2/11, between 0.3 and 0.5, neither inside the other.
    old_text = "a b c d hub e f g h"
    same = "a b c d hut site e f g h"
    near = "a b c x hut site e f y h"  # context 7 of 9 words: 2*7/18
    assert _rename("Hub", "Hut Site", old_text, same) == pytest.approx(4 / 11 + 1.0)
    assert _rename("Hub", "Hut Site", old_text, near) is None
    # Exactly 0.3 ("abcdefghij" / "abcklmnopq", 2*3/20) with context 4 of 5 words, 2*4/10 = 0.8.
    assert _rename("Abcdefghij", "Abcklmnopq", "a b abcdefghij c d", "a b abcklmnopq c x") == (
        pytest.approx(0.3 + 0.8)
    )
    # Below 0.3 ("hub" / "hx site", 2*1/10): refused however alike the context.
    assert _rename("Hub", "Hx Site", old_text, "a b c d hx site e f g h") is None


def test_both_names_in_both_narratives_is_no_rename() -> None:
    text = "the data hub and the data hubs programme"
    assert _rename("Data Hub", "Data Hubs Programme", text, text) is None
    assert _rename("Data Hub", "Data Hubs", "the data hub", "the data hubs") is not None


def test_a_rename_by_name_in_a_diff() -> None:
    old = entry(
        "D1",
        "The Digital Boards Programme met.",
        initiatives=[Initiative(id="digital-boards-programme", name="Digital Boards Programme")],
    )
    new = entry(
        "D1",
        "The Digital Board Programme met.",
        initiatives=[Initiative(id="digital-board-programme", name="Digital Board Programme")],
    )
    changes = diff_editions(edition("2024-02", old), edition("2025-02", new))
    assert [(r.old_name, r.new_name, r.matched_by) for r in changes.renamed_initiatives] == [
        ("Digital Boards Programme", "Digital Board Programme", "name")
    ]
    # 23 letters in common of 24 and 23: 2*23/47.
    assert changes.renamed_initiatives[0].similarity == 0.9787
    assert (changes.renamed_initiatives[0].old_id, changes.renamed_initiatives[0].new_id) == (
        "digital-boards-programme",
        "digital-board-programme",
    )
    assert changes.new_initiatives == [] and changes.removed_initiatives == []


# --- order -------------------------------------------------------------------------------------


def test_changes_are_listed_in_catalogue_order_then_by_id() -> None:
    old = edition("2024-02", entry("D1", "Old."), entry("S1", "Old."))
    new = edition(
        "2025-02",
        entry("D1", "Old."),
        entry("D2/AI1", "New entry.", [figure("d2-ai1-posts", 4, "posts")]),
        entry("S1", "Old.", [figure("s1-b", 2, "b things"), figure("s1-a", 1, "a things")]),
    )
    changes = diff_editions(old, new)
    # Collected as S1's (a pair) before D2/AI1's (an added entry); listed in catalogue order,
    # and within S1 by id.
    assert [(m.recommendation, m.id) for m in changes.new_metrics] == [
        ("D2/AI1", "d2-ai1-posts"),
        ("S1", "s1-a"),
        ("S1", "s1-b"),
    ]


# --- one entry at a time -----------------------------------------------------------------------


def test_diff_entries_by_default_judges_stalled_and_lists_changed_fields() -> None:
    same = diff_entries(entry("D1", TEN_WORDS), entry("D1", TEN_WORDS))
    assert same.code == "D1"
    assert same.stalled is not None and same.stalled.reasons[-1] == "narrative unchanged"
    moved = diff_entries(
        entry("D1", TEN_WORDS, [figure("d1-users", 5)]),
        entry("D1", TEN_WORDS, [figure("d1-users", 7)]),
    )
    assert [c.fields for c in moved.metric_changes] == [["text", "value"]]


def test_diff_entries_needs_an_entry() -> None:
    with pytest.raises(ValueError, match="^diff_entries needs at least one entry$"):
        diff_entries(None, None)


def test_an_initiative_record_dropped_while_the_narrative_still_names_it_is_not_removed() -> None:
    narrative = "The Skills Academy trained nurses."
    academy = Initiative(id="skills-academy", name="Skills Academy")
    changes = diff_editions(
        edition("2024-02", entry("D1", narrative, initiatives=[academy])),
        edition("2025-02", entry("D1", narrative + " More joined.")),
    )
    assert changes.removed_initiatives == [] and changes.new_initiatives == []
