"""Narrative Markdown as the renderers receive it: what becomes a link and what stays text."""

from __future__ import annotations

from topolreport.render.narrative import Link, ListBlock, Paragraph, Text, parse_blocks
from topolreport.render.viewmodel import build_view, document_date, entry_anchor

from factories import small_edition


def _links(blocks: tuple) -> list[Link]:
    found: list[Link] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            found += [run for run in block.runs if isinstance(run, Link)]
        else:
            for item in block.items:
                found += _links(item)
    return found


def test_paragraphs_lists_and_emphasis() -> None:
    blocks = parse_blocks("One *two* **three**.\n\n- a\n- b\n  - nested\n\n1. first\n2. second")
    paragraph, bullets, numbers = blocks
    assert paragraph == Paragraph(
        (Text("One "), Text("two", emphasis=True), Text(" "), Text("three", strong=True), Text("."))
    )
    assert isinstance(bullets, ListBlock) and not bullets.ordered
    assert bullets.items[0] == (Paragraph((Text("a"),)),)
    assert bullets.items[1][1] == ListBlock(False, ((Paragraph((Text("nested"),)),),))
    assert isinstance(numbers, ListBlock) and numbers.ordered and len(numbers.items) == 2


def test_links_without_a_usable_target_are_plain_text() -> None:
    text = (
        "[GeNotes](#) and [empty]() and [script](javascript:alert(1)) and "
        "[file](file:///etc/passwd) and [page](other.html) and [site](https://example.org/x)"
    )
    (paragraph,) = parse_blocks(text)
    links = [run for run in paragraph.runs if isinstance(run, Link)]
    assert links == [Link("https://example.org/x", False, (Text("site"),))]
    assert paragraph.text == "GeNotes and empty and script and file and page and site"


def test_raw_html_and_images_stay_text() -> None:
    (paragraph,) = parse_blocks("<script>alert(1)</script> ![chart](file:///etc/passwd) <b>x</b>")
    assert paragraph.text == "<script>alert(1)</script> chart <b>x</b>"
    assert not _links((paragraph,))


def test_crossrefs_become_internal_links() -> None:
    resolve = {"P2": "rec-p2", "DM4/AIR5": "rec-dm4-air5", "AIR5": "rec-dm4-air5"}.get
    (paragraph,) = parse_blocks(
        "Work with KLS (see also P2) continues. See also DM4/ AIR5. (G9) is unknown.", resolve
    )
    links = _links((paragraph,))
    assert [(link.target, link.text) for link in links] == [
        ("rec-p2", "P2"),
        ("rec-dm4-air5", "DM4/ AIR5"),
    ]
    assert all(link.internal for link in links)
    assert paragraph.text.startswith("Work with KLS (see also P2) continues.")


def test_anchor_links_kept_only_for_known_anchors() -> None:
    (paragraph,) = parse_blocks(
        "[summary](#summary) and [gone](#nowhere)", anchors=frozenset({"summary"})
    )
    assert _links((paragraph,)) == [Link("summary", True, (Text("summary"),))]


def test_view_links_crossrefs_to_entries_and_lists_contents() -> None:
    view = build_view(small_edition(), environ={})
    d1, joint = view.panels[0].recommendations
    assert (d1.heading, d1.anchor) == ("D1. Data should be shared safely.", "rec-d1")
    assert joint.anchor == entry_anchor("D2/AI1") == "rec-d2-ai1"
    assert [(link.target, link.text) for link in _links(d1.blocks)] == [("rec-s1", "S1")]
    assert [(link.target, link.text) for link in _links(joint.blocks)] == [("rec-d1", "D1")]
    titles = [(item.title, item.level) for item in view.contents()]
    assert titles == [
        ("Foreword", 1),
        ("Progress towards recommendations", 1),
        ("Summary", 1),
        ("Abbreviations", 1),
    ]
    panels = view.contents()[1].children
    assert [panel.title for panel in panels] == [
        "Recommendations from the Data Panel",
        "Skills recommendations",
    ]
    assert [rec.code for rec in panels[0].children] == ["D1", "D2/AI1"]
    assert view.file_stem == "example-review-progress-2024-02"


def test_document_date_from_source_date_epoch_else_edition_month() -> None:
    assert document_date("2023-02", {}).isoformat() == "2023-02-01T00:00:00+00:00"
    stamped = document_date("2023-02", {"SOURCE_DATE_EPOCH": "1700000000"})
    assert stamped.isoformat() == "2023-11-14T22:13:20+00:00"
