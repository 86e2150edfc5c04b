"""The site over three small editions with what the real ones lack: a code that became joint,
an entry dropped, an entry outside the catalogue, a renamed initiative, a figure that rose and
then fell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from topolreport.model import Edition, Entry, Initiative, Metric

from cli_runner import run
from factories import save_editions, small_edition
from sites import parse_page


def _users(value: int, month: str) -> Metric:
    return Metric(
        id="d1-users",
        value=value,
        qualifier="over",
        unit="users",
        label=f"the Data Hub now has over {value:,} users",
        text=f"over {value:,} users",
        as_of=month,
    )


def _d1(name: str, value: int, month: str) -> Entry:
    return Entry(
        code="D1",
        narrative=f"The [{name}](#) now has over {value:,} users. See also S1.",
        owners=["TEL"],
        initiatives=[Initiative(id="data-hub", name=name)],
        metrics=[_users(value, month)],
    )


def _edition(edition_id: str, entries: list[Entry]) -> Edition:
    return small_edition(edition_id).model_copy(
        update={"date": edition_id, "entries": entries, "summary": f"Summary of {edition_id}."}
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("three")
    s1 = Entry(code="S1", narrative="Courses run.")
    editions = save_editions(
        folder / "editions",
        _edition(
            "2022-02",
            [_d1("Data Hub", 1500, "2022-02"), Entry(code="D2", narrative="Posts began."), s1],
        ),
        _edition(
            "2023-02",
            [
                _d1("Data Hub", 2500, "2023-02"),
                Entry(code="D2/AI1", narrative="Posts began. More posts now."),
                s1,
                Entry(code="X9", narrative="An entry the catalogue does not know."),
            ],
        ),
        _edition(
            "2024-02",
            [
                _d1("Data Hub Online", 2000, "2024-02"),
                Entry(code="D2/AI1", narrative="Posts began. More posts now."),
            ],
        ),
    )
    out = folder / "site"
    code, _, err = run("site", "--editions", str(editions), "--out", str(out), "--format", "html")
    assert code == 0, err
    return out


def test_a_figure_that_rose_then_fell(site: Path) -> None:
    page = (site / "recommendations" / "d1" / "index.html").read_text(encoding="utf-8")
    assert "fell from over 2,500 users in February 2023 to over 2,000 users in February 2024" in (
        page
    )
    rows = re.findall(r'<tr( class="fell")?><th scope="row">([^<]+)</th><td>([^<]+)</td>', page)
    assert rows == [
        ("", "February 2022", "over 1,500 users"),
        ("", "February 2023", "over 2,500 users"),
        (' class="fell"', "February 2024", "over 2,000 users"),
    ]
    assert re.search(
        r"<strong>Data Hub Online</strong>: first reported in February 2022; "
        r"earlier name: Data Hub\.",
        page,
    )
    assert page.count('<h3 id="changes-') == 2  # one section per pair of editions


def test_a_code_that_became_joint_keeps_one_page(site: Path) -> None:
    page = (site / "recommendations" / "d2-ai1" / "index.html").read_text(encoding="utf-8")
    trail = page.split('id="status-trail"', 1)[1].split("</ol>", 1)[0]
    assert "<strong>February 2022</strong>: first reported." in trail
    assert "<strong>February 2023</strong>: narrative updated." in trail
    assert "<strong>February 2024</strong>: no reported change" in trail
    assert not (site / "recommendations" / "d2").exists()


def test_a_dropped_entry_and_one_outside_the_catalogue(site: Path) -> None:
    s1 = (site / "recommendations" / "s1" / "index.html").read_text(encoding="utf-8")
    assert "No entry in the February 2024 edition; this is the last reported progress." in s1
    assert "<strong>February 2024</strong>: no entry." in s1
    x9 = (site / "recommendations" / "x9" / "index.html").read_text(encoding="utf-8")
    assert "An entry the catalogue does not know." in x9
    index = parse_page(site / "recommendations" / "index.html")
    assert [row["data-slug"] for row in index.rows] == ["d1", "d2-ai1", "s1", "x9"]


def test_every_link_resolves_across_three_editions(site: Path) -> None:
    home = parse_page(site / "index.html")
    assert "editions/2023-02/index.html#changes" in home.links
    assert "editions/2024-02/index.html#changes" in home.links
    for page in sorted(site.rglob("*.html")):
        for link in parse_page(page).links:
            if link.startswith(("http:", "https:", "mailto:")):
                continue
            path, _, anchor = link.partition("#")
            target = (page.parent / path).resolve() if path else page
            assert target.is_file(), f"{page}: {link}"
            if anchor:
                assert anchor in parse_page(target).ids, f"{page}: {link}"
