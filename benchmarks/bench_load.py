"""Loading an edition of the real report at 10x and 100x, cold and warm, in and out of process.

    python benchmarks/bench_load.py [--copies 10 100] [--repeat 5]

For each size, the real 2023 text is written with its entries repeated under new codes (430
and 4,300 entries, tests/scaled_report.py) and imported with `topolreport import`; the
benchmark stops unless every entry written was imported. Then, best of --repeat:

- process: a whole Python process that imports the store and loads the edition (start-up
  included), and `topolreport show` of it; the CPU time the process used is printed beside
  the wall time, as the wall time of a shared machine also counts its neighbours;
- in process: `load_edition` alone;
- warm: the parsed files are in the cache (as an import leaves them); cold: the cache is
  switched off (TOPOLREPORT_CACHE_DIR=off) and nothing is remembered in process, so every
  file is parsed, as on a fresh machine.

Then the growth of each from the smallest size to the largest. Target: a 4,300-entry
edition loads in under 1 s as a whole process.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the generator is shared with tests/test_scale.py

from scaled_report import scaled_report  # noqa: E402
from topolreport.importers import import_report_text  # noqa: E402
from topolreport.store import load_edition, save_catalogue  # noqa: E402
from topolreport.store.fast_yaml import forget_parsed  # noqa: E402
from topolreport.store.parse_cache import CACHE_ENV  # noqa: E402

SOURCE = ROOT / "sources" / "topol-review-progress-2023-02.txt"
EDITION = "2023-02"
TARGET = 1.0  # seconds, a 4,300-entry edition as a whole process
LOAD = (
    "import sys; from pathlib import Path; from topolreport.store import load_edition; "
    "edition = load_edition(Path(sys.argv[1]), sys.argv[2]); "
    "assert len(edition.entries) == int(sys.argv[3])"
)


@dataclass
class Timing:
    wall: float
    cpu: float  # user + system time of the process measured (the child, for a process)

    def __str__(self) -> str:
        return f"{self.wall:6.3f} s wall, {self.cpu:6.3f} s CPU"


def prepare(folder: Path, copies: int, env: dict[str, str]) -> tuple[Path, int]:
    """The real report at `copies` times its size, imported; (editions folder, entries)."""
    text = SOURCE.read_text(encoding="utf-8-sig")
    real = import_report_text(SOURCE, EDITION, None)
    scaled = scaled_report(text, copies, real.catalogue)
    editions = folder / "editions"
    save_catalogue(scaled.catalogue, editions)
    source = folder / f"{EDITION}.txt"
    source.write_text(scaled.text, encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "topolreport", "import", str(source), "--edition", EDITION]
        + ["--editions", str(editions)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"import of {len(scaled.codes)} entries failed:\n{done.stderr}")
    imported = [entry.code for entry in load_edition(editions, EDITION).entries]
    if imported != scaled.codes:
        sys.exit(f"{len(scaled.codes)} entries written, {len(imported)} imported")
    print(
        f"  import: {len(scaled.codes):,} written, {len(imported):,} imported "
        f"({took:.1f} s, whole process)"
    )
    return editions, len(imported)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _self_cpu() -> float:
    return time.process_time()


def best(repeat: int, action: Callable[[], object], cpu: Callable[[], float]) -> Timing:
    """The fastest of `repeat` runs of `action` (by wall time), with the CPU time it used."""
    runs = []
    for _ in range(repeat):
        cpu_before, start = cpu(), time.perf_counter()
        action()
        runs.append(Timing(time.perf_counter() - start, cpu() - cpu_before))
    return min(runs, key=lambda timing: timing.wall)


def process(argv: list[str], env: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        done = subprocess.run(argv, capture_output=True, text=True, check=False, env=env)
        if done.returncode != 0:
            sys.exit(f"{' '.join(argv[:4])} … exited {done.returncode}: {done.stderr}")

    return run


def in_process(editions: Path, entries: int, cold: bool) -> Callable[[], None]:
    def run() -> None:
        if cold:
            forget_parsed()
        edition = load_edition(editions, EDITION)
        if len(edition.entries) != entries:
            sys.exit(f"{entries} entries imported, {len(edition.entries)} loaded")

    return run


def measure(editions: Path, entries: int, repeat: int, cache: Path) -> dict[str, Timing]:
    results: dict[str, Timing] = {}
    python = [sys.executable, "-c", LOAD, str(editions), EDITION, str(entries)]
    show = [sys.executable, "-m", "topolreport", "show", EDITION, "--editions", str(editions)]
    for state, setting in (("warm", str(cache)), ("cold", "off")):
        env = {**os.environ, CACHE_ENV: setting}
        os.environ[CACHE_ENV] = setting
        process(python, env)()  # the page cache and, warm, the parse cache are filled
        results[f"process, {state}"] = best(repeat, process(python, env), _children_cpu)
        results[f"show, {state}"] = best(repeat, process(show, env), _children_cpu)
        results[f"in process, {state}"] = best(
            repeat, in_process(editions, entries, state == "cold"), _self_cpu
        )
    for label, timing in results.items():
        print(f"  {label:<18} {timing}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    sizes: list[tuple[int, dict[str, Timing]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        env = {**os.environ, CACHE_ENV: str(cache)}
        os.environ[CACHE_ENV] = str(cache)
        for copies in args.copies:
            print(f"{copies} copies of the real report:")
            folder = Path(tmp) / f"x{copies}"
            folder.mkdir()
            editions, entries = prepare(folder, copies, env)
            sizes.append((entries, measure(editions, entries, args.repeat, cache)))
    (small, at_small), (large, at_large) = sizes[0], sizes[-1]
    if len(sizes) > 1:
        print(f"growth from {small:,} to {large:,} entries:")
        for label, timing in at_large.items():
            before = at_small[label]
            print(
                f"  {label:<18} x{timing.wall / before.wall:.1f} wall, "
                f"x{timing.cpu / before.cpu:.1f} CPU"
            )
    for state in ("warm", "cold"):
        took = at_large[f"process, {state}"]
        verdict = "meets" if took.wall < TARGET else "misses"
        print(
            f"{large:,} entries, whole process, {state}: {took.wall:.3f} s "
            f"({verdict} the {TARGET:.0f} s target; {took.cpu:.3f} s CPU: on a busy machine "
            "the wall time also counts other processes)"
        )


if __name__ == "__main__":
    main()
