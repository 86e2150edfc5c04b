"""The code grammar and the code-or-either-half lookup, read against hand-written cases."""

from __future__ import annotations

import re

import pytest

from topolreport.codes import DEFAULT, CodeGrammar, CodeIndex, normalise_code, split_code
from topolreport.crossrefs import find_crossrefs


def test_default_grammar_reads_single_and_joint_codes() -> None:
    assert DEFAULT.is_single("DM4")
    assert not DEFAULT.is_single("DM4/AIR5")
    assert DEFAULT.is_code("DM4/AIR5")
    assert not DEFAULT.is_code("DM4/ AIR5")  # a snapshot stores codes without spaces
    assert DEFAULT.is_written_code("DM4/ AIR5")
    assert not DEFAULT.is_code("dm4")
    assert not DEFAULT.is_code("DM")
    assert not DEFAULT.is_code("DM4/")
    assert DEFAULT.is_code("ABCDE999")
    assert not DEFAULT.is_code("ABCDEF1")
    assert not DEFAULT.is_code("E1000")


def test_prose_keeps_acronyms_with_numbers_out() -> None:
    prose = re.compile(DEFAULT.prose)
    found = [m.group() for m in prose.finditer("See DM4/ AIR5, (COVID19), NHS111 and COVID-19.")]
    assert found == ["DM4/ AIR5"]
    assert [ref.code for ref in find_crossrefs("(COVID19) and (NHS111) but (see G3)")] == ["G3"]


def test_a_grammar_can_be_passed_in() -> None:
    dotted = CodeGrammar(single=r"R\d{1,2}\.\d")
    assert dotted.is_code("R1.2/R3.4")
    assert not dotted.is_code("DM4")
    assert [m.group() for m in re.finditer(dotted.prose, "see R1.2 and R12.1")] == [
        "R1.2",
        "R12.1",
    ]


def test_split_and_normalise() -> None:
    assert split_code("DM4/AIR5") == ["DM4", "AIR5"]
    assert split_code("DM4/ AIR5") == ["DM4", "AIR5"]
    assert split_code("G2") == ["G2"]
    assert normalise_code("DM4/ AIR5") == "DM4/AIR5"


def test_index_finds_a_joint_item_by_either_half_first_wins() -> None:
    items = [("G2", "genomics"), ("DM4/AIR5", "joint"), ("AIR5", "later"), ("AIR6", "air")]
    index = CodeIndex(items, key=lambda item: item[0])
    assert index["DM4/AIR5"][1] == "joint"
    assert index["DM4"][1] == "joint"
    assert index["AIR5"][1] == "joint"  # the joint code came first
    assert index.get("G3") is None
    assert "G2" in index and "G3" not in index
    with pytest.raises(KeyError):
        index["G3"]
    # A joint code that is not indexed is found only by `find`, through its first known half.
    assert index.get("AIR6/G2") is None
    found = index.find("AIR6/G2")
    assert found is not None and found[1] == "air"
    assert [item[1] for item in index.halves("G9/AIR6/G2")] == ["air", "genomics"]
