"""`topolreport build` as a user runs it, on a small edition: options, overwriting, safety
(no markup injection, nothing fetched outside the templates) and fixed dates."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader

from topolreport.model import Entry
from topolreport.render.templates import default_templates_dir
from topolreport.store import save_edition

from cli_runner import run
from factories import save_editions, small_edition

STEM = "example-review-progress-2024-02"
HOSTILE = (
    "Before <script>alert(1)</script> after. A [trap](javascript:alert(2)) and "
    '[secrets](file:///etc/passwd), ![passwd](file:///etc/passwd) and <img src="x.png">. '
    "See D1."
)


def test_builds_the_newest_edition_in_every_format(editions: Path, tmp_path: Path) -> None:
    older = small_edition("2023-02").model_copy(update={"date": "2023-02"})
    save_edition(older, editions)
    out = tmp_path / "out"
    code, stdout, _ = run("build", "--editions", str(editions), "--out", str(out))
    assert code == 0
    names = sorted(path.name for path in out.iterdir() if not path.name.startswith("."))
    assert names == [f"{STEM}.docx", f"{STEM}.html", f"{STEM}.pdf"]
    for name in names:
        assert name in stdout
    assert "written" in stdout


def test_format_option_builds_only_what_is_asked(editions: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, _ = run("build", "2024-02", "--format", "html,docx", "--editions", str(editions),
                     "--out", str(out))  # fmt: skip
    assert code == 0
    assert sorted(p.suffix for p in out.iterdir() if not p.name.startswith(".")) == [
        ".docx",
        ".html",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "odt"], "unknown format odt"),
        (["2099-01"], "unknown edition '2099-01'"),
        (["--templates", "no-such-folder"], "templates folder not found"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    editions: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out"
    code, _, stderr = run("build", *args, "--editions", str(editions), "--out", str(out))
    assert code == 2
    assert message in stderr and "Traceback" not in stderr
    assert not out.exists()


def test_replaces_its_own_outputs_but_not_other_files(editions: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("build", "2024-02", "--format", "html", "--editions", str(editions), "--out", str(out))
    assert run(*args)[0] == 0
    page = out / f"{STEM}.html"
    first = page.read_bytes()
    # A rebuild may replace what the last build wrote.
    code, stdout, _ = run(*args)
    assert code == 0 and "unchanged" in stdout and page.read_bytes() == first
    # A file edited by hand (or never written by build) is kept unless --force.
    page.write_text("edited by hand")
    code, _, stderr = run(*args)
    assert code == 2 and "--force" in stderr and page.name in stderr
    assert page.read_text() == "edited by hand"
    assert run(*args, "--force")[0] == 0
    assert page.read_bytes() == first


def test_html_never_carries_markup_from_a_narrative(tmp_path: Path) -> None:
    edition = small_edition()
    edition.entries[2] = Entry(code="S1", narrative=HOSTILE)
    editions = save_editions(tmp_path / "editions", edition)
    out = tmp_path / "out"
    assert run("build", "--format", "html", "--editions", str(editions), "--out", str(out))[0] == 0
    page = (out / f"{STEM}.html").read_text(encoding="utf-8")
    assert "Before &lt;script&gt;alert(1)&lt;/script&gt; after." in page
    assert "<script" not in page and "javascript:" not in page
    assert "file:" not in page and "<img" not in page
    assert "A trap and secrets, passwd and &lt;img" in page
    assert '<a class="xref" href="#rec-d1">D1</a>' in page


def test_pdf_and_docx_of_a_hostile_narrative_read_nothing(tmp_path: Path) -> None:
    edition = small_edition()
    edition.entries[2] = Entry(code="S1", narrative=HOSTILE)
    editions = save_editions(tmp_path / "editions", edition)
    out = tmp_path / "out"
    args = ("build", "--format", "pdf,docx", "--editions", str(editions), "--out", str(out))
    assert run(*args)[0] == 0
    reader = PdfReader(out / f"{STEM}.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "<script>alert(1)</script>" in text and "root:" not in text
    assert not _images(reader)
    document = docx.Document(str(out / f"{STEM}.docx"))
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert targets == []


def _images(reader: PdfReader) -> set[int]:
    """Object numbers of the images the PDF draws (pages may share one resource dictionary)."""
    return {
        xobject.idnum
        for page in reader.pages
        for xobject in page["/Resources"].get("/XObject", {}).values()
        if xobject.get_object()["/Subtype"] == "/Image"
    }


def _png(path: Path, colour: str) -> None:
    Image.new("RGB", (4, 4), colour).save(path)


def test_templates_may_use_their_own_files_but_nothing_outside(
    editions: Path, tmp_path: Path
) -> None:
    """A template that asks for a file outside the templates folder, or for a URL, gets
    nothing; its own images are used."""
    templates = tmp_path / "templates"
    shutil.copytree(default_templates_dir(), templates)
    _png(templates / "logo.png", "blue")
    outside = tmp_path / "outside.png"
    _png(outside, "red")
    report = templates / "report.html.j2"
    report.write_text(
        report.read_text().replace(
            '<header class="cover">',
            '<header class="cover"><img src="logo.png" alt="Logo">'
            f'<img src="{outside.as_uri()}" alt="Outside">'
            '<img src="../outside.png" alt="Relative escape">'
            '<img src="http://127.0.0.1:9/remote.png" alt="Remote">',
        )
    )
    out = tmp_path / "out"
    code, _, stderr = run("build", "--format", "pdf", "--templates", str(templates),
                          "--editions", str(editions), "--out", str(out))  # fmt: skip
    assert code == 0, stderr
    reader = PdfReader(out / f"{STEM}.pdf")
    assert len(_images(reader)) == 1  # the logo only


def test_documents_carry_the_edition_date_or_source_date_epoch(
    editions: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def dates(out: Path) -> tuple[str, datetime, set[tuple[int, ...]]]:
        pdf = PdfReader(out / f"{STEM}.pdf").metadata["/CreationDate"]
        data = (out / f"{STEM}.docx").read_bytes()
        created = docx.Document(io.BytesIO(data)).core_properties.created
        stamps = {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()}
        return pdf, created, stamps

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    args = ("build", "--format", "pdf,docx", "--editions", str(editions), "--force")
    assert run(*args, "--out", str(tmp_path / "a"))[0] == 0
    pdf, created, stamps = dates(tmp_path / "a")
    assert pdf == "D:20240201000000Z"
    assert created == datetime(2024, 2, 1, tzinfo=UTC)
    assert stamps == {(2024, 2, 1, 0, 0, 0)}

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run(*args, "--out", str(tmp_path / "b"))[0] == 0
    pdf, created, stamps = dates(tmp_path / "b")
    assert pdf == "D:20231114221320Z"
    assert created == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert stamps == {(2023, 11, 14, 22, 13, 20)}


def test_pdf_fetcher_serves_only_the_templates_folder(tmp_path: Path) -> None:
    from weasyprint.urls import URLFetchingError, fetch

    from topolreport.render.pdf import TemplatesOnlyFetcher

    templates = default_templates_dir()
    fetcher = TemplatesOnlyFetcher(templates)
    font = templates / "fonts" / "LiberationSans-Regular.ttf"
    with fetch(fetcher, font.as_uri()) as response:
        assert response.read() == font.read_bytes()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    for url in (
        secret.as_uri(),
        "file:///etc/passwd",
        templates.as_uri() + "/../pyproject.toml",
        "http://127.0.0.1:9/x.css",
        "https://example.org/font.ttf",
        "data:text/plain,hello",
    ):
        with pytest.raises(URLFetchingError), fetch(fetcher, url):
            pass
    assert len(fetcher.refused) == 6


def test_external_links_are_real_links_in_word_and_html(tmp_path: Path) -> None:
    edition = small_edition()
    edition.entries[2] = Entry(
        code="S1", narrative="Read [the guide](https://example.org/guide?a=1&b=2) first."
    )
    editions = save_editions(tmp_path / "editions", edition)
    out = tmp_path / "out"
    args = ("build", "--format", "docx,html", "--editions", str(editions), "--out", str(out))
    assert run(*args)[0] == 0
    document = docx.Document(str(out / f"{STEM}.docx"))
    external = {rid: rel.target_ref for rid, rel in document.part.rels.items() if rel.is_external}
    assert list(external.values()) == ["https://example.org/guide?a=1&b=2"]
    links = [
        (link.get(qn("r:id")), "".join(t.text for t in link.iter(qn("w:t"))))
        for link in document.element.body.iter(qn("w:hyperlink"))
        if link.get(qn("r:id"))
    ]
    assert links == [(next(iter(external)), "the guide")]
    page = (out / f"{STEM}.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/guide?a=1&amp;b=2">the guide</a>' in page


def test_an_out_path_that_is_a_file_is_refused(editions: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder")
    code, _, stderr = run(
        "build", "--format", "html", "--editions", str(editions), "--out", str(out)
    )
    assert code == 2 and "not a folder" in stderr
    assert out.read_text() == "not a folder"


def test_weasyprint_is_imported_only_for_a_pdf(editions: Path, tmp_path: Path) -> None:
    # On one CPU, where the build renders every format in its own process (render/worker.py).
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from topolreport.cli import cli\n"
        "result = CliRunner().invoke(cli, sys.argv[1:])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('weasyprint' in sys.modules)\n"
    )
    common = ["build", "--editions", str(editions), "--out", str(tmp_path / "out"), "--format"]
    imported = {
        formats: subprocess.run(
            [sys.executable, "-c", script, *common, formats],
            capture_output=True,
            text=True,
            check=True,
            preexec_fn=lambda: os.sched_setaffinity(0, {0}),
        ).stdout.strip()
        for formats in ("docx,html", "pdf")
    }
    assert imported == {"docx,html": "False", "pdf": "True"}
