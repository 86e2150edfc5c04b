"""`check --final` refuses what was only carried forward (TR070-TR073), and `build` shows an
empty foreword or summary as a "not yet written" note instead of dropping it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from topolreport.cli import cli

from tools import require_tool

REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    """The real 2023 edition and a 2024 draft started from it with `new`."""
    editions = tmp_path / "editions"
    shutil.copytree(REPO / "editions", editions)
    code, out, err = run("new", "2024-02", "--from", "2023-02", "--editions", str(editions))
    assert code == 0, err
    assert "confirm 2024-02 --metadata" in out
    return editions


def final_findings(editions: Path, edition_id: str = "2024-02") -> list[dict]:
    code, out, err = run("check", edition_id, "--final", "--format", "json", "--editions",
                         str(editions))  # fmt: skip
    found = json.loads(out)["editions"][0]["findings"]
    assert code == (1 if any(f["severity"] == "error" for f in found) else 0), err
    return found


def by_rule(findings: list[dict], rule: str) -> list[dict]:
    return [f for f in findings if f["rule"] == rule]


def test_the_real_edition_passes_the_new_rules() -> None:
    code, out, _ = run("check", "2023-02", "--final", "--format", "json", "--editions",
                       str(REPO / "editions"))  # fmt: skip
    found = json.loads(out)["editions"][0]["findings"]
    assert not [f for f in found if f["rule"] in {"TR070", "TR071", "TR072", "TR073"}]


def test_a_fresh_draft_fails_on_every_carried_forward_part(draft: Path) -> None:
    found = final_findings(draft)
    # Every figure of the 2023 report is from February 2023, older than the draft.
    g2 = draft / "2024-02" / "entries" / "G2.md"
    figures = by_rule(found, "TR070")
    g2_figures = [f for f in figures if f["file"] == str(g2)]
    assert len(g2_figures) == g2.read_text().count("as_of: 2023-02")
    assert "g2-learners ('33,700 learners') is from 2023-02" in g2_figures[0]["message"]
    assert sorted(f["message"] for f in by_rule(found, "TR071")) == [
        "the foreword is empty",
        "the summary is empty",
    ]
    [metadata] = by_rule(found, "TR072")
    assert metadata["file"].endswith("2024-02/edition.yaml")
    assert "Health Education England" in metadata["message"]
    assert not by_rule(found, "TR073")  # the edition does not ask for a status
    # While drafting none of this fails the check.
    code, out, _ = run("check", "2024-02", "--format", "json", "--editions", str(draft))
    rules = {f["rule"] for f in json.loads(out)["editions"][0]["findings"]}
    assert code == 0 and not rules & {"TR070", "TR071", "TR072", "TR073"}


def test_refreshing_or_confirming_clears_each_finding(draft: Path) -> None:
    folder = draft / "2024-02"
    g2 = folder / "entries" / "G2.md"
    g2.write_text(g2.read_text().replace("as_of: 2023-02", "as_of: 2024-02"))
    where = ["--editions", str(draft)]
    code, _, err = run("confirm", "2024-02", "E3", "--reason", "Alumni count not yet out", *where)
    assert code == 0, err
    found = final_findings(draft)
    codes = {f["file"].rsplit("/", 1)[1] for f in by_rule(found, "TR070")}
    assert "G2.md" not in codes and "E3.md" not in codes and "G4.md" in codes

    (folder / "foreword.md").write_text("A year of progress.\n")
    (folder / "summary.md").write_text("The programmes continued.\n")
    assert not by_rule(final_findings(draft), "TR071")

    code, _, err = run("confirm", "2024-02", "--metadata", "--reason", " ", *where)
    assert code == 2 and "reason is empty" in err
    code, _, err = run(
        "confirm", "2024-02", "--metadata", "--reason", "HEE still publishes this edition", *where
    )
    assert code == 0, err
    assert not by_rule(final_findings(draft), "TR072")


def test_editing_the_publisher_clears_the_metadata_finding(draft: Path) -> None:
    meta = draft / "2024-02" / "edition.yaml"
    meta.write_text(
        meta.read_text().replace("publisher: Health Education England", "publisher: NHS England")
    )
    assert not by_rule(final_findings(draft), "TR072")


def test_a_required_status_must_be_set_on_every_entry(draft: Path) -> None:
    meta = draft / "2023-02" / "edition.yaml"
    meta.write_text(meta.read_text() + "require_status: true\n")
    found = by_rule(final_findings(draft, "2023-02"), "TR073")
    assert len(found) == 43
    assert "entry G2 has no editorial status" in {f["message"] for f in found}
    where = ["--editions", str(draft)]
    code, _, err = run("assess", "2023-02", "G2", "--status", "in progress", "--reason", "x",
                       "--reviewer", "A", *where)  # fmt: skip
    assert code == 0, err
    found = by_rule(final_findings(draft, "2023-02"), "TR073")
    assert len(found) == 42 and "entry G2 has no editorial status" not in {
        f["message"] for f in found
    }


def test_build_shows_empty_sections_as_not_yet_written(draft: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, _, err = run("build", "2024-02", "--format", "html,pdf", "--out", str(out_dir),
                       "--editions", str(draft))  # fmt: skip
    assert code == 0, err
    assert "the foreword is empty" in err and "the summary is empty" in err
    [html] = out_dir.glob("*.html")
    page = html.read_text()
    assert "Not yet written: the foreword of this edition is still to be written" in page
    assert "Not yet written: the summary of this edition is still to be written" in page
    [pdf] = out_dir.glob("*.pdf")
    pdftotext = require_tool("pdftotext")
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True).stdout
    text = " ".join(text.split())
    assert "Summary" in text and "the summary of this edition is still to be written" in text


def test_figures_older_than_the_edition_show_their_month_in_every_format(
    draft: Path, tmp_path: Path
) -> None:
    g2 = draft / "2024-02" / "entries" / "G2.md"
    # One figure refreshed for 2024, the others left from February 2023.
    g2.write_text(
        g2.read_text()
        .replace("33,700 learners", "41,200 learners")
        .replace("value: 33700", "value: 41200")
        .replace("as_of: 2023-02", "as_of: 2024-02", 1)
    )
    out_dir = tmp_path / "out"
    code, _, err = run("build", "2024-02", "--format", "docx,html", "--out", str(out_dir),
                       "--editions", str(draft))  # fmt: skip
    assert code == 0, err
    [html] = out_dir.glob("*.html")
    page = " ".join(html.read_text().split())
    assert "41,200 learners to date" in page and "41,200 learners (as of" not in page
    assert "66,000 learners (as of February 2023)" in page
    import docx

    [word] = out_dir.glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert "66,000 learners (as of February 2023)" in text
    # The 2023 edition's own figures are this edition's news: no month added.
    code, _, err = run("build", "2023-02", "--format", "html", "--out", str(tmp_path / "o23"),
                       "--editions", str(draft))  # fmt: skip
    assert code == 0, err
    assert "(as of February 2023)" not in next((tmp_path / "o23").glob("*.html")).read_text()
