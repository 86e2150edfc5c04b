"""The snapshot on disk: only editions are listed, only regular files are read, and a
replaced edition is whole at every step."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from topolreport.errors import InputError
from topolreport.files import MAX_REVIEW_FILE_BYTES, MAX_SNAPSHOT_BYTES
from topolreport.initiatives import REGISTRY_FILE, load_registry, save_registry
from topolreport.initiatives.model import RegisteredInitiative, Registry
from topolreport.model import Catalogue, Panel, Recommendation
from topolreport.store import (
    CATALOGUE_FILE,
    edition_ids,
    load_catalogue,
    load_edition,
    save_catalogue,
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
    # Checked as one edition; the run's leftovers are reported as such (TR092), not as editions.
    assert code == 1, out + err
    assert "failed: 1 edition checked" in out
    leftovers = [line for line in out.splitlines() if "error TR092 leftover" in line]
    assert len(leftovers) == 2, out
    assert any(".topolreport-staging-2030-01-0a1b2c3d" in line for line in leftovers)
    assert any(".topolreport-backup-2030-01-0a1b2c3d" in line for line in leftovers)
    assert "2030-01:" not in out + err and ".old" not in out + err


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


def _grown_catalogue(editions: Path, recommendations: int) -> Catalogue:
    """The fixture's catalogue with a panel of `recommendations` more, each a long sentence."""
    catalogue = load_catalogue(editions)
    wording = "The NHS should train its staff to use digital tools in every setting of care. " * 4
    extra = Panel(
        id="grown",
        title="Grown Panel",
        heading="Recommendations from the Grown Panel",
        recommendations=[
            Recommendation(code=f"GR{number}", text=wording) for number in range(1, recommendations)
        ],
    )
    # Codes past three digits, as a review of thousands of recommendations declares.
    update = {"panels": [*catalogue.panels, extra], "code_pattern": r"[A-Z]{1,5}\d{1,4}"}
    return catalogue.model_copy(update=update)


def test_a_catalogue_past_one_mib_loads_as_a_larger_review_writes_it(editions: Path) -> None:
    grown = _grown_catalogue(editions, 4_000)
    save_catalogue(grown, editions, force=True)
    size = (editions / CATALOGUE_FILE).stat().st_size
    assert MAX_SNAPSHOT_BYTES < size < MAX_REVIEW_FILE_BYTES
    loaded = load_edition(editions, "2024-02")
    assert loaded.catalogue.recommendation("GR3999") is not None
    assert len(load_catalogue(editions).recommendations()) == len(grown.recommendations())


def test_a_catalogue_past_its_cap_is_refused_in_one_line(editions: Path) -> None:
    catalogue = editions / CATALOGUE_FILE
    with catalogue.open("a", encoding="utf-8") as stream:
        stream.write("# " + "x" * MAX_REVIEW_FILE_BYTES + "\n")
    code, out, err = run("show", "2024-02", "--editions", str(editions))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert str(catalogue) in lines[0] and "too large" in lines[0]
    assert f"at most {MAX_REVIEW_FILE_BYTES}" in lines[0]


def test_a_registry_past_one_mib_is_read(editions: Path) -> None:
    registry = Registry(
        initiatives=[
            RegisteredInitiative(
                id=f"programme-{n}", name=f"Programme {n} " + "of care " * 40, kind="programme"
            )
            for n in range(3_000)
        ]
    )
    save_registry(registry, editions)
    assert (editions / REGISTRY_FILE).stat().st_size > MAX_SNAPSHOT_BYTES
    loaded = load_registry(editions)
    assert loaded is not None and len(loaded.initiatives) == 3_000
