"""`topolreport check` as a gate CI keeps switched on: counts by rule, narrowing the rules,
GitHub's annotation limits and step summary, JUnit warnings, and the baseline."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cli_runner import run
from factories import save_editions, small_edition

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "sources" / "topol-review-progress-2023-02.txt"


def line_of(file: Path, needle: str) -> int:
    [number] = [i for i, line in enumerate(file.read_text().splitlines(), 1) if needle in line]
    return number


@pytest.fixture
def crowded(tmp_path: Path) -> Path:
    """One edition with 12 errors (cross-references to Q1 … Q12) and 15 warnings (14 links
    without a target: "Data Hub" and Tool 1 … 13; and NHS in the table but never used)."""
    folder = tmp_path / "editions"
    edition = small_edition("2024-02")
    edition.entries[2].narrative = "\n\n".join(f"Course {i} ran (see Q{i})." for i in range(1, 13))
    links = "\n\n".join(f"The [Tool {i}](#) opened." for i in range(1, 14))
    edition.entries[0].narrative += "\n\n" + links
    return save_editions(folder, edition)


# --- text: counts by rule, narrowing ---------------------------------------------------------


def test_text_ends_with_the_findings_counted_by_rule(crowded: Path) -> None:
    code, out, _ = run("check", "--editions", str(crowded))
    assert code == 1
    assert out.endswith(
        "2024-02: 12 errors, 15 warnings\n"
        "by rule:\n"
        "  TR010 unresolved-crossref  12 errors\n"
        "  TR021 unused-abbreviation  1 warning\n"
        "  TR030 link-without-target  14 warnings\n"
        "failed: 1 edition checked\n"
    )


def test_errors_only(crowded: Path) -> None:
    code, out, _ = run("check", "--errors-only", "--editions", str(crowded))
    assert code == 1
    assert "warning" not in out.replace("0 warnings", "")
    assert out.count("error TR010 unresolved-crossref") == 12
    assert out.endswith(
        "2024-02: 12 errors, 0 warnings\n"
        "by rule:\n"
        "  TR010 unresolved-crossref  12 errors\n"
        "failed: 1 edition checked (rules for errors only)\n"
    )
    rules = json.loads(
        run("check", "--errors-only", "--editions", str(crowded), "--format", "json")[1]
    )["editions"][0]["rules"]
    assert "TR010" in rules and "TR030" not in rules and "TR020" not in rules


@pytest.mark.parametrize("chosen", [["TR030"], ["link-without-target"], ["tr030", "TR021"]])
def test_rule_runs_only_the_rules_named(crowded: Path, chosen: list[str]) -> None:
    args = [arg for name in chosen for arg in ("--rule", name)]
    code, out, _ = run("check", *args, "--editions", str(crowded))
    assert code == 0  # the errors are TR010's, which did not run
    assert "TR010" not in out
    assert out.count("warning TR030 link-without-target") == 14
    assert (out.count("TR021 unused-abbreviation") > 0) == (len(chosen) == 2)
    codes = ", ".join(sorted({"TR030", "TR021"} if len(chosen) == 2 else {"TR030"}))
    assert out.endswith(f"passed: 1 edition checked ({codes} only)\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rule", "TR999"], "'TR999' is not a rule"),
        (["--errors-only", "--strict"], "--errors-only leaves warnings out"),
        (["--junit-warnings", "failure"], "--junit-warnings is for --format junit"),
        (["--baseline", "b.json", "--no-baseline"], "not both"),
    ],
)
def test_bad_gate_options_exit_2(crowded: Path, args: list[str], message: str) -> None:
    code, _, err = run("check", "--editions", str(crowded), *args)
    assert code == 2
    assert message in err


# --- GitHub ------------------------------------------------------------------------------------


def test_github_annotates_ten_errors_then_ten_warnings_and_says_where_the_rest_are(
    crowded: Path, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## an earlier step\n")
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    code, out, _ = run("check", "--editions", str(crowded), "--format", "github", env=env)
    assert code == 1
    lines = out.splitlines()
    kinds = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    assert kinds == ["::error"] * 10 + ["::warning"] * 10 + ["::notice"]
    assert lines[-1] == (
        "::notice title=topolreport check::7 more findings (2 errors, 5 warnings) not "
        "annotated: GitHub shows 10 annotations of each kind per step; every finding is in "
        "the step summary"
    )
    s1 = crowded / "2024-02" / "entries" / "S1.md"
    assert f"::error file={s1},line={line_of(s1, '(see Q1).')},title=TR010" in out
    # The two errors past the limit are still in the log, as plain lines.
    assert (
        f"{s1}:{line_of(s1, '(see Q12)')}: error TR010 unresolved-crossref: entry S1: "
        "cross-reference to Q12 does not resolve: edition 2024-02 has no entry Q12. Fix: " in out
    )

    written = summary.read_text()
    assert written.startswith("## an earlier step\n## ❌ topolreport check failed: 1 edition")
    assert "| 2024-02 | 12 | 15 | 0 |" in written
    rows = [row for row in written.splitlines() if row.startswith(("| error |", "| warning |"))]
    assert len(rows) == 12 + 15
    d1 = crowded / "2024-02" / "entries" / "D1.md"
    assert (
        f"| warning | TR030 link-without-target | `{d1}:{line_of(d1, '[Tool 13](#)')}` | "
        'entry D1: link "Tool 13" has no target | put the address in the brackets, '
        "[Tool 13](https://…), or drop the link markup and keep the words |" in rows
    )
    assert "| TR030 link-without-target | 14 warnings |" in written


def test_without_a_step_summary_the_notice_points_at_the_log(crowded: Path) -> None:
    out = run("check", "--editions", str(crowded), "--format", "github", env={})[1]
    assert out.splitlines()[-1].endswith(
        "per step; they are listed in the log above the per-edition counts"
    )


def test_strict_annotations_count_warnings_as_errors(crowded: Path) -> None:
    out = run("check", "--strict", "--editions", str(crowded), "--format", "github")[1]
    assert sum(line.startswith("::error") for line in out.splitlines()) == 10
    assert not any(line.startswith("::warning") for line in out.splitlines())
    assert "17 more findings (17 errors) not annotated" in out


def test_the_step_summary_keeps_angle_brackets_and_bars_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "editions"
    edition = small_edition()
    edition.entries[0].narrative += "\n\nThe [a|b <c>](#) link."
    save_editions(folder, edition)
    summary = tmp_path / "summary.md"
    run("check", "--editions", str(folder), "--format", "github",
        env={"GITHUB_STEP_SUMMARY": str(summary)})  # fmt: skip
    assert 'entry D1: link "a\\|b &lt;c&gt;" has no target' in summary.read_text()


# --- JUnit ---------------------------------------------------------------------------------------


def test_junit_warnings_can_fail_their_cases(crowded: Path) -> None:
    args = ["check", "--editions", str(crowded), "--format", "junit"]
    code, out, _ = run(*args, "--junit-warnings", "failure")
    assert code == 1  # as without the option: the exit status is the errors'
    cases = {c.get("name").split()[0]: c for c in ET.fromstring(out).iter("testcase")}
    failure = cases["TR030"].find("failure")
    assert failure.get("type") == "TR030"
    assert failure.get("message") == '14 warnings: entry D1: link "Data Hub" has no target'
    assert failure.text.count("warning TR030") == 14
    assert ET.fromstring(out).find("testsuite").get("failures") == "3"  # TR010, TR021, TR030

    skipped = ET.fromstring(run(*args)[1])
    cases = {c.get("name").split()[0]: c for c in skipped.iter("testcase")}
    assert cases["TR030"].find("failure") is None
    assert cases["TR030"].find("skipped").get("message").startswith("14 warnings: ")
    assert skipped.find("testsuite").get("failures") == "1"


# --- the baseline ------------------------------------------------------------------------------


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """The real February 2023 report, imported: 61 warnings. It is imported beside the review's
    reviewed registry of initiatives, as a new edition is: every name is placed, so no
    initiative waits for review (TR080)."""
    folder = tmp_path / "editions"
    folder.mkdir()
    shutil.copy(REPO / "editions" / "initiatives.yaml", folder / "initiatives.yaml")
    code, _, err = run("import", str(SOURCE), "--edition", "2023-02", "--editions", str(folder))
    assert code == 0, err
    return folder


def test_a_baseline_accepts_the_published_warnings(published: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "accepted.json"
    code, out, err = run("check", "--all", "--editions", str(published),
                         "--write-baseline", str(baseline))  # fmt: skip
    assert code == 0, err
    assert f"wrote {baseline}: 61 findings accepted (0 errors, 61 warnings)" in err
    assert "2023-02: 0 errors, 0 warnings, 61 accepted by the baseline" in out

    code, out, _ = run("check", "--all", "--strict", "--editions", str(published),
                       "--baseline", str(baseline))  # fmt: skip
    assert code == 0
    assert out == (
        "2023-02: 0 errors, 0 warnings, 61 accepted by the baseline\n"
        f"baseline {baseline}: 61 accepted findings not reported\n"
        "passed: 1 edition checked\n"
    )
    assert run("check", "--all", "--strict", "--editions", str(published))[0] == 1

    rows = [json.loads(row.rstrip(",")) for row in baseline.read_text().splitlines()[5:-2]]
    assert len(rows) == 61  # one finding a line
    assert json.loads(baseline.read_text())["findings"] == rows
    nhsx = next(row for row in rows if "NHSX" in row["message"])
    assert nhsx | {"fingerprint": ""} == {
        "fingerprint": "",
        "rule": "TR020",
        "edition": "2023-02",
        "file": "2023-02/entries/P2.md",
        "count": 1,
        "message": "entry P2: NHSX is never defined",
    }


def test_edits_above_a_finding_do_not_bring_it_back(published: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "accepted.json"
    run("check", "--all", "--editions", str(published), "--write-baseline", str(baseline))
    p2 = published / "2023-02" / "entries" / "P2.md"
    text = p2.read_text()
    # A paragraph above the findings (every line number moves), a third use of NHSX, a new
    # undefined abbreviation, and one lost link target restored.
    text = text.replace(
        "\n---\n\n", "\n---\n\nA new first paragraph.\n\nThe NHSX and the QQX met.\n\n", 1
    )
    text = text.replace(
        "[Digital Health Champions Network](#)",
        "[Digital Health Champions Network](https://example.org/dhcn)",
    )
    p2.write_text(text)

    code, out, _ = run("check", "--all", "--editions", str(published), "--baseline", str(baseline))
    assert code == 0
    assert (
        f"{p2}:{line_of(p2, 'QQX met')}: warning TR020 undefined-abbreviation: entry P2: QQX is "
        "used once but never defined" in out
    )
    assert "2023-02: 0 errors, 1 warning, 60 accepted by the baseline" in out
    assert (
        f"baseline {baseline}: 60 accepted findings not reported; 1 of its findings no longer "
        "occur (rewrite it with --write-baseline)" in out
    )


def test_a_baseline_matches_from_any_working_folder(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    baseline = tmp_path / "accepted.json"
    run("check", "--all", "--editions", str(published), "--write-baseline", str(baseline))
    first = baseline.read_text()
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check", "--all", "--editions", "editions", "--baseline", "accepted.json")
    assert code == 0 and "0 warnings, 61 accepted" in out
    # Rewriting it (no --force needed over a baseline) gives the same bytes.
    code, _, err = run(
        "check", "--all", "--editions", "editions", "--write-baseline", "accepted.json"
    )
    assert code == 0, err
    assert baseline.read_text() == first


def test_the_editions_folders_own_baseline_is_used_unless_told_not_to(published: Path) -> None:
    own = published / "check-baseline.json"
    run("check", "--all", "--editions", str(published), "--write-baseline", str(own))
    code, out, _ = run("check", "--all", "--strict", "--editions", str(published))
    assert code == 0 and "61 accepted by the baseline" in out
    code, out, _ = run("check", "--all", "--strict", "--no-baseline", "--editions", str(published))
    assert code == 1 and "2023-02: 0 errors, 61 warnings\n" in out


def test_a_count_accepts_that_many_findings_of_one_fingerprint(tmp_path: Path) -> None:
    folder = tmp_path / "editions"
    edition = small_edition()
    edition.entries[2].narrative += "\n\nSee the [guide](#).\n\nAnd the [guide](#) again."
    save_editions(folder, edition)
    baseline = tmp_path / "b.json"
    run("check", "--editions", str(folder), "--write-baseline", str(baseline))
    rows = json.loads(baseline.read_text())["findings"]
    [row] = [row for row in rows if "guide" in row["message"]]
    assert row["count"] == 2
    s1 = folder / "2024-02" / "entries" / "S1.md"
    s1.write_text(s1.read_text() + "\nA third [guide](#).\n")
    out = run("check", "--editions", str(folder), "--baseline", str(baseline))[1]
    assert out.count('link "guide" has no target') == 1
    assert "0 errors, 1 warning, 4 accepted by the baseline" in out  # 3 links, NHS unused


def test_writing_a_baseline_for_one_edition_keeps_the_others(two: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    run("check", "--all", "--editions", str(two), "--write-baseline", str(baseline))
    both = json.loads(baseline.read_text())["findings"]
    assert {row["edition"] for row in both} == {"2023-02", "2024-02"}
    args = ["check", "2024-02", "--rule", "TR030", "--editions", str(two)]
    assert run(*args, "--write-baseline", str(baseline))[0] == 0
    assert json.loads(baseline.read_text())["findings"] == both


@pytest.fixture
def two(tmp_path: Path) -> Path:
    folder = tmp_path / "editions"
    old = small_edition("2023-02")
    old.date = "2023-02"
    return save_editions(folder, old, small_edition("2024-02"))


def test_a_baseline_accepts_errors_too(crowded: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    code, _, err = run("check", "--editions", str(crowded), "--write-baseline", str(baseline))
    assert code == 0
    assert "27 findings accepted (12 errors, 15 warnings)" in err


def test_bad_baselines_exit_2(crowded: Path, tmp_path: Path) -> None:
    args = ["check", "--editions", str(crowded), "--baseline"]
    missing = tmp_path / "none.json"
    code, _, err = run(*args, str(missing))
    assert code == 2 and f"error: {missing}: --baseline: baseline not found" in err
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "baseline": "topolreport check",\n  oops\n}\n')
    code, _, err = run(*args, str(broken))
    assert code == 2 and f"error: {broken}:3: not valid JSON" in err
    other = tmp_path / "other.json"
    other.write_text('{"findings": []}\n')
    code, _, err = run(*args, str(other))
    assert code == 2 and "not a topolreport check baseline" in err
    # Nor is a file that is not a baseline replaced by one without --force.
    code, _, err = run("check", "--editions", str(crowded), "--write-baseline", str(other))
    assert code == 2 and "already exists" in err
    assert other.read_text() == '{"findings": []}\n'


def test_the_committed_editions_have_their_warnings_accepted() -> None:
    editions = REPO / "editions"
    code, out, err = run("check", "--all", "--strict", "--editions", str(editions))
    assert code == 0, out + err
    assert "2023-02: 0 errors, 0 warnings, 61 accepted by the baseline" in out
    assert "no longer occur" not in out


# --- an edition with broken entry files --------------------------------------------------------


def test_every_rule_runs_beside_entry_files_that_do_not_load(published: Path) -> None:
    entries = published / "2023-02" / "entries"
    g2, p2, hi1 = entries / "G2.md", entries / "P2.md", entries / "HI1.md"
    g2.write_text(g2.read_text().replace("code: G2\n", "code: G2\nownrs: [x]\n", 1))
    p2.write_text(p2.read_text().replace("owners:\n  - KLS", "owners: [KLS", 1))  # bad YAML
    hi1.write_text(hi1.read_text().replace("See also P2.", "See also P9."))

    code, out, _ = run("check", "--editions", str(published), "--no-baseline")
    assert code == 1
    assert f"{g2}:{line_of(g2, 'ownrs')}: error TR090 schema: ownrs: unknown field" in out
    assert f"{p2}:{line_of(p2, 'initiatives:')}: error TR090 schema: not valid YAML" in out
    # The other rules ran, on the broken entries' narratives too, at their real lines.
    assert f"{hi1}:{line_of(hi1, 'See also P9.')}: error TR010 unresolved-crossref" in out
    assert (
        f"{p2}:{line_of(p2, 'former NHSX')}: warning TR020 undefined-abbreviation: entry P2: "
        "NHSX is used 2 times but never defined" in out
    )
    g2_links = [line for line in out.splitlines() if line.startswith(f"{g2}:") and "TR030" in line]
    assert g2_links == [f"{g2}:{line_of(g2, '[GEP](#)')}: warning TR030 link-without-target: "
                        'entry G2: link "GEP" has no target']  # fmt: skip
    # Nothing is reported of the stand-ins: no entry goes missing, no file outside the folder.
    assert "TR001" not in out and "topolreport-check-" not in out
    assert (
        f"2023-02: 3 errors, 61 warnings ({g2}, {p2}: not loaded, checked by code and "
        "narrative only)" in out
    )

    junit = ET.fromstring(run("check", "--editions", str(published), "--format", "junit")[1])
    cases = {c.get("name").split()[0]: c for c in junit.iter("testcase")}
    assert cases["TR090"].find("failure").get("message").startswith("2 errors: ")
    assert cases["TR010"].find("failure") is not None  # run, not skipped


def test_an_entry_file_without_front_matter_keeps_its_lines(published: Path) -> None:
    e4 = published / "2023-02" / "entries" / "E4.md"
    e4.write_text(e4.read_text().split("---\n", 2)[2])
    out = run("check", "--editions", str(published), "--no-baseline")[1]
    assert f"{e4}:1: error TR090 schema: an entry starts with a '---' line" in out
    assert f"{e4}:{line_of(e4, '[report](#)')}: warning TR030 link-without-target" in out
