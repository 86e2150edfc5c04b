"""What a programme lead sees in a written form, read back with python-docx: its headings,
lines, table, check boxes, page and properties, and which forms an edition's entries go to.
Each expected value is written out by hand."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Mm

from topolreport.forms.carried import read_issued
from topolreport.forms.layout import (
    ENTRY_HEADING_RE,
    checkbox_mark,
    checkbox_ticked,
    completed_by,
    narrative_blocks,
    narrative_markdown,
)
from topolreport.forms.write import group_entries, write_form, write_forms
from topolreport.model import Edition, Entry, Metric

from factories import small_edition

WHEN = datetime(2024, 2, 1, tzinfo=UTC)
INTRO = (
    "Update form for TEL. Please rewrite the progress narrative of each entry below for this "
    "year and update the metrics table: change a value, its qualifier (over, about, plus, up "
    "to, at least, under) or its as-of month (YYYY-MM); add a row for a new figure, leaving "
    "its id empty. Track Changes and comments are welcome. If an entry stands as it is, tick "
    "its 'no change this year' box. The recommendation wording cannot be changed. Please do "
    "not delete the headings or the tables."
)
HEADER = ["what it counts", "value", "qualifier", "unit", "as of", "as written", "source"]
WIDTHS = ["2700", "1000", "1000", "1100", "900", "1700", "1238"]
SCHOOLS = Metric(
    id="s1-schools",
    value=12.5,
    unit="schools",
    label="schools taking part",
    text="12.5 schools",
    source="https://example.org/schools",
)


def edition() -> Edition:
    """D1 owned by TEL and b-team, D2/AI1 by nobody, S1 by TEL with two figures, X9 not in
    the catalogue."""
    base = small_edition()
    d1, d2, s1 = base.entries
    return base.model_copy(
        update={
            "entries": [
                d1.model_copy(update={"owners": ["TEL", "b-team"]}),
                d2,
                s1.model_copy(
                    update={"owners": ["TEL"], "metrics": [*d1.metrics, SCHOOLS]},
                ),
                Entry(code="X9", narrative="", owners=["Academy"]),
            ]
        }
    )


def opened(data: bytes) -> DocumentObject:
    return Document(io.BytesIO(data))


def tel_form(**options: str) -> DocumentObject:
    issued = edition()
    return opened(
        write_form(
            issued,
            "TEL",
            [issued.entries[0], issued.entries[2]],
            WHEN,
            holders={"D1": ["TEL", "b-team"], "S1": ["TEL"]},
            **options,
        )
    )


def lines(document: DocumentObject) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]  # type: ignore[union-attr]


def boxes(document: DocumentObject) -> list[str]:
    """What each "no change this year" check box shows."""
    return [box.xpath("string(.)") for box in document.element.body.iter(qn("w:sdtContent"))]


# --- what the lead reads -------------------------------------------------------------------------


def test_a_form_shows_its_title_instructions_and_each_entrys_parts_in_order() -> None:
    document = tel_form(due="1 March 2024", contact="Jo Smith, jo@example.org")
    assert lines(document) == [
        ("Title", "Example Review: Progress (2024-02)"),
        ("Normal", INTRO),
        ("Normal", "Please return it by 1 March 2024 to Jo Smith, jo@example.org."),
        ("Normal", "Completed by (your name and role): "),
        ("Heading 1", "D1. Data should be shared safely."),
        ("Quote", "Owners: TEL, b-team"),
        ("Quote", "Also in the form for b-team: edit what is yours; the forms are merged."),
        ("Normal", "No change this year: "),
        ("Heading 2", "Progress narrative"),
        ("Normal", "The Data Hub now has over 2,000 users. See also S1."),
        ("Heading 2", "Metrics"),
        ("Heading 1", "S1. Everyone should learn."),
        ("Quote", "Owners: TEL"),
        ("Normal", "No change this year: "),
        ("Heading 2", "Progress narrative"),
        ("Normal", "Courses run."),
        ("List Bullet", "Course A"),
        ("List Bullet", "Course B"),
        ("Heading 2", "Metrics"),
    ]
    assert boxes(document) == ["\u2610", "\u2610"]  # an empty box each, unticked


@pytest.mark.parametrize(
    ("due", "contact", "return_line"),
    [
        ("1 March 2024", "", ["Please return it by 1 March 2024."]),
        ("", "Jo Smith", ["Please return it to Jo Smith."]),
        ("", "", []),
    ],
)
def test_the_return_line_says_only_what_was_given(
    due: str, contact: str, return_line: list[str]
) -> None:
    texts = [text for _, text in lines(tel_form(due=due, contact=contact))]
    assert texts[1 : texts.index("D1. Data should be shared safely.")] == [
        INTRO,
        *return_line,
        "Completed by (your name and role): ",
    ]


def test_an_entry_without_owners_or_narrative_still_has_a_line_to_type_on() -> None:
    issued = edition()
    document = opened(write_form(issued, "Academy", [issued.entries[1], issued.entries[3]], WHEN))
    assert lines(document)[3:] == [
        ("Heading 1", "D2/AI1. Posts should have protected time."),
        ("Quote", "Owners: none recorded"),
        ("Normal", "No change this year: "),
        ("Heading 2", "Progress narrative"),
        ("Normal", "See D1."),
        ("Heading 2", "Metrics"),
        ("Heading 1", "X9. "),
        ("Quote", "Owners: Academy"),
        ("Normal", "No change this year: "),
        ("Heading 2", "Progress narrative"),
        ("Normal", ""),
        ("Heading 2", "Metrics"),
    ]


def test_a_link_is_a_real_hyperlink_and_a_line_break_a_break() -> None:
    issued = edition()
    entry = Entry(
        code="S1",
        narrative="First line\nsecond, see [the hub](https://example.org/hub)\nthird line",
    )
    document = opened(write_form(issued, "TEL", [entry], WHEN))
    (paragraph,) = [p for p in document.paragraphs if p.text.startswith("First")]
    assert paragraph.text == "First line\nsecond, see the hub\nthird line"
    (link,) = paragraph.hyperlinks
    assert (link.text, link.address) == ("the hub", "https://example.org/hub")
    style = link._hyperlink.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:rStyle')}")
    assert style.get(qn("w:val")) == "Hyperlink"
    # The break opens the run of the line it starts, never ends the one before.
    runs = paragraph._p.findall(qn("w:r"))
    assert [r.text for r in runs] == ["First line", "\nsecond, see ", "\nthird line"]


def test_a_link_at_the_start_and_an_image_are_written_as_the_lead_reads_them() -> None:
    entry = Entry(code="S1", narrative="[Hub](https://example.org) and ![logo](logo.png) here")
    document = opened(write_form(edition(), "TEL", [entry], WHEN))
    (paragraph,) = [p for p in document.paragraphs if p.text.startswith("Hub")]
    assert paragraph.text == "Hub and ![logo](logo.png) here"
    assert [link.address for link in paragraph.hyperlinks] == ["https://example.org"]
    assert [r.text for r in paragraph.runs] == [" and ![logo](logo.png) here"]


def test_the_metrics_table_has_its_titles_widths_and_one_row_per_figure() -> None:
    document = tel_form()
    first, second = document.tables
    assert [[c.text for c in row.cells] for row in first.rows] == [
        HEADER,
        [
            "the Data Hub now has over 2,000 users",
            "2,000",
            "over",
            "users",
            "2024-02",
            "over 2,000 users",
            "",
        ],
    ]
    assert [[c.text for c in row.cells] for row in second.rows][1:] == [
        [
            "the Data Hub now has over 2,000 users",
            "2,000",
            "over",
            "users",
            "2024-02",
            "over 2,000 users",
            "",
        ],
        [
            "schools taking part",
            "12.5",
            "",
            "schools",
            "",
            "12.5 schools",
            "https://example.org/schools",
        ],
    ]
    for table in (first, second):
        assert table.style.name == "Table Grid"
        assert not table.autofit
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout.get(qn("w:type")) == "fixed"
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        assert [column.get(qn("w:w")) for column in grid] == WIDTHS
        for row in table.rows:
            widths = [cell._tc.tcPr.find(qn("w:tcW")) for cell in row.cells]
            assert [(w.get(qn("w:w")), w.get(qn("w:type"))) for w in widths] == [
                (width, "dxa") for width in WIDTHS
            ]
        titles = table.rows[0]
        assert all(run.bold for cell in titles.cells for run in cell.paragraphs[0].runs)
        assert all(
            run.bold is None for cell in table.rows[1].cells for run in cell.paragraphs[0].runs
        )
        # The titles repeat on each page the table runs onto.
        assert titles._tr.trPr.find(qn("w:tblHeader")) is not None
        assert table.rows[-1]._tr.trPr is None


def test_each_row_is_marked_by_a_hidden_bookmark_numbered_per_entry() -> None:
    first, second = tel_form().tables
    marks = []
    for table in (first, second):
        for row in table.rows[1:]:
            p = row.cells[0].paragraphs[0]._p
            start, end = p[0], p[1]
            assert (start.tag, end.tag) == (qn("w:bookmarkStart"), qn("w:bookmarkEnd"))
            marks.append((start.get(qn("w:name")), start.get(qn("w:id")), end.get(qn("w:id"))))
    assert marks == [
        ("_tr_metric_0", "1000", "1000"),
        ("_tr_metric_0", "2000", "2000"),
        ("_tr_metric_1", "2001", "2001"),
    ]


def page(section) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    """Width, height and left, right, top and bottom margins, in twentieths of a point (210 by
    297 mm, 2 cm margins)."""
    return tuple(
        getattr(section, side).twips
        for side in ("page_width", "page_height", "left_margin", "right_margin", "top_margin")
        + ("bottom_margin",)
    )


def test_the_page_is_a4_portrait_with_2_cm_margins_whatever_the_reference() -> None:
    (section,) = tel_form().sections
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert page(section) == (11906, 16838, 1134, 1134, 1134, 1134)


def test_a_reference_document_gives_its_styles_and_none_of_its_text(tmp_path: Path) -> None:
    reference = tmp_path / "reference.docx"
    document = Document()
    document.add_paragraph("Internal draft, do not send")
    document.add_table(rows=1, cols=2)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = Cm(5)
    document.styles["Quote"].font.name = "Courier New"
    document.save(str(reference))
    issued = edition()
    written = opened(write_form(issued, "TEL", [issued.entries[0]], WHEN, reference=reference))
    assert written.paragraphs[0].text == "Example Review: Progress (2024-02)"
    assert "Internal draft, do not send" not in [p.text for p in written.paragraphs]
    assert len(written.tables) == 1 and written.tables[0].rows[0].cells[0].text == "what it counts"
    assert written.styles["Quote"].font.name == "Courier New"
    (section,) = written.sections
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert page(section) == (11906, 16838, 1134, 1134, 1134, 1134)


def test_the_document_properties_name_the_form_and_track_changes_is_on() -> None:
    data = write_form(edition(), "TEL", [edition().entries[0]], WHEN)
    core = opened(data).core_properties
    assert core.title == "Example Review: Progress: update for TEL"
    assert core.subject == "2024-02"
    assert core.keywords == "TEL"
    assert core.category == "topolreport contributor form"
    assert (core.author, core.last_modified_by) == ("Example Body", "Example Body")
    assert core.language == "en-GB"
    assert core.created == core.modified == datetime(2024, 2, 1, tzinfo=UTC)
    assert core.revision == 1
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        settings = archive.read("word/settings.xml").decode()
        dates = {info.date_time for info in archive.infolist()}
    assert "<w:trackRevisions/>" in settings
    assert dates == {(2024, 2, 1, 0, 0, 0)}


def test_a_form_of_an_edition_without_publisher_is_by_topolreport() -> None:
    issued = edition().model_copy(update={"publisher": None, "language": "cy"})
    core = opened(write_form(issued, "TEL", [issued.entries[0]], WHEN)).core_properties
    assert (core.author, core.last_modified_by, core.language) == (
        "topolreport",
        "topolreport",
        "cy",
    )


def test_the_form_carries_what_it_was_issued_with() -> None:
    data = write_form(
        edition(), "TEL", edition().entries[:1], WHEN, "1 March", "Jo", {"D1": ["TEL", "b-team"]}
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        issued = read_issued(archive.read("docProps/custom.xml"))
    assert (issued.edition, issued.name, issued.due, issued.contact) == (
        "2024-02",
        "TEL",
        "1 March",
        "Jo",
    )
    assert issued.preamble == [
        "Example Review: Progress (2024-02)",
        INTRO,
        "Please return it by 1 March to Jo.",
        "Completed by (your name and role):",
    ]
    assert issued.entries == {
        "D1": {
            "narrative": "The [Data Hub](#) now has over 2,000 users. See also S1.",
            "metrics": [
                {
                    "id": "d1-users",
                    "value": 2000,
                    "qualifier": "over",
                    "unit": "users",
                    "label": "the Data Hub now has over 2,000 users",
                    "text": "over 2,000 users",
                    "as_of": "2024-02",
                    "source": None,
                }
            ],
            "fixed": [
                "D1. Data should be shared safely.",
                "Owners: TEL, b-team",
                "Also in the form for b-team: edit what is yours; the forms are merged.",
            ],
        }
    }


def test_a_form_shared_three_ways_names_both_other_holders() -> None:
    issued = edition()
    document = opened(
        write_form(
            issued, "b-team", issued.entries[:1], WHEN, holders={"D1": ["TEL", "b-team", "Academy"]}
        )
    )
    assert lines(document)[4:6] == [
        ("Quote", "Owners: TEL, b-team"),
        (
            "Quote",
            "Also in the form for TEL and Academy: edit what is yours; the forms are merged.",
        ),
    ]


# --- which forms are written ---------------------------------------------------------------------


def test_entries_go_to_each_owner_in_name_order_the_unowned_last() -> None:
    groups = group_entries(edition(), "owner")
    assert {name: [e.code for e in entries] for name, entries in groups.items()} == {
        "Academy": ["X9"],
        "b-team": ["D1"],
        "TEL": ["D1", "S1"],
        "(no owner)": ["D2/AI1"],
    }
    assert list(groups) == ["Academy", "b-team", "TEL", "(no owner)"]


def test_entries_go_to_each_panel_and_those_outside_the_catalogue_together() -> None:
    groups = group_entries(edition(), "panel")
    assert [(name, [e.code for e in entries]) for name, entries in groups.items()] == [
        ("Data Panel", ["D1", "D2/AI1"]),
        ("Not in the catalogue", ["X9"]),
        ("Skills", ["S1"]),
    ]


def test_write_forms_names_each_file_after_the_edition_and_whom_it_is_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    forms = write_forms(edition(), "owner", due="1 March", contact="Jo")
    assert [(f.name, f.filename, f.codes) for f in forms] == [
        ("Academy", "2024-02-academy.docx", ("X9",)),
        ("b-team", "2024-02-b-team.docx", ("D1",)),
        ("TEL", "2024-02-tel.docx", ("D1", "S1")),
        ("(no owner)", "2024-02-no-owner.docx", ("D2/AI1",)),
    ]
    tel = opened(forms[2].data)
    assert core_date(tel) == datetime(2024, 2, 1, tzinfo=UTC)  # the edition's month, none given
    assert lines(tel)[2] == ("Normal", "Please return it by 1 March to Jo.")
    assert (
        "Quote",
        "Also in the form for b-team: edit what is yours; the forms are merged.",
    ) in lines(tel)
    b_team = opened(forms[1].data)
    assert (
        "Quote",
        "Also in the form for TEL: edit what is yours; the forms are merged.",
    ) in lines(b_team)
    assert lines(opened(forms[0].data))[2] == ("Normal", "Please return it by 1 March to Jo.")


def core_date(document: DocumentObject) -> datetime | None:
    return document.core_properties.created


def test_write_forms_keeps_the_date_given() -> None:
    when = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)
    (first, *_) = write_forms(edition(), "panel", when=when)
    assert first.filename == "2024-02-data-panel.docx"
    assert core_date(opened(first.data)) == datetime(2025, 6, 30, 12, 0, tzinfo=UTC)


def test_names_that_slug_alike_long_or_to_nothing_get_distinct_short_files() -> None:
    long = "Directorate of " + "very " * 20 + "long names"
    owners = ["R&D", "R-D", "R D", "!!!", long]
    base = small_edition()
    entries = [
        Entry(code=code, narrative="", owners=[owner])
        for code, owner in zip(["D1", "D2/AI1", "S1", "X1", "X2"], owners, strict=True)
    ]
    forms = write_forms(base.model_copy(update={"entries": entries}), "owner", when=WHEN)
    stem = "directorate-of-" + "very-" * 12 + "very"  # cut at 80, then its last hyphen
    assert len(stem) == 79
    assert sorted(f.filename for f in forms) == sorted(
        [
            "2024-02-form.docx",
            f"2024-02-{stem}.docx",
            "2024-02-r-d.docx",
            "2024-02-r-d-2.docx",
            "2024-02-r-d-3.docx",
        ]
    )
    by_name = {f.name: f.filename for f in forms}
    assert by_name["!!!"] == "2024-02-form.docx"


def test_a_stem_cut_at_a_hyphen_loses_the_hyphen() -> None:
    owner = "a" * 79 + " b"  # the slug's 80th character is the hyphen
    entries = [Entry(code="D1", narrative="", owners=[owner])]
    (form,) = write_forms(
        small_edition().model_copy(update={"entries": entries}), "owner", when=WHEN
    )
    assert form.filename == "2024-02-" + "a" * 79 + ".docx"


# --- the layout both sides share -----------------------------------------------------------------


def test_blocks_become_markdown_bullets_of_a_list_together_blocks_apart() -> None:
    blocks = [
        ("bullet", " Course A "),
        ("bullet", "Course B"),
        ("paragraph", "  "),
        ("paragraph", "Courses run.\nAll year."),
        ("bullet", "Course C"),
        ("paragraph", "End."),
    ]
    assert narrative_markdown(blocks) == (
        "- Course A\n- Course B\n\nCourses run.\nAll year.\n\n- Course C\n\nEnd."
    )
    assert narrative_markdown([("paragraph", "Start."), ("bullet", "One")]) == "Start.\n\n- One"
    assert narrative_markdown([("paragraph", "")]) == ""
    assert narrative_blocks("Courses run.\nAll year.\n\n- Course A") == [
        ("paragraph", "Courses run.\nAll year."),
        ("bullet", "Course A"),
    ]


def test_a_blank_bullet_between_two_does_not_part_the_list() -> None:
    blocks = [("bullet", "One"), ("bullet", " "), ("bullet", "Two")]
    assert narrative_markdown(blocks) == "- One\n- Two"
    assert narrative_markdown([("bullet", "One"), ("paragraph", ""), ("bullet", "Two")]) == (
        "- One\n- Two"
    )


@pytest.mark.parametrize(
    ("text", "ticked"),
    [
        ("No change this year: \u2610", False),
        ("No change this year: \u2612", True),
        ("No change this year:\u2610 x", True),
        ("No change this year: X", True),
        ("No change this year: \u2713", True),
        ("No change this year: \u2714", True),
        ("No change this year: \u2611", True),
        ("No change this year: yes", True),
        ("No change this year: Yes", True),
        ("No change this year: YES", True),
        ("No change this year: no", False),
        ("No change this year:", False),
        ("Owners: TEL", None),
        (" No change this year: x", None),
    ],
)
def test_the_no_change_box_is_ticked_by_a_tick_or_a_typed_mark(
    text: str, ticked: bool | None
) -> None:
    assert checkbox_ticked(text) is ticked


def test_the_mark_in_the_box_is_what_follows_the_label_the_empty_box_left_out() -> None:
    assert checkbox_mark("No change this year: \u2610 done \u2610 ") == "done"
    assert checkbox_mark("No change this year:") == ""


def test_completed_by_is_the_words_after_its_label_without_the_line_to_write_on() -> None:
    assert completed_by(["Update form", "Completed by (your name and role): __Jo, lead__ "]) == (
        "Jo, lead"
    )
    assert completed_by(["Completed by (your name and role): _ Jo _"]) == "Jo"
    assert completed_by(["Completed by (your name and role): Xu Li, Team X"]) == "Xu Li, Team X"
    assert completed_by(["Completed by: Jo"]) == ""
    assert (
        completed_by(
            ["x", "Completed by (your name and role):Al", "Completed by (your name and role): Bo"]
        )
        == "Al"
    )


def test_an_entry_heading_is_a_code_a_full_stop_and_a_space() -> None:
    assert ENTRY_HEADING_RE.match("D2/AI1. Posts should have protected time.")[1] == "D2/AI1"
    assert ENTRY_HEADING_RE.match("E1000. Something")[1] == "E1000"
    assert ENTRY_HEADING_RE.match("D1.Data") is None
    assert ENTRY_HEADING_RE.match("See D1. Data") is None
    assert ENTRY_HEADING_RE.match("Progress narrative") is None


def test_a_link_whose_words_hold_an_escaped_bracket_keeps_its_address() -> None:
    entry = Entry(code="S1", narrative=r"See [a\](b](https://example.org/x) here.")
    document = opened(write_form(edition(), "TEL", [entry], WHEN))
    (paragraph,) = [p for p in document.paragraphs if p.text.startswith("See ")]
    assert [link.address for link in paragraph.hyperlinks] == ["https://example.org/x"]
    assert paragraph.text.endswith(" here.")


def test_the_metrics_table_says_once_that_its_columns_are_fixed() -> None:
    for table in tel_form().tables:
        layouts = table._tbl.tblPr.findall(qn("w:tblLayout"))
        assert [layout.get(qn("w:type")) for layout in layouts] == ["fixed"]


def test_the_lines_a_lead_reads_are_in_normal_whatever_the_references_default(
    tmp_path: Path,
) -> None:
    reference = tmp_path / "reference.docx"
    document = Document()
    default = qn("w:default")
    document.styles["Normal"].element.attrib.pop(default)
    document.styles["Body Text"].element.set(default, "1")
    document.save(str(reference))
    issued = edition()
    written = opened(
        write_form(issued, "TEL", [issued.entries[0]], WHEN, "1 March", "", {}, reference)
    )
    assert [(style, text[:22]) for style, text in lines(written)[:4]] == [
        ("Title", "Example Review: Progre"),
        ("Normal", "Update form for TEL. P"),
        ("Normal", "Please return it by 1 "),
        ("Normal", "Completed by (your nam"),
    ]
    assert lines(written)[6] == ("Normal", "No change this year: ")
    assert lines(written)[8] == ("Normal", "The Data Hub now has over 2,000 users. See also S1.")


def test_write_forms_gives_every_form_the_references_styles(tmp_path: Path) -> None:
    reference = tmp_path / "reference.docx"
    document = Document()
    document.styles["Quote"].font.name = "Courier New"
    document.save(str(reference))
    forms = write_forms(edition(), "panel", when=WHEN, reference=reference)
    assert [opened(f.data).styles["Quote"].font.name for f in forms] == ["Courier New"] * 3


def test_write_forms_without_a_date_or_contact_asks_for_nothing_by_when() -> None:
    forms = write_forms(edition(), "owner", when=WHEN)
    for form in forms:
        texts = [text for _, text in lines(opened(form.data))]
        assert texts[1] == INTRO.replace("TEL", form.name, 1)
        assert texts[2] == "Completed by (your name and role): "


def test_owners_are_ordered_in_small_letters() -> None:
    base = small_edition()
    entries = [
        Entry(code="D1", narrative="", owners=["Bz"]),
        Entry(code="S1", narrative="", owners=["b_team"]),
    ]
    groups = group_entries(base.model_copy(update={"entries": entries}), "owner")
    # "_" comes after "Z" but before "z": ignoring case is reading both in small letters.
    assert list(groups) == ["b_team", "Bz"]
