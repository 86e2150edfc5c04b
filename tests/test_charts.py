"""Trend charts across three editions made from the real report: each figure reported in two or
more editions gets a chart, with alt text written from the data and a table beside it, in Word,
PDF and HTML; a build without trends imports nothing for charts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from cli_runner import run
from editions3 import make_three_editions

STEM = "topol-review-progress-2025-02"
G2_ALT = (
    "Learners (G2) rose from 33,700 (February 2023) to 41,200 (February 2024), "
    "then to 52,900 (February 2025)."
)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_three_editions(tmp_path_factory.mktemp("three"))


@pytest.fixture(scope="module")
def built(editions: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    code, _, err = run("build", "2025-02", "--out", str(out), "--editions", str(editions))
    assert code == 0, err
    return out


def _figure_alts(reader: PdfReader) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt")))
            kids = node.get("/K")
            kids = kids.get_object() if hasattr(kids, "get_object") else kids
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_word_shows_each_chart_with_its_alt_text_and_table(built: Path) -> None:
    document = docx.Document(str(built / f"{STEM}.docx"))
    body = document.element.body
    alts = [el.get("descr") for el in body.iter("{*}docPr")]
    assert G2_ALT in alts
    assert len(document.inline_shapes) == len(alts)
    # The data table follows the chart: edition and the figure, as the report writes it.
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    assert [["Edition", "Learners"], ["February 2023", "33,700 learners"],
            ["February 2024", "41,200 learners"],
            ["February 2025", "52,900 learners"]] in tables  # fmt: skip


def test_html_inlines_each_chart_as_labelled_svg_beside_its_table(built: Path) -> None:
    page = (built / f"{STEM}.html").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg [^>]*>.*?</svg>", page, flags=re.S)
    assert svgs and all('role="img"' in svg for svg in svgs)
    g2 = next(svg for svg in svgs if G2_ALT in svg)
    assert f'aria-label="{G2_ALT}"' in g2 and f"<title>{G2_ALT}</title>" in g2
    assert "<text" not in g2  # text drawn as paths: no font looked up anywhere
    figure = page[page.index('id="chart-g2-learners"') :]
    figure = figure[: figure.index("</figure>")]
    assert '<th scope="row">February 2024</th><td>41,200 learners</td>' in figure


def test_pdf_tags_each_chart_as_a_figure_with_its_alt_text(built: Path) -> None:
    reader = PdfReader(str(built / f"{STEM}.pdf"))
    alts = _figure_alts(reader)
    assert G2_ALT in alts
    # A flat figure says so rather than "rose".
    assert any(alt.startswith("Learners (G2) stayed at 66,000 from February 2023") for alt in alts)


def test_every_chart_is_one_figure_reported_in_two_or_more_editions(
    built: Path, editions: Path
) -> None:
    from topolreport.store import load_edition

    newest = load_edition(editions, "2025-02")
    older = [load_edition(editions, e) for e in ("2023-02", "2024-02")]
    older_ids = {(e.code, m.id) for ed in older for e in ed.entries for m in e.metrics}
    expected = sum(
        (entry.code, m.id) in older_ids for entry in newest.entries for m in entry.metrics
    )
    page = (built / f"{STEM}.html").read_text(encoding="utf-8")
    assert page.count('<figure class="chart"') == expected > 0


def test_rebuilding_gives_the_same_bytes(built: Path, editions: Path, tmp_path: Path) -> None:
    code, _, err = run("build", "2025-02", "--out", str(tmp_path), "--editions", str(editions))
    assert code == 0, err
    for suffix in ("docx", "pdf", "html"):
        assert (tmp_path / f"{STEM}.{suffix}").read_bytes() == (
            built / f"{STEM}.{suffix}"
        ).read_bytes(), suffix


def test_a_build_without_trends_imports_nothing_for_charts(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from topolreport.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['build', '2023-02', '--format', 'docx,html', '--out', "
        f"{str(tmp_path)!r}, '--editions', {str(repo / 'editions')!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('matplotlib', 'vl_convert') or m == 'topolreport.render.charts'))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert '<figure class="chart"' not in next(tmp_path.glob("*.html")).read_text()


def test_key_figures_table_is_switched_on_in_the_templates(
    built: Path, editions: Path, tmp_path: Path
) -> None:
    repo = Path(__file__).resolve().parents[1]
    assert 'class="key-figures"' not in (built / f"{STEM}.html").read_text(encoding="utf-8")
    templates = tmp_path / "templates"
    shutil.copytree(repo / "templates", templates)
    layout = templates / "layout.yaml"
    layout.write_text(layout.read_text().replace("key_figures: false", "key_figures: true"))
    out = tmp_path / "out"
    code, _, err = run("build", "2024-02", "--format", "docx,html", "--out", str(out),
                       "--templates", str(templates), "--editions", str(editions))  # fmt: skip
    assert code == 0, err
    page = (out / "topol-review-progress-2024-02.html").read_text(encoding="utf-8")
    g2 = page[page.index("<caption>Key figures: G2</caption>") :]
    g2 = " ".join(g2[: g2.index("</table>")].split())
    assert (
        '<th scope="row">completed by 41,200 learners to date</th><td>41,200 learners</td>'
        "<td>February 2024</td><td>+7,500</td>"
    ) in g2
    assert "<td>66,000 learners</td><td>February 2024</td><td>no change</td>" in g2
    document = docx.Document(str(out / "topol-review-progress-2024-02.docx"))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Figure", "Value", "As of", "Change since the last edition"] in rows
    assert any(r[1:] == ["over 2,100 visitors", "February 2024", "-500"] for r in rows)
    layout.write_text("key_figures: often\n")
    code, _, err = run("build", "2024-02", "--format", "html", "--out", str(tmp_path / "o2"),
                       "--templates", str(templates), "--editions", str(editions))  # fmt: skip
    assert code == 2 and "layout.yaml" in err and "key_figures" in err
