"""A review site built from the real 2023 report and a next edition with known edits
(factories.EDITS: G8's visitors fell from over 2,600 to over 2,100, G3's GeNotes renamed
GeNotes Online, AIR4's AI Industry Exchange Network added), through the command line."""

from __future__ import annotations

from pathlib import Path

from cli_runner import run
from factories import EDITS, import_with_edits


def build_site(folder: Path, *extra: str) -> tuple[Path, Path]:
    """(editions folder, site folder) of the site built from the two editions."""
    editions = import_with_edits(folder, EDITS)
    site = folder / "site"
    code, _, err = run("site", "--editions", str(editions), "--out", str(site), *extra)
    assert code == 0, err
    return editions, site
