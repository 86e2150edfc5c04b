"""The snapshot on disk: only editions are listed, only regular files are read, and a
replaced edition is whole at every step."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from topolreport.errors import InputError
from topolreport.store import (
    edition_ids,
    load_edition,
    save_edition,
)

from cli_runner import run
from factories import small_edition


def test_no_id_loads_the_newest_edition(editions: Path) -> None:
    later = small_edition("2025-02").model_copy(update={"date": "2025-02", "title": "Later"})
    save_edition(later, editions)
    assert load_edition(editions, None).title == "Later"
    assert load_edition(editions).id == "2025-02"


def test_leftover_and_hidden_folders_are_not_editions(editions: Path) -> None:
    for name in (
        ".2024-02.k3j2.tmp",
        ".2024-02.old",
        ".topolreport-staging-2030-01-0a1b2c3d",
        ".topolreport-backup-2030-01-0a1b2c3d",
        ".git",
    ):
        shutil.copytree(editions / "2024-02", editions / name)
        text = (editions / name / "edition.yaml").read_text()
        (editions / name / "edition.yaml").write_text(text.replace("2024-02", "2030-01"))
    (editions / "linked").symlink_to(editions / ".2024-02.old")
    assert edition_ids(editions) == ["2024-02"]
    assert load_edition(editions, None).id == "2024-02"
    code, out, err = run("check", "--all", "--editions", str(editions))
    assert code == 0, out + err
    assert "passed: 1 edition checked" in out
    assert "2030" not in out + err and ".old" not in out + err


def test_an_edition_yaml_that_is_not_utf8_is_listed_and_reported(editions: Path) -> None:
    meta = editions / "2024-02" / "edition.yaml"
    meta.write_bytes(meta.read_bytes().replace(b"Example Body", b"Example \xff Body"))
    assert edition_ids(editions) == ["2024-02"]
    with pytest.raises(InputError) as caught:
        load_edition(editions, "2024-02")
    assert caught.value.file == meta
    assert "not UTF-8" in str(caught.value)
    code, _, err = run("show", "--editions", str(editions))
    assert code == 2 and "not UTF-8" in err and "Traceback" not in err


def test_a_foreword_linked_to_passwd_is_refused(editions: Path) -> None:
    foreword = editions / "2024-02" / "foreword.md"
    foreword.unlink()
    foreword.symlink_to("/etc/passwd")
    with pytest.raises(InputError) as caught:
        load_edition(editions, "2024-02")
    assert caught.value.file == foreword
    assert "symbolic link" in str(caught.value)
    code, out, err = run("show", "2024-02", "--editions", str(editions))
    assert code == 2 and "root:" not in out + err


def test_an_entry_that_is_a_fifo_or_too_large_is_refused(editions: Path) -> None:
    import os

    entries = editions / "2024-02" / "entries"
    os.mkfifo(entries / "ZZ9.md")
    big = entries / "ZZ8.md"
    big.write_text("---\ncode: ZZ8\n---\n" + "word " * 300_000)
    with pytest.raises(InputError) as caught:
        load_edition(editions, "2024-02")
    messages = {p.file.name: p.message for p in caught.value.problems if p.file is not None}
    assert "a FIFO" in messages["ZZ9.md"]
    assert "too large" in messages["ZZ8.md"]


def test_force_replaces_an_edition_whole_and_leaves_nothing_behind(editions: Path) -> None:
    (editions / "2024-02" / "stray.txt").write_text("from the old folder")
    changed = small_edition("2024-02").model_copy(update={"title": "Replaced"})
    with pytest.raises(InputError, match="already exists"):
        save_edition(changed, editions)
    assert load_edition(editions, "2024-02").title != "Replaced"
    save_edition(changed, editions, force=True)
    assert load_edition(editions, "2024-02").title == "Replaced"
    assert not (editions / "2024-02" / "stray.txt").exists()
    assert sorted(p.name for p in editions.iterdir()) == ["2024-02", "catalogue.yaml"]


def test_force_never_turns_the_catalogue_into_an_edition(editions: Path) -> None:
    before = (editions / "catalogue.yaml").read_text()
    with pytest.raises(InputError, match="not an edition folder"):
        save_edition(small_edition("catalogue.yaml"), editions, force=True)
    assert (editions / "catalogue.yaml").read_text() == before


def test_new_edition_folders_have_ordinary_permissions(tmp_path: Path) -> None:
    import os

    umask = os.umask(0o022)
    try:
        folder = tmp_path / "editions"
        save_edition(small_edition("2024-02"), folder)
    finally:
        os.umask(umask)
    assert (folder / "2024-02").stat().st_mode & 0o777 == 0o755
