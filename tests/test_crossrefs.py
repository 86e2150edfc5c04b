"""Cross-references as the report spells them, and what they resolve to."""

from __future__ import annotations

import pytest

from topolreport.crossrefs import CrossRef, find_crossrefs, only_crossrefs, resolve
from topolreport.importers import ImportResult
from topolreport.model import Edition


@pytest.fixture(scope="module")
def edition(imported_2023: ImportResult) -> Edition:
    return imported_2023.edition


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("See also P2.", ["P2"]),
        ("partnership (see P2) is building", ["P2"]),
        ("See DM3 and OD1.", ["DM3", "OD1"]),
        ("See also DM4/ AIR5.", ["DM4/AIR5"]),
        ("resources. (See also DM2, DM3, and DM4/AIR5).", ["DM2", "DM3", "DM4/AIR5"]),
        ("Clinical Data Science](#) (G3). The four", ["G3"]),
        ("assessment tool (DM3 and E3) and", ["DM3", "E3"]),
        ("learning approach (P1 and G3).", ["P1", "G3"]),
        ("programmes (G4 and G5).", ["G4", "G5"]),
        ("by the GDE sites (OD2).", ["OD2"]),
        ("information professionals (E1).", ["E1"]),
        ("Master's (see G4) and", ["G4"]),
        ("See also G3 and G6.", ["G3", "G6"]),
        ("the NHS Digital Academy (DM2 and DM3):", ["DM2", "DM3"]),
        ("the Topol Digital fellowships (DM2) and", ["DM2"]),
        ("(See also P1).", ["P1"]),
    ],
)
def test_report_spellings_are_found(text: str, codes: list[str]) -> None:
    assert [ref.code for ref in find_crossrefs(text)] == codes


@pytest.mark.parametrize(
    "text",
    [
        "the Genomics Education Programme (GEP) and",
        "its Clinical Pathway Initiative (CPI), a step-by-step method",
        "Health Data Research UK (HDRUK) to define",
        "In response to the COVID-19 pandemic (COVID-19), HEE",
        "the AI Multi Agency Advice Service (MAAS) for developers",
        "published in 2019 (2019) and from 2014/15 to 2021-22",
        "seven NHSE/I Genomics Unit projects; 3D printing; level 7",
        "a G3 mentioned in passing is not a reference",
        "(G3 is a code but this is a sentence)",
    ],
)
def test_non_references_are_not_found(text: str) -> None:
    assert find_crossrefs(text) == []


def test_spelling_and_offsets_point_at_the_code_as_written() -> None:
    text = "Networks.\n\nSee also DM4/ AIR5."
    [ref] = find_crossrefs(text)
    assert ref == CrossRef(code="DM4/AIR5", spelling="DM4/ AIR5", start=20, end=29)
    assert text[ref.start : ref.end] == ref.spelling


def test_only_crossrefs_spots_entries_that_just_point_elsewhere() -> None:
    assert only_crossrefs("See DM3.")
    assert only_crossrefs("See also G3 and G6.")
    assert not only_crossrefs("The NHS AI Lab has developed a guide. See also G4.")
    assert not only_crossrefs("No references here.")


def test_joint_code_and_either_half_resolve_to_the_joint_entry(edition: Edition) -> None:
    for spelling in ("DM4/AIR5", "DM4/ AIR5", "DM4", "AIR5"):
        entry = resolve(spelling, edition)
        assert entry is not None and entry.code == "DM4/AIR5"
    p2 = resolve("P2", edition)
    assert p2 is not None and p2.code == "P2"
    assert resolve("X9", edition) is None
    assert resolve("G9", edition) is None


def test_every_crossref_in_the_report_resolves(edition: Edition) -> None:
    found = [
        (entry.code, ref.code)
        for entry in edition.entries
        for ref in find_crossrefs(entry.narrative)
    ]
    assert len(found) >= 50
    assert all(resolve(code, edition) is not None for _, code in found)
    refs = {entry: [c for e, c in found if e == entry] for entry in ("HI1", "AIR3", "AIR4", "E5")}
    assert refs == {
        "HI1": ["P2"],
        "AIR3": ["DM4/AIR5"],
        "AIR4": ["DM4/AIR5"],
        "E5": ["DM2", "DM3", "DM4/AIR5"],
    }
