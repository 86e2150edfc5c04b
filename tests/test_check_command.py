"""`topolreport check` as CI runs it: the real report, exit codes, and the report formats."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from topolreport.model import DisabledRule
from topolreport.store import save_edition

from cli_runner import run
from factories import save_editions, small_edition

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "sources" / "topol-review-progress-2023-02.txt"


def import_text(text_file: Path, edition_id: str, folder: Path) -> None:
    code, _, err = run("import", str(text_file), "--edition", edition_id, "--editions", str(folder))
    assert code == 0, err


def line_of(file: Path, needle: str) -> int:
    """1-based number of the only line of `file` containing `needle`."""
    [number] = [i for i, line in enumerate(file.read_text().splitlines(), 1) if needle in line]
    return number


def damaged_report(tmp_path: Path) -> Path:
    """The 2023 report with G5's entry deleted and "See also P2." turned into "See also P9."."""
    text = SOURCE.read_text(encoding="utf-8")
    start = text.index("G5. Capacity should be built")
    end = text.index("G6. An attractive career pathway")
    text = text[:start] + text[end:]
    assert text.count("See also P2.") == 1
    text = text.replace("See also P2.", "See also P9.")
    damaged = tmp_path / "damaged.txt"
    damaged.write_text(text, encoding="utf-8")
    return damaged


# --- the judged scenario ---------------------------------------------------------------------


def test_an_imported_edition_that_lost_an_entry_and_has_a_bad_crossref_fails(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "editions"
    import_text(SOURCE, "2023-02", folder)  # the catalogue comes from the complete report
    import_text(damaged_report(tmp_path), "2024-02", folder)

    code, out, _ = run("check", "2024-02", "--editions", str(folder))
    assert code == 1
    catalogue = folder / "catalogue.yaml"
    g5 = line_of(catalogue, "code: G5")
    assert (
        f"{catalogue}:{g5}: error TR001 missing-entry: G5 (Genomics Panel) has no entry in "
        "edition 2024-02" in out
    )
    hi1 = folder / "2024-02" / "entries" / "HI1.md"
    assert (
        f"{hi1}:{line_of(hi1, 'See also P9.')}: error TR010 unresolved-crossref: entry HI1: "
        "cross-reference to P9 does not resolve: edition 2024-02 has no entry P9" in out
    )
    assert (
        "P9 is not a recommendation of the Topol Review: the catalogue's P codes are P1, P2" in out
    )
    # E9 also pointed at G5 ("(G4 and G5)"), which now has no entry.
    e9 = folder / "2024-02" / "entries" / "E9.md"
    assert f"{e9}:{line_of(e9, '(G4 and G5)')}: error TR010" in out
    assert "2024-02: 3 errors" in out


def test_the_same_when_the_catalogue_is_built_from_the_damaged_report(tmp_path: Path) -> None:
    folder = tmp_path / "editions"
    import_text(damaged_report(tmp_path), "2024-02", folder)

    code, out, _ = run("check", "--editions", str(folder))
    assert code == 1
    catalogue = folder / "catalogue.yaml"
    assert (
        f"{catalogue}:{line_of(catalogue, 'code: G6')}: error TR004 numbering-gap: G5 is missing: "
        "the catalogue has G4 and G6 but no G5" in out
    )
    hi1 = folder / "2024-02" / "entries" / "HI1.md"
    assert f"{hi1}:{line_of(hi1, 'See also P9.')}: error TR010 unresolved-crossref" in out


# --- the real report -------------------------------------------------------------------------


def test_the_2023_report_passes_with_its_real_warnings(tmp_path: Path) -> None:
    # Imported beside the review's reviewed registry of initiatives, as a new edition is: every
    # name is placed, so no initiative waits for review (TR080).
    folder = tmp_path / "editions"
    folder.mkdir()
    shutil.copy(REPO / "editions" / "initiatives.yaml", folder / "initiatives.yaml")
    import_text(SOURCE, "2023-02", folder)
    code, out, _ = run("check", "--all", "--editions", str(folder), "--format", "json")
    assert code == 0
    [report] = json.loads(out)["editions"]
    assert report["errors"] == 0
    found = report["findings"]
    undefined = {f["message"].split(": ", 1)[1]: f for f in found if f["rule"] == "TR020"}
    assert sorted(undefined) == [
        'ALB (as "ALBs") is used once but never defined',
        "BMJ is used once but never defined",
        "HSJ is used once but never defined",
        "NHSX is used 2 times but never defined",
        "PG is used 2 times but never defined",
        "RCGP is used once but never defined",
    ]
    for message, finding in undefined.items():
        abbreviation = message.split()[0]
        text = Path(finding["file"]).read_text().splitlines()[finding["line"] - 1]
        assert re.search(rf"\b{abbreviation}", text)
    unused = sorted(f["message"].split()[0] for f in found if f["rule"] == "TR021")
    assert unused == ["CQC", "HRA", "SME"]
    links = [f for f in found if f["rule"] == "TR030"]
    assert len(links) == SOURCE.read_text().count("](#)") == 52
    for link in links:
        name = re.search(r'link "(.*)" has no target', link["message"]).group(1)
        text = Path(link["file"]).read_text().splitlines()[link["line"] - 1]
        assert f"[{name}](#)" in text
    assert len(found) == 6 + 3 + 52

    assert run("check", "--all", "--editions", str(folder), "--strict")[0] == 1


def test_the_committed_editions_pass() -> None:
    code, out, err = run("check", "--all", "--editions", str(REPO / "editions"))
    assert code == 0, out + err
    assert "0 errors" in out and "passed" in out


# --- choosing editions, exit codes -----------------------------------------------------------


@pytest.fixture
def two_editions(tmp_path: Path) -> Path:
    """2023-02 with an error (a cross-reference to D9); 2024-02 with only warnings."""
    folder = tmp_path / "editions"
    old = small_edition("2023-02")
    old.date = "2023-02"
    old.entries[2].narrative = "Courses run. See D9."
    return save_editions(folder, old, small_edition("2024-02"))


def test_all_checks_every_edition(two_editions: Path) -> None:
    code, out, _ = run("check", "--all", "--editions", str(two_editions), "--format", "json")
    assert code == 1
    document = json.loads(out)
    assert [(e["edition"], e["passed"], e["errors"]) for e in document["editions"]] == [
        ("2023-02", False, 1),
        ("2024-02", True, 0),
    ]
    assert document["passed"] is False


def test_the_newest_edition_is_checked_by_default(two_editions: Path) -> None:
    code, out, _ = run("check", "--editions", str(two_editions))
    assert code == 0
    assert "2024-02: 0 errors, 2 warnings" in out and "2023-02" not in out
    assert run("check", "2023-02", "2024-02", "--editions", str(two_editions))[0] == 1


def test_strict_fails_on_warnings(two_editions: Path) -> None:
    code, out, _ = run("check", "2024-02", "--strict", "--editions", str(two_editions))
    assert code == 1
    assert "failed: warnings fail the check with --strict" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2024-02", "--all"], "name editions or give --all, not both"),
        (["2030-01"], "unknown edition '2030-01'"),
        (["--format", "xml"], "Invalid value for '--format'"),
    ],
)
def test_bad_usage_exits_2(two_editions: Path, args: list[str], message: str) -> None:
    code, _, err = run("check", "--editions", str(two_editions), *args)
    assert code == 2
    assert message in err


def test_a_missing_editions_folder_exits_2(tmp_path: Path) -> None:
    code, _, err = run("check", "--all", "--editions", str(tmp_path / "nowhere"))
    assert code == 2 and "editions folder not found" in err


def test_the_report_goes_to_a_file_that_is_never_overwritten_without_force(
    two_editions: Path, tmp_path: Path
) -> None:
    target = tmp_path / "reports" / "check.xml"
    args = ["check", "--all", "--editions", str(two_editions), "--format", "junit", "-o"]
    code, out, err = run(*args, str(target))
    assert code == 1 and out == ""
    assert "failed (1 errors, 4 warnings)" in err
    assert ET.fromstring(target.read_text()).tag == "testsuites"
    # A file that is not a report check wrote is never replaced without --force.
    other = tmp_path / "notes.txt"
    other.write_text("my notes\n")
    code, _, err = run(*args, str(other))
    assert code == 2 and "already exists" in err
    assert other.read_text() == "my notes\n"
    assert run(*args, str(other), "--force")[0] == 1
    assert ET.fromstring(other.read_text()).tag == "testsuites"


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_rerunning_replaces_the_report_check_wrote_last_time(
    two_editions: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"check.{fmt}"
    args = ["check", "--all", "--editions", str(two_editions), "--format", fmt, "-o", str(target)]
    assert run(*args)[0] == 1
    first = target.read_text()
    save_edition(small_edition("2023-02"), two_editions, force=True)  # the error is fixed
    code, _, err = run(*args)
    assert code == 0, err
    assert target.read_text() != first
    assert "passed" in err
    # Another format's report is check's too; a text file that only mentions "passed" is not.
    assert run(*args[:-3], "json", "-o", str(target))[0] == 0
    target.write_text("passed: a note of mine\n")
    assert run(*args)[0] == 2


# --- formats ---------------------------------------------------------------------------------


def test_github_annotations(two_editions: Path) -> None:
    code, out, _ = run("check", "--all", "--editions", str(two_editions), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    s1 = two_editions / "2023-02" / "entries" / "S1.md"
    assert (
        f"::error file={s1},line={line_of(s1, 'See D9.')},title=TR010 unresolved-crossref::"
        "entry S1: cross-reference to D9 does not resolve: edition 2023-02 has no entry D9. "
        "Fix: D9 is not a recommendation of the Example Review: the catalogue's D codes are "
        "D1, D2; correct the code in the reference" in lines
    )
    d1 = two_editions / "2024-02" / "entries" / "D1.md"
    warning = next(line for line in lines if line.startswith(f"::warning file={d1}"))
    assert warning.startswith(
        f"::warning file={d1},line={line_of(d1, '[Data Hub](#)')},title=TR030 link-without-target::"
    )
    assert lines[-3:] == [
        "2023-02: 1 error, 2 warnings",
        "2024-02: 0 errors, 2 warnings",
        "failed: 2 editions checked",
    ]
    # With --strict warnings fail the run, so they are annotated as errors.
    strict = run(
        "check", "2024-02", "--strict", "--editions", str(two_editions), "--format", "github"
    )
    assert strict[0] == 1
    assert not any(line.startswith("::warning") for line in strict[1].splitlines())


def test_github_annotation_values_are_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "a,b:c"
    save_editions(folder, small_edition())
    out = run("check", "--editions", str(folder), "--format", "github")[1]
    assert "a%2Cb%3Ac" in out and "a,b:c" not in out.split("::")[1]


def test_junit_report(two_editions: Path, tmp_path: Path) -> None:
    edition = small_edition("2024-02")
    edition.disabled_rules = [DisabledRule(rule="TR030", reason="targets restored in 2025")]
    save_edition(edition, two_editions, force=True)
    code, out, _ = run("check", "--all", "--editions", str(two_editions), "--format", "junit")
    assert code == 1
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "topolreport check 2023-02",
        "topolreport check 2024-02",
    ]
    # Every rule a plain `check` runs, by hand: all but TR061, which only --final runs.
    default = [
        "TR001 missing-entry",
        "TR002 unknown-recommendation",
        "TR003 empty-entry",
        "TR004 numbering-gap",
        "TR010 unresolved-crossref",
        "TR020 undefined-abbreviation",
        "TR021 unused-abbreviation",
        "TR030 link-without-target",
        "TR040 metric-without-unit",
        "TR041 metric-without-as-of",
        "TR042 metric-not-in-narrative",
        "TR050 duplicate-id",
        "TR060 entry-not-reviewed",
        "TR080 unreviewed-initiative",
        "TR090 schema",
        "TR091 bad-rule-switch",
    ]
    for suite in suites:
        cases = suite.findall("testcase")
        assert [c.get("name") for c in cases] == default
        assert suite.get("tests") == str(len(default))

    old, new = ({c.get("name").split()[0]: c for c in s.findall("testcase")} for s in suites)
    failure = old["TR010"].find("failure")
    assert failure is not None and failure.get("type") == "TR010"
    assert "cross-reference to D9 does not resolve" in failure.text
    assert old["TR010"].get("file").endswith("S1.md")
    assert suites[0].get("failures") == "1"
    # Warnings do not fail a case: it is skipped, naming them (viewers hide system-out).
    assert old["TR030"].find("failure") is None
    assert old["TR030"].find("system-out") is None
    warned = old["TR030"].find("skipped")
    assert warned.get("message") == '1 warning: entry D1: link "Data Hub" has no target'
    assert 'link "Data Hub" has no target' in warned.text
    assert old["TR001"].find("failure") is None and old["TR001"].find("system-out") is None
    # A rule switched off is skipped, with its reason.
    skipped = new["TR030"].find("skipped")
    assert (
        skipped is not None and skipped.get("message") == "switched off: targets restored in 2025"
    )
    # Skipped: TR030, switched off, and TR021, which has only a warning.
    assert [name for name, case in new.items() if case.find("skipped") is not None] == [
        "TR021",
        "TR030",
    ]
    assert new["TR021"].find("skipped").get("message") == (
        "1 warning: NHS is in the abbreviations table but the text never uses it"
    )
    assert (suites[1].get("failures"), suites[1].get("skipped")) == ("0", "2")
    assert (root.get("tests"), root.get("failures")) == (str(2 * len(default)), "1")


def test_junit_strict_fails_warning_cases_and_a_broken_snapshot_skips_the_rest(
    two_editions: Path,
) -> None:
    (two_editions / "2023-02" / "edition.yaml").write_text("title: [unclosed\n")
    args = ["check", "--all", "--strict", "--editions", str(two_editions), "--format", "junit"]
    code, out, _ = run(*args)
    assert code == 1
    old, new = (
        {c.get("name").split()[0]: c for c in s.findall("testcase")}
        for s in ET.fromstring(out).findall("testsuite")
    )
    assert "edition.yaml:2: error TR090: not valid YAML" in old["TR090"].find("failure").text
    assert old["TR010"].find("skipped").get("message") == "not run: the edition does not load"
    assert new["TR030"].find("failure") is not None  # a warning, failing with --strict


def test_text_and_json_are_the_same_on_every_run(two_editions: Path) -> None:
    for fmt in ("text", "json", "github", "junit"):
        args = ("check", "--all", "--editions", str(two_editions), "--format", fmt)
        assert run(*args)[1] == run(*args)[1]


def test_the_check_does_not_load_the_rendering_libraries() -> None:
    # CI runs the gate on every push: it must not pay for WeasyPrint or python-docx.
    script = (
        "import sys; from click.testing import CliRunner; from topolreport.cli import cli; "
        f"CliRunner().invoke(cli, ['check', '--all', '--editions', {str(REPO / 'editions')!r}]); "
        "print(sorted(m for m in ('weasyprint', 'docx', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
