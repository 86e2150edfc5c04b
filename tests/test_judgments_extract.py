"""What the extractor finds in a narrative: the initiatives it names and the units after a
figure, pinned on sentences written by hand with the expected answers written out."""

from __future__ import annotations

from topolreport.extract import extract_initiatives


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
