"""The C-backed YAML loader reads snapshot files as the located (ruamel) loader does."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from topolreport.errors import InputError
from topolreport.store import load_edition, load_edition_located
from topolreport.store.fast_yaml import load_fast
from topolreport.store.load import parse_fast

from factories import save_editions, small_edition

# Scalars where YAML 1.1 (PyYAML's own resolver) and YAML 1.2 (ruamel, the store's rule) differ,
# and ordinary ones.
SCALARS = [
    "NO", "no", "yes", "Yes", "on", "off", "y", "n", "True", "TRUE", "false",
    "~", "null", "Null", "", "012", "0o12", "0x1f", "0b101", "1_000", "1:20", "190:20:30",
    ".inf", "-.Inf", "1e3", "1.5", "1.", ".5", "+12", "-3", "33,700", "2023-02", "2023-02-01",
    "2.5 million", "'NO'", '"yes"',
]  # fmt: skip


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_read_as_the_located_loader_reads_them(scalar: str) -> None:
    expected = YAML(typ="rt").load(f"value: {scalar}\n")["value"]
    found = load_fast(f"value: {scalar}\n")["value"]
    assert found == expected
    assert isinstance(found, bool) == isinstance(expected, bool)
    assert isinstance(found, str) == isinstance(expected, str)
    assert isinstance(found, int) == isinstance(expected, int)


def test_no_stays_a_string() -> None:
    assert load_fast("language: NO\nflag: yes\n") == {"language": "NO", "flag": "yes"}


def test_duplicate_key_is_refused_with_its_line(tmp_path: Path) -> None:
    file = tmp_path / "edition.yaml"
    with pytest.raises(InputError) as caught:
        parse_fast("title: A\ndate: 2024-02\ntitle: B\n", file, 0)
    problem = caught.value.problems[0]
    assert problem.file == file
    assert problem.line == 3
    assert "duplicate" in problem.message


def test_an_edition_with_a_duplicate_key_names_file_and_line(tmp_path: Path) -> None:
    edition = small_edition()
    save_editions(tmp_path, edition)
    meta = tmp_path / edition.id / "edition.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "publisher: Someone else\n")
    with pytest.raises(InputError) as caught:
        load_edition(tmp_path, edition.id)
    [problem] = caught.value.problems
    assert problem.file == meta
    assert problem.line == len(meta.read_text(encoding="utf-8").splitlines())
    assert "duplicate" in problem.message


def test_fast_and_located_loads_give_the_same_edition(tmp_path: Path) -> None:
    edition = small_edition()
    save_editions(tmp_path, edition)
    fast = load_edition(tmp_path, edition.id)
    located, _ = load_edition_located(tmp_path, edition.id)
    assert fast == located == edition
