"""`topolreport initiatives`: a new edition's unknown names are proposed, and a person
accepts, merges, renames or drops them; the registry file is read back after each step."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from topolreport.initiatives import load_registry
from topolreport.initiatives.load import read_registry

from cli_runner import run
from factories import SOURCE_2023 as SOURCE

REPO = Path(__file__).resolve().parents[1]

# The next edition names a new programme twice, once under an abbreviation of a known one.
EDITS = [
    ("February 2023", "February 2024"),
    (
        "HEE has convened a regular industry roundtable",
        "HEE has launched the [AI Industry Exchange Network](#) and convened a regular industry "
        "roundtable",
    ),
    (
        "The newest resource is [GeNotes](#),",
        "The newest resource is [GeNotes](#), with the [Genomics Podcast Series](#),",
    ),
]


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    folder = tmp_path / "editions"
    shutil.copytree(REPO / "editions", folder)
    text = SOURCE.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1
        text = text.replace(old, new)
    source = tmp_path / "next.txt"
    source.write_text(text, encoding="utf-8")
    code, _, err = run("import", str(source), "--edition", "2024-02", "--editions", str(folder))
    assert code == 0, err
    assert "2 initiatives are proposed" in err
    return folder


def test_an_import_proposes_only_the_names_it_cannot_place(editions: Path) -> None:
    code, out, _ = run("initiatives", "list", "--proposed", "--editions", str(editions))
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("genomics-podcast-series", "programme", "2024-02", "Genomics Podcast Series [proposed]"),
        (
            "ai-industry-exchange-network",
            "partnership or network",
            "2024-02",
            "AI Industry Exchange Network [proposed]",
        ),
    ]  # fmt: skip  (in the order the import met them: G3 before AIR4)
    registry = load_registry(editions)
    assert registry is not None
    hub = registry.get("learning-hub")
    assert hub is not None and hub.names == {"2023-02": "Learning Hub", "2024-02": "Learning Hub"}
    # The check lists what waits for a decision.
    code, out, _ = run("check", "2024-02", "--editions", str(editions))
    assert "TR080" in out and "AI Industry Exchange Network" in out


def test_accept_merge_rename_and_drop(editions: Path) -> None:
    file = editions / "initiatives.yaml"
    code, out, _ = run(
        "initiatives", "accept", "genomics-podcast-series", "--kind", "tool or resource",
        "--editions", str(editions),
    )  # fmt: skip
    assert code == 0 and "accepted genomics-podcast-series" in out
    item = read_registry(file).get("genomics-podcast-series")
    assert item is not None and item.status == "accepted" and item.kind == "tool or resource"

    code, _, _ = run(
        "initiatives", "merge", "genomics-podcast-series", "genotes", "--editions", str(editions)
    )
    assert code == 0
    registry = read_registry(file)
    assert registry.get("genomics-podcast-series") is registry.get("genotes")
    genotes = registry.get("genotes")
    assert genotes is not None and "Genomics Podcast Series" in genotes.aliases

    code, _, _ = run(
        "initiatives", "rename", "genotes", "GeNotes Online", "--editions", str(editions)
    )
    assert code == 0
    genotes = read_registry(file).get("genotes")
    assert genotes is not None and genotes.name == "GeNotes Online"
    assert genotes.aliases == ["Genomics Podcast Series", "GeNotes"]

    code, _, _ = run(
        "initiatives", "drop", "ai-industry-exchange-network", "--as", "partner",
        "--editions", str(editions),
    )  # fmt: skip
    assert code == 0
    registry = read_registry(file)
    assert registry.get("ai-industry-exchange-network") is None
    assert "AI Industry Exchange Network" in [p.name for p in registry.partners]

    code, out, _ = run("initiatives", "where", "genotes", "--editions", str(editions))
    assert code == 0
    assert out.splitlines() == [
        "genotes: GeNotes Online",
        "  2023-02 G3: GeNotes",
        "  2023-02 E1: GeNotes",
        "  2024-02 G3: GeNotes",
        "  2024-02 G3: Genomics Podcast Series",
        "  2024-02 E1: GeNotes",
    ]


def test_mistakes_are_one_line_and_change_nothing(editions: Path) -> None:
    file = editions / "initiatives.yaml"
    before = file.read_bytes()
    code, _, err = run(
        "initiatives", "merge", "nothing-here", "genotes", "--editions", str(editions)
    )
    assert code == 2
    assert err.strip() == (
        "error: initiatives: no initiative with id 'nothing-here' "
        "(`topolreport initiatives list` shows the ids)"
    )
    code, _, err = run(
        "initiatives", "accept", "genotes", "--kind", "podcast", "--editions", str(editions)
    )
    assert code == 2 and "'podcast' is not one of the kinds" in err
    assert file.read_bytes() == before


def test_without_a_registry_the_command_says_where_it_looked(tmp_path: Path) -> None:
    code, _, err = run("initiatives", "list", "--editions", str(tmp_path / "none"))
    assert code == 2 and err.strip() == (
        f"error: {tmp_path / 'none'}: editions folder not found (pass --editions DIR)"
    )
    code, _, err = run("initiatives", "where", "--editions", str(tmp_path))
    assert code == 2 and err.strip() == (
        f"error: {tmp_path / 'initiatives.yaml'}: the review has no registry of initiatives "
        "yet (`topolreport import` starts one)"
    )


def test_an_id_the_registry_does_not_know_is_flagged_then_registered(editions: Path) -> None:
    entry = editions / "2024-02" / "entries" / "G8.md"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(
        text.replace(
            "initiatives:\n", "initiatives:\n  - id: genomics-week\n    name: Genomics Week\n"
        ),
        encoding="utf-8",
    )
    code, out, _ = run("check", "2024-02", "--editions", str(editions))
    assert "entry G8: 'Genomics Week' (genomics-week) is not in the registry" in out
    code, out, _ = run("initiatives", "accept", "genomics-week", "--editions", str(editions))
    assert code == 0 and "accepted genomics-week (programme): Genomics Week" in out
    registry = read_registry(editions / "initiatives.yaml")
    item = registry.get("genomics-week")
    assert item is not None and item.status == "accepted"
    assert (item.first_edition, item.names) == ("2024-02", {"2024-02": "Genomics Week"})
    code, out, _ = run("check", "2024-02", "--editions", str(editions))
    assert "Genomics Week" not in out
