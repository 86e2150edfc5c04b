"""Three editions for the tracker tests: the real February 2023 report, and two later editions
made by editing copies of its text (as the diff tests do), each imported with
`topolreport import`.

The 2024 and 2025 figures are invented for the tests: they are not the review's. Every edit
below (and each 2024 one, shared with the diff tests in factories.py) names the text it
replaces, which appears exactly once.
"""

from __future__ import annotations

from pathlib import Path

from cli_runner import run
from factories import EDITS_2024, SOURCE_2023

# Applied on top of the 2024 text.
EDITS_2025 = [
    ("February 2024", "February 2025"),
    # G2 rose again.
    ("completed by 41,200 learners to date", "completed by 52,900 learners to date"),
    # G4 rose again.
    (
        "To date, 2,913 NHS staff have completed 13,870 modules.",
        "To date, 3,420 NHS staff have completed 16,015 modules.",
    ),
    # G8 is left as in 2024: stalled for one edition.
]
EDITION_IDS = ("2023-02", "2024-02", "2025-02")
# Entries the edits touch; every other entry is unchanged in all three editions.
TOUCHED_2024 = {"G2", "G4", "G8", "AIR4"}
TOUCHED_2025 = {"G2", "G4"}


def _edited(text: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def make_three_editions(folder: Path) -> Path:
    """Import the three editions into folder/editions and return that folder."""
    text_2023 = SOURCE_2023.read_text(encoding="utf-8")
    text_2024 = _edited(text_2023, EDITS_2024)
    text_2025 = _edited(text_2024, EDITS_2025)
    editions = folder / "editions"
    for edition_id, text in zip(EDITION_IDS, (text_2023, text_2024, text_2025), strict=True):
        source = folder / f"topol-review-progress-{edition_id}.txt"
        source.write_text(text, encoding="utf-8")
        code, _, err = run(
            "import", str(source), "--edition", edition_id, "--editions", str(editions)
        )
        assert code == 0, err
    return editions
