"""A user's install: the wheel in a fresh virtual environment, away from the source checkout,
builds the committed edition with the templates and fonts it ships.

Slow: it builds the wheel and installs its dependencies (from pip's cache when it can).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from topolreport.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EDITION_ID = "2023-02"
STEM = "topol-review-progress-2023-02"
TITLE = "Topol Review: Progress on the recommendations"
G2_WORDING = "All healthcare professionals should receive core training in genomic literacy"

pytestmark = pytest.mark.slow


def _environment() -> dict[str, str]:
    """This process's environment without anything that would point Python at the checkout."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }


def _run(*args: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel built from a copy of the source: the files a build needs."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("src", "templates"):
        shutil.copytree(ROOT / name, source / name, ignore=skip)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", source, "-w", work / "dist",
         cwd=work)  # fmt: skip
    (wheel,) = (work / "dist").glob("topolreport-*.whl")
    venv = work / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=work)
    _run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=work)
    return venv


def test_the_installed_package_carries_its_templates(installed: Path, tmp_path: Path) -> None:
    where = _run(installed / "bin" / "python", "-c",
                 "from topolreport.render.templates import default_templates_dir as d; print(d())",
                 cwd=tmp_path).strip()  # fmt: skip
    templates = Path(where)
    assert templates.is_relative_to(installed)  # inside the venv, not the checkout
    for name in ("report.html.j2", "report.css", "print.css", "screen.css", "reference.docx"):
        assert (templates / name).read_bytes() == (ROOT / "templates" / name).read_bytes()
    fonts = sorted(path.name for path in (templates / "fonts").iterdir())
    assert fonts == sorted(path.name for path in (ROOT / "templates" / "fonts").iterdir())


def test_a_fresh_install_builds_the_edition(installed: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "editions", project / "editions")
    stdout = _run(installed / "bin" / "topolreport", "build", cwd=project)
    out = project / "out"
    assert f"{STEM}.docx" in stdout

    document = docx.Document(str(out / f"{STEM}.docx"))
    assert document.core_properties.title == TITLE
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert any(heading.startswith(f"G2. {G2_WORDING} ") for heading in headings), headings

    reader = PdfReader(out / f"{STEM}.pdf")
    assert reader.metadata.title == TITLE
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert f"G2. {G2_WORDING}" in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert fonts and all("Report-Sans" in name for name in fonts)  # the shipped fonts

    # The same documents, byte for byte, as a build from the checkout's templates/.
    checkout = tmp_path / "checkout"
    result = CliRunner().invoke(cli, ["build", EDITION_ID, "--editions", str(ROOT / "editions"),
                                      "--out", str(checkout)])  # fmt: skip
    assert result.exit_code == 0, result.output
    for name in (f"{STEM}.docx", f"{STEM}.pdf", f"{STEM}.html"):
        assert (out / name).read_bytes() == (checkout / name).read_bytes(), name
