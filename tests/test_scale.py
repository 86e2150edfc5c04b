"""A larger review imported whole: every entry written is imported, codes past three digits
included; a code the review's pattern refuses stops the import at its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scaled_report import SCALED_PATTERN, raise_numbers, scaled_report
from topolreport.codes import grammar_for
from topolreport.crossrefs import find_crossrefs
from topolreport.importers import ImportResult
from topolreport.store import load_catalogue, load_edition, save_catalogue

from cli_runner import run
from factories import SOURCE_2023

COPIES = 3


@pytest.fixture(scope="module")
def real_text() -> str:
    return SOURCE_2023.read_text(encoding="utf-8-sig")


def test_numbers_raised_by_ten_percent_and_codes_left_alone() -> None:
    assert raise_numbers("completed by 33,700 learners (see DM3), over 90% and 2.5 million") == (
        "completed by 37,070 learners (see DM3), over 99% and 2.8 million"
    )


def test_every_entry_written_is_imported_with_four_digit_codes(
    tmp_path: Path, real_text: str, imported_2023: ImportResult
) -> None:
    editions = tmp_path / "editions"
    editions.mkdir()
    scaled = scaled_report(real_text, COPIES, imported_2023.catalogue, number_from=997)
    assert len(scaled.codes) == 43 * COPIES
    # Repeats are numbered on from 997: E998 … E1011, DM998 … DM1001/AIR998 …
    assert {"E999", "E1000", "E1011", "DM1001/AIR998"} <= set(scaled.codes)
    source = tmp_path / "report.txt"
    source.write_text(scaled.text, encoding="utf-8")
    save_catalogue(scaled.catalogue, editions)

    code, out, err = run("import", str(source), "--edition", "2024-02", "--editions", str(editions))
    assert code == 0, err
    assert "error" not in err
    edition = load_edition(editions, "2024-02")
    assert [entry.code for entry in edition.entries] == scaled.codes
    assert load_catalogue(editions).code_pattern == SCALED_PATTERN
    # Each entry holds its own narrative, not its successors': E1000's is E3's, repeated.
    assert edition.entry("E999").narrative == edition.entry("E2").narrative
    assert edition.entry("E1000").narrative == edition.entry("E3").narrative
    assert edition.entry("E1011").narrative == edition.entry("E14").narrative


def test_a_code_the_pattern_refuses_is_an_error_naming_its_line(
    tmp_path: Path, real_text: str, imported_2023: ImportResult
) -> None:
    editions = tmp_path / "editions"
    scaled = scaled_report(real_text, COPIES, imported_2023.catalogue, number_from=997)
    source = tmp_path / "report.txt"
    source.write_text(scaled.text, encoding="utf-8")
    save_catalogue(imported_2023.catalogue, editions)  # the default pattern: three digits

    code, out, err = run("import", str(source), "--edition", "2024-02", "--editions", str(editions))
    assert code == 2
    lines = scaled.text.split("\n")
    first_refused = next(i for i, line in enumerate(lines, 1) if re.match(r"[A-Z]+\d{4}", line))
    assert f"{source}:{first_refused}" in err
    assert "is not a code of this review" in err and "code_pattern" in err
    assert len(err.strip().splitlines()) <= 2  # one line, and its hint
    assert not (editions / "2024-02").exists()


def test_acronyms_are_references_only_when_written_as_one() -> None:
    grammar = grammar_for(SCALED_PATTERN)  # wide enough to fit "COVID19"
    known = {"E1000", "G3"}
    text = "During the pandemic (COVID19) NHS111 took calls (G3) (see E1000). See COVID19."
    refs = find_crossrefs(text, grammar, known)
    assert [ref.code for ref in refs] == ["G3", "E1000", "COVID19"]
    assert refs[-1].start == text.rindex("COVID19")  # "See COVID19", not "(COVID19)"
