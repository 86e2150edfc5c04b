"""`topolreport import` as a new user runs it: folders made, nothing overwritten, clear errors."""

from __future__ import annotations

from pathlib import Path

from topolreport.store import load_edition

from cli_runner import run

SOURCE = Path(__file__).resolve().parents[1] / "sources" / "topol-review-progress-2023-02.txt"


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} if folder.exists() else {}


def test_import_creates_the_editions_folder_and_catalogue(tmp_path: Path) -> None:
    editions = tmp_path / "not" / "there" / "yet"
    code, out, err = run("import", str(SOURCE), "--edition", "2023-02", "--editions", str(editions))
    assert code == 0, err
    assert "imported 43 entries in 6 panels, 24 abbreviations" in out
    assert (editions / "catalogue.yaml").is_file()
    edition = load_edition(editions, "2023-02")
    assert len(edition.entries) == 43 and edition.date == "2023-02"
    assert not [p for p in editions.rglob("*") if p.name.startswith(".")]  # no temporaries left


def test_import_never_overwrites_an_edition_without_force(tmp_path: Path) -> None:
    editions = tmp_path / "editions"
    assert run("import", str(SOURCE), "--edition", "2023-02", "--editions", str(editions))[0] == 0
    g2 = editions / "2023-02" / "entries" / "G2.md"
    g2.write_text(g2.read_text().replace("33,700 learners to date", "33,700 learners so far"))
    before = _files(editions)
    code, _, err = run("import", str(SOURCE), "--edition", "2023-02", "--editions", str(editions))
    assert code == 2 and "already exists" in err and "--force" in err
    assert _files(editions) == before
    code, _, _ = run(
        "import", str(SOURCE), "--edition", "2023-02", "--force", "--editions", str(editions)
    )
    assert code == 0 and "33,700 learners to date" in g2.read_text()


def test_a_later_import_is_matched_against_the_catalogue(tmp_path: Path) -> None:
    editions = tmp_path / "editions"
    run("import", str(SOURCE), "--edition", "2023-02", "--editions", str(editions))
    catalogue = (editions / "catalogue.yaml").read_bytes()
    text = SOURCE.read_text(encoding="utf-8").replace("February 2023", "February 2024")
    text = text.replace("OD7. NHS organisations should use", "OD77. NHS organisations should use")
    later = tmp_path / "later.txt"
    later.write_text(text, encoding="utf-8")
    code, out, err = run("import", str(later), "--edition", "2024-02", "--editions", str(editions))
    assert code == 0, err
    assert "OD77" in err and "OD7" in err  # unknown code and missing entry are both noted
    assert (editions / "catalogue.yaml").read_bytes() == catalogue
    assert load_edition(editions, "2024-02").entry("OD77") is not None


def test_missing_source_is_one_line_exit_2_and_nothing_written(tmp_path: Path) -> None:
    editions = tmp_path / "editions"
    code, out, err = run(
        "import", str(tmp_path / "nope.txt"), "--edition", "2024-02", "--editions", str(editions)
    )
    assert code == 2
    assert err.strip() == f"error: {tmp_path / 'nope.txt'}: source file not found"
    assert "Traceback" not in out + err
    assert not editions.exists()


def test_a_bad_edition_id_is_refused(tmp_path: Path) -> None:
    code, _, err = run("import", str(SOURCE), "--edition", "../x", "--editions", str(tmp_path))
    assert code == 2 and "not a usable edition id" in err
    assert list(tmp_path.iterdir()) == []
