"""Each rule of `topolreport check`: a minimal snapshot that fails it, and the same snapshot fixed.

Every case is saved as a real snapshot and checked twice, through the library and through the
command line (JSON output), and both must agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from topolreport.checks import check_edition, check_saved_edition
from topolreport.cli import cli
from topolreport.model import (
    Abbreviation,
    DisabledRule,
    Edition,
    Entry,
    Initiative,
    Recommendation,
)
from topolreport.store import save_catalogue, save_edition

from factories import small_edition


def clean_edition() -> Edition:
    """The factory's edition without its two warnings (a link without target, NHS unused)."""
    edition = small_edition()
    d1 = edition.entries[0]
    d1.narrative = "The [Data Hub](https://example.org/hub) now has over 2,000 users. See also S1."
    edition.entries[2].narrative = "Courses run across the NHS.\n\n- Course A\n- Course B"
    return edition


def save(edition: Edition, folder: Path) -> Path:
    save_catalogue(edition.catalogue, folder, force=True)
    save_edition(edition, folder, force=True)
    return folder


def findings(edition: Edition, tmp_path: Path, *args: str) -> tuple[int, list[dict]]:
    """Exit code and findings of `topolreport check` on the saved edition; the library agrees."""
    folder = save(edition, tmp_path / "editions")
    result = CliRunner().invoke(
        cli, ["check", edition.id, "--editions", str(folder), "--format", "json", *args]
    )
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.stdout)
    found = document["editions"][0]["findings"]
    library = check_saved_edition(folder, edition.id)
    assert [(f.code, f.line, f.message) for f in library.findings] == [
        (f["rule"], f["line"], f["message"]) for f in found
    ]
    return result.exit_code, found


def only(found: list[dict], rule: str) -> list[dict]:
    return [f for f in found if f["rule"] == rule]


def test_the_clean_edition_passes_every_rule(tmp_path: Path) -> None:
    code, found = findings(clean_edition(), tmp_path, "--strict")
    assert (code, found) == (0, [])


# --- TR001 missing-entry -----------------------------------------------------------------


def test_missing_entry_names_the_recommendation_where_the_catalogue_defines_it(
    tmp_path: Path,
) -> None:
    edition = clean_edition()
    edition.entries = [e for e in edition.entries if e.code != "S1"]
    edition.entries[0].narrative = "The [Data Hub](https://example.org/hub) has over 2,000 users."
    code, found = findings(edition, tmp_path)
    assert code == 1
    [missing] = only(found, "TR001")
    assert missing["severity"] == "error"
    assert "S1 (Skills) has no entry in edition 2024-02" in missing["message"]
    catalogue = (tmp_path / "editions" / "catalogue.yaml").read_text().splitlines()
    assert missing["file"].endswith("catalogue.yaml")
    assert catalogue[missing["line"] - 1].strip() == "- code: S1"
    assert "entries/S1.md" in missing["fix"]

    edition.entries.append(Entry(code="S1", narrative="Courses run across the NHS."))
    assert findings(edition, tmp_path) == (0, [])


def test_an_entry_for_half_a_joint_code_is_not_missing(tmp_path: Path) -> None:
    edition = clean_edition()
    edition.entries[1] = Entry(code="D2/AI1", narrative="See D1.")
    assert only(findings(edition, tmp_path)[1], "TR001") == []


# --- TR002 unknown-recommendation --------------------------------------------------------


def test_unknown_recommendation(tmp_path: Path) -> None:
    edition = clean_edition()
    edition.entries.append(Entry(code="S2", narrative="Something else."))
    code, found = findings(edition, tmp_path)
    assert code == 1
    [unknown] = only(found, "TR002")
    assert unknown["file"].endswith("entries/S2.md") and unknown["line"] == 2
    assert "S2, which is not a recommendation of the Example Review" in unknown["message"]
    assert "the catalogue's S codes are S1" in unknown["fix"]

    edition.catalogue.panels[1].recommendations.append(
        Recommendation(code="S2", text="Everyone should teach.")
    )
    assert findings(edition, tmp_path) == (0, [])


# --- TR003 empty-entry -------------------------------------------------------------------


def test_empty_entry(tmp_path: Path) -> None:
    edition = clean_edition()
    edition.entries[1].narrative = ""
    code, found = findings(edition, tmp_path)
    assert code == 1
    [empty] = only(found, "TR003")
    assert empty["file"].endswith("entries/D2-AI1.md")
    assert empty["message"] == "entry D2/AI1 has no narrative"

    edition.entries[1].narrative = "See D1."
    assert findings(edition, tmp_path) == (0, [])


# --- TR004 numbering-gap -----------------------------------------------------------------


def gapped_edition() -> Edition:
    edition = clean_edition()
    skills = edition.catalogue.panels[1]
    skills.recommendations.append(Recommendation(code="S3", text="Everyone should teach."))
    edition.entries.append(Entry(code="S3", narrative="Teachers teach."))
    return Edition.model_validate(edition.model_dump())


def test_numbering_gap_names_the_lost_recommendation(tmp_path: Path) -> None:
    code, found = findings(gapped_edition(), tmp_path)
    assert code == 1
    [gap] = only(found, "TR004")
    assert gap["message"].startswith("S2 is missing: the catalogue has S1 and S3 but no S2")
    catalogue = (tmp_path / "editions" / "catalogue.yaml").read_text().splitlines()
    assert catalogue[gap["line"] - 1].strip() == "- code: S3"

    fixed = gapped_edition()
    fixed.catalogue.panels[1].recommendations.insert(
        1, Recommendation(code="S2", text="Everyone should practise.")
    )
    fixed.entries.append(Entry(code="S2", narrative="Practice happens."))
    assert findings(Edition.model_validate(fixed.model_dump()), tmp_path) == (0, [])


def test_a_rule_switched_off_with_a_reason_is_not_run_and_the_reason_is_reported(
    tmp_path: Path,
) -> None:
    edition = gapped_edition()
    edition.disabled_rules = [DisabledRule(rule="TR004", reason="S2 was withdrawn in 2020")]
    folder = save(edition, tmp_path / "editions")
    result = CliRunner().invoke(cli, ["check", "--editions", str(folder), "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)["editions"][0]
    assert report["findings"] == []
    assert report["disabled"] == [{"rule": "TR004", "reason": "S2 was withdrawn in 2020"}]
    assert "TR004" not in report["rules"]

    text = CliRunner().invoke(cli, ["check", "--editions", str(folder)]).stdout
    assert "TR004 switched off: S2 was withdrawn in 2020" in text


def test_rules_can_be_switched_off_by_name(tmp_path: Path) -> None:
    edition = small_edition()  # one link without target
    edition.disabled_rules = [
        DisabledRule(rule="link-without-target", reason="targets restored next year")
    ]
    code, found = findings(edition, tmp_path, "--strict")
    assert [f["rule"] for f in found] == ["TR021"]


# --- TR091 bad-rule-switch ---------------------------------------------------------------


def test_switching_off_an_unknown_rule_is_itself_a_finding(tmp_path: Path) -> None:
    edition = clean_edition()
    edition.disabled_rules = [DisabledRule(rule="TR999", reason="no such rule")]
    code, found = findings(edition, tmp_path)
    assert code == 1
    [switch] = only(found, "TR091")
    assert switch["message"] == "disabled_rules: 'TR999' is not a rule"
    lines = (tmp_path / "editions" / "2024-02" / "edition.yaml").read_text().splitlines()
    assert switch["file"].endswith("edition.yaml")
    assert lines[switch["line"] - 1].strip() == "- rule: TR999"

    edition.disabled_rules = [DisabledRule(rule="TR030", reason="targets restored next year")]
    assert findings(edition, tmp_path) == (0, [])


def test_the_schema_rule_cannot_be_switched_off(tmp_path: Path) -> None:
    edition = clean_edition()
    edition.disabled_rules = [DisabledRule(rule="TR090", reason="trust me")]
    [switch] = only(findings(edition, tmp_path)[1], "TR091")
    assert "TR090 schema cannot be switched off" in switch["message"]


# --- TR010 unresolved-crossref -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "spelling"),
    [
        ("See also D9.", "D9"),
        ("Courses run (see D9) all year.", "D9"),
        ("See D1 and D9.", "D9"),
        ("See also D9/ AI1.", "D9/ AI1"),
        ("Data is shared (D9).", "D9"),
        ("Data is shared (D1 and D9).", "D9"),
        ("(See also D1, D9, and S1)", "D9"),
    ],
)
def test_unresolved_crossref_in_every_spelling(
    tmp_path: Path, sentence: str, spelling: str
) -> None:
    edition = clean_edition()
    edition.entries[2].narrative = f"Courses run across the NHS.\n\n{sentence}"
    code, found = findings(edition, tmp_path)
    assert code == 1
    [unresolved] = only(found, "TR010")
    assert unresolved["file"].endswith("entries/S1.md")
    body = (tmp_path / "editions" / "2024-02" / "entries" / "S1.md").read_text().splitlines()
    assert sentence in body[unresolved["line"] - 1]
    assert f"cross-reference to {spelling} does not resolve" in unresolved["message"]
    assert "has no entry D9" in unresolved["message"]
    assert "D9 is not a recommendation of the Example Review" in unresolved["fix"]

    edition.entries[2].narrative = f"Courses run across the NHS.\n\n{sentence.replace('D9', 'D1')}"
    assert findings(edition, tmp_path) == (0, [])


@pytest.mark.parametrize(
    "sentence", ["See also AI1.", "See D2/ AI1.", "(D2)", "See D2/AI1 and S1.", "(see also AI1)"]
)
def test_either_half_of_a_joint_code_resolves_to_the_joint_entry(
    tmp_path: Path, sentence: str
) -> None:
    edition = clean_edition()
    edition.entries[2].narrative = f"Courses run across the NHS. {sentence}"
    assert findings(edition, tmp_path) == (0, [])


def test_a_crossref_to_a_recommendation_without_entry_says_which_file_to_write(
    tmp_path: Path,
) -> None:
    edition = clean_edition()
    edition.entries = [e for e in edition.entries if e.code != "D2/AI1"]
    edition.entries[0].narrative = "The [Data Hub](https://x.org) grows (see AI1)."
    [unresolved] = only(findings(edition, tmp_path)[1], "TR010")
    assert "entries/D2-AI1.md" in unresolved["fix"]


# --- TR020 undefined-abbreviation, TR021 unused-abbreviation ------------------------------


def test_undefined_abbreviation(tmp_path: Path) -> None:
    edition = clean_edition()
    edition.entries[2].narrative = "Courses run across the NHS.\n\nThe KLS team runs them."
    code, found = findings(edition, tmp_path)
    assert code == 0  # a warning
    [undefined] = found
    assert undefined["rule"] == "TR020" and undefined["severity"] == "warning"
    assert undefined["message"] == "entry S1: KLS is used once but never defined"
    assert undefined["file"].endswith("entries/S1.md")
    body = (tmp_path / "editions" / "2024-02" / "entries" / "S1.md").read_text().splitlines()
    assert "KLS" in body[undefined["line"] - 1]
    assert findings(edition, tmp_path, "--strict")[0] == 1

    inline = edition.model_copy(deep=True)
    inline.entries[2].narrative = (
        "Courses run across the NHS.\n\n"
        "The Knowledge and Library Services (KLS) team runs them; the KLS team is busy."
    )
    assert findings(inline, tmp_path, "--strict") == (0, [])
    listed = edition.model_copy(deep=True)
    listed.abbreviations.append(Abbreviation(abbr="KLS", meaning="Knowledge and Library Services"))
    assert findings(listed, tmp_path, "--strict") == (0, [])


def test_plurals_count_as_their_singular(tmp_path: Path) -> None:
    edition = clean_edition()
    edition.abbreviations.append(Abbreviation(abbr="HEI", meaning="Higher Education Institution"))
    edition.entries[2].narrative = "Courses run across the NHS by seven HEIs and the ICBs."
    [undefined] = findings(edition, tmp_path)[1]
    assert undefined["message"] == 'entry S1: ICB (as "ICBs") is used once but never defined'

    edition.entries[2].narrative += " Integrated Care Boards (ICBs) pay."
    assert findings(edition, tmp_path, "--strict") == (0, [])


@pytest.mark.parametrize(
    "sentence",
    [
        "See also D2/AI1 and D1.",  # recommendation codes
        "Phase II and Part XIV are done.",  # Roman numerals
        "GeNotes and BestPractice launched.",  # names written in camel case
        "HEART UK helps; the British Heart Foundation too.",  # a word in capitals
        "The NHS AI Lab, COVID-19 and UK GPs.",  # abbreviations every reader knows
        "The [NHS Hub](https://example.org/KLS/XYZ) and `ABC` code.",  # targets and code
        "NHS England (NHSE) and NHSE/I work together.",  # a joined pair
        "The DART-Ed programme, i.e. Digital, AI and Robotics Technologies in "
        "Education (DART-Ed).",  # a defined spelling with a lower-case tail
    ],
)
def test_what_is_not_an_undefined_abbreviation(tmp_path: Path, sentence: str) -> None:
    edition = clean_edition()
    edition.entries[2].narrative = f"Courses run across the NHS. {sentence}"
    assert only(findings(edition, tmp_path)[1], "TR020") == []


def test_abbreviations_used_in_recommendation_texts_and_the_foreword_count(
    tmp_path: Path,
) -> None:
    edition = clean_edition()
    edition.catalogue.panels[1].recommendations[0].text = "Everyone should learn with the KLS."
    edition.foreword.text = "We made progress with the XYZ."
    found = only(findings(edition, tmp_path)[1], "TR020")
    assert [(f["message"], f["file"].split("/")[-1]) for f in found] == [
        ("foreword: XYZ is used once but never defined", "foreword.md"),
        ("recommendation S1: KLS is used once but never defined", "catalogue.yaml"),
    ]


def test_unused_abbreviation(tmp_path: Path) -> None:
    edition = clean_edition()
    edition.abbreviations.append(Abbreviation(abbr="CQC", meaning="Care Quality Commission"))
    code, found = findings(edition, tmp_path)
    assert code == 0
    [unused] = found
    assert unused["rule"] == "TR021"
    assert unused["message"] == "CQC is in the abbreviations table but the text never uses it"
    lines = (tmp_path / "editions" / "2024-02" / "edition.yaml").read_text().splitlines()
    assert lines[unused["line"] - 1].strip() == "CQC: Care Quality Commission"

    edition.entries[1].narrative = "See D1. The CQC inspects."
    assert findings(edition, tmp_path, "--strict") == (0, [])


# --- TR030 link-without-target -----------------------------------------------------------


@pytest.mark.parametrize("target", ["#", "", " "])
def test_link_without_target(tmp_path: Path, target: str) -> None:
    edition = clean_edition()
    edition.entries[
        0
    ].narrative = f"Intro.\n\nThe [Data Hub]({target}) has over 2,000 users. See also S1."
    code, found = findings(edition, tmp_path)
    assert code == 0
    [link] = found
    assert link["rule"] == "TR030"
    assert link["message"] == 'entry D1: link "Data Hub" has no target'
    assert link["file"].endswith("entries/D1.md")
    body = (tmp_path / "editions" / "2024-02" / "entries" / "D1.md").read_text().splitlines()
    assert body[link["line"] - 1].startswith("The [Data Hub]")

    edition.entries[
        0
    ].narrative = "Intro.\n\nThe [Data Hub](https://example.org) has over 2,000 users."
    assert findings(edition, tmp_path, "--strict") == (0, [])


# --- TR040 metric-without-unit, TR041 metric-without-as-of --------------------------------


def test_metric_without_unit(tmp_path: Path) -> None:
    edition = clean_edition()
    edition.entries[0].metrics[0].unit = " "
    code, found = findings(edition, tmp_path)
    assert code == 1
    [metric] = found
    assert metric["rule"] == "TR040"
    assert "metric d1-users ('over 2,000 users') has no unit" in metric["message"]
    lines = (tmp_path / "editions" / "2024-02" / "entries" / "D1.md").read_text().splitlines()
    assert lines[metric["line"] - 1].strip().startswith("unit:")

    edition.entries[0].metrics[0].unit = "users"
    assert findings(edition, tmp_path) == (0, [])


def test_metric_without_as_of(tmp_path: Path) -> None:
    edition = clean_edition()
    edition.entries[0].metrics[0].as_of = None
    code, found = findings(edition, tmp_path)
    assert code == 1
    [metric] = found
    assert metric["rule"] == "TR041"
    lines = (tmp_path / "editions" / "2024-02" / "entries" / "D1.md").read_text().splitlines()
    assert lines[metric["line"] - 1].strip() == "- id: d1-users"
    assert "as_of: YYYY-MM" in metric["fix"]

    edition.entries[0].metrics[0].as_of = "2024-01"
    assert findings(edition, tmp_path) == (0, [])


def test_metric_whose_phrase_left_the_narrative(tmp_path: Path) -> None:
    edition = clean_edition()
    d1 = edition.entries[0]
    d1.narrative = d1.narrative.replace("over 2,000 users", "over 2,600 users")
    code, found = findings(edition, tmp_path)
    assert code == 0  # a warning: the gate passes unless --strict
    [metric] = found
    assert metric["rule"] == "TR042" and metric["severity"] == "warning"
    assert "metric d1-users says 'over 2,000 users'" in metric["message"]
    lines = (tmp_path / "editions" / "2024-02" / "entries" / "D1.md").read_text().splitlines()
    assert lines[metric["line"] - 1].strip() == "text: over 2,000 users"
    assert findings(edition, tmp_path, "--strict")[0] == 1

    d1.metrics[0].value, d1.metrics[0].text = 2600, "over 2,600 users"
    assert findings(edition, tmp_path, "--strict") == (0, [])


# --- TR050 duplicate-id --------------------------------------------------------------------


def test_duplicate_initiative_ids_within_an_entry(tmp_path: Path) -> None:
    edition = clean_edition()
    edition.entries[0].initiatives.append(Initiative(id="data-hub", name="Data Hub 2"))
    code, found = findings(edition, tmp_path)
    assert code == 1
    [duplicate] = found
    assert duplicate["rule"] == "TR050"
    assert "two initiatives have the id 'data-hub'" in duplicate["message"]
    lines = (tmp_path / "editions" / "2024-02" / "entries" / "D1.md").read_text().splitlines()
    assert lines[duplicate["line"] - 1].strip() == "- id: data-hub"
    assert duplicate["line"] > lines.index("  - id: data-hub") + 1  # the second one

    edition.entries[0].initiatives[1].id = "data-hub-2"
    assert findings(edition, tmp_path) == (0, [])


def test_initiatives_of_different_entries_may_share_an_id(tmp_path: Path) -> None:
    edition = clean_edition()
    edition.entries[2].initiatives.append(Initiative(id="data-hub", name="Data Hub"))
    assert findings(edition, tmp_path) == (0, [])


def test_duplicate_metric_ids_across_the_edition(tmp_path: Path) -> None:
    edition = clean_edition()
    copy = edition.entries[0].metrics[0].model_copy(update={"text": "2,000 users"})
    edition.entries[2].metrics.append(copy)
    edition.entries[2].narrative += "\n\nCourses reached 2,000 users."
    code, found = findings(edition, tmp_path)
    assert code == 1
    [duplicate] = found
    assert duplicate["file"].endswith("entries/S1.md")
    assert "metric id 'd1-users' is already used by a metric of entry D1" in duplicate["message"]
    assert "entries/D1.md:" in duplicate["message"]

    edition.entries[2].metrics[0].id = "s1-users"
    assert findings(edition, tmp_path) == (0, [])


def test_two_entries_for_one_recommendation(tmp_path: Path) -> None:
    edition = clean_edition()
    edition.entries.append(Entry(code="D2", narrative="More about D2."))
    code, found = findings(edition, tmp_path)
    assert code == 1
    [duplicate] = found
    assert duplicate["rule"] == "TR050"
    assert duplicate["file"].endswith("entries/D2.md")
    assert duplicate["message"].startswith("entry D2 covers D2, as entry D2/AI1")

    edition.entries.pop()
    assert findings(edition, tmp_path) == (0, [])


# --- TR090 schema --------------------------------------------------------------------------


def test_a_snapshot_that_does_not_load_fails_with_each_problem_located(tmp_path: Path) -> None:
    folder = save(clean_edition(), tmp_path / "editions")
    entry = folder / "2024-02" / "entries" / "D1.md"
    good = entry.read_text()
    entry.write_text(
        good.replace("value: 2000", "value: 2,000").replace("name: Data Hub", "nam: X")
    )
    result = CliRunner().invoke(cli, ["check", "--editions", str(folder)])
    assert result.exit_code == 1
    lines = good.splitlines()
    value_line = next(i for i, line in enumerate(lines, 1) if "value: 2000" in line)
    assert f"{entry}:{value_line}: error TR090 schema: metrics.0.value" in result.stdout
    # A broken entry file no longer stops the other rules: they run beside it.
    assert f"({entry}: not loaded, checked by code and narrative only)" in result.stdout

    library = check_saved_edition(folder, "2024-02")
    assert library.loaded and library.unloaded == [entry]
    assert {"TR001", "TR010", "TR030"} <= {rule.code for rule in library.rules}
    assert {f.code for f in library.findings} == {"TR090"} and len(library.findings) == 3

    entry.write_text(good)
    assert CliRunner().invoke(cli, ["check", "--editions", str(folder)]).exit_code == 0

    # A broken edition.yaml still stops them: nothing can stand in for it.
    meta = folder / "2024-02" / "edition.yaml"
    meta.write_text(meta.read_text().replace("title:", "titel:", 1))
    result = CliRunner().invoke(cli, ["check", "--editions", str(folder)])
    assert result.exit_code == 1
    assert "the edition does not load; no other rule ran" in result.stdout
    assert not check_saved_edition(folder, "2024-02").loaded


# --- an edition in memory (never saved) ----------------------------------------------------


def test_an_edition_in_memory_is_checked_without_locations() -> None:
    edition = clean_edition()
    edition.entries[2].narrative = "Courses run across the NHS. See D7."
    report = check_edition(edition)
    [finding] = report.findings
    assert (finding.code, finding.file, finding.line) == ("TR010", None, None)
    assert report.failed()
