"""`build` loads only what the asked formats render with: a Word build loads no HTML templating,
no PDF engine, no charts and no diff; an HTML build no Word library and no PDF engine.

Each build runs as its own process (as a user runs it, output to a file rather than a
terminal), which then lists the modules it loaded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx

REPO = Path(__file__).resolve().parents[1]
STEM = "topol-review-progress-2023-02"


def _loaded_by_build(out: Path, formats: str) -> set[str]:
    """The top-level packages (and topolreport's subpackages) loaded by a whole `build`."""
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
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return set(result.stderr.split())


def test_a_word_build_loads_no_templating_pdf_engine_charts_or_diff(tmp_path: Path) -> None:
    loaded = _loaded_by_build(tmp_path, "docx")
    assert {"docx", "topolreport.render"} <= loaded
    unwanted = {"jinja2", "weasyprint", "pikepdf", "matplotlib", "rich", "topolreport.diff"}
    assert sorted(loaded & unwanted) == []
    document = docx.Document(str(tmp_path / f"{STEM}.docx"))
    assert document.core_properties.title == "Topol Review: Progress on the recommendations"
    assert any(p.text.startswith("G2.") for p in document.paragraphs)


def test_an_html_build_loads_no_word_library_or_pdf_engine(tmp_path: Path) -> None:
    loaded = _loaded_by_build(tmp_path, "html")
    assert "jinja2" in loaded
    unwanted = {"docx", "weasyprint", "pikepdf", "matplotlib", "topolreport.diff"}
    assert sorted(loaded & unwanted) == []
    page = (tmp_path / f"{STEM}.html").read_text(encoding="utf-8")
    assert 'id="rec-g2"' in page
