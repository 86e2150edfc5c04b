"""The diff's judgments on whole editions and on one moved figure, pinned on small hand-made
editions: each expected value is written out by hand, as a reviewer reading the two would say."""

from __future__ import annotations

import pytest

from topolreport.diff import diff_editions
from topolreport.diff.changes import ChangeSet, TextChange
from topolreport.diff.edition_parts import metadata_changes, owner_changes, prose_changes
from topolreport.diff.engine import metric_change, order_key
from topolreport.diff.grouping import PanelGroup, group
from topolreport.diff.history import entry_history, history_text
from topolreport.diff.kinds import KIND, Filter
from topolreport.diff.matching import (
    Identity,
    masked_words,
    match_by_key,
    match_initiatives,
    match_metrics,
)
from topolreport.diff.status import status_update
from topolreport.diff.words import similarity, tokens, word_diff
from topolreport.errors import InputError
from topolreport.initiatives.model import RegisteredInitiative, Registry
from topolreport.model import (
    Assessment,
    Catalogue,
    Edition,
    Entry,
    Initiative,
    Metric,
    Panel,
    Recommendation,
    StatusChange,
)

from factories import small_edition


def _metric(value: float, qualifier: str | None = None, unit: str = "users") -> Metric:
    return Metric(
        id="d1-users",
        value=value,
        qualifier=qualifier,
        unit=unit,
        label="the hub has users",
        text="the users",
        as_of="2024-02",
    )


# --- one figure that moved ---------------------------------------------------------------------


def test_a_figure_that_rose_is_up_by_its_difference_and_share() -> None:
    change = metric_change("D1", _metric(2000), _metric(2500))
    assert (change.direction, change.absolute, change.relative) == ("up", 500, 0.25)
    assert change.regression is False
    assert change.recommendation == "D1" and change.id == "d1-users"
    assert (change.old.value, change.new.value) == (2000, 2500)
    assert change.fields == ["value"]


def test_a_figure_that_fell_is_a_regression() -> None:
    change = metric_change("D1", _metric(400), _metric(300))
    assert (change.direction, change.absolute, change.relative) == ("down", -100, -0.25)
    assert change.regression is True


def test_a_fractional_change_is_rounded_as_a_person_writes_it() -> None:
    # 1.2 - 1.5 is -0.30000000000000004 in floating point; a third is 0.3333 to four places.
    change = metric_change("D1", _metric(1.5), _metric(1.2))
    assert (change.absolute, change.relative) == (-0.3, -0.2)
    change = metric_change("D1", _metric(3), _metric(4))
    assert change.relative == 0.3333
    change = metric_change("D1", _metric(1.5), _metric(2.5))
    assert change.absolute == 1 and isinstance(change.absolute, int)
    change = metric_change("D1", _metric(0.1), _metric(0.3))  # 0.19999999999999998
    assert change.absolute == 0.2 and change.direction == "up"


def test_a_figure_rising_from_nothing_has_no_share() -> None:
    change = metric_change("D1", _metric(0), _metric(12))
    assert (change.direction, change.absolute, change.relative) == ("up", 12, None)


def test_the_same_value_with_a_new_qualifier_or_unit_says_which() -> None:
    change = metric_change("D1", _metric(50), _metric(50, qualifier="over"))
    assert (change.direction, change.absolute, change.regression) == (
        "same-value-new-qualifier",
        0,
        False,
    )
    assert change.fields == ["qualifier"]
    change = metric_change("D1", _metric(50), _metric(50, unit="learners"))
    assert change.direction == "same-value-new-unit" and change.fields == ["unit"]
    both = metric_change("D1", _metric(50), _metric(50, qualifier="over", unit="learners"))
    assert both.direction == "same-value-new-qualifier"


# --- whole editions ----------------------------------------------------------------------------


def _catalogue(*panels: tuple[str, list[tuple[str, str]]]) -> Catalogue:
    return Catalogue(
        review="Example Review",
        panels=[
            Panel(
                id=panel,
                title=panel.title(),
                heading=panel.title(),
                recommendations=[Recommendation(code=c, text=t) for c, t in recs],
            )
            for panel, recs in panels
        ],
    )


def _edition(edition_id: str, catalogue: Catalogue, *entries: Entry) -> Edition:
    return small_edition(edition_id).model_copy(
        update={"catalogue": catalogue, "entries": list(entries)}, deep=True
    )


def test_recommendations_added_and_removed_name_their_panels() -> None:
    old = _edition(
        "2024-02",
        _catalogue(("data", [("D1", "Share data."), ("D3", "Count posts.")])),
    )
    new = _edition(
        "2025-02",
        _catalogue(
            ("data", [("D1", "Share data safely.")]),
            ("skills", [("S4", "Teach coding.")]),
        ),
    )
    changes = diff_editions(old, new)
    assert [(r.recommendation, r.text, r.panel) for r in changes.recommendations_added] == [
        ("S4", "Teach coding.", "skills")
    ]
    assert [(r.recommendation, r.text, r.panel) for r in changes.recommendations_removed] == [
        ("D3", "Count posts.", "data")
    ]
    assert [(w.recommendation, w.old, w.new) for w in changes.wording_changes] == [
        ("D1", "Share data.", "Share data safely.")
    ]
    assert [(t.recommendation, t.field) for t in changes.text_changes] == [("D1", "wording")]
    summary = changes.summary
    assert (summary.recommendations_added, summary.recommendations_removed) == (1, 1)
    assert (summary.wording_changes, summary.text_changes, summary.changes) == (1, 1, 4)
    assert summary.same is False and summary.regressions == 0


def test_panels_are_the_newer_catalogues_and_of_a_code_it_dropped_the_olders() -> None:
    old = _edition(
        "2024-02",
        _catalogue(("data", [("D1", "Share data."), ("D3", "Count posts.")])),
        Entry(code="D1", narrative="Shared."),
        Entry(code="D3", narrative="Counted."),
    )
    new = _edition(
        "2025-02",
        _catalogue(("skills", [("D1", "Share data.")]), ("tech", [("T2", "Use robots.")])),
        Entry(code="D1", narrative="Shared widely."),
        Entry(code="T2", narrative="Robots."),
    )
    changes = diff_editions(old, new)
    # D1 moved to the skills panel, T2 is new in tech, D3 was only ever in data.
    assert [(t.recommendation, changes.panel_of(t)) for t in changes.text_changes] == [
        ("D1", "skills")
    ]
    assert [(e.recommendation, changes.panel_of(e)) for e in changes.entries_added] == [
        ("T2", "tech")
    ]
    assert [(e.recommendation, changes.panel_of(e)) for e in changes.entries_removed] == [
        ("D3", "data")
    ]
    # The entries in both, old beside new, for the review copy.
    assert [(a.narrative, b.narrative) for a, b in changes.entry_pairs] == [
        ("Shared.", "Shared widely.")
    ]


def test_a_cross_reference_is_read_with_the_reviews_own_code_pattern() -> None:
    # "REC120" is no code in the default grammar; in a review whose codes are REC and digits,
    # "See REC120." says only where to look.
    catalogue = _catalogue(("data", [("REC1", "Share data."), ("REC120", "Count posts.")]))
    catalogue = catalogue.model_copy(update={"code_pattern": r"REC\d{1,3}"})
    old = _edition("2024-02", catalogue, Entry(code="REC1", narrative="See REC120."))
    new = _edition("2025-02", catalogue, Entry(code="REC1", narrative="See REC120."))
    assert [(s.recommendation, s.reasons) for s in diff_editions(old, new).stalled] == [
        ("REC1", ["cross-reference only"])
    ]


def test_an_entry_printing_its_own_wording_is_compared_as_printed() -> None:
    catalogue = _catalogue(("data", [("D1", "Share data."), ("D2", "Count posts.")]))
    old = _edition(
        "2024-02",
        catalogue,
        Entry(code="D1", narrative="Done.", wording="Share the data."),
        Entry(code="D2", narrative="Done."),
    )
    new = _edition(
        "2025-02",
        catalogue,
        Entry(code="D1", narrative="Done."),
        Entry(code="D2", narrative="Done.", wording="Count the posts."),
    )
    changes = diff_editions(old, new)
    assert [(w.recommendation, w.old, w.new) for w in changes.wording_changes] == [
        ("D1", "Share the data.", "Share data."),
        ("D2", "Count posts.", "Count the posts."),
    ]


def test_a_recommendation_with_wording_only_on_one_side_is_no_wording_change() -> None:
    old = _edition("2024-02", _catalogue(("data", [("D1", "Share data.")])))
    new = _edition("2025-02", _catalogue(("data", [("D1", "Share data.")])))
    new.catalogue.panels[0].recommendations[0].text = ""
    assert diff_editions(old, new).wording_changes == []


def test_added_and_removed_entries_count_their_records() -> None:
    catalogue = _catalogue(("data", [("D1", "Share data."), ("D2", "Count posts.")]))
    hub = Initiative(id="data-hub", name="Data Hub")
    users = _metric(2000)
    old = _edition(
        "2024-02", catalogue, Entry(code="D1", narrative="The Data Hub.", metrics=[users])
    )
    new = _edition("2025-02", catalogue, Entry(code="D2", narrative="Posts.", initiatives=[hub]))
    changes = diff_editions(old, new)
    assert [(e.recommendation, e.initiatives, e.metrics) for e in changes.entries_added] == [
        ("D2", 1, 0)
    ]
    assert [(e.recommendation, e.initiatives, e.metrics) for e in changes.entries_removed] == [
        ("D1", 0, 1)
    ]
    assert [(m.recommendation, m.id) for m in changes.removed_metrics] == [("D1", "d1-users")]
    assert [(i.recommendation, i.id) for i in changes.new_initiatives] == [("D2", "data-hub")]
    assert changes.stalled == []


def test_a_fall_is_counted_as_a_regression_and_an_edition_with_itself_is_the_same() -> None:
    catalogue = _catalogue(("data", [("D1", "Share data."), ("D2", "Count posts.")]))
    old = _edition(
        "2024-02",
        catalogue,
        Entry(code="D1", narrative="Users.", metrics=[_metric(2000)]),
        Entry(code="D2", narrative="Posts.", metrics=[_metric(10, unit="posts")]),
    )
    new = _edition(
        "2025-02",
        catalogue,
        Entry(code="D1", narrative="Users fell.", metrics=[_metric(1500)]),
        Entry(code="D2", narrative="Posts grew.", metrics=[_metric(12, unit="posts")]),
    )
    summary = diff_editions(old, new).summary
    assert (summary.metric_changes, summary.regressions, summary.text_changes) == (2, 1, 2)
    assert summary.changes == 4 and summary.same is False
    itself = diff_editions(old, old)
    assert itself.summary.same is True and itself.summary.changes == 0
    assert itself.stalled == []


def test_a_stalled_entry_is_no_change() -> None:
    catalogue = _catalogue(("data", [("D1", "Share data.")]))
    old = _edition("2024-02", catalogue, Entry(code="D1", narrative="Nothing yet."))
    new = _edition("2025-02", catalogue, Entry(code="D1", narrative="Nothing yet."))
    changes = diff_editions(old, new)
    assert [s.recommendation for s in changes.stalled] == ["D1"]
    assert changes.summary.stalled == 1
    assert changes.summary.changes == 0 and changes.summary.same is True


def test_changes_of_a_code_only_the_older_catalogue_holds_come_after_the_newer_ones() -> None:
    old = _edition(
        "2024-02",
        _catalogue(("data", [("D1", "Share data."), ("D9", "Old one.")])),
        Entry(code="X1", narrative="A."),
        Entry(code="D9", narrative="A."),
        Entry(code="D1", narrative="A."),
    )
    new = _edition(
        "2025-02",
        _catalogue(("data", [("D2", "New one."), ("D1", "Share data.")])),
        Entry(code="D1", narrative="B."),
        Entry(code="D9", narrative="B."),
        Entry(code="X1", narrative="B."),
        Entry(code="D2", narrative="B."),
    )
    changes = diff_editions(old, new)
    # The newer catalogue's order (D2, D1), then the older's (D9), then codes neither holds,
    # whatever order the entries were in.
    assert [t.recommendation for t in changes.text_changes] == ["D1", "D9", "X1"]
    assert [e.recommendation for e in changes.entries_added] == ["D2"]
    assert [changes.panel_of(t) for t in changes.text_changes] == ["data", "data", None]


# --- which record is which -----------------------------------------------------------------


def _figure(metric_id: str, value: float, label: str, unit: str = "users") -> Metric:
    return Metric(id=metric_id, value=value, unit=unit, label=label, text=f"{value} {unit}")


def _entry(*metrics: Metric, narrative: str = "x") -> Entry:
    return Entry(code="D1", narrative=narrative, metrics=list(metrics))


def _pairs(matched) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(a.id, b.id) for a, b, _ in matched.pairs]


def test_records_with_equal_keys_pair_first_with_first() -> None:
    matched = match_by_key(["a1", "b1", "a2", "c1"], ["b2", "a3", "d1"], lambda s: s[0])
    assert matched.pairs == [("a1", "a3", 1.0), ("b1", "b2", 1.0)]
    assert matched.old_only == ["a2", "c1"] and matched.new_only == ["d1"]


def test_masked_words_keep_the_words_and_mask_every_number() -> None:
    text = "Over 2,000 users; 3.5 million pounds, 45% up and 450+ posts (c.7 thousand)"
    assert masked_words(text) == [
        "over", "#", "users", "#", "pounds", "#", "up", "and", "#", "posts", "c", "#",
    ]  # fmt: skip


def test_an_unchanged_figure_pairs_with_itself_first() -> None:
    same = _figure("d1-users", 5, "the hub has 5 users")
    other = _figure("d1-users-2", 9, "the academy has 9 users")
    moved = _figure("d1-users-2", 10, "the academy has 10 users")
    matched = match_metrics(_entry(same, other), _entry(same, moved))
    assert _pairs(matched) == [("d1-users", "d1-users"), ("d1-users-2", "d1-users-2")]
    assert matched.pairs[0][2] == 1.0
    # Nothing left on one side: the identical pairs are all there is.
    added = _figure("d1-posts", 3, "3 posts", unit="posts")
    matched = match_metrics(_entry(same), _entry(same, added))
    assert _pairs(matched) == [("d1-users", "d1-users")] and matched.new_only == [added]
    matched = match_metrics(_entry(same, other), _entry(same))
    assert matched.old_only == [other] and matched.new_only == []


def test_an_id_a_person_chose_pairs_whatever_its_words_say() -> None:
    old = _figure("hub-reach", 5, "the hub reached 5 users")
    new = _figure("hub-reach", 800, "visits to the portal", unit="visits")
    matched = match_metrics(_entry(old), _entry(new))
    assert _pairs(matched) == [("hub-reach", "hub-reach")]
    # A proposed id is only a hint: these two say different things.
    old = _figure("d1-users", 5, "the hub reached 5 users")
    new = _figure("d1-users", 800, "visits to the portal", unit="users")
    matched = match_metrics(_entry(old), _entry(new))
    assert matched.pairs == [] and matched.old_only == [old] and matched.new_only == [new]


def test_ids_a_person_chose_pair_each_with_its_own_whatever_their_order() -> None:
    hub = _figure("hub-reach", 5, "the hub reached 5 users")
    academy = _figure("academy-reach", 9, "the academy trained 9 learners", unit="learners")
    # The newer edition tells of the academy first, and both figures moved.
    new_academy = _figure("academy-reach", 12, "the academy trained 12 learners", unit="learners")
    new_hub = _figure("hub-reach", 6, "the hub reached 6 users")
    matched = match_metrics(_entry(hub, academy), _entry(new_academy, new_hub))
    assert [(a.id, a.value, b.id, b.value) for a, b, _ in matched.pairs] == [
        ("hub-reach", 5, "hub-reach", 6),
        ("academy-reach", 9, "academy-reach", 12),
    ]
    assert matched.old_only == [] and matched.new_only == []


def test_a_chosen_id_on_one_side_only_is_matched_by_its_words() -> None:
    old = _figure("hub-reach", 5, "the hub reached 5 users")
    new = _figure("d1-users", 7, "the hub reached 7 users")
    matched = match_metrics(_entry(old), _entry(new))
    assert _pairs(matched) == [("hub-reach", "d1-users")]


def test_figures_whose_ids_shifted_pair_by_the_words_around_them() -> None:
    hub = _figure("d1-users", 5, "the hub has 5 users")
    academy = _figure("d1-users-2", 9, "the academy has 9 Users", unit="Users")
    # A sentence added above: the proposed ids moved along.
    new_academy = _figure("d1-users", 11, "the academy has 11 users")
    new_hub = _figure("d1-users-2", 6, "the hub has 6 users")
    matched = match_metrics(_entry(hub, academy), _entry(new_academy, new_hub))
    assert sorted((a.value, b.value) for a, b, _ in matched.pairs) == [(5, 6), (9, 11)]
    assert [score for _, _, score in matched.pairs] == [1.0, 1.0]


def test_what_no_stage_pairs_goes_to_the_best_score() -> None:
    old = _figure("d1-users", 5, "the hub has 5 registered users")
    new = _figure("d1-users", 6, "the hub has 6 users")
    far = _figure("d1-posts", 6, "posts were filled across the region", unit="posts")
    matched = match_metrics(_entry(old), _entry(far, new))
    assert _pairs(matched) == [("d1-users", "d1-users")]
    assert matched.new_only == [far] and matched.old_only == []
    # label 2*5/11 (five words of six and five in common), unit 1, id 1, value 0:
    # 0.6*10/11 + 0.25 + 0.1.
    assert round(matched.pairs[0][2], 4) == 0.8955


def _initiative_entry(narrative: str, *names: str, ids: tuple[str, ...] = ()) -> Entry:
    initiatives = [
        Initiative(id=ids[n] if ids else name.lower().replace(" ", "-"), name=name)
        for n, name in enumerate(names)
    ]
    return Entry(code="D1", narrative=narrative, initiatives=initiatives)


def test_initiatives_pair_by_id_then_by_rename() -> None:
    old = _initiative_entry(
        "The Data Hub and the Digital Boards Programme.", "Data Hub", "Digital Boards Programme"
    )
    new = _initiative_entry(
        "The Data Hub and the Digital Board Programme.", "Data Hub", "Digital Board Programme"
    )
    matched = match_initiatives(old, new)
    assert _pairs(matched) == [
        ("data-hub", "data-hub"),
        ("digital-boards-programme", "digital-board-programme"),
    ]
    assert matched.pairs[0][2] == 1.0 and matched.old_only == [] and matched.new_only == []


def test_initiatives_with_nothing_left_on_one_side_are_not_renamed() -> None:
    old = _initiative_entry("The Data Hub.", "Data Hub")
    new = _initiative_entry("The Data Hub and the Data Hubs.", "Data Hub", "Data Hubs")
    matched = match_initiatives(old, new)
    assert _pairs(matched) == [("data-hub", "data-hub")]
    assert [i.id for i in matched.new_only] == ["data-hubs"]


def test_two_initiatives_a_person_held_apart_are_never_one_renamed() -> None:
    old = _initiative_entry("The Digital Boards Programme.", "Digital Boards Programme")
    new = _initiative_entry("The Digital Board Programme.", "Digital Board Programme")
    apart = Identity(accepted={"digital-boards-programme", "digital-board-programme"})
    matched = match_initiatives(old, new, apart)
    assert matched.pairs == []
    assert [i.id for i in matched.old_only] == ["digital-boards-programme"]
    assert [i.id for i in matched.new_only] == ["digital-board-programme"]
    # One of them accepted alone holds nothing apart.
    one = Identity(accepted={"digital-boards-programme"})
    assert _pairs(match_initiatives(old, new, one)) == [
        ("digital-boards-programme", "digital-board-programme")
    ]


def test_initiatives_the_registry_merged_pair_under_its_id() -> None:
    old = _initiative_entry("The GEP.", "GEP", ids=("gep",))
    new = _initiative_entry(
        "The Genomics Education Programme.",
        "Genomics Education Programme",
        ids=("genomics-education-programme",),
    )
    merged = Identity(ids={"gep": "genomics-education-programme"})
    matched = match_initiatives(old, new, merged)
    assert [(a.name, b.name, a.id) for a, b, _ in matched.pairs] == [
        ("GEP", "Genomics Education Programme", "genomics-education-programme")
    ]


def test_an_initiative_whose_address_changed_shows_both_addresses() -> None:
    catalogue = _catalogue(("data", [("D1", "Share data.")]))
    hub = Initiative(id="data-hub", name="Data Hub", url="https://a.org")
    moved = Initiative(id="data-hub", name="Data Hub", url="https://b.org")
    old = _edition("2024-02", catalogue, Entry(code="D1", narrative="Hub.", initiatives=[hub]))
    new = _edition("2025-02", catalogue, Entry(code="D1", narrative="Hub.", initiatives=[moved]))
    (update,) = diff_editions(old, new).changed_initiatives
    assert (update.recommendation, update.id, update.name) == ("D1", "data-hub", "Data Hub")
    assert {name: (c.old, c.new) for name, c in update.changes.items()} == {
        "url": ("https://a.org", "https://b.org")
    }


def test_a_code_written_as_one_half_comes_after_its_joint_code() -> None:
    catalogue = _catalogue(("data", [("D1", "Share data."), ("D2/AI1", "Protect time.")]))
    posts = Metric(id="d2-posts", value=3, unit="posts", text="3 posts")
    old = _edition(
        "2024-02",
        catalogue,
        Entry(code="D2/AI1", narrative="Time.", metrics=[posts]),
        Entry(code="D2", narrative="Posts.", metrics=[posts]),
    )
    new = _edition("2025-02", catalogue, Entry(code="D2/AI1", narrative="Time."))
    changes = diff_editions(old, new)
    assert [m.recommendation for m in changes.removed_metrics] == ["D2/AI1", "D2"]
    assert [changes.panel_of(m) for m in changes.removed_metrics] == ["data", "data"]


def test_a_code_neither_catalogue_holds_follows_the_first_of_its_halves_either_holds() -> None:
    old = _catalogue(("data", [("D1", "Share data."), ("D2", "Protect time."), ("D9", "Old.")]))
    new = _catalogue(("data", [("D2", "Protect time."), ("D1", "Share data.")]))
    codes = ["X1", "D9/ZZ1", "D1/D9", "D9", "D1", "D2", "A1/D1", "B5"]
    # The newer catalogue's order (D2, D1), then the older's (D9): a joint code neither holds
    # comes after the earlier of its known halves, ties by name; codes with no known half
    # come last, by name.
    assert sorted(codes, key=order_key(old, new)) == [
        "D2", "D1", "A1/D1", "D1/D9", "D9", "D9/ZZ1", "B5", "X1",
    ]  # fmt: skip


def test_a_threshold_from_nought_to_one_inclusive_is_accepted() -> None:
    catalogue = _catalogue(("data", [("D1", "Share data.")]))
    old = _edition("2024-02", catalogue, Entry(code="D1", narrative="Nothing yet."))
    new = _edition("2025-02", catalogue, Entry(code="D1", narrative="Nothing yet."))
    assert [s.recommendation for s in diff_editions(old, new, stalled_threshold=0.0).stalled] == [
        "D1"
    ]
    assert diff_editions(old, new, stalled_threshold=1.0).stalled_threshold == 1.0
    for wrong in (-0.01, 1.01, 2.0):
        with pytest.raises(ValueError) as caught:
            diff_editions(old, new, stalled_threshold=wrong)
        assert str(caught.value) == "stalled_threshold must be between 0 and 1"


def test_with_the_registry_an_initiative_merged_under_another_id_is_one() -> None:
    catalogue = _catalogue(("data", [("D1", "Share data.")]))
    gep = Initiative(id="gep", name="GEP")
    full = Initiative(id="genomics-education-programme", name="GEP")
    old = _edition("2024-02", catalogue, Entry(code="D1", narrative="Training.", initiatives=[gep]))
    new = _edition(
        "2025-02", catalogue, Entry(code="D1", narrative="Training.", initiatives=[full])
    )
    registry = Registry(
        initiatives=[
            RegisteredInitiative(
                id="genomics-education-programme", name="GEP", kind="programme", merged=["gep"]
            )
        ]
    )
    assert diff_editions(old, new, registry=registry).summary.changes == 0
    # Without it, the same name under another id is one initiative whose id changed.
    (update,) = diff_editions(old, new).changed_initiatives
    assert {name: (c.old, c.new) for name, c in update.changes.items()} == {
        "id": ("gep", "genomics-education-programme")
    }


# --- the edition around its entries ------------------------------------------------------------


def test_a_new_title_and_licence_are_named_by_their_fields() -> None:
    old, new = small_edition("2024-02"), small_edition("2025-02")
    new.title = "Example Review: Progress in 2025"
    new.licence = "Open Government Licence v3.0"
    assert [(c.field, c.old, c.new) for c in metadata_changes(old, new)] == [
        (
            "licence",
            "Contains public sector information licensed under the Open Government Licence.",
            "Open Government Licence v3.0",
        ),
        ("title", "Example Review: Progress", "Example Review: Progress in 2025"),
    ]


def test_a_signatory_dropped_is_each_of_its_fields_gone() -> None:
    old, new = small_edition("2024-02"), small_edition("2025-02")
    assert new.foreword is not None
    new.foreword.signatory = None
    assert [(c.field, c.old, c.new) for c in metadata_changes(old, new)] == [
        ("signatory.name", "A Person", None),
        ("signatory.organisation", "Example Body", None),
        ("signatory.role", "Director", None),
    ]
    assert [(c.field, c.old, c.new) for c in metadata_changes(new, old)] == [
        ("signatory.name", None, "A Person"),
        ("signatory.organisation", None, "Example Body"),
        ("signatory.role", None, "Director"),
    ]


def test_a_foreword_written_for_the_first_time_is_all_inserted() -> None:
    old, new = small_edition("2024-02"), small_edition("2025-02")
    old.foreword = None
    (change,) = prose_changes(old, new)
    assert change.field == "foreword" and change.similarity == 0
    assert [(op.op, op.old, op.new) for op in change.ops] == [
        ("insert", "", "We made progress.\n\n- One thing\n- Another")
    ]


def test_owners_in_another_order_are_no_change() -> None:
    old = Entry(code="D1", narrative="x", owners=["HEE", "TEL"])
    assert owner_changes("D1", old, Entry(code="D1", narrative="x", owners=["TEL", "HEE"])) == []


def test_owners_dropped_or_replaced_are_listed_as_removed() -> None:
    old = Entry(code="D1", narrative="x", owners=["HEE", "TEL"])
    (dropped,) = owner_changes("D1", old, Entry(code="D1", narrative="x", owners=["TEL"]))
    assert (dropped.recommendation, dropped.added, dropped.removed) == ("D1", [], ["HEE"])
    (replaced,) = owner_changes("D1", old, Entry(code="D1", narrative="x", owners=["NHSE", "TEL"]))
    assert (replaced.added, replaced.removed) == (["NHSE"], ["HEE"])


# --- words -------------------------------------------------------------------------------------


def test_a_texts_words_carry_the_spacing_around_them() -> None:
    assert tokens("  Two words") == (["Two", "words"], ["  Two ", "words"])
    assert tokens("  \n") == ([""], ["  \n"])  # blank: one empty word, its spacing kept
    assert tokens("") == ([], [])


def test_equal_texts_are_wholly_alike_and_empty_ones_have_no_steps() -> None:
    assert similarity("Two words", "Two words") == 1.0
    assert word_diff("Two words", "Two words")[0] == 1.0
    assert word_diff("", "") == (1.0, [])


def test_a_text_written_or_blanked_is_one_step() -> None:
    score, ops = word_diff("", "New text.")
    assert score == 0 and [(op.op, op.old, op.new) for op in ops] == [("insert", "", "New text.")]
    score, ops = word_diff("Old.", "  ")
    assert score == 0 and [(op.op, op.old, op.new) for op in ops] == [("replace", "Old.", "  ")]


def test_a_word_repeated_all_through_a_long_text_is_still_kept() -> None:
    # 300 words, "the" every other one; two words replaced either side of one "the".
    old = " ".join(f"w{i} the" for i in range(150))
    new = old.replace("w10 the w11", "x10 the x11")
    score, ops = word_diff(old, new)
    assert score == 0.9933  # 298 of 300 words kept on each side
    assert [(op.op, op.old, op.new) for op in ops if op.op != "equal" or op.old == "the "] == [
        ("replace", "w10 ", "x10 "),
        ("equal", "the ", "the "),
        ("replace", "w11 ", "x11 "),
    ]


def _paragraphs(count: int, words: int) -> list[str]:
    return [" ".join(f"p{p}w{w}" for w in range(words)) for p in range(count)]


def _steps(old: str, new: str) -> list[tuple[str, str, str]]:
    return [(op.op, op.old, op.new) for op in word_diff(old, new)[1]]


def test_texts_of_2000_words_a_side_are_diffed_in_one_level() -> None:
    # 2,000 x 2,000 word pairs is the most diffed in one go: one step before the change, one after.
    paragraphs = _paragraphs(20, 100)
    old = "\n\n".join(paragraphs)
    new = old.replace("p10w50 ", "changed ")
    cut = old.index("p10w50 ")
    assert _steps(old, new) == [
        ("equal", old[:cut], old[:cut]),
        ("replace", "p10w50 ", "changed "),
        ("equal", old[cut + 7 :], old[cut + 7 :]),
    ]


def test_longer_texts_go_paragraph_by_paragraph_and_a_huge_rewrite_is_shown_whole() -> None:
    # A paragraph of 2,000 words and one of a single word: past the limit, so paragraphs are
    # compared first; the changed paragraph (2,000 x 2,000 words) is still diffed word by word.
    (long,) = _paragraphs(1, 2000)
    old = long + "\n\nEnds"
    new = old.replace("p0w1000 ", "changed ")
    before, after = long[: long.index("p0w1000 ")], long[long.index("p0w1001 ") :] + "\n\n"
    assert _steps(old, new) == [
        ("equal", before, before),
        ("replace", "p0w1000 ", "changed "),
        ("equal", after, after),
        ("equal", "Ends", "Ends"),
    ]
    # One word longer, the changed paragraph is too big to diff word by word: shown whole.
    (longer,) = _paragraphs(1, 2001)
    old = longer + "\n\nEnds"
    new = old.replace("p0w1000 ", "changed ")
    assert _steps(old, new) == [
        ("replace", longer + "\n\n", longer.replace("p0w1000 ", "changed ") + "\n\n"),
        ("equal", "Ends", "Ends"),
    ]


# --- the editorial status ----------------------------------------------------------------------


def _set(when: str, status: str, why: str, **fields: str) -> StatusChange:
    return StatusChange(when=when, who="Dana Okafor", why=why, status=status, **fields)


def test_a_status_change_shows_both_statuses_and_only_the_trails_new_lines() -> None:
    first = _set("2024-01-10T09:00:00Z", "not started", "No funding yet")
    second = _set("2025-01-15T10:30:00Z", "in progress", "Funded", rag="amber", target="2025-09")
    old = Assessment(status="not started", history=[first])
    new = Assessment(
        status="in progress",
        rag="amber",
        reason="awaiting staff",
        target="2025-09",
        history=[first, second],
    )
    update = status_update("G2", old, new)
    assert update is not None
    assert (update.recommendation, update.old, update.new) == (
        "G2",
        "not started",
        "in progress (amber): awaiting staff; target 2025-09",
    )
    assert (update.status, update.rag, update.target) == ("in progress", "amber", "2025-09")
    assert update.changes == [
        "2025-01-15T10:30:00Z Dana Okafor: in progress (amber), target 2025-09; Funded"
    ]
    assert status_update("G2", old, old) is None


def test_a_status_set_for_the_first_time_or_dropped_has_no_other_side() -> None:
    first = _set("2024-01-10T09:00:00Z", "done", "Delivered")
    new = Assessment(status="done", rag="green", history=[first])
    added = status_update("G2", None, new)
    assert added is not None
    assert (added.old, added.new, added.status, added.rag, added.target) == (
        None,
        "done (green)",
        "done",
        "green",
        None,
    )
    assert added.changes == ["2024-01-10T09:00:00Z Dana Okafor: done; Delivered"]
    dropped = status_update("G2", new, None)
    assert dropped is not None
    assert (dropped.old, dropped.new, dropped.status, dropped.rag, dropped.changes) == (
        "done (green)",
        None,
        None,
        None,
        [],
    )


# --- changes arranged by panel -----------------------------------------------------------------


def _regrouped() -> tuple[ChangeSet, Catalogue, Catalogue]:
    # The newer catalogue puts its skills panel first, adds S2 and D2 and drops D3 and D10.
    older = _catalogue(
        ("data", [("D1", "Share data."), ("D3", "Count."), ("D10", "Report.")]),
        ("skills", [("S1", "Train.")]),
    )
    newer = _catalogue(
        ("skills", [("S1", "Train."), ("S2", "Teach.")]),
        ("data", [("D1", "Share data."), ("D2", "Publish.")]),
    )
    changes = diff_editions(_edition("2024-02", older), _edition("2025-02", newer))
    return changes, newer, older


def _arranged(panels: list[PanelGroup]) -> list[tuple[str, list[str]]]:
    return [(p.title, [r.code for r in p.recommendations]) for p in panels]


def test_changes_are_grouped_by_the_newer_catalogues_panels_then_the_olders_codes() -> None:
    changes, newer, older = _regrouped()
    expected = [("Skills", ["S2"]), ("Data", ["D2", "D3", "D10"])]
    assert _arranged(group(changes, [newer, older])) == expected
    # A catalogue given twice places no code anew, and one after it still places its own.
    assert _arranged(group(changes, [newer, newer, older])) == expected


def test_codes_no_catalogue_holds_go_last_by_name_or_all_of_them_without_catalogues() -> None:
    changes, newer, _ = _regrouped()
    assert _arranged(group(changes, [newer], "Elsewhere")) == [
        ("Skills", ["S2"]),
        ("Data", ["D2"]),
        ("Elsewhere", ["D10", "D3"]),
    ]
    # Without catalogues, the ChangeSet's own order: recommendations added, then removed.
    assert _arranged(group(changes, [])) == [("Not in the catalogue", ["S2", "D2", "D3", "D10"])]


# --- one recommendation across the editions ----------------------------------------------------


def _three_editions() -> list[Edition]:
    editions = [small_edition(edition_id) for edition_id in ("2023-02", "2024-02", "2025-02")]
    for edition in editions:
        edition.date = edition.id
    return editions


def test_an_entry_missing_from_an_edition_is_a_step_without_entry() -> None:
    editions = _three_editions()
    editions[1].entries = [e for e in editions[1].entries if e.code != "S1"]
    editions[2].entries[2].assessment = Assessment(
        status="done", history=[_set("2025-01-15T10:30:00Z", "done", "All courses run")]
    )
    history = entry_history(editions, "s 1")  # typed as a person might
    assert history.recommendation == "S1"
    assert [(s.edition, s.date, s.present, s.changes) for s in history.editions] == [
        ("2023-02", "2023-02", True, []),
        ("2024-02", "2024-02", False, ["entry removed"]),
        ("2025-02", "2025-02", True, ["entry added"]),
    ]
    assert history.editions[2].status_trail == [
        "2025-01-15T10:30:00Z Dana Okafor: done; All courses run"
    ]
    assert (history.stalled_for, history.stalled_since) == (0, None)
    step = entry_history(editions, "D1").editions[0]
    assert [(i.id, i.name) for i in step.initiatives] == [("data-hub", "Data Hub")]
    assert [(m.id, m.value, m.qualifier, m.unit, m.as_of) for m in step.metrics] == [
        ("d1-users", 2000, "over", "users", "2024-02")
    ]


def test_a_stall_is_counted_back_from_the_newest_edition_at_the_threshold_given() -> None:
    editions = _three_editions()
    editions[2].entries[2].narrative = "Courses ran.\n\n- Course A\n- Course B"  # 8 of 9 words
    history = entry_history(editions, "S1")  # 0.8889 alike, under the default 0.9
    assert (history.stalled_for, history.stalled_since) == (0, None)
    history = entry_history(editions, "S1", stalled_threshold=0.5)
    assert (history.stalled_for, history.stalled_since) == (2, "2023-02")
    assert history.editions[2].stalled == [
        "no new initiative",
        "no metric moved",
        "narrative substantially the same",
    ]


def test_a_code_no_edition_has_is_refused_with_the_codes_there_are() -> None:
    editions = _three_editions()
    with pytest.raises(InputError) as caught:
        entry_history(editions, "Z9")
    (problem,) = caught.value.problems
    assert (problem.message, problem.field, problem.hint) == (
        "no edition has an entry for 'Z9'",
        "CODE",
        "codes: D1, D2/AI1, S1",
    )
    for edition in editions:
        edition.entries = []
    with pytest.raises(InputError) as caught:
        entry_history(editions, "Z9")
    assert caught.value.problems[0].hint == "no entries yet"


def test_each_step_says_in_words_what_changed_since_the_edition_before() -> None:
    editions = _three_editions()
    courses = Metric(
        id="d1-courses",
        value=12,
        qualifier="over",
        unit="courses",
        label="the hub runs over 12 courses",
        text="over 12 courses",
        as_of="2024-02",
    )
    academy = Initiative(id="skills-academy", name="Skills Academy")
    for edition in editions[1:]:
        entry = edition.entries[0]  # D1
        entry.metrics[0].value = 2500
        entry.initiatives.append(academy)
        entry.narrative = (
            "The [Data Hub](#) now has over 2,500 users and runs 12 courses with the"
            " [Skills Academy](#). See also S1."
        )
    editions[1].entries[0].metrics.append(courses)
    editions[2].entries[0].initiatives = [academy]
    editions[2].entries[
        0
    ].narrative = "The hub now has over 2,500 users with the [Skills Academy](#). See also S1."
    assert [step.changes for step in entry_history(editions, "D1").editions] == [
        [],
        [
            "d1-users: over 2,000 users → over 2,500 users (+500, +25.0%)",
            "new metric d1-courses: over 12 courses",
            "new initiative Skills Academy",
            "narrative changed",
        ],
        ["removed metric d1-courses", "removed initiative Data Hub", "narrative changed"],
    ]


def test_a_history_reads_cross_references_with_the_reviews_own_code_pattern() -> None:
    catalogue = _catalogue(("data", [("REC1", "Share data."), ("REC120", "Count posts.")]))
    catalogue = catalogue.model_copy(update={"code_pattern": r"REC\d{1,3}"})
    editions = [
        _edition(edition_id, catalogue, Entry(code="REC1", narrative="See REC120."))
        for edition_id in ("2024-02", "2025-02")
    ]
    history = entry_history(editions, "REC1")
    assert history.editions[1].stalled == ["cross-reference only"]
    assert history.editions[1].similarity == 1.0


def test_a_step_shows_only_the_status_lines_its_edition_added() -> None:
    editions = _three_editions()
    first = _set("2024-01-10T09:00:00Z", "not started", "No funding yet")
    second = _set("2025-01-15T10:30:00Z", "done", "All courses run")
    editions[1].entries[2].assessment = Assessment(status="not started", history=[first])
    editions[2].entries[2].assessment = Assessment(status="done", history=[first, second])
    steps = entry_history(editions, "S1").editions
    assert [step.status_trail for step in steps] == [
        [],
        ["2024-01-10T09:00:00Z Dana Okafor: not started; No funding yet"],
        ["2025-01-15T10:30:00Z Dana Okafor: done; All courses run"],
    ]
    assert [step.similarity for step in steps] == [None, 1.0, 1.0]
    assert [step.changes for step in steps] == [[], [], []]  # the same narrative: no change


def test_an_entry_absent_from_two_editions_running_is_removed_once() -> None:
    editions = _three_editions()
    for edition in editions[1:]:
        edition.entries = [e for e in edition.entries if e.code != "S1"]
    steps = entry_history(editions, "S1").editions
    assert [(step.present, step.changes) for step in steps] == [
        (True, []),
        (False, ["entry removed"]),
        (False, []),
    ]


# --- the history as the terminal shows it (`topolreport history`) ------------------------------


# What a reviewer reads of D1: absent in 2024-02, back in 2025-02 with its status trail.
_D1_HISTORY = """\
History of D1
Not stalled in the newest edition.
 edition ┃ initiatives    ┃ metrics                    ┃ since the edition before
━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
 2023-02 │ Data Hub       │ d1-users: over 2,000 users │ editorial status: no editorial status
─────────┼────────────────┼────────────────────────────┼────────────────────────────────────────────
 2024-02 │ (no entry)     │                            │ entry removed
─────────┼────────────────┼────────────────────────────┼────────────────────────────────────────────
 2025-02 │ Data Hub       │ d1-users: over 2,500 users │ entry added
         │ Skills Academy │                            │ editorial status: in progress (amber):
         │                │                            │ staff awaited; target 2025-09
         │                │                            │   2024-01-10T09:00:00Z Dana Okafor: not
         │                │                            │ started; No funding yet
         │                │                            │   2025-01-15T10:30:00Z Dana Okafor: in
         │                │                            │ progress (amber), target 2025-09; Funded
"""  # noqa: E501


def test_the_history_table_shows_each_editions_initiatives_figures_and_changes() -> None:
    editions = _three_editions()
    editions[1].entries = [e for e in editions[1].entries if e.code != "D1"]
    d1 = editions[2].entries[0]
    d1.metrics[0].value = 2500
    d1.initiatives.append(Initiative(id="skills-academy", name="Skills Academy"))
    first = _set("2024-01-10T09:00:00Z", "not started", "No funding yet")
    second = _set("2025-01-15T10:30:00Z", "in progress", "Funded", rag="amber", target="2025-09")
    d1.assessment = Assessment(
        status="in progress",
        rag="amber",
        reason="staff awaited",
        target="2025-09",
        history=[first, second],
    )
    # Plain text at the default 100 columns: the last column wraps, no line ends in spaces.
    assert history_text(entry_history(editions, "D1")) == _D1_HISTORY


def test_a_stalled_history_says_since_when_in_colour_and_why_on_each_step() -> None:
    share = Metric(
        id="d1-share",
        value=90,
        qualifier="over",
        unit="percent",
        label="over 90% of trusts",
        text="over 90%",
        as_of="2024-02",
    )
    editions = _three_editions()[1:]
    for edition in editions:
        edition.entries[0].metrics.append(share)
    history = entry_history(editions, "D1")
    # In a terminal: the title bold, the stall magenta, every line padded to the table's width.
    lines = history_text(history, color=True, width=60).split("\n")
    assert lines[:2] == [
        "\x1b[1mHistory of D1\x1b[0m",
        "\x1b[35mStalled for 1 edition(s) in a row, since 2024-02.\x1b[0m",
    ]
    assert " 2025-02 │ Data Hub    │ d1-users: over   │ stalled: no new " in lines
    assert history_text(history, width=60).split("\n") == [
        "History of D1",
        "Stalled for 1 edition(s) in a row, since 2024-02.",
        "         ┃             ┃                  ┃ since the",
        " edition ┃ initiatives ┃ metrics          ┃ edition before",
        "━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━",
        " 2024-02 │ Data Hub    │ d1-users: over   │ editorial",
        "         │             │ 2,000 users      │ status: no",
        "         │             │ d1-share: over   │ editorial",
        "         │             │ 90%              │ status",
        "─────────┼─────────────┼──────────────────┼─────────────────",
        " 2025-02 │ Data Hub    │ d1-users: over   │ stalled: no new",
        "         │             │ 2,000 users      │ initiative; no",
        "         │             │ d1-share: over   │ metric moved;",
        "         │             │ 90%              │ narrative",
        "         │             │                  │ unchanged",
        "         │             │                  │ editorial",
        "         │             │                  │ status: no",
        "         │             │                  │ editorial",
        "         │             │                  │ status",
        "",
    ]  # fmt: skip


def test_a_history_without_initiatives_or_figures_shows_a_dash() -> None:
    lines = history_text(entry_history(_three_editions(), "S1")).split("\n")
    assert lines[4] == " 2023-02 │ -           │ -       │ editorial status: no editorial status"


def test_a_step_stalled_despite_a_changed_narrative_says_why_before_what_changed() -> None:
    editions = _three_editions()[1:]
    editions[1].entries[2].narrative = "Courses ran.\n\n- Course A\n- Course B"  # 8 of 9 words
    lines = history_text(entry_history(editions, "S1", stalled_threshold=0.5)).split("\n")
    assert lines[6:10] == [
        " 2025-02 │ -           │ -       │ stalled: no new initiative; no metric moved; narrative",
        "         │             │         │ substantially the same",
        "         │             │         │ narrative changed",
        "         │             │         │ editorial status: no editorial status",
    ]


# --- the registry of change kinds --------------------------------------------------------------


def test_items_of_one_recommendation_are_listed_by_id() -> None:
    old = small_edition()
    new = small_edition("2025-02")
    new.entries[0].initiatives += [
        Initiative(id="workforce-plan", name="A Workforce Plan"),
        Initiative(id="academy", name="The Academy"),
    ]
    changes = diff_editions(old, new)
    assert [i.id for i in changes.new_initiatives] == ["academy", "workforce-plan"]


def test_a_figure_that_rose_or_fell_has_its_own_mark_and_filter() -> None:
    metrics = KIND["metric_changes"]
    rose = metric_change("D1", _metric(2000), _metric(2500))
    fell = metric_change("D1", _metric(2000), _metric(1500))
    requalified = metric_change("D1", _metric(2000), _metric(2000, "over"))
    assert metrics.terminal_mark(rose) == ("▲", "green")
    assert metrics.terminal_mark(fell) == ("▼", "bold red")
    assert metrics.terminal_mark(requalified) == ("~", "yellow")
    # The HTML report's checkboxes: a metric may show as changed or as fallen; others as one.
    assert metrics.filters() == (
        Filter("metric-changed", "metrics changed"),
        Filter("metric-fell", "metrics that fell"),
    )
    assert KIND["new_metrics"].filters() == (Filter("metric-new", "new metrics"),)


def test_a_kind_the_tracked_changes_say_all_of_has_no_comment() -> None:
    change = TextChange(recommendation="D1", field="narrative", similarity=0.5, ops=[])
    assert KIND["text_changes"].comment(change, "2024-02") is None
