"""The cache of parsed snapshot files: kept outside the editions folder, keyed by the text
read, ignored when damaged, and never a way round the store's checks."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest

import topolreport.store.locate as locate
import topolreport.store.parse_cache as parse_cache
from topolreport.errors import InputError
from topolreport.store import load_edition, load_edition_located, save_catalogue, save_edition
from topolreport.store.parse_cache import CACHE_ENV, ParsedPack, cache_dir

from factories import small_edition

EDITION = "2024-02"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def saved(tmp_path: Path, cache: Path) -> Path:
    """A saved edition whose cache pack was filled by the save."""
    editions = tmp_path / "editions"
    edition = small_edition(EDITION)
    save_catalogue(edition.catalogue, editions)
    save_edition(edition, editions)
    return editions


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the C loader record what it is asked to parse (and parse it)."""
    asked: list[str] = []
    real = parse_cache.load_fast

    def recording(text: str) -> Any:
        asked.append(text)
        return real(text)

    monkeypatch.setattr(parse_cache, "load_fast", recording)
    return asked


def _entry(editions: Path) -> Path:
    return editions / EDITION / "entries" / "D1.md"


def _packs(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.json"))


def test_saving_fills_the_pack_so_loading_parses_nothing(
    saved: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _no_parsing(monkeypatch)
    edition = load_edition(saved, EDITION)
    assert asked == []
    assert [entry.code for entry in edition.entries] == ["D1", "D2/AI1", "S1"]
    assert edition.entry("D1").metrics[0].value == 2000  # type: ignore[union-attr]
    assert len(_packs(cache)) == 1


def test_the_cache_lives_outside_the_editions_folder(saved: Path, cache: Path) -> None:
    before = sorted(p.relative_to(saved) for p in saved.rglob("*"))
    load_edition(saved, EDITION)
    assert sorted(p.relative_to(saved) for p in saved.rglob("*")) == before
    assert _packs(cache)


def test_a_loaded_edition_is_the_same_from_the_cache_as_parsed(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached = load_edition(saved, EDITION)
    monkeypatch.setenv(CACHE_ENV, "off")
    parsed = load_edition(saved, EDITION)
    assert cached.model_dump() == parsed.model_dump()


def test_an_edited_file_is_read_again_even_with_its_old_modification_time(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = _entry(saved)
    stat = entry.stat()
    entry.write_text(entry.read_text().replace("value: 2000", "value: 2500"))
    os.utime(entry, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    asked = _no_parsing(monkeypatch)
    edition = load_edition(saved, EDITION)
    assert edition.entry("D1").metrics[0].value == 2500  # type: ignore[union-attr]
    assert len(asked) == 1 and "value: 2500" in asked[0]
    asked.clear()
    load_edition(saved, EDITION)  # the pack now holds the new text
    assert asked == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # torn
        lambda data: data.replace(b"2000", b"9999"),  # altered without its digest
        lambda data: b"not a pack at all",
        lambda data: b"",
        lambda data: data.replace(b"topolreport-parsed 1 ", b"topolreport-parsed 0 ", 1),
    ],
)
def test_a_damaged_pack_is_ignored_and_rewritten(
    saved: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    [pack] = _packs(cache)
    pack.write_bytes(damage(pack.read_bytes()))
    asked = _no_parsing(monkeypatch)
    edition = load_edition(saved, EDITION)
    assert edition.entry("D1").metrics[0].value == 2000  # type: ignore[union-attr]
    assert len(asked) == 5  # catalogue, edition.yaml and the three entries, parsed again
    asked.clear()
    load_edition(saved, EDITION)
    assert asked == []


def test_a_pack_that_is_a_symlink_is_not_followed(
    saved: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [pack] = _packs(cache)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(pack.read_bytes())
    pack.unlink()
    pack.symlink_to(elsewhere)
    asked = _no_parsing(monkeypatch)
    load_edition(saved, EDITION)
    assert len(asked) == 5


def test_switched_off_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() is None
    editions = tmp_path / "editions"
    edition = small_edition(EDITION)
    save_catalogue(edition.catalogue, editions)
    save_edition(edition, editions)
    load_edition(editions, EDITION)
    assert not (tmp_path / "xdg").exists()


def test_by_default_the_cache_is_in_the_xdg_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "topolreport"


def test_an_unwritable_cache_folder_only_means_parsing_again(
    saved: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocked / "cache"))
    edition = load_edition(saved, EDITION)
    assert len(edition.entries) == 3


def test_a_cached_file_made_invalid_is_refused_with_file_and_line(saved: Path) -> None:
    entry = _entry(saved)
    entry.write_text(entry.read_text().replace("code: D1\n", "code: D1\ncode: D1\n", 1))
    with pytest.raises(InputError) as caught:
        load_edition(saved, EDITION)
    problem = caught.value.problems[0]
    assert problem.file == entry
    assert problem.line == 3
    assert "duplicate" in problem.message


def test_data_json_cannot_give_back_is_parsed_each_time(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = ["when: 2023-02-01\n", "1: one\n", "plain: text\n"]
    pack = ParsedPack(cache / "somewhere")
    assert [pack.parse(text) for text in documents] == [
        {"when": datetime.date(2023, 2, 1)},
        {1: "one"},
        {"plain": "text"},
    ]
    pack.save()
    asked = _no_parsing(monkeypatch)
    again = ParsedPack(cache / "somewhere")
    assert [again.parse(text) for text in documents][:2] == [
        {"when": datetime.date(2023, 2, 1)},
        {1: "one"},
    ]
    assert asked == documents[:2]


def test_packs_beyond_the_limit_go_least_recently_used_first(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse_cache, "_MAX_PACKS", 2)
    packs = []
    for name in ("a", "b", "c"):
        pack = ParsedPack(tmp_path / name)
        pack.parse(f"name: {name}\n")
        pack.save()
        [written] = set(_packs(cache)) - set(packs)
        os.utime(written, (len(packs), len(packs)))  # written in this order, seconds apart
        packs.append(written)
    assert _packs(cache) == sorted(packs[1:])


def test_a_checked_edition_is_parsed_with_lines_only_where_something_is_located(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    located: list[Path] = []
    real = locate.parse_yaml

    def recording(text: str, file: Path, line_offset: int = 0) -> Any:
        located.append(file)
        return real(text, file, line_offset)

    monkeypatch.setattr(locate, "parse_yaml", recording)
    edition, sources = load_edition_located(saved, EDITION)
    assert located == []
    where = sources.locate(("entries", 0, "metrics", 0, "unit"))
    lines = _entry(saved).read_text().split("\n")
    assert where.file == _entry(saved)
    assert where.line is not None
    assert lines[where.line - 1].strip() == "unit: users"
    assert located == [_entry(saved)]
    sources.locate(("entries", 0, "metrics", 0, "text"))
    assert located == [_entry(saved)]  # parsed once
