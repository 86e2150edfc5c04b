"""The real report at 10x and 100x: import, load and diff, timed from outside where it matters.

    python benchmarks/bench_scale.py [--copies 10 100] [--repeat 3]

For each size, the real 2023 text is written with its entries repeated under new codes
(430 and 4,300 entries; codes run past three digits, so the catalogue declares a four-digit
pattern), and a next year's copy with every number in every third entry raised by 10%
(tests/scaled_report.py). Both are imported with `topolreport import`, and the benchmark
stops unless every entry written was imported. Then it prints:

- load: `load_edition` of the larger edition in this process (best of --repeat);
- diff: `topolreport diff OLD NEW --format json` as a whole process (best of --repeat);
- the growth of the diff's time from the smallest size to the largest.

Targets: loading 4,300 entries under 1 s; the diff of two such editions under 2 s, growing
less than 12 times from 430 entries.
"""

from __future__ import annotations

import argparse
import json
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


def prepare(folder: Path, copies: int) -> tuple[Path, int]:
    """Two scaled editions imported into `folder`; (editions folder, entries per edition)."""
    text = SOURCE.read_text(encoding="utf-8-sig")
    real = import_report_text(SOURCE, "2023-02", None)
    old = scaled_report(text, copies, real.catalogue)
    new = scaled_report(text, copies, real.catalogue, raise_every=3)
    new_text = new.text.replace("\nFebruary 2023\n", "\nFebruary 2024\n", 1)
    editions = folder / "editions"
    save_catalogue(old.catalogue, editions)
    for edition_id, report_text in (("2023-02", old.text), ("2024-02", new_text)):
        source = folder / f"{edition_id}.txt"
        source.write_text(report_text, encoding="utf-8")
        start = time.perf_counter()
        done = run("import", str(source), "--edition", edition_id, "--editions", str(editions))
        took = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"import of {len(old.codes)} entries failed:\n{done.stderr}")
        imported = [entry.code for entry in load_edition(editions, edition_id).entries]
        if imported != old.codes:
            sys.exit(f"{len(old.codes)} entries written, {len(imported)} imported")
        print(
            f"  import {edition_id}: {len(imported):,} written, {len(imported):,} imported "
            f"({took:.2f} s, whole process)"
        )
    return editions, len(old.codes)


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


def measure(folder: Path, copies: int, repeat: int) -> tuple[int, float]:
    """Import, load and diff one size; (entries, diff time)."""
    print(f"{copies} copies of the real report:")
    editions, entries = prepare(folder, copies)
    load = best(repeat, partial(load_edition, editions, "2024-02"))
    print(f"  load: {entries:,} entries in {load:.3f} s (in process)")
    took = best(repeat, partial(diff_process, editions))
    print(f"  diff: {entries:,} entries in {took:.3f} s (whole process)")
    return entries, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    diffs: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for copies in args.copies:
            folder = Path(tmp) / f"x{copies}"
            folder.mkdir()
            diffs.append(measure(folder, copies, args.repeat))
    if len(diffs) > 1:
        (small, t_small), (large, t_large) = diffs[0], diffs[-1]
        print(f"diff growth from {small:,} to {large:,} entries: x{t_large / t_small:.1f}")


if __name__ == "__main__":
    main()
