"""diff_editions on small hand-made editions: each change type, stalled, matching."""

from __future__ import annotations

from topolreport.diff import diff_editions
from topolreport.model import Edition, Entry, Initiative, Metric, Recommendation

from factories import small_edition


def metric(
    value: int, *, text: str | None = None, label: str | None = None, **extra: object
) -> Metric:
    fields: dict[str, object] = {
        "id": "d1-users",
        "value": value,
        "qualifier": "over",
        "unit": "users",
        "text": text or f"over {value:,} users",
        "label": label or f"the Data Hub now has over {value:,} users",
        "as_of": "2024-02",
    }
    fields.update(extra)
    return Metric.model_validate(fields)


def next_edition(**entries: Entry) -> Edition:
    """The small edition a year on, with some entries replaced (keyword: code with _ for /)."""
    edition = small_edition("2025-02").model_copy(update={"date": "2025-02"}, deep=True)
    replaced = {code.replace("_", "/"): entry for code, entry in entries.items()}
    edition.entries = [replaced.get(e.code, e) for e in edition.entries]
    return edition


def d1(narrative: str, metrics: list[Metric], initiatives: list[Initiative] | None = None) -> Entry:
    return Entry(
        code="D1",
        narrative=narrative,
        owners=["TEL"],
        initiatives=initiatives
        if initiatives is not None
        else [Initiative(id="data-hub", name="Data Hub")],
        metrics=metrics,
    )


def test_an_edition_compared_with_itself_has_no_changes_and_nothing_stalled() -> None:
    changes = diff_editions(small_edition(), small_edition())
    assert changes.same and changes.summary.changes == 0
    assert changes.stalled == []
    assert changes.model_dump(mode="json")["from"] == "2024-02"


def test_identical_entries_of_two_editions_are_stalled_but_not_changes() -> None:
    changes = diff_editions(small_edition(), next_edition())
    assert changes.same
    assert {s.recommendation: s.reasons for s in changes.stalled} == {
        "D1": ["no new initiative", "no metric moved", "narrative unchanged"],
        "D2/AI1": ["cross-reference only"],
        "S1": ["no new initiative", "no metric moved", "narrative unchanged"],
    }


def test_a_metric_that_rose_is_one_change_with_its_old_and_new_values() -> None:
    new = next_edition(
        D1=d1("The [Data Hub](#) now has over 3,500 users. See also S1.", [metric(3500)])
    )
    changes = diff_editions(small_edition(), new)
    assert not changes.same
    [change] = changes.metric_changes
    assert (change.recommendation, change.id) == ("D1", "d1-users")
    assert (change.old.value, change.new.value) == (2000, 3500)
    assert (change.absolute, change.relative, change.direction) == (1500, 0.75, "up")
    assert not change.regression
    assert "value" in change.fields and "as_of" not in change.fields
    assert changes.new_metrics == changes.removed_metrics == []
    assert "D1" not in {s.recommendation for s in changes.stalled}
    [text] = changes.text_changes
    assert text.field == "narrative" and text.similarity < 1
    assert [(op.old, op.new) for op in text.ops if op.op != "equal"] == [("2,000 ", "3,500 ")]


def test_a_fall_is_flagged_as_a_regression() -> None:
    new = next_edition(
        D1=d1("The [Data Hub](#) now has over 1,500 users. See also S1.", [metric(1500)])
    )
    [change] = diff_editions(small_edition(), new).metric_changes
    assert change.direction == "down" and change.regression and change.absolute == -500
    assert diff_editions(small_edition(), new).summary.regressions == 1


def test_same_value_with_a_new_qualifier_is_a_change_but_not_a_regression() -> None:
    new = next_edition(
        D1=d1(
            "The [Data Hub](#) now has 2,000 users. See also S1.",
            [
                metric(
                    2000,
                    qualifier=None,
                    text="2,000 users",
                    label="the Data Hub now has 2,000 users",
                )
            ],
        )
    )
    [change] = diff_editions(small_edition(), new).metric_changes
    assert change.direction == "same-value-new-qualifier" and not change.regression


def test_a_metric_is_matched_by_its_context_when_its_proposed_id_shifted() -> None:
    # A new figure of the same unit above it: the importer's ids shift (-2 suffix), the
    # words around each figure do not.
    old = small_edition()
    old.entries[0] = d1(
        "The [Data Hub](#) now has over 2,000 users.",
        [metric(2000)],
    )
    new = next_edition(
        D1=d1(
            "A pilot reached 40 users. The [Data Hub](#) now has over 2,400 users.",
            [
                metric(40, qualifier=None, text="40 users", label="A pilot reached 40 users"),
                metric(2400, id="d1-users-2"),
            ],
        )
    )
    changes = diff_editions(old, new)
    [change] = changes.metric_changes
    assert (change.old.id, change.id, change.old.value, change.new.value) == (
        "d1-users",
        "d1-users-2",
        2000,
        2400,
    )
    assert [(m.id, m.value) for m in changes.new_metrics] == [("d1-users", 40)]


def test_an_id_a_person_chose_is_matched_exactly() -> None:
    old = small_edition()
    old.entries[0] = d1("Figures.", [metric(2000, id="hub-reach")])
    new = next_edition(D1=d1("Figures.", [metric(9, id="hub-reach", label="quite another clause")]))
    [change] = diff_editions(old, new).metric_changes
    assert (change.old.value, change.new.value) == (2000, 9)


def test_unrelated_figures_are_not_paired() -> None:
    old = small_edition()
    old.entries[0] = d1("Text.", [metric(2000)])
    new = next_edition(
        D1=d1(
            "Text.",
            [
                metric(
                    12,
                    id="d1-courses",
                    unit="courses",
                    text="12 courses",
                    label="twelve regional courses ran in the spring",
                )
            ],
        )
    )
    changes = diff_editions(old, new)
    assert changes.metric_changes == []
    assert [m.value for m in changes.removed_metrics] == [2000]
    assert [m.value for m in changes.new_metrics] == [12]


def test_a_renamed_initiative_is_one_rename_not_a_removal_and_an_addition() -> None:
    new = next_edition(
        D1=d1(
            "The [Data Hub Online](#) now has over 2,000 users. See also S1.",
            [metric(2000)],
            [Initiative(id="data-hub-online", name="Data Hub Online")],
        )
    )
    changes = diff_editions(small_edition(), new)
    [rename] = changes.renamed_initiatives
    assert (rename.recommendation, rename.old_name, rename.new_name) == (
        "D1",
        "Data Hub",
        "Data Hub Online",
    )
    assert rename.matched_by == "name"
    assert changes.new_initiatives == changes.removed_initiatives == []
    assert "D1" not in {s.recommendation for s in changes.stalled}


def test_new_and_removed_initiatives() -> None:
    new = next_edition(
        D1=d1(
            "The [Skills Academy](#) opened. See also S1.",
            [],
            [Initiative(id="skills-academy", name="Skills Academy")],
        )
    )
    changes = diff_editions(small_edition(), new)
    assert [(i.recommendation, i.name) for i in changes.new_initiatives] == [
        ("D1", "Skills Academy")
    ]
    assert [(i.recommendation, i.name) for i in changes.removed_initiatives] == [("D1", "Data Hub")]
    assert changes.renamed_initiatives == []
    assert [m.value for m in changes.removed_metrics] == [2000]


def test_an_initiative_record_for_a_name_both_narratives_use_is_not_new() -> None:
    # The importer finds a name in every entry once any entry links it: the record appears
    # while the entry's text is the same.
    new = next_edition(
        S1=Entry(
            code="S1",
            narrative="Courses run.\n\n- Course A\n- Course B",
            initiatives=[Initiative(id="course-a", name="Course A")],
        )
    )
    changes = diff_editions(small_edition(), new)
    assert changes.new_initiatives == []
    assert "S1" in {s.recommendation for s in changes.stalled}


def test_a_link_target_change_is_reported_field_by_field() -> None:
    new = next_edition(
        D1=d1(
            "The [Data Hub](#) now has over 2,000 users. See also S1.",
            [metric(2000)],
            [Initiative(id="data-hub", name="Data Hub", url="https://example.org/hub")],
        )
    )
    [update] = diff_editions(small_edition(), new).changed_initiatives
    assert update.id == "data-hub"
    assert update.changes["url"].old is None
    assert update.changes["url"].new == "https://example.org/hub"


def test_a_lightly_reworded_entry_is_stalled_and_a_rewritten_one_is_not() -> None:
    long = " ".join(f"Sentence {n} says the same thing again." for n in range(12))
    old = small_edition()
    old.entries[2] = Entry(code="S1", narrative=long)
    light = next_edition(S1=Entry(code="S1", narrative=long + " One more."))
    heavy = next_edition(S1=Entry(code="S1", narrative="Everything is new this year, all of it."))
    stalled = {s.recommendation: s for s in diff_editions(old, light).stalled}
    assert stalled["S1"].reasons[-1] == "narrative substantially the same"
    assert 0.9 <= stalled["S1"].similarity < 1
    assert "S1" not in {s.recommendation for s in diff_editions(old, heavy).stalled}
    # The threshold is a setting.
    strict = diff_editions(old, light, stalled_threshold=1.0)
    assert "S1" not in {s.recommendation for s in strict.stalled}


def test_entries_and_recommendations_added_and_removed() -> None:
    new = next_edition()
    new.catalogue.panels[1].recommendations.append(Recommendation(code="S2", text="Teach data."))
    new.entries = [e for e in new.entries if e.code != "S1"] + [
        Entry(code="S2", narrative="Started.")
    ]
    new = Edition.model_validate(new.model_dump())
    changes = diff_editions(small_edition(), new)
    assert [r.recommendation for r in changes.recommendations_added] == ["S2"]
    assert changes.recommendations_added[0].panel == "skills"
    assert [e.recommendation for e in changes.entries_added] == ["S2"]
    assert [e.recommendation for e in changes.entries_removed] == ["S1"]
    assert changes.recommendations_removed == []


def test_recommendation_wording_changed() -> None:
    new = next_edition()
    new.catalogue.panels[0].recommendations[0].text = "Data should be shared safely and openly."
    changes = diff_editions(small_edition(), new)
    [wording] = changes.wording_changes
    assert wording.recommendation == "D1" and wording.new.endswith("openly.")
    [text] = changes.text_changes
    assert text.field == "wording"
    assert [op.new for op in text.ops if op.op == "insert"] == ["and openly"]


def test_lists_are_in_catalogue_order_and_the_json_is_the_same_every_time() -> None:
    new = next_edition(
        D1=d1("The [Data Hub](#) now has over 2,500 users. See also S1.", [metric(2500)]),
        S1=Entry(code="S1", narrative="All new text about courses this year."),
    )
    first = diff_editions(small_edition(), new)
    assert [t.recommendation for t in first.text_changes] == ["D1", "S1"]
    assert first.to_json() == diff_editions(small_edition(), new).to_json()
    document = first.model_dump(mode="json")
    for key in (
        "from",
        "to",
        "summary",
        "metric_changes",
        "new_metrics",
        "removed_metrics",
        "new_initiatives",
        "removed_initiatives",
        "renamed_initiatives",
        "unmentioned_initiatives",
        "newly_mentioned_initiatives",
        "stalled",
        "text_changes",
    ):
        assert key in document
    lists = [value for value in document.values() if isinstance(value, list)]
    # 16 lists, and 4 for the edition around its entries (metadata, abbreviations, prose, owners)
    assert len(lists) == 20 and sum(len(items) for items in lists) == 4
    assert all("recommendation" in item for items in lists for item in items)
