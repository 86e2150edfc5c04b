"""Importing the report's text layout: structure, wording kept intact, and catalogue notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from topolreport.document import document_blocks
from topolreport.errors import InputError
from topolreport.importers import ImportResult, import_report_text

SOURCE = Path(__file__).parents[1] / "sources" / "topol-review-progress-2023-02.txt"
TITLE = "Topol Review: Progress on the recommendations"
CODES = (
    ["P1", "P2", "HI1"]
    + [f"G{n}" for n in range(1, 9)]
    + ["DM1", "DM2", "DM3", "DM4/AIR5", "DM5"]
    + [f"AIR{n}" for n in range(1, 5)]
    + [f"OD{n}" for n in range(1, 10)]
    + [f"E{n}" for n in range(1, 15)]
)


@pytest.fixture(scope="module")
def result(imported_2023: ImportResult) -> ImportResult:
    return imported_2023


def test_entries_are_the_43_recommendations_in_report_order(result: ImportResult) -> None:
    assert [entry.code for entry in result.edition.entries] == CODES
    assert [rec.code for rec in result.catalogue.recommendations()] == CODES
    assert result.notes == []


def test_panels(result: ImportResult) -> None:
    panels = result.catalogue.panels
    assert [(p.id, p.title) for p in panels] == [
        ("review-board", "Review Board"),
        ("genomics", "Genomics Panel"),
        ("digital-medicine", "Digital Medicine Panel"),
        ("ai-and-robotics", "AI and Robotics Panel"),
        ("organisational-development", "Organisational Development Working Group"),
        ("educational", "Educational recommendations"),
    ]
    assert panels[1].heading == "Recommendations from the Genomics Panel"
    assert panels[5].heading == (
        "Educational recommendations to support a digitally enabled health system"
    )
    assert [r.code for r in panels[2].recommendations] == ["DM1", "DM2", "DM3", "DM4/AIR5", "DM5"]


def test_front_matter_foreword_summary_and_abbreviations(result: ImportResult) -> None:
    edition = result.edition
    assert edition.title == TITLE
    assert edition.date == "2023-02"
    assert edition.publisher == "Health Education England"
    assert "Open Government Licence v3.0" in edition.licence
    assert edition.progress_heading == "Progress towards recommendations"
    assert result.catalogue.review == "Topol Review"

    foreword = edition.foreword
    assert foreword is not None and foreword.signatory is not None
    assert foreword.signatory.name == "Patrick Mitchell"
    assert foreword.signatory.role == "Director of Innovation, Digital and Transformation"
    assert foreword.signatory.organisation == "Health Education England"
    assert foreword.text.startswith("Published in 2019, the Topol Review presented")
    assert "([Royal College of GPs, 2021](#))" in foreword.text
    assert "\n- Growth in use of the elearning for healthcare hub" in foreword.text
    assert "Patrick Mitchell" not in foreword.text

    assert edition.summary.startswith("This report demonstrates the considerable progress")
    assert edition.summary.count("\n\n") == 1

    assert len(edition.abbreviations) == 24
    first, last = edition.abbreviations[0], edition.abbreviations[-1]
    assert (first.abbr, first.meaning) == ("AoMRC", "Academy of Medical Royal Colleges")
    assert (last.abbr, last.meaning) == ("TEL", "Technology Enhanced Learning")


def test_recommendation_text_goes_to_the_catalogue(result: ImportResult) -> None:
    g6 = result.catalogue.recommendation("G6")
    assert g6 is not None and g6.text.startswith("An attractive career pathway")
    assert all(entry.wording is None for entry in result.edition.entries)
    dm4 = result.edition.entry("AIR5")
    assert dm4 is not None and dm4.code == "DM4/AIR5"
    assert result.edition.recommendation_text(dm4).startswith("The NHS should create")


def test_page_breaks_rejoin_split_paragraphs_and_lists(result: ImportResult) -> None:
    edition = result.edition
    narratives = "\n\n".join(entry.narrative for entry in edition.entries)
    assert TITLE not in narratives
    assert "support that turns healthcare staff and volunteers into confident" in narratives
    assert "works closely with NHS providers and organisations, including patient networks" in (
        narratives
    )
    assert "Several NHS knowledge and library specialists have been funded" in narratives
    # A bullet list continued after the page header stays one list.
    dm4 = edition.entry("DM4/AIR5")
    assert dm4 is not None
    assert "via protected time.\n- Partnering with the Health Innovation Network" in dm4.narrative
    g4 = edition.entry("G4")
    assert g4 is not None
    assert "professional exams.\n- Supporting the workforce elements" in g4.narrative


def test_narrative_is_markdown_with_links_and_bullets_as_written(result: ImportResult) -> None:
    p1 = result.edition.entry("P1")
    assert p1 is not None
    paragraphs = p1.narrative.split("\n\n")
    assert paragraphs[0].endswith("The GEP is:")
    assert paragraphs[1].split("\n")[0].startswith("- Working with a number of charities")
    assert len(paragraphs[1].split("\n")) == 3
    assert "launched the [Learning Hub](#), a digital platform" in paragraphs[2]
    air3 = result.edition.entry("AIR3")
    assert air3 is not None and air3.narrative == "See also DM4/ AIR5."


def _source_blocks(text: str) -> list[str]:
    """The source's paragraphs, bullets and lines as a reader sees them: contents block and
    running headers dropped, a paragraph that continues after a header joined to its start."""
    blocks: list[str] = []
    in_contents = after_header = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == "Contents":
            in_contents = True
            continue
        if in_contents and ("\t" in raw or line == "Page"):
            continue
        in_contents = False
        if line == TITLE and blocks:
            after_header = True
            continue
        if after_header and line[0].islower():
            blocks[-1] += " " + line
        else:
            blocks.append(line.removeprefix("- "))
        after_header = False
    return blocks


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_every_paragraph_and_bullet_keeps_its_wording_in_order(result: ImportResult) -> None:
    expected = [_squash(block) for block in _source_blocks(SOURCE.read_text(encoding="utf-8"))]
    actual = [_squash(block) for block in document_blocks(result.edition)]
    assert len(expected) > 200
    for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
        assert got == want, f"block {index} differs"
    assert len(actual) == len(expected)


def test_owners_are_proposed_from_the_narrative(result: ImportResult) -> None:
    edition = result.edition
    owners = {entry.code: entry.owners for entry in edition.entries}
    assert owners["P1"] == ["GEP", "KLS", "TEL"]
    assert owners["G2"] == ["Digital Readiness", "GEP", "NSHCS"]
    assert owners["OD5"] == ["KLS"]
    assert owners["AIR1"] == []
    assert all(entry.owners == sorted(set(entry.owners)) for entry in edition.entries)


def test_second_import_against_its_own_catalogue_has_no_wording_or_notes(
    result: ImportResult,
) -> None:
    again = import_report_text(SOURCE, "2023-02", result.catalogue)
    assert again.catalogue is result.catalogue
    assert again.notes == []
    assert [entry.wording for entry in again.edition.entries] == [None] * 43
    assert again.edition.model_dump() == result.edition.model_dump()


def _edited_copy(tmp_path: Path) -> Path:
    text = SOURCE.read_text(encoding="utf-8")
    # Drop G5 with its narrative; renumber E10 to a code the catalogue does not know; reword G1.
    start, end = text.index("\nG5. "), text.index("\nG6. ")
    text = text[:start] + text[end:]
    text = text.replace("\nE10. ", "\nE15. ")
    text = text.replace("G1. The NHS, in partnership", "G1. The NHS, working in partnership")
    copy = tmp_path / "edited.txt"
    copy.write_text(text, encoding="utf-8")
    return copy


def test_edited_copy_imports_with_notes_naming_missing_unknown_and_reworded(
    result: ImportResult, tmp_path: Path
) -> None:
    edited = import_report_text(_edited_copy(tmp_path), "2024-02", result.catalogue)
    codes = [entry.code for entry in edited.edition.entries]
    assert "G5" not in codes and "E10" not in codes
    assert "E15" in codes and len(codes) == 42
    notes = "\n".join(edited.notes)
    assert re.search(r"\bG5\b.*no entry", notes)
    assert re.search(r"\bE10\b.*no entry", notes)
    assert re.search(r"\bE15\b.*not in the catalogue", notes)
    assert re.search(r"\bG1\b.*wording differs", notes)
    assert len(edited.notes) == 4
    e15 = edited.edition.entry("E15")
    assert e15 is not None and e15.wording and e15.wording.startswith("The NHS should commission")
    g1 = edited.edition.entry("G1")
    assert g1 is not None and g1.wording and "working in partnership" in g1.wording
    g2 = edited.edition.entry("G2")
    assert g2 is not None and g2.wording is None


def test_missing_file_raises_input_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-report.txt"
    with pytest.raises(InputError) as caught:
        import_report_text(missing, "2023-02", None)
    assert caught.value.file == missing
    assert "no-such-report.txt" in str(caught.value)


def test_text_without_recommendations_raises_input_error_with_file_and_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Some notes\n\nFebruary 2023\n\nNothing here looks like a report.\n")
    with pytest.raises(InputError) as caught:
        import_report_text(path, "2023-02", None)
    assert caught.value.file == path and caught.value.line is not None
    assert "no recommendations" in str(caught.value)


def test_empty_file_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\n\n")
    with pytest.raises(InputError, match="empty"):
        import_report_text(path, "2023-02", None)


def test_without_contents_block_panels_are_found_by_layout(
    result: ImportResult, tmp_path: Path
) -> None:
    text = SOURCE.read_text(encoding="utf-8")
    start, end = text.index("Contents\n"), text.index("\nForeword\n\nPublished")
    path = tmp_path / "no-contents.txt"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    again = import_report_text(path, "2023-02", None)
    assert again.edition.model_dump() == result.edition.model_dump()
    assert again.notes == []


def test_windows_line_ends_and_byte_order_mark_change_nothing(
    result: ImportResult, tmp_path: Path
) -> None:
    path = tmp_path / "crlf.txt"
    text = SOURCE.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    again = import_report_text(path, "2023-02", None)
    assert again.edition.model_dump() == result.edition.model_dump()


def test_committed_edition_keeps_every_paragraph_in_order() -> None:
    from topolreport.store import load_edition

    committed = load_edition(Path(__file__).parents[1] / "editions", "2023-02")
    expected = [_squash(block) for block in _source_blocks(SOURCE.read_text(encoding="utf-8"))]
    actual = [_squash(block) for block in document_blocks(committed)]
    assert actual == expected
    assert [entry.code for entry in committed.entries] == CODES
    assert len(committed.catalogue.panels) == 6 and len(committed.abbreviations) == 24
    assert "Open Government Licence v3.0" in committed.licence


def test_committed_edition_carries_the_reported_figures() -> None:
    from topolreport.store import load_edition

    committed = load_edition(Path(__file__).parents[1] / "editions", "2023-02")
    values = {(m.value, m.unit) for entry in committed.entries for m in entry.metrics}
    for figure in [
        (33700, "learners"), (66000, "learners"), (145000, "views"), (10300, "users"),
        (4000, "page views"), (2000000, "registered users"), (450, "elearning programmes"),
        (2449, "NHS staff"), (11389, "modules"), (400, "digital change leaders"),
        (2600, "visitors"), (8500, "page views"), (2200, "alumni"), (90, "percent"),
        (5000, "UK learners"),
    ]:  # fmt: skip
        assert figure in values
    names = {i.name for entry in committed.entries for i in entry.initiatives}
    for name in ["GeNotes", "Learning Hub", "Digital Boards Programme",
                 "Topol Digital Fellowships", "Library Carpentry"]:  # fmt: skip
        assert name in names
