"""`build` loads only what the asked formats render with: a Word build loads no HTML templating,
no PDF engine, no charts and no diff; an HTML build no Word library and no PDF engine. With a
second CPU, the slowest format is rendered by a child process (render/worker.py), and the
command's own process never loads its renderer.

Each build runs as its own process (as a user runs it, output to a file rather than a
terminal), which then lists the modules it loaded. Pinned to one CPU, it renders every format
itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

REPO = Path(__file__).resolve().parents[1]
STEM = "topol-review-progress-2023-02"


def _loaded_by_build(out: Path, formats: str, cpus: int = 1) -> set[str]:
    """The top-level packages (and topolreport's subpackages) loaded by a whole `build` run
    on `cpus` CPUs."""
    script = (
        "import sys\n"
        "from topolreport.cli import main\n"
        f"sys.argv = ['topolreport', 'build', '2023-02', '--format', {formats!r}, "
        f"'--out', {str(out)!r}, '--editions', {str(REPO / 'editions')!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "names = {m.split('.')[0] for m in sys.modules}\n"
        "names |= {'.'.join(m.split('.')[:2]) for m in sys.modules\n"
        "          if m.startswith('topolreport.')}\n"
        "print(' '.join(sorted(names)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.sched_setaffinity(0, range(cpus)),
    )
    assert result.returncode == 0, result.stderr
    return set(result.stderr.split())


def test_a_word_build_loads_no_templating_pdf_engine_charts_or_diff(tmp_path: Path) -> None:
    loaded = _loaded_by_build(tmp_path, "docx")
    assert {"docx", "topolreport.render"} <= loaded
    unwanted = {"jinja2", "weasyprint", "pikepdf", "matplotlib", "rich", "topolreport.diff"}
    # A sound edition is read by the fast YAML loader alone, layout.yaml too.
    unwanted.add("ruamel")
    assert sorted(loaded & unwanted) == []
    document = docx.Document(str(tmp_path / f"{STEM}.docx"))
    assert document.core_properties.title == "Topol Review: Progress on the recommendations"
    assert any(p.text.startswith("G2.") for p in document.paragraphs)


def test_an_html_build_loads_no_word_library_or_pdf_engine(tmp_path: Path) -> None:
    loaded = _loaded_by_build(tmp_path, "html")
    assert "jinja2" in loaded
    unwanted = {"docx", "weasyprint", "pikepdf", "matplotlib", "topolreport.diff", "ruamel"}
    assert sorted(loaded & unwanted) == []
    page = (tmp_path / f"{STEM}.html").read_text(encoding="utf-8")
    assert 'id="rec-g2"' in page


@pytest.fixture
def two_cpus() -> None:
    if len(os.sched_getaffinity(0)) < 2:
        pytest.fail("this test needs two CPUs: the build uses a second process only then")


@pytest.mark.usefixtures("two_cpus")
def test_with_two_cpus_the_pdf_engine_loads_only_in_the_renderer_process(tmp_path: Path) -> None:
    loaded = _loaded_by_build(tmp_path, "docx,pdf,html", cpus=2)
    # pikepdf, for the structure pass, is imported here while the worker lays the PDF out.
    assert {"docx", "jinja2", "pikepdf", "topolreport.render"} <= loaded
    assert sorted(loaded & {"weasyprint", "fontTools"}) == []
    with (tmp_path / f"{STEM}.pdf").open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


@pytest.mark.usefixtures("two_cpus")
def test_with_two_cpus_a_word_build_loads_the_word_library_only_in_its_renderer(
    tmp_path: Path,
) -> None:
    loaded = _loaded_by_build(tmp_path, "docx", cpus=2)
    assert "topolreport.render" in loaded
    # The worker reads the narratives' Markdown: no Markdown parser here either.
    assert sorted(loaded & {"docx", "lxml", "jinja2", "markdown_it", "weasyprint"}) == []
    document = docx.Document(str(tmp_path / f"{STEM}.docx"))
    assert any(p.text.startswith("G2.") for p in document.paragraphs)
