"""The real report at 10x and 100x: import, load and diff, timed from outside where it matters.

    python benchmarks/bench_scale.py [--copies 10 100] [--repeat 3]

For each size, the real 2023 text is written with its entries repeated under new codes
(430 and 4,300 entries; codes run past three digits, so the catalogue declares a four-digit
pattern), and a next year's copy with every number in every third entry raised by 10%
(tests/scaled_report.py). Both are imported with `topolreport import`, and the benchmark
stops unless every entry written was imported. Then it prints:

- import: each `topolreport import` as a whole process, wall and CPU time (the CPU time of a
  shared machine's process does not count its neighbours);
- load: `load_edition` of the larger edition in this process (best of --repeat);
- diff: `topolreport diff OLD NEW --format json` as a whole process (best of --repeat);
- the growth of the import's and the diff's times from the smallest size to the largest.

Targets: importing grows about as the entries do (x10 for 10 times as many, not x100);
loading 4,300 entries under 1 s; the diff of two such editions under 2 s, growing
less than 12 times from 430 entries.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the generator is shared with tests/test_scale.py

from scaled_report import scaled_report  # noqa: E402
from topolreport.importers import import_report_text  # noqa: E402
from topolreport.store import load_edition, save_catalogue  # noqa: E402

SOURCE = ROOT / "sources" / "topol-review-progress-2023-02.txt"
CLI = [sys.executable, "-m", "topolreport"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def prepare(folder: Path, copies: int) -> tuple[Path, int, tuple[float, float]]:
    """Two scaled editions imported into `folder`; (editions folder, entries per edition,
    wall and CPU seconds of the first import)."""
    text = SOURCE.read_text(encoding="utf-8-sig")
    real = import_report_text(SOURCE, "2023-02", None)
    old = scaled_report(text, copies, real.catalogue)
    new = scaled_report(text, copies, real.catalogue, raise_every=3)
    new_text = new.text.replace("\nFebruary 2023\n", "\nFebruary 2024\n", 1)
    editions = folder / "editions"
    save_catalogue(old.catalogue, editions)
    first: tuple[float, float] | None = None
    for edition_id, report_text in (("2023-02", old.text), ("2024-02", new_text)):
        source = folder / f"{edition_id}.txt"
        source.write_text(report_text, encoding="utf-8")
        cpu, start = _children_cpu(), time.perf_counter()
        done = run("import", str(source), "--edition", edition_id, "--editions", str(editions))
        took, used = time.perf_counter() - start, _children_cpu() - cpu
        first = first or (took, used)
        if done.returncode != 0:
            sys.exit(f"import of {len(old.codes)} entries failed:\n{done.stderr}")
        imported = [entry.code for entry in load_edition(editions, edition_id).entries]
        if imported != old.codes:
            sys.exit(f"{len(old.codes)} entries written, {len(imported)} imported")
        print(
            f"  import {edition_id}: {len(imported):,} written, {len(imported):,} imported "
            f"({took:.2f} s wall, {used:.2f} s CPU, whole process)"
        )
    assert first is not None
    return editions, len(old.codes), first


def best(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def diff_process(editions: Path) -> None:
    done = run("diff", "2023-02", "2024-02", "--editions", str(editions), "--format", "json")
    if done.returncode != 1:
        sys.exit(f"diff exited {done.returncode}: {done.stderr}")
    if not json.loads(done.stdout)["summary"]["metric_changes"]:
        sys.exit("the diff found no metric that moved")


def measure(folder: Path, copies: int, repeat: int) -> tuple[int, tuple[float, float], float]:
    """Import, load and diff one size; (entries, the first import's wall and CPU, diff time)."""
    print(f"{copies} copies of the real report:")
    editions, entries, imported = prepare(folder, copies)
    load = best(repeat, partial(load_edition, editions, "2024-02"))
    print(f"  load: {entries:,} entries in {load:.3f} s (in process)")
    took = best(repeat, partial(diff_process, editions))
    print(f"  diff: {entries:,} entries in {took:.3f} s (whole process)")
    return entries, imported, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    sizes: list[tuple[int, tuple[float, float], float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for copies in args.copies:
            folder = Path(tmp) / f"x{copies}"
            folder.mkdir()
            sizes.append(measure(folder, copies, args.repeat))
    if len(sizes) > 1:
        (small, i_small, d_small), (large, i_large, d_large) = sizes[0], sizes[-1]
        print(
            f"import growth from {small:,} to {large:,} entries: "
            f"x{i_large[0] / i_small[0]:.1f} wall, x{i_large[1] / i_small[1]:.1f} CPU"
        )
        print(f"diff growth from {small:,} to {large:,} entries: x{d_large / d_small:.1f}")


if __name__ == "__main__":
    main()
