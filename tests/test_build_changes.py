"""`build --with-changes`: the annex "Changes since the last edition"."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from topolreport.model import Initiative, Metric

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
    assert "Compared with the February 2023 edition: 1 change." in annex
    assert (
        "The Data Hub now has over 2,000 users: rose from over 2,000 users to over 3,000 users."
        in annex
    )
    assert '<a class="xref" href="#rec-d1"><strong>D1</strong></a>' in annex
    assert '<a href="#changes">Changes since the last edition</a>' in page  # in the contents

    document = docx.Document(str(out / f"{STEM}.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[-1] == "Changes since the last edition"
    contents = [p.text for p in document.paragraphs if p.style.name == "toc 1"]
    assert contents[-1] == "Changes since the last edition"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "rose from over 2,000 users to over 3,000 users" in text


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


def test_the_annex_speaks_to_the_public_under_real_headings(tmp_path: Path) -> None:
    folder = tmp_path / "editions"
    old = small_edition("2023-02").model_copy(update={"date": "2023-02"})
    new = small_edition("2024-02")
    d1 = new.entries[0]
    d1.metrics[0].value = 1500  # fell
    d1.narrative = d1.narrative.replace("over 2,000 users", "over 1,500 users") + (
        " The [Skills Academy](#) trained 120 fellows."
    )
    d1.metrics.append(
        Metric(
            id="d1-fellows",
            value=120,
            unit="fellows",
            label="trained 120 fellows",
            text="120 fellows",
            as_of="2024-01",
        )  # fmt: skip
    )
    d1.initiatives.append(Initiative(id="skills-academy", name="Skills Academy"))
    editions = save_editions(folder, old, new)
    out = tmp_path / "out"
    code, _, stderr = run("build", "--with-changes", "--format", "html,docx",
                          "--editions", str(editions), "--out", str(out))  # fmt: skip
    assert code == 0, stderr
    page = (out / f"{STEM}.html").read_text(encoding="utf-8")
    annex = page[page.index('<h2 id="changes">') :]
    # Panels are headings one level below the annex's own.
    assert "<h3>Data Panel</h3>" in annex and "<strong>Data Panel</strong>" not in annex
    # Figures by their labels, a new one with its month; plain words, no ids, no percentages.
    assert "Trained 120 fellows: 120 fellows (as of January 2024)." in annex
    assert "The Data Hub now has over 2,000 users: fell from over 2,000 users to over 1,500" in (
        annex
    )
    assert "New initiative: Skills Academy." in annex
    assert "The account of progress was updated." in annex
    assert "Stalled (no new initiative; no figure changed; progress text unchanged): " in annex
    for machine in ("d1-users", "d1-fellows", "%", "2023-02", "2024-02", "metric "):
        assert machine not in annex.split("</section>")[0], machine

    document = docx.Document(str(out / f"{STEM}.docx"))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    start = paragraphs.index(("Heading 1", "Changes since the last edition"))
    annex_headings = [text for style, text in paragraphs[start:] if style == "Heading 2"]
    assert annex_headings == ["Data Panel", "Skills"]


def test_an_initiative_mentioned_in_another_entry_is_told_in_plain_words(tmp_path: Path) -> None:
    """An initiative that one entry names anew (or no longer) while another entry still reports
    it is neither new nor removed: the annex says where else it is reported."""
    old = small_edition("2023-02").model_copy(update={"date": "2023-02"})
    new = small_edition("2024-02")
    new.entries[1] = new.entries[1].model_copy(
        update={"narrative": "See D1. The [Data Hub](#) trains staff.",
                "initiatives": [Initiative(id="data-hub", name="Data Hub")]}
    )  # fmt: skip
    editions = save_editions(tmp_path / "editions", old, new)
    out = tmp_path / "out"
    code, _, stderr = run("build", "--with-changes", "--format", "html",
                          "--editions", str(editions), "--out", str(out))  # fmt: skip
    assert code == 0, stderr
    page = (out / f"{STEM}.html").read_text(encoding="utf-8")
    assert "Now also mentions Data Hub, reported under D1." in page
