"""What the entry and cross-reference checks say, pinned on small hand-made editions with the
expected findings, lines and fixes written out."""

from __future__ import annotations

from pathlib import Path

from topolreport.checks import Finding, check_edition, check_saved_edition
from topolreport.model import Edition, Entry
from topolreport.store import save_catalogue, save_edition

from factories import small_edition

# A review that declares its own code pattern: there, a code in parentheses is a
# cross-reference only when the review has it.
OWN_PATTERN = r"[A-Z]{1,6}\d{1,3}"


def found(edition: Edition, rule: str) -> list[Finding]:
    return [f for f in check_edition(edition).findings if f.code == rule]


def with_own_pattern(edition: Edition) -> Edition:
    data = edition.model_dump()
    data["catalogue"]["code_pattern"] = OWN_PATTERN
    return Edition.model_validate(data)


def saved(edition: Edition, folder: Path) -> Path:
    save_catalogue(edition.catalogue, folder, force=True)
    save_edition(edition, folder, force=True)
    return folder


# --- TR001 missing-entry -------------------------------------------------------------------


def test_a_missing_entry_is_told_which_file_to_write_and_what_goes_in_it() -> None:
    edition = small_edition()
    edition.entries = [e for e in edition.entries if e.code != "S1"]
    edition.entries[0].narrative = "The [Data Hub](https://x.org) has over 2,000 users."
    [missing] = found(edition, "TR001")
    assert missing.message == "S1 (Skills) has no entry in edition 2024-02"
    assert missing.fix == (
        "write entries/S1.md with `code: S1` in its front matter and the progress made below it"
    )


# --- TR002 unknown-recommendation ------------------------------------------------------------


def test_an_entry_naming_two_unknown_codes_names_both() -> None:
    edition = small_edition()
    edition.entries.append(Entry(code="Q1/Q2", narrative="More courses."))
    [unknown] = found(edition, "TR002")
    assert unknown.message == (
        "entry Q1/Q2 names Q1, Q2, which are not recommendations of the Example Review"
    )


def test_an_unknown_code_is_found_on_its_own_line_wherever_the_front_matter_puts_it(
    tmp_path: Path,
) -> None:
    folder = saved(small_edition(), tmp_path / "editions")
    entry = folder / "2024-02" / "entries" / "S2.md"
    entry.write_text("---\nowners: []\ncode: S2\n---\n\nSomething else.\n", encoding="utf-8")
    [unknown] = [f for f in check_saved_edition(folder, "2024-02").findings if f.code == "TR002"]
    assert (unknown.file, unknown.line) == (entry, 3)


# --- TR003 empty-entry -----------------------------------------------------------------------


def test_an_empty_entry_is_found_below_its_front_matter_not_in_it(tmp_path: Path) -> None:
    folder = saved(small_edition(), tmp_path / "editions")
    entry = folder / "2024-02" / "entries" / "D2-AI1.md"
    entry.write_text("---\ncode: D2/AI1\n---\n\n   \n", encoding="utf-8")
    [empty] = [f for f in check_saved_edition(folder, "2024-02").findings if f.code == "TR003"]
    assert empty.file == entry
    # The closing "---" is line 3; the narrative belongs on line 4, a line the file has.
    assert empty.line == 4


# --- TR004 numbering-gap -----------------------------------------------------------------------


def test_a_gap_at_the_first_number_has_no_code_before_it() -> None:
    edition = small_edition()
    edition.catalogue.panels[1].recommendations[0].code = "S2"
    edition.entries[2].code = "S2"
    edition.entries[0].narrative = "The [Data Hub](https://x.org) has over 2,000 users."
    [gap] = found(Edition.model_validate(edition.model_dump()), "TR004")
    assert gap.message == (
        "S1 is missing: the catalogue has S2 but no S1, and the edition has no entry for it"
    )
    assert gap.fix == (
        "add S1 and its wording to catalogue.yaml and write entries/S1.md; if the review has no "
        "S1, switch TR004 off for this edition with the reason"
    )


# --- TR010 unresolved-crossref -------------------------------------------------------------------


def test_an_acronym_in_parentheses_is_no_crossref_where_the_review_has_its_own_pattern() -> None:
    edition = small_edition()
    edition.entries[0].narrative = "Cases rose (COVID19) in spring."
    assert found(with_own_pattern(edition), "TR010") == []


def test_a_code_in_parentheses_the_catalogue_has_without_entry_does_not_resolve() -> None:
    edition = small_edition()
    edition.entries = [e for e in edition.entries if e.code != "S1"]
    edition.entries[0].narrative = "Courses run (S1)."
    [unresolved] = found(with_own_pattern(edition), "TR010")
    assert unresolved.message == (
        "entry D1: cross-reference to S1 does not resolve: edition 2024-02 has no entry S1"
    )
    assert unresolved.fix == "write entries/S1.md, or correct the reference"


def test_a_joint_reference_to_two_recommendations_without_entries_names_both_files() -> None:
    edition = small_edition()
    edition.entries = [Entry(code="D2/AI1", narrative="See D1/ S1.")]
    [unresolved] = found(edition, "TR010")
    assert unresolved.message == (
        "entry D2/AI1: cross-reference to D1/ S1 does not resolve: edition 2024-02 has no "
        "entry D1 or S1"
    )
    assert unresolved.fix == "write entries/D1.md, entries/S1.md, or correct the reference"


def test_a_joint_reference_to_a_joint_recommendation_without_entry_names_its_file_once() -> None:
    edition = small_edition()
    edition.entries = [e for e in edition.entries if e.code != "D2/AI1"]
    edition.entries[0].narrative = "See D2/AI1."
    [unresolved] = found(edition, "TR010")
    assert unresolved.fix == "write entries/D2-AI1.md, or correct the reference"


def test_a_joint_reference_to_two_codes_the_review_lacks_names_both() -> None:
    edition = small_edition()
    edition.entries[1].narrative = "See D8/D9."
    [unresolved] = found(edition, "TR010")
    assert unresolved.fix == (
        "D8 and D9 are not recommendations of the Example Review: the catalogue's D codes are "
        "D1, D2; correct the code in the reference"
    )
