"""Time `topolreport --help` as a whole process, beside a bare Python start-up.

    python benchmarks/bench_startup.py [--repeat 20]

Prints the median and the spread of `--repeat` runs of the installed command (the target is
under 0.15 s), the same for `python -c pass` (what no command can beat), and the modules that
`--help` spends most import time on (`python -X importtime`).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time

TARGET = 0.15  # seconds, for `topolreport --help`


def command() -> list[str]:
    installed = shutil.which("topolreport")
    if installed is None:  # run from a checkout without the script on PATH
        return [sys.executable, "-m", "topolreport"]
    return [installed]


def timed(argv: list[str], repeat: int) -> list[float]:
    subprocess.run(argv, capture_output=True, check=True)  # warm the file cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def line(label: str, times: list[float]) -> str:
    return (
        f"{label:<22} median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f} s, max {max(times):.3f} s, {len(times)} runs)"
    )


def slowest_imports(count: int) -> list[tuple[int, str]]:
    """The top-level imports of `topolreport --help` by cumulative microseconds."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "topolreport", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = []
    for row in result.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", row)
        if match:  # no indent: imported by the command itself, not by another module
            found.append((int(match.group(1)), match.group(2)))
    return sorted(found, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    argv = [*command(), "--help"]
    helped = timed(argv, args.repeat)
    bare = timed([sys.executable, "-c", "pass"], args.repeat)
    print(f"command:               {' '.join(argv)}")
    print(line("topolreport --help:", helped))
    print(line("python -c pass:", bare))
    verdict = "within" if statistics.median(helped) < TARGET else "OVER"
    print(f"target:                under {TARGET:.2f} s: {verdict}")
    print("slowest imports of --help (cumulative):")
    for micros, module in slowest_imports(8):
        print(f"  {micros / 1000:7.1f} ms  {module}")


if __name__ == "__main__":
    main()
