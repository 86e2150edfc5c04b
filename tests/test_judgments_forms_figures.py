"""How a figure told twice, in a returned form's narrative and in its metrics table, is kept in
step (`forms.figures.in_step`), called directly on hand-made figures: a reviewer's expectation
of each rule, every expected text written out by hand."""

from __future__ import annotations

from topolreport.forms.figures import Disagreement, in_step
from topolreport.model import Metric

USERS_TEXT = "over 2 million registered users"
PROGRAMMES_TEXT = "450+ elearning programmes"
HUB = (
    "The elearning for healthcare hub now has over 2 million registered users accessing its "
    "450+ elearning programmes."
)


def _figure(
    metric_id: str,
    value: float,
    text: str,
    unit: str = "learners",
    label: str | None = None,
    qualifier: str | None = None,
) -> Metric:
    return Metric.model_validate(
        {
            "id": metric_id,
            "value": value,
            "unit": unit,
            "label": text if label is None else label,
            "text": text,
            "qualifier": qualifier,
            "as_of": "2023-02",
        }
    )


def _hub() -> tuple[Metric, Metric]:
    users = _figure(
        "g3-registered-users",
        2_000_000,
        USERS_TEXT,
        "registered users",
        "hub now has over 2 million registered users accessing its 450+ elearning programmes",
        "over",
    )
    programmes = _figure(
        "g3-elearning-programmes",
        450,
        PROGRAMMES_TEXT,
        "elearning programmes",
        "accessing its 450+ elearning programmes",
        "plus",
    )
    return users, programmes


def _table(metric: Metric, **update: object) -> Metric:
    return metric.model_copy(update=update)


def _in_step_table(
    narrative: str, issued: list[Metric], now: list[Metric]
) -> tuple[str, list[Metric], list[Disagreement]]:
    """The narrative left as issued, the table changed to `now`."""
    return in_step(narrative, now, narrative, {m.id: m for m in issued})


# --- the table changed: the narrative's phrase is rewritten ------------------------------------


def test_two_figures_changed_in_the_table_rewrite_the_narrative_and_each_others_labels() -> None:
    users, programmes = _hub()
    text, metrics, disagreements = _in_step_table(
        HUB, [users, programmes], [_table(users, value=2_500_000), _table(programmes, value=1200)]
    )
    assert text == (
        "The elearning for healthcare hub now has over 2.5 million registered users accessing "
        "its 1,200+ elearning programmes."
    )
    assert [(m.value, m.text, m.label) for m in metrics] == [
        (
            2_500_000,
            "over 2.5 million registered users",
            "hub now has over 2.5 million registered users accessing its 1,200+ elearning "
            "programmes",
        ),
        (1200, "1,200+ elearning programmes", "accessing its 1,200+ elearning programmes"),
    ]
    assert disagreements == []


def test_a_figure_changed_in_the_table_renames_it_in_the_label_of_a_figure_left_alone() -> None:
    users, programmes = _hub()
    programmes = _figure(
        "g3-elearning-programmes",
        450,
        PROGRAMMES_TEXT,
        "elearning programmes",
        "over 2 million registered users accessing its 450+ elearning programmes",
        "plus",
    )
    _, metrics, _ = _in_step_table(
        HUB, [users, programmes], [_table(users, value=3_000_000), programmes]
    )
    assert metrics[1].label == (
        "over 3 million registered users accessing its 450+ elearning programmes"
    )
    assert metrics[1].value == 450
    # the figure changed keeps the one label it had, rewritten once
    assert metrics[0].label == (
        "hub now has over 3 million registered users accessing its 450+ elearning programmes"
    )


def test_a_scale_is_kept_when_it_reads_naturally_and_dropped_when_it_would_hide_digits() -> None:
    users, _ = _hub()
    narrative = "The hub now has over 2 million registered users."
    cases = {
        2_500_000: "over 2.5 million registered users",
        1_000_000: "over 1 million registered users",
        1_500_000: "over 1.5 million registered users",
        2_350_000: "over 2.35 million registered users",
        2_345_000: "over 2,345,000 registered users",
        2_345_678: "over 2,345,678 registered users",
        500_000: "over 500,000 registered users",
    }
    for value, phrase in cases.items():
        text, metrics, _ = _in_step_table(narrative, [users], [_table(users, value=value)])
        assert text == f"The hub now has {phrase}.", value
        assert (metrics[0].value, metrics[0].text) == (value, phrase)


def test_a_number_of_thousands_is_written_with_or_without_commas_as_the_narrative_wrote_it() -> (
    None
):
    cases = [
        ("2200 alumni", 2200, 2500, "2500 alumni"),
        ("1000 alumni", 1000, 1500, "1500 alumni"),
        ("2,200 alumni", 2200, 2500, "2,500 alumni"),
        ("450+ alumni", 450, 1200, "1,200+ alumni"),
        ("999 alumni", 999, 1001, "1,001 alumni"),
    ]
    for was, issued_value, value, now in cases:
        alumni = _figure("x1-alumni", issued_value, was, "alumni")
        narrative = f"The scheme has {was} so far."
        text, metrics, _ = _in_step_table(narrative, [alumni], [_table(alumni, value=value)])
        assert text == f"The scheme has {now} so far.", was
        assert metrics[0].text == now


def test_a_qualifier_and_a_pound_sign_before_the_figure_are_kept() -> None:
    grant = _figure("e1-gbp", 1_500_000_000, "over £1.5 billion", "GBP", qualifier="over")
    narrative = "A grant of over £1.5 billion was made."
    text, metrics, _ = _in_step_table(narrative, [grant], [_table(grant, value=2_000_000_000)])
    assert text == "A grant of over £2 billion was made."
    assert metrics[0].text == "over £2 billion"


def test_a_qualifier_changed_in_the_table_replaces_the_narratives_word() -> None:
    users, programmes = _hub()
    text, metrics, _ = _in_step_table(
        HUB, [users, programmes], [_table(users, qualifier="about"), programmes]
    )
    assert text == (
        "The elearning for healthcare hub now has about 2 million registered users accessing its "
        "450+ elearning programmes."
    )
    assert (metrics[0].value, metrics[0].qualifier, metrics[0].text) == (
        2_000_000,
        "about",
        "about 2 million registered users",
    )


def test_the_second_of_two_figures_written_alike_changes_in_its_own_place() -> None:
    narrative = (
        "A survey showed that over 90% said it had increased their understanding, and over 90% "
        "said it increased confidence."
    )
    first = _figure(
        "od2-percent",
        90,
        "over 90%",
        "percent",
        "over 90% said it had increased their understanding, and over 90% said it increased",
        "over",
    )
    second = _figure(
        "od2-percent-2", 90, "over 90%", "percent", "and over 90% said it increased", "over"
    )
    text, metrics, _ = _in_step_table(narrative, [first, second], [first, _table(second, value=95)])
    assert text == (
        "A survey showed that over 90% said it had increased their understanding, and over 95% "
        "said it increased confidence."
    )
    assert [(m.value, m.text, m.label) for m in metrics] == [
        (
            90,
            "over 90%",
            "over 90% said it had increased their understanding, and over 90% said it increased",
        ),
        (95, "over 95%", "and over 95% said it increased"),
    ]


def test_the_first_of_two_figures_written_alike_changes_once_in_its_label() -> None:
    narrative = "Over the year over 90% agreed, and over 90% said it increased confidence."
    first = _figure(
        "od2-percent",
        90,
        "over 90%",
        "percent",
        "over 90% agreed, and over 90% said it increased confidence",
        "over",
    )
    second = _figure("od2-percent-2", 90, "over 90%", "percent", "and over 90% said", "over")
    text, metrics, _ = _in_step_table(narrative, [first, second], [_table(first, value=80), second])
    assert text == "Over the year over 80% agreed, and over 90% said it increased confidence."
    assert [(m.value, m.label) for m in metrics] == [
        (80, "over 80% agreed, and over 90% said it increased confidence"),
        (90, "and over 90% said"),
    ]


def test_a_figure_written_like_another_but_absent_from_the_narrative_leaves_its_phrase_alone() -> (
    None
):
    # Two figures read "over 90%", but the narrative as issued tells only the first.
    narrative = "Over the year over 90% agreed."
    first = _figure("od2-percent", 90, "over 90%", "percent", "over 90% agreed", "over")
    second = _figure("od2-percent-2", 90, "over 90%", "percent", "and over 90% said", "over")
    text, metrics, disagreements = _in_step_table(
        narrative, [first, second], [first, _table(second, value=95)]
    )
    assert text == "Over the year over 90% agreed."
    assert [(m.id, m.value, m.text, m.label) for m in metrics][0] == (
        "od2-percent",
        90,
        "over 90%",
        "over 90% agreed",
    )
    assert metrics[1].value == 95 and disagreements == []


def test_a_label_quoting_the_number_only_follows_the_number() -> None:
    learners = _figure(
        "g2-learners", 33700, "33,700 learners", label="Learners to date (33,700 in all)"
    )
    narrative = "Modules completed by 33,700 learners to date."
    text, metrics, _ = _in_step_table(narrative, [learners], [_table(learners, value=34000)])
    assert text == "Modules completed by 34,000 learners to date."
    assert metrics[0].label == "Learners to date (34,000 in all)"


def test_the_figure_worth_the_value_is_the_one_changed_when_its_phrase_holds_two_numbers() -> None:
    learners = _figure("g2-learners", 33700, "12 trusts with 33,700 learners")
    narrative = "Across 12 trusts with 33,700 learners, modules ran."
    text, metrics, _ = _in_step_table(narrative, [learners], [_table(learners, value=34000)])
    assert text == "Across 12 trusts with 34,000 learners, modules ran."
    assert metrics[0].text == "12 trusts with 34,000 learners"


def test_a_phrase_rounding_its_figure_is_still_the_figures_place() -> None:
    learners = _figure("g2-learners", 33712, "33,700 learners")
    narrative = "Modules completed by 33,700 learners to date."
    text, metrics, _ = _in_step_table(narrative, [learners], [_table(learners, value=34000)])
    assert text == "Modules completed by 34,000 learners to date."
    assert (metrics[0].value, metrics[0].text) == (34000, "34,000 learners")


def test_a_figure_whose_phrase_holds_no_number_is_left_to_the_table() -> None:
    users = _figure("g3-users", 2_000_000, "two million users", "users")
    other = _figure("g3-trusts", 12, "12 trusts", "trusts")
    narrative = "The hub has two million users in 12 trusts."
    text, metrics, disagreements = _in_step_table(
        narrative, [users, other], [_table(users, value=2_500_000), _table(other, value=14)]
    )
    assert text == "The hub has two million users in 14 trusts."
    assert [(m.value, m.text) for m in metrics] == [
        (2_500_000, "two million users"),
        (14, "14 trusts"),
    ]
    assert disagreements == []


def test_a_phrase_issued_without_the_qualifier_the_narrative_wrote_keeps_it() -> None:
    learners = _figure("g2-learners", 33700, "33,700 learners")
    narrative = "Modules completed by over 33,700 learners to date."
    text, metrics, _ = _in_step_table(narrative, [learners], [_table(learners, value=34000)])
    assert text == "Modules completed by over 34,000 learners to date."
    assert (metrics[0].value, metrics[0].qualifier, metrics[0].text) == (
        34000,
        None,
        "34,000 learners",
    )


def test_a_table_change_reaches_the_phrase_left_when_another_of_its_shape_was_deleted() -> None:
    learners = _figure("g2-learners", 33700, "33,700 learners")
    issued = "By March 33,700 learners had finished; 12,000 learners started."
    edited = "By March 33,700 learners had finished."
    text, metrics, _ = in_step(
        edited, [_table(learners, value=34000)], issued, {learners.id: learners}
    )
    assert text == "By March 34,000 learners had finished."
    assert (metrics[0].value, metrics[0].text) == (34000, "34,000 learners")


# --- the narrative changed: the table takes its value -------------------------------------------


def test_a_narrative_change_beside_a_deleted_phrase_of_its_shape_reaches_the_table() -> None:
    learners = _figure("g2-learners", 33700, "33,700 learners")
    issued = "By March 33,700 learners had finished; 12,000 learners started."
    edited = "By March 34,000 learners had finished."
    text, metrics, disagreements = in_step(edited, [learners], issued, {learners.id: learners})
    assert text == edited
    assert (metrics[0].value, metrics[0].text) == (34000, "34,000 learners")
    assert disagreements == []


def test_a_figure_whose_sentence_was_deleted_keeps_its_value() -> None:
    learners = _figure("g2-learners", 33700, "33,700 learners")
    trusts = _figure("g2-trusts", 12, "12 trusts", "trusts")
    issued = "Modules completed by 33,700 learners to date. It ran in 12 trusts."
    edited = "It ran in 12 trusts."
    text, metrics, disagreements = in_step(
        edited, [learners, trusts], issued, {m.id: m for m in (learners, trusts)}
    )
    assert text == edited
    assert metrics == [learners, trusts]
    assert disagreements == []


def test_a_figure_changed_in_the_narrative_with_its_scale_gives_the_label_its_number() -> None:
    users = _figure(
        "g3-users", 2_000_000, "over 2 million users", "users", "users (2 million)", "over"
    )
    issued = "The hub has over 2 million users."
    edited = "The hub has over 2.4 million users."
    text, metrics, _ = in_step(edited, [users], issued, {users.id: users})
    assert text == edited
    assert [(m.value, m.text, m.label) for m in metrics] == [
        (2_400_000, "over 2.4 million users", "users (2.4 million)")
    ]


def test_qualifiers_changed_in_the_narrative_reach_the_table() -> None:
    users = _figure("g3-users", 2_000_000, "over 2 million users", "users", qualifier="over")
    issued = "The hub has over 2 million users."
    cases = {
        "up to 2.5 million users": "up to",
        "at least 2.5 million users": "at least",
        "c. 2.5 million users": "about",
        "c2.5 million users": "about",
        "2.5 million users": None,
    }
    for phrase, qualifier in cases.items():
        edited = f"The hub has {phrase}."
        text, metrics, _ = in_step(edited, [users], issued, {users.id: users})
        assert text == edited
        assert (metrics[0].value, metrics[0].qualifier, metrics[0].text) == (
            2_500_000,
            qualifier,
            phrase,
        ), phrase


def test_a_narrative_figure_no_report_prints_is_for_a_person_to_settle() -> None:
    users = _figure("g3-users", 2_000_000, "over 2 million users", "users", qualifier="over")
    trusts = _figure("g3-trusts", 12, "12 trusts", "trusts")
    issued = "The hub has over 2 million users in 12 trusts."
    edited = "The hub has over 2,000,000 billion users in 14 trusts."
    text, metrics, disagreements = in_step(
        edited, [users, trusts], issued, {m.id: m for m in (users, trusts)}
    )
    assert disagreements == [Disagreement("g3-users", "2,000,000", "over 2,000,000 billion users")]
    assert text == edited
    assert [(m.value, m.text) for m in metrics] == [
        (2_000_000, "over 2 million users"),
        (14, "14 trusts"),
    ]


# --- "as written" retyped in the table ----------------------------------------------------------


def test_as_written_retyped_with_a_new_number_rewrites_the_narrative() -> None:
    users, programmes = _hub()
    retyped = _table(users, text="over 2.5 million registered users")
    text, metrics, _ = _in_step_table(HUB, [users, programmes], [retyped, programmes])
    assert text == (
        "The elearning for healthcare hub now has over 2.5 million registered users accessing its "
        "450+ elearning programmes."
    )
    assert (metrics[0].value, metrics[0].text) == (2_500_000, "over 2.5 million registered users")
    assert metrics[0].label == (
        "hub now has over 2.5 million registered users accessing its 450+ elearning programmes"
    )


def test_as_written_retyped_in_new_words_with_the_same_figure_stands() -> None:
    users, programmes = _hub()
    cases = [
        "more than 2 million people registered",
        "registered users, over two million",
        "in 3 regions, over 2 million registered users",
    ]
    for words in cases:
        retyped = _table(users, text=words)
        text, metrics, disagreements = _in_step_table(
            HUB, [users, programmes], [retyped, _table(programmes, value=500)]
        )
        assert text == HUB.replace("450+", "500+"), words
        assert [(m.value, m.text) for m in metrics] == [
            (2_000_000, words),
            (500, "500+ elearning programmes"),
        ], words
        assert disagreements == []


def test_a_value_and_an_as_written_that_disagree_are_for_a_person_to_settle() -> None:
    users, programmes = _hub()
    both = _table(users, value=2_500_000, text="over 2.4 million registered users")
    text, metrics, disagreements = _in_step_table(
        HUB, [users, programmes], [both, _table(programmes, value=500)]
    )
    assert disagreements == [
        Disagreement("g3-registered-users", "2,500,000", "over 2.4 million registered users")
    ]
    assert text == HUB.replace("450+", "500+")
    assert [(m.value, m.text) for m in metrics] == [
        (2_500_000, "over 2.4 million registered users"),
        (500, "500+ elearning programmes"),
    ]


# --- both sides changed ---------------------------------------------------------------------------


def test_both_sides_changed_alike_take_the_narratives_words_and_qualifier() -> None:
    users, programmes = _hub()
    edited = HUB.replace("over 2 million", "about 2.5 million")
    text, metrics, disagreements = in_step(
        edited,
        [_table(users, value=2_500_000), programmes],
        HUB,
        {m.id: m for m in (users, programmes)},
    )
    assert text == edited
    assert disagreements == []
    assert [(m.value, m.qualifier, m.text, m.label) for m in metrics] == [
        (
            2_500_000,
            "about",
            "about 2.5 million registered users",
            "hub now has about 2.5 million registered users accessing its 450+ elearning "
            "programmes",
        ),
        (450, "plus", PROGRAMMES_TEXT, "accessing its 450+ elearning programmes"),
    ]


def test_both_sides_changed_differently_are_for_a_person_to_settle() -> None:
    users, programmes = _hub()
    edited = HUB.replace("over 2 million", "over 2.4 million")
    text, metrics, disagreements = in_step(
        edited,
        [_table(users, value=2_500_000), programmes],
        HUB,
        {m.id: m for m in (users, programmes)},
    )
    assert disagreements == [
        Disagreement("g3-registered-users", "2,500,000", "over 2.4 million registered users")
    ]
    assert text == edited


# --- labels, qualifiers the phrase left out, and phrases added -----------------------------------


def test_a_narrative_change_renames_the_figures_own_number_in_its_label_once() -> None:
    learners = _figure(
        "g2-learners", 33700, "33,700 learners", label="Learners to date (33,700; target 33,700)"
    )
    issued = "Modules completed by 33,700 learners to date."
    edited = "Modules completed by 34,000 learners to date."
    text, metrics, _ = in_step(edited, [learners], issued, {learners.id: learners})
    assert text == edited
    assert [(m.value, m.text, m.label) for m in metrics] == [
        (34000, "34,000 learners", "Learners to date (34,000; target 33,700)")
    ]


def test_both_sides_changed_alike_rename_the_number_in_a_label_quoting_only_the_number() -> None:
    learners = _figure(
        "g2-learners", 33700, "33,700 learners", label="Learners to date (33,700 in all)"
    )
    issued = "Modules completed by 33,700 learners to date."
    edited = "Modules completed by 34,000 learners to date."
    text, metrics, disagreements = in_step(
        edited, [_table(learners, value=34000)], issued, {learners.id: learners}
    )
    assert (text, disagreements) == (edited, [])
    assert [(m.value, m.text, m.label) for m in metrics] == [
        (34000, "34,000 learners", "Learners to date (34,000 in all)")
    ]


def test_the_tables_qualifier_stays_when_the_phrase_never_wrote_it() -> None:
    """The table says "over"; the phrase as issued is "33,700 learners" inside "over 33,700
    learners": a new number there keeps the table's qualifier."""
    learners = _figure("g2-learners", 33700, "33,700 learners", qualifier="over")
    issued = "Modules completed by over 33,700 learners to date."
    edited = "Modules completed by over 34,000 learners to date."
    for table in (learners, _table(learners, value=34000)):
        text, metrics, disagreements = in_step(edited, [table], issued, {learners.id: learners})
        assert (text, disagreements) == (edited, [])
        assert [(m.value, m.qualifier, m.text) for m in metrics] == [
            (34000, "over", "34,000 learners")
        ]


def test_as_written_retyped_and_the_narrative_changed_alike_give_the_table_the_value() -> None:
    users, programmes = _hub()
    retyped = _table(users, text="over 2.5 million registered users")
    edited = HUB.replace("over 2 million", "over 2.5 million")
    text, metrics, disagreements = in_step(
        edited, [retyped, programmes], HUB, {m.id: m for m in (users, programmes)}
    )
    assert (text, disagreements) == (edited, [])
    assert (metrics[0].value, metrics[0].text) == (2_500_000, "over 2.5 million registered users")


def test_a_phrase_added_with_the_tables_new_figure_is_its_place_and_the_old_sentence_stands() -> (
    None
):
    learners = _figure("g2-learners", 33700, "33,700 learners")
    issued = "By March 33,700 learners had finished."
    edited = "By March 33,700 learners had finished; 34,000 learners are enrolled."
    text, metrics, disagreements = in_step(
        edited, [_table(learners, value=34000)], issued, {learners.id: learners}
    )
    assert (text, disagreements) == (edited, [])
    assert (metrics[0].value, metrics[0].text) == (34000, "34,000 learners")


def test_a_label_quoting_two_figures_written_alike_renames_only_the_changed_ones_place() -> None:
    narrative = "Over 90% agreed, over 90% said it helped, and 80% would return."
    first = _figure("od2-percent", 90, "Over 90%", "percent", "Over 90% agreed", "over")
    second = _figure("od2-percent-2", 90, "over 90%", "percent", "over 90% said it", "over")
    third = _figure(
        "od2-percent-3",
        80,
        "80%",
        "percent",
        "Over 90% agreed, over 90% said it helped, and 80% would return",
    )
    text, metrics, _ = _in_step_table(
        narrative, [first, second, third], [first, _table(second, value=85), third]
    )
    assert text == "Over 90% agreed, over 85% said it helped, and 80% would return."
    assert [m.label for m in metrics] == [
        "Over 90% agreed",
        "over 85% said it",
        "Over 90% agreed, over 85% said it helped, and 80% would return",
    ]
