"""What the extractor finds in a narrative: the initiatives it names and the units after a
figure, pinned on sentences written by hand with the expected answers written out."""

from __future__ import annotations

import re
from decimal import Decimal

from topolreport.extract import (
    NUMBER_PART,
    Number,
    extract_initiatives,
    extract_metrics,
    number_worth,
    numbers_in,
    partner_names,
)


def test_a_linked_name_is_an_initiative() -> None:
    found = extract_initiatives("The [Data Hub](#) opened.", ["Data Hub"])
    assert [(i.id, i.name) for i in found] == [("data-hub", "Data Hub")]


def test_a_name_mentioned_before_its_link_keeps_the_links_address() -> None:
    text = "The Skills Hub grew. See the [Skills Hub](https://s.org) and [GeNotes](#)."
    found = extract_initiatives(text, ["Skills Hub", "GeNotes"])
    assert [(i.id, i.name, i.url) for i in found] == [
        ("skills-hub", "Skills Hub", "https://s.org"),
        ("genotes", "GeNotes", None),
    ]


def test_and_right_after_a_figure_means_nothing_says_what_it_counts() -> None:
    assert extract_metrics("We reached 12 and nurses joined.", "D1", None) == []


def test_a_body_named_as_a_partner_at_the_very_start_of_the_text() -> None:
    narrative = "Working with the Data Hub, we grew. Links with the Skills Academy helped."
    found = partner_names(narrative, ["Data Hub", "Skills Academy", "Wessex Hub"])
    assert found == {"Data Hub", "Skills Academy"}


def test_a_partnering_phrase_counts_only_right_before_the_name() -> None:
    narrative = "We are working with nurses. Later the Data Hub opened."
    assert partner_names(narrative, ["Data Hub"]) == set()


def test_a_picture_is_no_initiative_and_the_links_after_it_still_are() -> None:
    text = "![A Logo](hub.png) The [GeNotes](#) app and [](#) nothing."
    assert [i.name for i in extract_initiatives(text)] == ["GeNotes"]


def test_names_that_touch_a_link_without_a_space_are_still_names() -> None:
    text = "The Wessex Academy[GeNotes](#)North Academy grew."
    assert [i.name for i in extract_initiatives(text)] == [
        "Wessex Academy",
        "GeNotes",
        "North Academy",
    ]


def test_a_link_with_no_address_has_none() -> None:
    found = extract_initiatives("The [Data Hub]() and [GeNotes](#) and [NHS Hub](https://n.org).")
    assert [(i.name, i.url) for i in found] == [
        ("Data Hub", None),
        ("GeNotes", None),
        ("NHS Hub", "https://n.org"),
    ]


def test_known_names_are_sought_longest_first_and_each_one_past_a_miss() -> None:
    # "Notes" alone would be found inside "Gen Notes" if it were sought first.
    assert names("Nurses use Gen Notes daily.", ("Notes", "Gen Notes")) == ["Gen Notes"]
    # A name not worth seeking does not stop the shorter ones after it.
    assert names("Nurses use GeNotes for report writing.", ("report writing", "GeNotes")) == [
        "GeNotes"
    ]
    # A mention in the wrong case does not stop the search for a right one.
    assert names("Not genotes but GeNotes.", ("GeNotes",)) == ["GeNotes"]


def names(text: str, known: tuple[str, ...]) -> list[str]:
    return [i.name for i in extract_initiatives(text, known)]


def test_a_name_linked_twice_keeps_its_first_address() -> None:
    text = "The [Skills Hub](https://a.org) grew; the [Skills Hub](https://b.org) too."
    assert [(i.name, i.url) for i in extract_initiatives(text)] == [("Skills Hub", "https://a.org")]


def test_programme_names_at_the_very_start_and_end_of_the_text() -> None:
    assert names("Digital Academy staff grew.", ()) == ["Digital Academy"]
    assert names("They run the Digital Academy programme.", ()) == ["Digital Academy programme"]


def test_a_figure_after_a_link_whose_text_holds_a_comma_counts_the_whole_name() -> None:
    # The comma, semicolon and brackets inside a link's text are part of one name, not the end
    # of a clause: the label keeps the whole name and no stray "](address)".
    found = [
        (m.label, m.text)
        for text in (
            "[The Hub, Leeds](https://x.org) reached 5,000 users.",
            "Training by [Leeds; York](https://x.org) reached 5,000 users.",
            "The [hub (North)](https://x.org) reached 5,000 users.",
            "Ours. [Report: 5,000 users](https://x.org), in 2023.",
        )
        for m in extract_metrics(text, "D1", None)
    ]
    assert found == [
        ("The Hub, Leeds reached 5,000 users", "5,000 users"),
        ("Training by Leeds; York reached 5,000 users", "5,000 users"),
        ("The hub (North) reached 5,000 users", "5,000 users"),
        ("Report: 5,000 users", "5,000 users"),
    ]


def test_a_mark_just_outside_a_links_brackets_still_ends_a_clause() -> None:
    # Only the marks inside the brackets belong to the name: "(" right before "[" opens an
    # aside, and one right after it is the name's own.
    found = [
        m.label
        for text in (
            "Reach grew ([The Hub](https://x.org) 5,000 users).",
            "[(North) Hub](https://x.org) reached 5,000 users.",
        )
        for m in extract_metrics(text, "D1", None)
    ]
    assert found == ["The Hub 5,000 users", "(North) Hub reached 5,000 users"]


def test_a_connector_after_the_texts_first_word_stays_inside_the_name() -> None:
    found = extract_initiatives("Health and Care Academy opened in May.")
    assert [(i.id, i.name) for i in found] == [
        ("health-and-care-academy", "Health and Care Academy")
    ]


def test_a_connector_after_a_comma_opens_no_name_across_the_comma() -> None:
    found = extract_initiatives("Funding went to Leeds, and Care Academy placements grew.")
    assert [i.name for i in found] == ["Care Academy"]


def test_a_reference_number_too_large_to_print_is_skipped_and_the_figures_after_it_kept() -> None:
    found = extract_metrics("Reference 12345678901234567 was logged and 12 nurses joined.", "D1")
    assert [(m.value, m.unit, m.text) for m in found] == [(12, "nurses", "12 nurses")]


def test_a_figure_of_a_thousand_million_million_is_too_large_one_below_it_is_kept() -> None:
    text = "It reached 1,000,000 billion records and 999,999 billion records."
    found = extract_metrics(text, "D1")
    assert [(m.value, m.text) for m in found] == [(999_999_000_000_000, "999,999 billion records")]


def test_a_figure_with_seven_decimals_is_skipped_one_with_six_is_kept() -> None:
    found = extract_metrics("A rate of 0.1234567 points and 0.123456 points.", "D1")
    assert [(m.value, m.unit) for m in found] == [(0.123456, "points")]


def test_numbers_in_gives_where_each_number_is_and_its_worth() -> None:
    text = "Over 2 million users and 45+ staff, 1.5 thousand views"
    # "Over " is 5 characters, "2 million" 9; "45" starts after " users and " (25).
    assert numbers_in(text) == [
        Number(start=5, end=14, value=Decimal("2000000"), multiplier="million"),
        Number(start=25, end=27, value=Decimal("45"), multiplier=""),
        Number(start=36, end=48, value=Decimal("1500"), multiplier="thousand"),
    ]


def test_number_worth_reads_separators_decimals_and_the_multiplier() -> None:
    grouped = re.search(NUMBER_PART, "up to 33,700 learners")
    scaled = re.search(NUMBER_PART, "about 1.2 million views")
    assert grouped is not None and scaled is not None
    assert number_worth(grouped) == Decimal("33700")
    assert number_worth(scaled) == Decimal("1200000")
