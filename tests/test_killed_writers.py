"""A writer killed at any moment leaves every edition whole, and the next writer tidies up."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from topolreport.store import edition_ids, load_edition

REPO = Path(__file__).resolve().parents[1]
ROUNDS = 6


def _staging(editions: Path) -> set[str]:
    return {p.name for p in editions.iterdir() if p.name.startswith(".topolreport-staging-")}


def _wait_for_staging(editions: Path, process: subprocess.Popen[bytes], seen: set[str]) -> None:
    """Until the run has made its own staging folder (or ended)."""
    while process.poll() is None and not _staging(editions) - seen:
        time.sleep(0.002)


@pytest.mark.slow
def test_new_force_killed_at_random_points_leaves_the_edition_whole(tmp_path: Path) -> None:
    editions = tmp_path / "editions"
    shutil.copytree(REPO / "editions", editions)
    command = [sys.executable, "-m", "topolreport", "new", "2024-02", "--from", "2023-02"]
    command += ["--editions", str(editions)]
    assert subprocess.run(command, capture_output=True, timeout=300).returncode == 0
    longest = 0.9 * _timed([*command, "--force"])
    delays = random.Random(11)  # fixed seed: the same kill points every run
    killed = 0
    for round_ in range(ROUNDS):
        seen = _staging(editions)  # a killed run's leftover is not this run's
        process = subprocess.Popen(
            [*command, "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if round_ % 2:  # at a random moment of the run
            time.sleep(delays.uniform(0.05, longest))
        else:  # while it writes or swaps the edition
            _wait_for_staging(editions, process, seen)
            time.sleep(delays.uniform(0.0, 0.25))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=300)
        assert edition_ids(editions) == ["2023-02", "2024-02"]
        assert len(load_edition(editions, "2024-02").entries) == 43
    assert killed > 0
    # The next writer, once it holds the lock, removes what the killed runs left.
    done = subprocess.run(
        [sys.executable, "-m", "topolreport", "confirm", "2024-02", "P1", "--reason", "as before"]
        + ["--editions", str(editions)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert not [p.name for p in editions.iterdir() if p.name.startswith(".")]


def _topolreport(*args: str) -> list[str]:
    return [sys.executable, "-m", "topolreport", *args]


def _timed(command: list[str]) -> float:
    """Seconds `command` takes when left to finish: kill points are drawn within that, so a
    fast machine still kills mid-run (a fixed window would let every run finish first)."""
    start = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - start


def _kill_at_random(command: list[str], delays: random.Random, longest: float) -> bool:
    """Run `command` and SIGKILL it after a random delay; True when it was killed."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delays.uniform(0.05, longest))
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=300)
    return killed


@pytest.mark.slow
def test_import_force_killed_at_random_points_leaves_the_edition_whole(tmp_path: Path) -> None:
    editions = tmp_path / "editions"
    shutil.copytree(REPO / "editions", editions)
    source = REPO / "sources" / "topol-review-progress-2023-02.txt"
    command = _topolreport("import", str(source), "--edition", "2023-02", "--force")
    command += ["--editions", str(editions)]
    longest = 0.9 * _timed(command)
    delays = random.Random(23)
    killed = 0
    for _ in range(ROUNDS // 2):
        killed += _kill_at_random(command, delays, longest)
        assert edition_ids(editions) == ["2023-02"]
        assert len(load_edition(editions, "2023-02").entries) == 43
    assert killed > 0


def _manifest_accepts_every_file(out: Path) -> None:
    """Each document the manifest names holds bytes it accepts (old or new, never unknown)."""
    manifest = out / ".topolreport-build.json"
    if not manifest.exists():
        return
    files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    for name, digests in files.items():
        accepted = digests if isinstance(digests, list) else [digests]
        path = out / name
        if path.exists():
            assert hashlib.sha256(path.read_bytes()).hexdigest() in accepted, name


@pytest.mark.slow
def test_build_killed_at_random_points_leaves_outputs_the_next_build_accepts(
    tmp_path: Path,
) -> None:
    editions = tmp_path / "editions"
    shutil.copytree(REPO / "editions", editions)
    out = tmp_path / "out"
    # Word and HTML only: every format is staged and published the same way, and without the
    # PDF's long layout the kill points fall across the publishing, which is what is tried.
    command = _topolreport("build", "--format", "docx,html", "--out", str(out), "--editions",
                           str(editions))  # fmt: skip
    longest = 0.9 * _timed(command)
    meta = editions / "2023-02" / "edition.yaml"
    text = meta.read_text(encoding="utf-8")
    delays = random.Random(5)
    killed = 0
    for round_ in range(4):
        # Each round builds different bytes, so a kill can fall between old and new files.
        meta.write_text(text.replace("publisher: ", f"publisher: R{round_} ", 1), "utf-8")
        killed += _kill_at_random(command, delays, longest)
        _manifest_accepts_every_file(out)
        # The next plain build (no --force) accepts its own files, whatever the kill left.
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        _manifest_accepts_every_file(out)
        assert "pending" not in json.loads((out / ".topolreport-build.json").read_text("utf-8"))
        assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert killed > 0


@pytest.mark.slow
def test_collect_killed_at_random_points_leaves_the_entry_old_or_new(tmp_path: Path) -> None:
    from docx import Document

    editions = tmp_path / "editions"
    shutil.copytree(REPO / "editions", editions)
    forms = tmp_path / "forms"
    for args in (
        ("new", "2024-02", "--from", "2023-02"),
        ("forms", "2024-02", "--out", str(forms)),
    ):
        ran = subprocess.run(_topolreport(*args, "--editions", str(editions)), timeout=300)
        assert ran.returncode == 0
    returned = tmp_path / "returned"
    returned.mkdir()
    form = returned / "2024-02-gep.docx"
    shutil.copy(forms / form.name, form)
    document = Document(str(form))
    narrative = False  # a paragraph of an entry's narrative, where a lead writes
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            narrative = paragraph.text == "Progress narrative"
        elif narrative and paragraph.runs:
            paragraph.runs[-1].text += " (returned edit)"
            break
    document.save(str(form))
    before = load_edition(editions, "2024-02")
    pristine = tmp_path / "pristine"
    shutil.copytree(editions, pristine)
    command = _topolreport("collect", "2024-02", str(returned), "--editions", str(editions))
    longest = 0.9 * _timed(command)
    (edited,) = [
        e.code
        for e in load_edition(editions, "2024-02").entries
        if "(returned edit)" in e.narrative
    ]
    old = before.entry(edited)
    assert old is not None
    delays = random.Random(7)
    killed = 0
    for _ in range(ROUNDS // 2):
        shutil.rmtree(editions)  # each round has the edit to write
        shutil.copytree(pristine, editions)
        killed += _kill_at_random(command, delays, longest)
        edition = load_edition(editions, "2024-02")  # whole: every entry loads
        assert [e.code for e in edition.entries] == [e.code for e in before.entries]
        entry = edition.entry(edited)
        assert entry is not None
        assert entry.narrative == old.narrative or "(returned edit)" in entry.narrative
    assert killed > 0
    assert edition_ids(editions) == ["2023-02", "2024-02"]
