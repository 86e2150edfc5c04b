"""`build --with-changes`: the annex "Changes since the last edition"."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from cli_runner import run
from factories import save_editions, small_edition

STEM = "example-review-progress-2024-02"


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    folder = tmp_path / "editions"
    old = small_edition("2023-02").model_copy(update={"date": "2023-02"})
    new = small_edition("2024-02")
    new.entries[0].metrics[0].value = 3000  # D1: over 2,000 users -> over 3,000 users
    return save_editions(folder, old, new)


def test_annex_lists_the_changes_in_every_format(editions: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = run("build", "--with-changes", "--format", "html,docx",
                          "--editions", str(editions), "--out", str(out))  # fmt: skip
    assert code == 0, stderr
    page = (out / f"{STEM}.html").read_text(encoding="utf-8")
    annex = page[page.index('<h2 id="changes">Changes since the last edition</h2>') :]
    assert "Compared with the February 2023 edition (2023-02)" in annex
    assert "over 2,000 users → over 3,000 users" in annex
    assert '<a class="xref" href="#rec-d1"><strong>D1</strong></a>' in annex
    assert '<a href="#changes">Changes since the last edition</a>' in page  # in the contents

    document = docx.Document(str(out / f"{STEM}.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[-1] == "Changes since the last edition"
    contents = [p.text for p in document.paragraphs if p.style.name == "toc 1"]
    assert contents[-1] == "Changes since the last edition"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "over 2,000 users → over 3,000 users" in text


def test_without_the_flag_there_is_no_annex(editions: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", "--format", "html", "--editions", str(editions), "--out", str(out))[0] == 0
    assert "Changes since the last edition" not in (out / f"{STEM}.html").read_text()


def test_the_oldest_edition_has_nothing_to_compare_with(editions: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = run("build", "2023-02", "--with-changes", "--editions", str(editions),
                          "--out", str(out))  # fmt: skip
    assert code == 2 and "no earlier edition" in stderr
    assert not out.exists()
