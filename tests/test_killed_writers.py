"""A writer killed at any moment leaves every edition whole, and the next writer tidies up."""

from __future__ import annotations

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
ROUNDS = 8


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
    delays = random.Random(11)  # fixed seed: the same kill points every run
    killed = 0
    for round_ in range(ROUNDS):
        seen = _staging(editions)  # a killed run's leftover is not this run's
        process = subprocess.Popen(
            [*command, "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if round_ % 2:  # at a random moment of the run
            time.sleep(delays.uniform(0.05, 3.0))
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
