"""The real report at 10x and 100x: import, load and diff, timed from outside where it matters.

    python benchmarks/bench_scale.py [--copies 10 100] [--repeat 3] [--keep DIR]

For each size, the real 2023 text is written with its entries repeated under new codes
(430 and 4,300 entries; codes run past three digits, so the catalogue declares a four-digit
pattern), and a next year's copy with every number in every third entry raised by 10%
(tests/scaled_report.py). Both are imported with `topolreport import`, and the benchmark
stops unless every entry written was imported. Then it prints:

- import: the first `topolreport import` as a whole process, wall and CPU time;
- load: `load_edition` of the larger edition in this process (best of --repeat);
- diff: `topolreport diff OLD NEW --format json` as a whole process (best of --repeat);
- diff after the load: the same diff and JSON report in this process, the two editions and
  the registry already loaded (best of --repeat), and, for a look at the other reports, the
  text, markdown and html reports of the same ChangeSet;
- the growth of the import's time and of both diff times from the smallest size to the largest.

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
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the generator is shared with tests/test_scale.py

from scaled_report import scaled_report  # noqa: E402
from topolreport.diff import diff_editions  # noqa: E402
from topolreport.diff.reports import render  # noqa: E402
from topolreport.importers import import_report_text  # noqa: E402
from topolreport.initiatives import load_registry  # noqa: E402
from topolreport.store import load_edition, save_catalogue  # noqa: E402

SOURCE = ROOT / "sources" / "topol-review-progress-2023-02.txt"
CLI = [sys.executable, "-m", "topolreport"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False)


@dataclass
class Took:
    """The best of several runs: wall-clock seconds, and CPU seconds (this process's and its
    children's), which a busy machine disturbs less."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:.3f} s ({self.cpu:.3f} s CPU)"


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def prepare(folder: Path, copies: int) -> tuple[Path, int, Took]:
    """Two scaled editions imported into `folder`; (editions folder, entries per edition,
    the first import's time)."""
    text = SOURCE.read_text(encoding="utf-8-sig")
    real = import_report_text(SOURCE, "2023-02", None)
    old = scaled_report(text, copies, real.catalogue)
    new = scaled_report(text, copies, real.catalogue, raise_every=3)
    new_text = new.text.replace("\nFebruary 2023\n", "\nFebruary 2024\n", 1)
    editions = folder / "editions"
    save_catalogue(old.catalogue, editions)
    first: Took | None = None
    for edition_id, report_text in (("2023-02", old.text), ("2024-02", new_text)):
        source = folder / f"{edition_id}.txt"
        source.write_text(report_text, encoding="utf-8")
        start, cpu = time.perf_counter(), _cpu()
        done = run("import", str(source), "--edition", edition_id, "--editions", str(editions))
        took = Took(time.perf_counter() - start, _cpu() - cpu)
        first = first or took
        if done.returncode != 0:
            sys.exit(f"import of {len(old.codes)} entries failed:\n{done.stderr}")
        imported = [entry.code for entry in load_edition(editions, edition_id).entries]
        if imported != old.codes:
            sys.exit(f"{len(old.codes)} entries written, {len(imported)} imported")
        print(
            f"  import {edition_id}: {len(imported):,} written, {len(imported):,} imported "
            f"({took}, whole process)"
        )
    assert first is not None
    return editions, len(old.codes), first


def best(repeat: int, action: Callable[[], object]) -> Took:
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), _cpu()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return Took(min(walls), min(cpus))


def diff_process(editions: Path) -> None:
    done = run("diff", "2023-02", "2024-02", "--editions", str(editions), "--format", "json")
    if done.returncode != 1:
        sys.exit(f"diff exited {done.returncode}: {done.stderr}")
    if not json.loads(done.stdout)["summary"]["metric_changes"]:
        sys.exit("the diff found no metric that moved")


@dataclass
class Timings:
    entries: int
    whole: Took  # the diff command as a whole process
    after_load: Took  # the diff and its JSON report, the editions loaded
    imported: Took | None  # the first import as a whole process; None when kept (--keep)


def measure(folder: Path, copies: int, repeat: int) -> Timings:
    """Import, load and diff one size."""
    print(f"{copies} copies of the real report:")
    if (folder / "editions").is_dir():  # kept from an earlier run (--keep)
        editions = folder / "editions"
        entries = len(load_edition(editions, "2023-02").entries)
        print(f"  editions of {entries:,} entries imported by an earlier run")
        imported = None
    else:
        editions, entries, imported = prepare(folder, copies)
    load = best(repeat, partial(load_edition, editions, "2024-02"))
    print(f"  load: {entries:,} entries in {load} (in process)")
    whole = best(repeat, partial(diff_process, editions))
    print(f"  diff: {entries:,} entries in {whole} (whole process)")

    old, new = load_edition(editions, "2023-02"), load_edition(editions, "2024-02")
    registry = load_registry(editions)
    catalogues = [new.catalogue, old.catalogue]

    def diff_and_report() -> None:
        render(diff_editions(old, new, registry=registry), "json", catalogues)

    after_load = best(repeat, diff_and_report)
    print(f"  diff after the load: {after_load} (in process, with the JSON report)")
    changeset = diff_editions(old, new, registry=registry)
    reports = {
        fmt: best(repeat, partial(render, changeset, fmt, catalogues))
        for fmt in ("text", "markdown", "html")
    }
    print("  other reports: " + ", ".join(f"{fmt} {took}" for fmt, took in reports.items()))
    return Timings(entries, whole, after_load, imported)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="import the editions into DIR and keep them; a later run with the same DIR "
        "times the diff without importing again",
    )
    args = parser.parse_args()

    sizes: list[Timings] = []
    with tempfile.TemporaryDirectory() as tmp:
        for copies in args.copies:
            folder = (args.keep or Path(tmp)) / f"x{copies}"
            folder.mkdir(parents=True, exist_ok=True)
            sizes.append(measure(folder, copies, args.repeat))
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        if small.imported is not None and large.imported is not None:
            print(
                f"import growth from {small.entries:,} to {large.entries:,} entries: "
                f"x{large.imported.wall / small.imported.wall:.1f} wall, "
                f"x{large.imported.cpu / small.imported.cpu:.1f} CPU (whole process)"
            )
        growth = f"diff growth from {small.entries:,} to {large.entries:,} entries:"
        for what, before, after in (
            ("whole process", small.whole, large.whole),
            ("after the load", small.after_load, large.after_load),
        ):
            print(
                f"{growth} x{after.wall / before.wall:.1f} wall, "
                f"x{after.cpu / before.cpu:.1f} CPU ({what})"
            )


if __name__ == "__main__":
    main()
