"""Where the default templates are found: the package's own, wherever it is installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from topolreport.render.templates import Templates, default_templates_dir

ROOT = Path(__file__).resolve().parents[1]

FIND_TEMPLATES = """
import sys
sys.path.insert(0, sys.argv[1])
from topolreport.render.templates import default_templates_dir
folder = default_templates_dir()
import topolreport
print(topolreport.__file__)
print(folder)
print(*sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()), sep="\\n")
"""


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_default_is_the_projects_templates_folder() -> None:
    """An editable install reads the project's templates/ itself: edits show at once."""
    assert default_templates_dir() == ROOT / "templates"
    assert Templates.at().path("reference.docx") == ROOT / "templates" / "reference.docx"


def test_templates_of_a_zipped_install_are_unpacked_for_the_renderers(tmp_path: Path) -> None:
    """Installed inside a zip, the templates are copied to a folder on disk (Jinja, WeasyPrint
    and python-docx read real files), every one of them, and removed when the process ends."""
    archive = tmp_path / "topolreport.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted((ROOT / "src" / "topolreport").rglob("*.py")):
            bundle.write(path, path.relative_to(ROOT / "src"))
        for name, data in sorted(_files(ROOT / "templates").items()):
            bundle.writestr(f"topolreport/templates/{name}", data)
    result = subprocess.run(
        [sys.executable, "-c", FIND_TEMPLATES, str(archive)],
        capture_output=True,
        text=True,
        check=True,
    )
    package, folder, *listed = result.stdout.splitlines()
    assert package.startswith(str(archive))  # imported from the zip, not the checkout
    assert not Path(folder).is_relative_to(ROOT)
    assert sorted(listed) == sorted(_files(ROOT / "templates"))
    assert not Path(folder).exists()  # removed at exit
