"""Editions for tests: small hand-made ones for tests that do not need the real report, and
the real 2023 report imported next to a copy with known edits."""

from __future__ import annotations

from pathlib import Path

from topolreport.model import (
    Abbreviation,
    Catalogue,
    Edition,
    Entry,
    Foreword,
    Initiative,
    Metric,
    Panel,
    Recommendation,
    Signatory,
)
from topolreport.store import save_catalogue, save_edition

from cli_runner import run

SOURCE_2023 = Path(__file__).resolve().parents[1] / "sources" / "topol-review-progress-2023-02.txt"


def small_catalogue() -> Catalogue:
    return Catalogue(
        review="Example Review",
        panels=[
            Panel(
                id="data",
                title="Data Panel",
                heading="Recommendations from the Data Panel",
                recommendations=[
                    Recommendation(code="D1", text="Data should be shared safely."),
                    Recommendation(code="D2/AI1", text="Posts should have protected time."),
                ],
            ),
            Panel(
                id="skills",
                title="Skills",
                heading="Skills recommendations",
                recommendations=[Recommendation(code="S1", text="Everyone should learn.")],
            ),
        ],
    )


def small_edition(edition_id: str = "2024-02") -> Edition:
    return Edition(
        id=edition_id,
        title="Example Review: Progress",
        date="2024-02",
        publisher="Example Body",
        licence="Contains public sector information licensed under the Open Government Licence.",
        foreword=Foreword(
            text="We made progress.\n\n- One thing\n- Another",
            signatory=Signatory(name="A Person", role="Director", organisation="Example Body"),
        ),
        summary="Much done; more to do.",
        abbreviations=[Abbreviation(abbr="NHS", meaning="National Health Service")],
        catalogue=small_catalogue(),
        entries=[
            Entry(
                code="D1",
                narrative="The [Data Hub](#) now has over 2,000 users. See also S1.",
                owners=["TEL"],
                initiatives=[Initiative(id="data-hub", name="Data Hub")],
                metrics=[
                    Metric(
                        id="d1-users",
                        value=2000,
                        qualifier="over",
                        unit="users",
                        label="the Data Hub now has over 2,000 users",
                        text="over 2,000 users",
                        as_of="2024-02",
                    )
                ],
            ),
            Entry(code="D2/AI1", narrative="See D1."),
            Entry(code="S1", narrative="Courses run.\n\n- Course A\n- Course B"),
        ],
    )


def save_editions(folder: Path, *editions: Edition) -> Path:
    """An editions folder holding the first edition's catalogue and every edition given."""
    save_catalogue(editions[0].catalogue, folder)
    for edition in editions:
        save_edition(edition, folder)
    return folder


# (text in the 2023 report, text in the next edition): each appears exactly once. These are
# also the three-edition fixture's (editions3.py) 2024 edits.
EDITS_2024 = [
    ("February 2023", "February 2024"),
    # G2: a figure rose.
    ("completed by 33,700 learners to date", "completed by 41,200 learners to date"),
    # G4: two figures rose, in one sentence.
    (
        "To date, 2,449 NHS staff have completed 11,389 modules.",
        "To date, 2,913 NHS staff have completed 13,870 modules.",
    ),
    # G8: a figure fell.
    ("over 2,600 visitors", "over 2,100 visitors"),
    # AIR4: an initiative added.
    (
        "HEE has convened a regular industry roundtable",
        "HEE has launched the [AI Industry Exchange Network](#) and convened a regular industry "
        "roundtable",
    ),
]
EDITS = [
    *EDITS_2024,
    # DM5: an initiative removed, with its bullet.
    (
        "- NICE to develop the [Evidence Standards Framework](#) aligned and incorporating "
        "MHRA's Digital Health Technologies classification system.\n",
        "",
    ),
    # G3: an initiative renamed, everywhere in the entry (E1 still says "GeNotes").
    ("The newest resource is [GeNotes](#),", "The newest resource is [GeNotes Online](#),"),
    ("GeNotes for the oncology specialty", "GeNotes Online for the oncology specialty"),
]
TOUCHED = {"G2", "G3", "G4", "G8", "AIR4", "DM5"}


def import_with_edits(
    folder: Path, edits: list[tuple[str, str]], old_id: str = "2023-02", new_id: str = "2024-02"
) -> Path:
    """Import the real text as OLD and a copy with `edits` applied as NEW, through the CLI."""
    text = SOURCE_2023.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    source = folder / f"topol-review-progress-{new_id}.txt"
    source.write_text(text, encoding="utf-8")
    editions = folder / "editions"
    for path, edition_id in ((SOURCE_2023, old_id), (source, new_id)):
        code, _, err = run(
            "import", str(path), "--edition", edition_id, "--editions", str(editions)
        )
        assert code == 0, err
    return editions
