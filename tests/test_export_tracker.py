"""`topolreport export --format xlsx|csv`: the tracker tables of three editions, read back
cell by cell with openpyxl and opened with LibreOffice Calc."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from topolreport.cli import cli
from topolreport.store import load_edition

from editions3 import TOUCHED_2024, make_three_editions
from tools import require_tool


def run(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_three_editions(tmp_path_factory.mktemp("three"))


@pytest.fixture(scope="module")
def workbook_path(editions: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "tracker.xlsx"
    code, _, err = run(
        "export", "2023-02", "2024-02", "2025-02", "--format", "xlsx", "-o", str(path),
        "--editions", str(editions),
    )  # fmt: skip
    assert code == 0, err
    return path


def rows_by_key(sheet: openpyxl.worksheet.worksheet.Worksheet, key: tuple[str, ...]) -> dict:
    header = [cell.value for cell in sheet[1]]
    found = {}
    for values in sheet.iter_rows(min_row=2, values_only=True):
        row = dict(zip(header, values, strict=True))
        found[tuple(row[k] for k in key)] = row
    return found


def test_the_workbook_has_both_sheets_laid_out_for_reading(workbook_path: Path) -> None:
    book = openpyxl.load_workbook(workbook_path)
    assert book.sheetnames == ["Recommendations", "Figures"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "C2"
        last = sheet.cell(1, sheet.max_column).column_letter
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.column_dimensions["A"].width >= 8
    recs = book["Recommendations"]
    assert [c.value for c in recs[1]] == [
        "Edition", "Code", "Panel", "Recommendation", "Owners", "Editorial status", "RAG",
        "Status reason", "Target date", "Progress signal", "Signal reasons",
        "Editions without change", "Initiatives",
    ]  # fmt: skip
    assert recs.column_dimensions["D"].width > recs.column_dimensions["B"].width


def test_one_row_per_recommendation_per_edition(workbook_path: Path, editions: Path) -> None:
    sheet = openpyxl.load_workbook(workbook_path)["Recommendations"]
    rows = rows_by_key(sheet, ("Edition", "Code"))
    for edition_id in ("2023-02", "2024-02", "2025-02"):
        edition = load_edition(editions, edition_id)
        assert {code for e, code in rows if e == edition_id} == {x.code for x in edition.entries}
    g2 = rows[("2024-02", "G2")]
    assert g2["Panel"] == "Genomics Panel"
    assert g2["Recommendation"].startswith("All healthcare professionals should receive core")
    assert g2["Progress signal"] == "figure moved"
    assert g2["Editions without change"] == 0
    assert rows[("2024-02", "AIR4")]["Progress signal"] == "new initiative; narrative updated"
    assert rows[("2024-02", "AIR4")]["Initiatives"] == rows[("2023-02", "AIR4")]["Initiatives"] + 1
    # G8's figure fell in 2024 and stayed in 2025: one edition without change.
    assert rows[("2025-02", "G8")]["Progress signal"] == "no reported change"
    assert rows[("2025-02", "G8")]["Signal reasons"] == (
        "no new initiative; no metric moved; narrative unchanged"
    )
    assert rows[("2025-02", "G8")]["Editions without change"] == 1
    # Untouched in both later editions: two editions without change.
    untouched = rows[("2025-02", "OD1")]
    assert untouched["Editions without change"] == 2
    assert "OD1" not in TOUCHED_2024
    assert rows[("2023-02", "G2")]["Progress signal"] == "first reported"
    # No editorial status set yet: the cells are empty, not invented.
    assert g2["Editorial status"] is None and g2["RAG"] is None


def test_one_row_per_figure_with_its_change(workbook_path: Path) -> None:
    sheet = openpyxl.load_workbook(workbook_path)["Figures"]
    rows = rows_by_key(sheet, ("Edition", "Figure id"))
    learners = [rows[(e, "g2-learners")] for e in ("2023-02", "2024-02", "2025-02")]
    assert [r["Value"] for r in learners] == [33700, 41200, 52900]
    assert [r["As of"] for r in learners] == ["2023-02", "2024-02", "2025-02"]
    assert [r["Change since previous edition"] for r in learners] == [
        None, 41200 - 33700, 52900 - 41200,
    ]  # fmt: skip
    assert learners[0]["Code"] == "G2" and learners[0]["Unit"] == "learners"
    visitors = [r for (e, _), r in rows.items() if e == "2024-02" and r["Code"] == "G8"]
    fell = [r for r in visitors if r["Value"] == 2100]
    assert len(fell) == 1 and fell[0]["Change since previous edition"] == 2100 - 2600
    assert fell[0]["Qualifier"] == "over"


def test_rebuilding_gives_the_same_bytes(workbook_path: Path, editions: Path) -> None:
    again = workbook_path.with_name("again.xlsx")
    code, _, err = run(
        "export", "2023-02", "2024-02", "2025-02", "--format", "xlsx", "-o", str(again),
        "--editions", str(editions),
    )  # fmt: skip
    assert code == 0, err
    assert again.read_bytes() == workbook_path.read_bytes()


def test_libreoffice_calc_reads_the_workbook(workbook_path: Path, tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    # Filter options: comma, quote, UTF-8, from line 1; sheet -1 writes every sheet to a file.
    target = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    result = subprocess.run(
        [
            soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
            "--convert-to", target, "--outdir", str(tmp_path), str(workbook_path),
        ],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    recs = list(csv.reader((tmp_path / "tracker-Recommendations.csv").open(encoding="utf-8")))
    figures = list(csv.reader((tmp_path / "tracker-Figures.csv").open(encoding="utf-8")))
    assert recs[0][:3] == ["Edition", "Code", "Panel"]
    g2 = next(r for r in recs if r[:2] == ["2025-02", "G2"])
    assert g2[2] == "Genomics Panel" and g2[9] == "figure moved"
    learners = next(r for r in figures if r[0] == "2025-02" and r[2] == "g2-learners")
    assert learners[4] == "52900" and learners[8] == str(52900 - 41200)


def test_csv_writes_one_table_with_an_optional_bom(editions: Path) -> None:
    code, plain, err = run(
        "export", "2024-02", "--format", "csv", "--table", "figures", "--editions", str(editions)
    )
    assert code == 0, err
    assert not plain.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(plain.decode("utf-8"))))
    learners = next(r for r in rows if r["Figure id"] == "g2-learners")
    # Only 2024-02 is written, and its change is still measured against 2023-02.
    assert {r["Edition"] for r in rows} == {"2024-02"}
    assert learners["Value"] == "41200" and learners["Change since previous edition"] == "7500"
    code, marked, _ = run(
        "export", "2024-02", "--format", "csv", "--bom", "--editions", str(editions)
    )
    assert code == 0 and marked.startswith(b"\xef\xbb\xbf")
    header = marked[3:].decode("utf-8").splitlines()[0]
    assert header.startswith("Edition,Code,Panel,Recommendation,Owners,Editorial status")


def test_bad_requests_are_one_line_errors(editions: Path, tmp_path: Path) -> None:
    code, _, err = run("export", "2024-02", "--format", "xlsx", "--editions", str(editions))
    assert code == 2 and "--output" in err and "Traceback" not in err
    code, _, err = run("export", "2031-02", "--format", "csv", "--editions", str(editions))
    assert code == 2 and "unknown edition '2031-02'" in err
    code, _, err = run("export", "2023-02", "2024-02", "--editions", str(editions))
    assert code == 2 and "one edition" in err
    existing = tmp_path / "t.xlsx"
    existing.write_bytes(b"keep")
    code, _, err = run(
        "export", "2024-02", "--format", "xlsx", "-o", str(existing), "--editions", str(editions)
    )
    assert code == 2 and existing.read_bytes() == b"keep"
