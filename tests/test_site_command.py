"""`topolreport site`: the pages say what changed, every link resolves, the bytes are the
same each time, and a folder the site did not make is left alone."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from topolreport.store import load_catalogue

from cli_runner import run
from factories import save_editions, small_edition
from sites import Page, build_site, parse_page


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_site(tmp_path_factory.mktemp("site"))


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("index.html"))


def test_every_internal_link_and_anchor_resolves(built: tuple[Path, Path]) -> None:
    _, site = built
    parsed: dict[Path, Page] = {}
    broken = []
    checked = 0
    for page in sorted(site.rglob("*.html")):  # the editions' web documents too
        for link in parse_page(page).links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            assert not parts.scheme and not parts.netloc, f"{page}: {link}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            # Every link names a file: file:// shows a folder as a listing.
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append(f"{page.relative_to(site)}: {link}")
                continue
            if parts.fragment:
                if target not in parsed:
                    parsed[target] = parse_page(target)
                if parts.fragment not in parsed[target].ids:
                    broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
            checked += 1
    assert broken == []
    assert checked > 700


def test_nothing_is_loaded_from_elsewhere_and_search_data_is_a_script(
    built: tuple[Path, Path],
) -> None:
    _, site = built
    for page in _pages(site):
        parsed = parse_page(page)
        html = page.read_text(encoding="utf-8")
        assert "<link" not in html or 'href="http' not in html.split("<link", 1)[1].split(">")[0]
        assert all(src is None or not src.startswith(("http", "//")) for src in parsed.scripts)
        assert "@import" not in html and "url(" not in html
    script = (site / "assets" / "site.js").read_text(encoding="utf-8")
    assert "fetch(" not in script and "XMLHttpRequest" not in script
    data = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert data.startswith("window.TOPOLREPORT_SEARCH = [")
    assert "ai industry exchange network" in data
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css
    index = (site / "recommendations" / "index.html").read_text(encoding="utf-8")
    assert '<script src="../assets/search-index.js"></script>' in index


def test_home_links_every_edition_documents_and_each_diff(built: tuple[Path, Path]) -> None:
    _, site = built
    links = parse_page(site / "index.html").links
    for edition in ("2023-02", "2024-02"):
        for suffix in ("pdf", "docx", "html"):
            name = f"editions/{edition}/topol-review-progress-{edition}.{suffix}"
            assert name in links
            assert (site / name).stat().st_size > 1000
    assert "editions/2024-02/index.html#changes" in links
    assert "editions/2023-02/index.html#changes" not in links  # nothing before the first
    home = (site / "index.html").read_text(encoding="utf-8")
    # The counts of the newest edition: G2 and G4's three figures rose, G8's one fell.
    assert re.search(r'class="count">4</span> Figures that moved', home)
    assert re.search(r'class="count">1</span> Figures that fell', home)
    assert re.search(r'class="count">43</span> Recommendations reported on', home)


def test_documents_are_those_build_makes(built: tuple[Path, Path], tmp_path: Path) -> None:
    editions, site = built
    out = tmp_path / "out"
    code, _, err = run("build", "2024-02", "--editions", str(editions), "--out", str(out))
    assert code == 0, err
    for document in sorted(out.glob("topol-review-progress-2024-02.*")):
        assert (site / "editions" / "2024-02" / document.name).read_bytes() == document.read_bytes()


def test_a_figure_that_fell_shows_the_fall(built: tuple[Path, Path]) -> None:
    _, site = built
    page = (site / "recommendations" / "g8" / "index.html").read_text(encoding="utf-8")
    alert = re.search(r'<p class="alert fell">(.*?)</p>', page, re.S)
    assert alert is not None
    assert "Fell" in alert.group(1)
    assert "over 2,600 visitors in February 2023 to over 2,100 visitors in February 2024" in (
        alert.group(1)
    )
    row = re.search(r'<tr class="fell"><th scope="row">February 2024</th><td>(.*?)</td>', page)
    assert row is not None and row.group(1) == "over 2,100 visitors"
    assert '<th scope="row">February 2023</th><td>over 2,600 visitors</td>' in page
    index = parse_page(site / "recommendations" / "index.html")
    g8 = next(row for row in index.rows if row["data-slug"] == "g8")
    assert "figure fell" in str(g8["data-status"]).split("|")
    g2 = (site / "recommendations" / "g2" / "index.html").read_text(encoding="utf-8")
    assert 'class="alert fell"' not in g2  # G2's figure rose


def test_initiatives_carry_first_edition_and_earlier_names(built: tuple[Path, Path]) -> None:
    _, site = built
    g3 = (site / "recommendations" / "g3" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r"<strong>GeNotes Online</strong>: first reported in February 2023; "
        r"earlier name: GeNotes\.",
        g3,
    )
    air4 = (site / "recommendations" / "air4" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r"<strong>AI Industry Exchange Network</strong>: first reported in February 2024\.", air4
    )
    # The narrative diff, collapsed by default, word by word.
    changes = air4.split('id="changes"', 1)[1]
    assert "<details>\n<summary>Narrative, word by word</summary>" in changes
    assert "<ins>" in changes and "AI Industry Exchange Network" in changes


def test_cross_references_link_to_the_other_pages(built: tuple[Path, Path]) -> None:
    _, site = built
    g8 = parse_page(site / "recommendations" / "g8" / "index.html")
    assert "../g4/index.html" in g8.links  # "(see G4)" in G8's narrative


def test_the_index_lists_every_recommendation_without_javascript(
    built: tuple[Path, Path],
) -> None:
    editions, site = built
    codes = [rec.code for rec in load_catalogue(editions).recommendations()]
    page = parse_page(site / "recommendations" / "index.html")
    assert len(page.rows) == len(codes) == 43
    index = (site / "recommendations" / "index.html").read_text(encoding="utf-8")
    assert '<form id="filters" class="filters" role="search"' in index
    assert re.search(r'<form id="filters"[^>]* hidden>', index)  # shown by the script
    assert 'aria-live="polite"' in index
    for code in codes:
        slug = code.lower().replace("/", "-")
        assert (site / "recommendations" / slug / "index.html").is_file()


def test_headings_in_order_and_lang_from_the_edition(built: tuple[Path, Path]) -> None:
    _, site = built
    for page in _pages(site):
        parsed = parse_page(page)
        assert parsed.lang == "en-GB", page
        assert parsed.headings.count(1) == 1 and parsed.headings[0] == 1, page
        jumps = [b for a, b in zip(parsed.headings, parsed.headings[1:], strict=False) if b > a + 1]
        assert jumps == [], page


def test_lang_follows_the_edition(tmp_path: Path) -> None:
    edition = small_edition().model_copy(update={"language": "cy"})
    editions = save_editions(tmp_path / "editions", edition)
    code, _, err = run(
        "site", "--editions", str(editions), "--out", str(tmp_path / "s"), "--format", "html"
    )
    assert code == 0, err
    for page in _pages(tmp_path / "s"):
        assert parse_page(page).lang == "cy"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_same_inputs_same_bytes_and_a_rebuild_replaces_the_site_whole(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    editions, site = built
    again = tmp_path / "again"
    code, _, err = run("site", "--editions", str(editions), "--out", str(again))
    assert code == 0, err
    assert _files(again) == _files(site)
    # A rebuild over its own site replaces it whole: documents no longer asked for go.
    code, _, err = run("site", "--editions", str(editions), "--out", str(again), "--format", "html")
    assert code == 0, err
    assert not (again / "editions" / "2024-02" / "topol-review-progress-2024-02.pdf").exists()
    assert list(tmp_path.iterdir()) == [again]  # no staging folder left behind


def test_refuses_a_folder_it_did_not_make(editions: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    code, _, err = run("site", "--editions", str(editions), "--out", str(out), "--format", "html")
    assert code == 2
    assert err.count("\n") == 1 and "was not made by `topolreport site`" in err
    assert "--force" in err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    code, _, err = run(
        "site", "--editions", str(editions), "--out", str(out), "--format", "html", "--force"
    )
    assert code == 0, err
    assert not (out / "notes.txt").exists() and (out / "index.html").is_file()


def test_refuses_its_own_site_with_files_added_or_edited(editions: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    args = ("site", "--editions", str(editions), "--out", str(out), "--format", "html")
    assert run(*args)[0] == 0
    (out / "extra.html").write_text("mine", encoding="utf-8")
    code, _, err = run(*args)
    assert code == 2 and "extra.html" in err and "is not the site's" in err
    (out / "extra.html").unlink()
    (out / "index.html").write_text("edited", encoding="utf-8")
    code, _, err = run(*args)
    assert code == 2 and "edited since the site was built" in err
    assert (out / "index.html").read_text(encoding="utf-8") == "edited"
    assert run(*args, "--force")[0] == 0


def test_refuses_a_file_as_the_site_folder(editions: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.write_text("a file", encoding="utf-8")
    code, _, err = run("site", "--editions", str(editions), "--out", str(out), "--format", "html")
    assert code == 2 and "is not a folder" in err
    assert out.read_text(encoding="utf-8") == "a file"


def test_a_single_edition_site(editions: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    code, out_text, err = run("site", "--editions", str(editions), "--out", str(out))
    assert code == 0, err
    assert "Built the site of 1 edition(s)" in out_text
    page = (out / "editions" / "2024-02" / "index.html").read_text(encoding="utf-8")
    assert "This is the first edition: there is no earlier edition to compare with." in page
    d1 = (out / "recommendations" / "d1" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Data Hub</strong>: first reported in February 2024." in d1
    assert "over 2,000 users" in d1


def test_never_replaces_the_folder_holding_the_editions(editions: Path) -> None:
    parent = editions.parent
    code, _, err = run("site", "--editions", str(editions), "--out", str(parent), "--force")
    assert code == 2
    assert "replacing it would delete it" in err and err.count("\n") == 1
    assert (editions / "2024-02" / "edition.yaml").is_file()


def test_a_templates_folder_without_the_site_templates(editions: Path, tmp_path: Path) -> None:
    from topolreport.render.templates import default_templates_dir

    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("report.html.j2", "report.css", "screen.css", "print.css", "vocabulary.yaml"):
        (templates / name).write_bytes((default_templates_dir() / name).read_bytes())
    out = tmp_path / "site"
    code, _, err = run(
        "site", "--editions", str(editions), "--out", str(out), "--templates", str(templates)
    )
    assert code == 2
    assert "template missing" in err and "site/base.html.j2" in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["editions", "templates"]
