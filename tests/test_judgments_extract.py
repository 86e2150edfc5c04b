"""What the extractor finds in a narrative: the initiatives it names and the units after a
figure, pinned on sentences written by hand with the expected answers written out."""

from __future__ import annotations

from topolreport.extract import extract_initiatives, extract_metrics, partner_names


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
