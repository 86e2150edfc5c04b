"""Each form of figure and name the extractor reads, on one short sentence a time.

What a reader of the sentence would write down, spelled out by hand.
"""

from __future__ import annotations

import pytest

from topolreport.extract import extract_initiatives, extract_metrics


def figures(text: str) -> list[tuple[object, str | None, str]]:
    return [(m.value, m.qualifier, m.unit) for m in extract_metrics(text, "G2", None)]


def names(text: str, known: tuple[str, ...] = ()) -> list[str]:
    return [i.name for i in extract_initiatives(text, known)]


# --- positions, not counts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["level", "Level", "tier", "phase", "stage", "band", "step", "cohort", "version"]
)
def test_a_number_after_a_position_word_is_no_figure(word: str) -> None:
    assert figures(f"Staff at {word} 7 learners were trained.") == []
    assert figures(f"Staff at {word}. 7 learners were trained.") == []


def test_a_position_word_only_counts_right_before_the_number() -> None:
    assert figures("The level rose: 7 learners were trained.") == [(7, None, "learners")]


def test_year_is_a_position_before_a_number() -> None:
    assert figures("In year 3 learners were trained.") == []


# --- money -------------------------------------------------------------------------------------


def test_a_pound_amount_is_counted_in_gbp() -> None:
    assert figures("A grant of £3 million funding was made.") == [(3_000_000, None, "GBP")]
    assert figures("Over £250 funding per learner.") == [(250, "over", "GBP")]


def test_a_pound_sign_two_characters_back_still_means_money() -> None:
    # "£ 5": the sign and a space before the figure.
    assert figures("A fee of £ 5 bursaries.") == [(5, None, "GBP")]


def test_an_amount_without_a_pound_sign_keeps_its_unit() -> None:
    assert figures("A grant of 3 million bursaries was made.") == [(3_000_000, None, "bursaries")]


# --- multipliers and qualifiers ------------------------------------------------------------------


def test_thousand_million_and_billion_multiply() -> None:
    assert figures("4 thousand learners, 2.5 million users and 1 billion views.") == [
        (4_000, None, "learners"),
        (2_500_000, None, "users"),
        (1_000_000_000, None, "views"),
    ]


def test_c_written_before_a_figure_means_about() -> None:
    assert figures("c5,000 UK learners enrolled") == [(5_000, "about", "UK learners")]
    assert figures("c.5,000 UK learners enrolled") == [(5_000, "about", "UK learners")]


def test_a_percentage_and_a_plus() -> None:
    assert figures("over 90% said so, and 450+ elearning programmes") == [
        (90, "over", "percent"),
        (450, "plus", "elearning programmes"),
    ]
    assert figures("Some 40 per cent agreed.") == [(40, None, "percent")]


def test_a_qualified_year_like_number_is_a_figure() -> None:
    assert figures("over 2000 learners") == [(2000, "over", "learners")]
    assert figures("2000+ learners") == [(2000, "plus", "learners")]
    assert figures("in 2000 learners") == []


# --- units -------------------------------------------------------------------------------------


def test_what_is_counted_ends_at_a_verb_or_a_stop_word() -> None:
    assert figures("2,449 NHS staff have completed modules") == [(2_449, None, "NHS staff")]
    assert figures("33,700 UK learners completing modules") == [(33_700, None, "UK learners")]
    assert figures("over 2 million registered users") == [(2_000_000, "over", "registered users")]


def test_a_unit_runs_to_six_words_at_most() -> None:
    assert figures("12 big blue old wooden toy model boxes") == [
        (12, None, "big blue old wooden toy model")
    ]


def test_and_does_not_open_or_close_a_unit() -> None:
    assert figures("We reached 12 and then more.") == []
    assert figures("12 nurses and midwives") == [(12, None, "nurses and midwives")]
    assert figures("12 nurses and") == [(12, None, "nurses")]


@pytest.mark.parametrize("unit", ["years", "months", "weeks", "days", "hours", "minutes"])
def test_durations_are_no_figures(unit: str) -> None:
    assert figures(f"It took 3 {unit} to build.") == []


def test_viewed_so_many_times_counts_views() -> None:
    assert figures("The film was viewed 145,000 times.") == [(145_000, None, "views")]
    assert figures("The page was downloaded 20 times.") == [(20, None, "downloads")]
    assert figures("It ran 20 times.") == [(20, None, "times")]


def test_a_bare_figure_takes_what_its_clause_says_is_growing() -> None:
    assert figures("An increase in workforce from 46,000 to more.") == [(46_000, None, "workforce")]
    assert figures("Growth of the faculty reached 300.") == [(300, None, "faculty")]


def test_metric_ids_count_up_within_a_unit() -> None:
    got = [m.id for m in extract_metrics("3 users, 4 users and 5 nurses.", "DM4/AIR5", None)]
    assert got == ["dm4-air5-users", "dm4-air5-users-2", "dm4-air5-nurses"]


# --- labels ------------------------------------------------------------------------------------


def test_a_label_is_the_clause_around_the_figure_links_unlinked() -> None:
    (metric,) = extract_metrics(
        "Since launch, the [Learning Hub](#) has over 2,000 users; more to come.", "P1", None
    )
    assert metric.text == "over 2,000 users"
    assert metric.label == "the Learning Hub has over 2,000 users"


def test_a_label_too_short_alone_takes_in_the_clause_before() -> None:
    (metric,) = extract_metrics("The film, viewed 145,000 times, is popular.", "P1", None)
    assert metric.label == "The film, viewed 145,000 times"


def test_a_label_drops_a_bullet_dash_and_quotes() -> None:
    (metric,) = extract_metrics('- "over 90% said it helped"', "P1", None)
    assert metric.label == "over 90% said it helped"


def test_a_label_keeps_ten_words_before_and_eight_after() -> None:
    before = "a b c d e f g h i j k l"
    after = "m n o p q r s t u v"
    (metric,) = extract_metrics(f"{before} 12 nurses in {after}", "P1", None)
    assert metric.label == "c d e f g h i j k l 12 nurses in m n o p q r s"


# --- initiatives -------------------------------------------------------------------------------


def test_programme_names_run_back_over_capitalised_words() -> None:
    assert names("They joined the NHS Digital Academy last year.") == ["NHS Digital Academy"]


def test_connectors_join_a_name_only_between_capitalised_words() -> None:
    assert names("The Knowledge for Healthcare Leadership Programme opened.") == [
        "Knowledge for Healthcare Leadership Programme"
    ]
    assert names("We ran Health and Digital Literacy partnership work.") == [
        "Health and Digital Literacy partnership"
    ]
    # "of" after a lower-case word ends the name.
    assert names("the work of Digital Academy staff") == ["Digital Academy"]


def test_leading_words_are_not_part_of_a_name() -> None:
    assert names("The HEE Genomics Programme grew.") == ["Genomics Programme"]
    assert names("Each Digital Hub grew.") == ["Digital Hub"]


def test_a_possessive_ends_a_name_on_either_side() -> None:
    assert names("HEE's Digital Readiness programme grew.") == ["Digital Readiness programme"]
    assert names("The Digital Academy's staff grew.") == ["Digital Academy"]


def test_a_keyword_inside_a_longer_name_is_not_its_end() -> None:
    assert names("The Workforce Partnership Board met.") == []
    assert names("The Digital Academy programme grew.") == ["Digital Academy programme"]


def test_too_little_to_name_anything() -> None:
    assert names("The Hub opened. Developed in partnership with others.") == []


def test_known_names_are_found_without_their_links() -> None:
    assert names("Nurses use GeNotes daily.", ("GeNotes",)) == ["GeNotes"]
    # Only the first letter's case counts: "genotes" is no mention of "GeNotes".
    assert names("Nurses use genotes daily.", ("GeNotes",)) == []
    assert names("Topol Digital fellowships grew.", ("Topol Digital Fellowships",)) == [
        "Topol Digital Fellowships"
    ]


def test_bare_acronyms_and_common_words_are_not_known_names() -> None:
    assert names("The GEP team met.", ("GEP",)) == []
    assert names("The report was read.", ("report",)) == []
    # Three lower-case words name something; "clinical data" does not.
    assert names("We teach clinical data science.", ("clinical data science",)) == [
        "clinical data science"
    ]
    assert names("We teach clinical data.", ("clinical data",)) == []


def test_a_known_name_inside_a_longer_word_is_no_mention() -> None:
    assert names("Nurses use GeNotes-like tools.", ("GeNotes",)) == []
    assert names("Nurses use preGeNotes.", ("GeNotes",)) == []


def test_the_longer_known_name_wins_where_two_overlap() -> None:
    assert names("Nurses use GeNotes Online.", ("GeNotes", "GeNotes Online")) == ["GeNotes Online"]


# --- what one skipped number must not stop -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Staff at level 7 and 12 learners.",
        "It took 3 years and 12 learners.",
        "A further 100, and 12 learners.",
    ],
)
def test_a_number_left_out_does_not_end_the_search(text: str) -> None:
    assert figures(text) == [(12, None, "learners")]


def test_only_times_after_a_verb_is_renamed() -> None:
    assert figures("Staff viewed 12 videos.") == [(12, None, "videos")]


def test_a_pound_sign_counts_at_the_very_start_and_only_right_before() -> None:
    assert figures("£5 grants") == [(5, None, "GBP")]
    assert figures("£. 5 grants") == [(5, None, "grants")]


def test_whole_values_are_integers_and_fractions_stay() -> None:
    (whole,) = extract_metrics("2.5 million users", "P1", None)
    assert whole.value == 2_500_000 and type(whole.value) is int
    assert figures("2.5 users") == [(2.5, None, "users")]


def test_a_bare_figure_looks_back_only_within_its_sentence() -> None:
    assert figures("The number of nurses rose. Then came 46,000.") == []
    assert figures("Then came 46,000. The number of nurses rose.") == []
    assert figures("An increase in Workforce from 46,000.") == [(46_000, None, "Workforce")]


def labels(text: str) -> list[str]:
    return [m.label for m in extract_metrics(text, "P1", None)]


def test_label_edges() -> None:
    assert labels("12 nurses joined") == ["12 nurses joined"]
    assert labels("(12 nurses)") == ["12 nurses"]
    assert labels("A, 12 nurses joined") == ["A, 12 nurses joined"]
    assert labels("12 nurses in Team X") == ["12 nurses in Team X"]


def test_a_label_takes_in_the_clause_before_only_when_it_has_under_two_words() -> None:
    assert labels("First part, viewed by 145,000 people") == ["viewed by 145,000 people"]
    assert labels("Alpha beta; viewed 145,000 times") == ["Alpha beta; viewed 145,000 times"]
    assert labels("A b, c d, viewed 145,000 times") == ["c d, viewed 145,000 times"]
