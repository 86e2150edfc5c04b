"""`topolreport site` with the review's registry of initiatives: an initiative is the
registry's whatever name an entry gives it, the diffs between editions are the registry's,
partners are never initiatives, and the search knows the registry's names.

The editions are the real 2023 report and the edited 2024 copy (factories.EDITS), in which G4
now also links "GeNotes Online" (G3's GeNotes renamed); a person then merges the proposal
"GeNotes Online" into "GeNotes" and drops "Learning Hub" as a partner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cli_runner import run
from factories import EDITS, import_with_edits, save_editions, small_edition
from sites import parse_page

G4_LINKS_GENOTES = (
    "2,913 NHS staff have completed 13,870 modules.",
    "2,913 NHS staff have completed 13,870 modules. Clinicians also use [GeNotes Online](#).",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("registry")
    editions = import_with_edits(folder, [*EDITS, G4_LINKS_GENOTES])
    for args in (
        ("merge", "genotes-online", "genotes"),
        ("drop", "learning-hub", "--as", "partner"),
    ):
        code, _, err = run("initiatives", *args, "--editions", str(editions))
        assert code == 0, err
    out = folder / "site"
    code, _, err = run("site", "--editions", str(editions), "--out", str(out), "--format", "html")
    assert code == 0, err
    return out


def _page(site: Path, slug: str) -> str:
    return (site / "recommendations" / slug / "index.html").read_text(encoding="utf-8")


def _search_rows(site: Path) -> dict[str, str]:
    """slug -> the words the index's search looks in."""
    data = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    return {row["slug"]: row["text"] for row in json.loads(data.split("=", 1)[1].rstrip(";\n"))}


def _initiatives(page: str) -> dict[str, str]:
    """data-initiative id -> its line, as the page lists them."""
    return dict(re.findall(r'<li data-initiative="([^"]+)">(.*?)</li>', page, re.S))


def test_a_merged_initiative_is_one_with_its_first_edition_and_earlier_name(site: Path) -> None:
    g3 = _initiatives(_page(site, "g3"))
    assert "genotes-online" not in g3
    assert re.search(
        r"<strong>GeNotes Online</strong>: first reported in February 2023; "
        r"earlier name: GeNotes\.",
        g3["genotes"],
    )
    g4 = _initiatives(_page(site, "g4"))
    assert re.search(
        r"<strong>GeNotes Online</strong>: first reported in February 2024\.",
        g4["genotes"],
    )


def test_edition_and_recommendation_pages_say_now_also_mentioned(site: Path) -> None:
    edition = (site / "editions" / "2024-02" / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", edition).split())
    assert "Now also mentioned in G4: GeNotes Online (already in G3, E1)" in text
    assert "New initiative: GeNotes Online" not in text
    g4 = " ".join(re.sub(r"<[^>]+>", " ", _page(site, "g4")).split())
    assert "Now also mentioned in G4: GeNotes Online (already in G3, E1)" in g4


def test_a_partner_is_never_an_initiative(site: Path) -> None:
    for slug in ("p1", "g3", "air2", "od6"):  # the entries that link the Learning Hub
        assert "learning-hub" not in _initiatives(_page(site, slug)), slug
        assert "<strong>Learning Hub" not in _page(site, slug), slug


def test_the_kind_and_the_search_come_from_the_registry(site: Path) -> None:
    # G2 links the programme only as "GEP"; the registry knows it by its full name.
    g2 = _initiatives(_page(site, "g2"))
    assert g2["genomics-education-programme"].startswith(
        "<strong>GEP</strong>: first reported in February 2023."
    )
    assert '<span class="kind">Kind: programme.</span>' in g2["genomics-education-programme"]
    rows = _search_rows(site)
    assert "genomics education programme" in rows["g2"]
    assert "genomics education programme" not in rows["g1"]
    index = parse_page(site / "recommendations" / "index.html")
    assert any(row["data-slug"] == "g2" for row in index.rows)


def test_the_search_finds_an_initiative_by_an_alias(tmp_path: Path) -> None:
    editions = save_editions(tmp_path / "editions", small_edition())
    (editions / "initiatives.yaml").write_text(
        "initiatives:\n"
        "  - id: data-hub\n"
        "    name: National Data Hub\n"
        "    aliases: [Data Hub, NDH]\n"
        "    kind: tool or resource\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    code, _, err = run("site", "--editions", str(editions), "--out", str(out), "--format", "html")
    assert code == 0, err
    rows = _search_rows(out)
    assert "ndh" in rows["d1"] and "national data hub" in rows["d1"]
    assert [slug for slug, text in rows.items() if "ndh" in text] == ["d1"]
    d1 = _initiatives(_page(out, "d1"))
    assert d1["data-hub"] == (
        "<strong>Data Hub</strong>: first reported in February 2024. "
        '<span class="kind">Kind: tool or resource.</span>'
    )
