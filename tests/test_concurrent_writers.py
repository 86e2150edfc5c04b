"""Two writers at once on one editions folder: both edits survive or the second is refused,
never a silent loss, and readers never see a half-made edition."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.text.paragraph import Paragraph

from topolreport.store import edition_ids, load_edition

REPO = Path(__file__).resolve().parents[1]
ROUNDS = 2


def start(*args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, TOPOLREPORT_LOCK_TIMEOUT="120")
    return subprocess.Popen(
        [sys.executable, "-m", "topolreport", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    folder = tmp_path / "editions"
    shutil.copytree(REPO / "editions", folder)
    return folder


@pytest.mark.slow
def test_two_new_runs_at_once_start_the_edition_once(editions: Path) -> None:
    for round_ in range(ROUNDS):
        new_id = f"2030-0{round_ + 1}"
        runs = [start("new", new_id, "--from", "2023-02", "--editions", str(editions))]
        runs.append(start("new", new_id, "--from", "2023-02", "--editions", str(editions)))
        results = sorted(finish(run) for run in runs)
        codes = [code for code, _, _ in results]
        assert codes == [0, 2], results
        (_, started, _), (_, _, refused) = results
        assert f"started {new_id}" in started
        assert "already exists" in refused or "being changed by another" in refused
        assert "Traceback" not in refused
        assert len(load_edition(editions, new_id).entries) == 43
    assert not [p.name for p in editions.iterdir() if p.name.startswith(".")]


def _mark_entry(form: Path, marker: str, skip: set[str]) -> str:
    """Append `marker` to the first narrative paragraph of the form's first entry not in
    `skip`; that entry's code."""
    document = Document(str(form))
    code, narrative = None, False
    for block in document.iter_inner_content():
        if not isinstance(block, Paragraph):
            continue
        if block.style.name == "Heading 1":
            code = block.text.split(".")[0]
        elif block.style.name == "Heading 2":
            narrative = block.text == "Progress narrative"
        elif narrative and code and code not in skip and block.runs:
            block.runs[-1].text += f" {marker}"
            document.save(str(form))
            return code
    raise AssertionError(f"no narrative paragraph in {form}")


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Once for the module: the 2024-02 draft started and its forms written (read-only)."""
    root = tmp_path_factory.mktemp("started")
    editions = root / "editions"
    shutil.copytree(REPO / "editions", editions)
    assert finish(start("new", "2024-02", "--from", "2023-02", "--editions", str(editions)))[0] == 0
    code, _, err = finish(
        start("forms", "2024-02", "--out", str(root / "forms"), "--editions", str(editions))
    )
    assert code == 0, err
    return root


@pytest.fixture
def forms(editions: Path, started: Path) -> Path:
    """The test's editions with the draft started; the folder of its forms (copy a form out
    before changing it)."""
    shutil.rmtree(editions)
    shutil.copytree(started / "editions", editions)
    return started / "forms"


def _returned(forms: Path, tmp_path: Path, name: str, owner: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy(forms / f"2024-02-{owner}.docx", folder)
    return folder / f"2024-02-{owner}.docx"


def _collect_at_once(editions: Path, *folders: Path) -> list[tuple[int, str, str]]:
    runs = [
        start("collect", "2024-02", str(folder), "--editions", str(editions)) for folder in folders
    ]
    return [finish(run) for run in runs]


@pytest.mark.slow
def test_two_collect_runs_on_different_entries_keep_both(
    editions: Path, forms: Path, tmp_path: Path
) -> None:
    taken: set[str] = set()
    for round_ in range(ROUNDS):
        marked: dict[str, str] = {}
        for owner in ("gep", "kls"):
            form = _returned(forms, tmp_path, f"returned-{round_}-{owner}", owner)
            marker = f"(round {round_}, {owner})"
            code = _mark_entry(form, marker, skip=taken)
            taken.add(code)
            marked[code] = marker
        results = _collect_at_once(
            editions, *(tmp_path / f"returned-{round_}-{owner}" for owner in ("gep", "kls"))
        )
        edition = load_edition(editions, "2024-02")
        for (code, out, err), (entry_code, marker) in zip(results, marked.items(), strict=True):
            entry = edition.entry(entry_code)
            assert entry is not None
            if code == 0:
                assert marker in entry.narrative, out + err
            else:  # refused, and said so: never a silent loss
                assert code == 2 and "being changed by another" in err, out + err
    assert edition_ids(editions) == ["2023-02", "2024-02"]


@pytest.mark.slow
def test_two_collect_runs_on_one_entry_apply_one_and_hold_back_the_other(
    editions: Path, forms: Path, tmp_path: Path
) -> None:
    # P1 is in both owners' forms: both edit it, from the same starting text.
    for owner in ("gep", "kls"):
        form = _returned(forms, tmp_path, f"returned-{owner}", owner)
        assert _mark_entry(form, f"(edited by {owner})", skip=set()) == "P1"
    results = _collect_at_once(editions, tmp_path / "returned-gep", tmp_path / "returned-kls")
    assert sorted(code for code, _, _ in results) == [0, 1], results
    applied = next(owner for owner, r in zip(("gep", "kls"), results, strict=True) if r[0] == 0)
    held = next(r for r in results if r[0] == 1)
    # the second run merges against the first's edit: the same sentence, so a conflict
    assert "P1: conflict in the narrative" in held[2]
    assert "not written (conflicting edits): P1" in held[2]
    entry = load_edition(editions, "2024-02").entry("P1")
    assert entry is not None
    assert f"(edited by {applied})" in entry.narrative
    assert entry.narrative.count("(edited by ") == 1


@pytest.mark.slow
def test_collect_and_confirm_at_once_keep_both_edits(
    editions: Path, forms: Path, tmp_path: Path
) -> None:
    taken: set[str] = set()
    for round_ in range(ROUNDS):
        form = _returned(forms, tmp_path, f"returned-{round_}", "gep")
        marker = f"(collected in round {round_})"
        collected = _mark_entry(form, marker, skip=taken)
        taken.add(collected)
        confirmed = next(c for c in ("OD1", "OD2", "E1", "E2") if c not in taken)
        taken.add(confirmed)
        runs = [
            start("collect", "2024-02", str(form.parent), "--editions", str(editions)),
            start(
                "confirm",
                "2024-02",
                confirmed,
                "--reason",
                "as before",
                "--editions",
                str(editions),
            ),
        ]
        (collect_code, c_out, c_err), (confirm_code, f_out, f_err) = [finish(r) for r in runs]
        edition = load_edition(editions, "2024-02")
        entry = edition.entry(collected)
        assert entry is not None
        if collect_code == 0:
            assert marker in entry.narrative, c_out + c_err
        else:  # refused, and said so: never a silent loss
            assert collect_code == 2 and "being changed by another" in c_err, c_out + c_err
        other = edition.entry(confirmed)
        assert other is not None and other.review is not None
        if confirm_code == 0:
            assert other.review.state == "confirmed", f_out + f_err
        else:
            assert confirm_code == 2 and "being changed by another" in f_err, f_out + f_err
        assert "Traceback" not in c_err + f_err
    assert edition_ids(editions) == ["2023-02", "2024-02"]


@pytest.mark.slow
def test_two_builds_into_one_folder_at_once_leave_one_whole_set(
    editions: Path, tmp_path: Path
) -> None:
    import hashlib
    import json

    out = tmp_path / "out"
    args = ("build", "--format", "html,docx", "--out", str(out), "--editions", str(editions))
    results = [finish(run) for run in [start(*args), start(*args)]]
    for code, out_text, err in results:
        assert code == 0 or (code == 2 and "being changed by another" in err), out_text + err
        assert "Traceback" not in err
    assert any(code == 0 for code, _, _ in results)
    manifest = json.loads((out / ".topolreport-build.json").read_text(encoding="utf-8"))
    assert "pending" not in manifest
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert not (out / ".topolreport-lock-owner").exists()


@pytest.mark.slow
def test_two_baseline_writes_at_once_keep_both_editions_findings(editions: Path) -> None:
    import json

    assert finish(start("new", "2024-02", "--from", "2023-02", "--editions", str(editions)))[0] == 0
    baseline = editions / "check-baseline.json"
    baseline.unlink()
    for _ in range(ROUNDS):
        runs = [
            start("check", edition, "--write-baseline", str(baseline), "--editions", str(editions))
            for edition in ("2023-02", "2024-02")
        ]
        for code, out, err in [finish(run) for run in runs]:
            assert code == 0 and "Traceback" not in err, out + err
        accepted = json.loads(baseline.read_text(encoding="utf-8"))
        # Each run keeps what the baseline accepted for the edition it did not check.
        assert {item["edition"] for item in accepted["findings"]} == {"2023-02", "2024-02"}
