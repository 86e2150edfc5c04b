"""Time `topolreport check --all` as CI runs it: a fresh process each time, imports included.

    python benchmarks/bench_check.py [--editions editions] [--repeat 7]

Prints the median and the spread of `--repeat` runs of the installed command (the target is
under a second), then the median of the check alone in this process (loading and rules, no
interpreter start-up or imports).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from topolreport.checks import check_editions
from topolreport.store import edition_ids


def command() -> list[str]:
    installed = shutil.which("topolreport")
    if installed is None:  # run from a checkout without the script on PATH
        return [sys.executable, "-m", "topolreport"]
    return [installed]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editions", type=Path, default=Path("editions"))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    argv = [*command(), "check", "--all", "--editions", str(args.editions)]
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = subprocess.run(argv, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            sys.exit(f"{' '.join(argv)} failed:\n{result.stderr}")
    print(f"command:      {' '.join(argv)}")
    print(f"editions:     {len(edition_ids(args.editions))}")
    print(
        f"check --all:  median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f} s, max {max(times):.3f} s, {args.repeat} runs, exit "
        f"{result.returncode})"
    )

    ids = edition_ids(args.editions)
    check_editions(args.editions, ids)  # warm-up
    inside = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        check_editions(args.editions, ids)
        inside.append(time.perf_counter() - start)
    print(f"in process:   median {statistics.median(inside):.3f} s (load and rules only)")


if __name__ == "__main__":
    main()
