"""Markdown read as text: links by CommonMark's grammar, with their places in the source."""

from __future__ import annotations

from topolreport.text import Link, blocks, link_texts, links, mask_link_targets, unlinked


def test_a_link_whose_target_was_lost() -> None:
    assert links("[GeNotes](#) is a guide.") == [Link("GeNotes", "#", 0, 12)]


def test_links_at_the_start_and_at_the_end() -> None:
    text = "[Start](https://a.example) and [end](https://b.example)"
    assert links(text) == [
        Link("Start", "https://a.example", 0, 26),
        Link("end", "https://b.example", 31, 55),
    ]
    assert unlinked(text) == "Start and end"


def test_nested_brackets_and_parentheses_in_the_target() -> None:
    text = "See [the [draft] guide](https://w.example/a_(b)) now."
    assert links(text) == [Link("the [draft] guide", "https://w.example/a_(b)", 4, 48)]
    assert unlinked(text) == "See the [draft] guide now."


def test_titles_angle_targets_and_images() -> None:
    assert links('[Hub](https://h.example "The Hub")') == [Link("Hub", "https://h.example", 0, 34)]
    assert links("[Hub](<https://h.example/a b>)")[0].url == "https://h.example/a b"
    assert links("![Logo](logo.png)") == [Link("Logo", "logo.png", 1, 17, image=True)]
    assert unlinked("A ![Logo](logo.png) here") == "A Logo here"


def test_what_is_not_a_link() -> None:
    assert links(r"\[not](a link) and `[code](x)` and [shortcut] and [gap] (x)") == []
    assert links("[across\n\nparagraphs](x)") == []


def test_link_texts_are_the_names_linked_to() -> None:
    text = "[GeNotes](#), [ Learning Hub ](https://l.example) and ![Logo](l.png)"
    assert link_texts(text) == ["GeNotes", "Learning Hub"]


def test_masking_keeps_offsets_and_the_link_text() -> None:
    text = "Read [the 2022 plan](https://x.example/2022) by 2023."
    masked = mask_link_targets(text)
    assert len(masked) == len(text)
    assert masked == "Read [the 2022 plan](" + " " * 22 + ") by 2023."


def test_blocks_are_paragraphs_and_bullet_items_as_written() -> None:
    markdown = (
        "First line\nsecond line with [a link](#).\n\n"
        "- one\n  carried on\n- two **bold**\n\n"
        "Closing."
    )
    found = [(block.kind, block.lines) for block in blocks(markdown)]
    assert found == [
        ("paragraph", ("First line", "second line with [a link](#).")),
        ("bullet", ("one", "  carried on")),
        ("bullet", ("two **bold**",)),
        ("paragraph", ("Closing.",)),
    ]
    assert [block.text for block in blocks(markdown)][:2] == [
        "First line second line with [a link](#).",
        "one carried on",
    ]


def test_blocks_of_nothing() -> None:
    assert blocks("") == []
    assert blocks("\n\n  \n") == []
