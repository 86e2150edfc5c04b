"""How long `site` takes: the committed editions, and generated editions of 50, 500 and 5,000
recommendations (benchmarks/bench_diff.py's generator: two editions, a fifth of the entries
edited).

    python benchmarks/bench_site.py      # best of 3 runs for each, and the growth

The committed editions are built with every document (Word, PDF, HTML), as `topolreport site`
does by default; the generated ones with the web document only (`--format html`), since a PDF
of 5,000 recommendations measures WeasyPrint, not the site (bench_build.py measures that).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_diff import pair

from topolreport.render.formats import FORMATS
from topolreport.render.site import build_site
from topolreport.render.templates import Templates
from topolreport.store import edition_ids, load_edition

ROOT = Path(__file__).resolve().parents[1]
SIZES = (50, 500, 5_000)
RUNS = 3


def timed(editions: list, formats: tuple[str, ...], folder: Path) -> tuple[float, int]:
    templates = Templates.at()
    best, pages = float("inf"), 0
    for run in range(RUNS):
        out = folder / f"site-{run}"
        start = time.perf_counter()
        result = build_site(editions, out, templates, formats=formats)
        best = min(best, time.perf_counter() - start)
        pages = result.pages
        shutil.rmtree(out)
    return best, pages


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        folder = Path(tmp)
        editions_dir = ROOT / "editions"
        real = [load_edition(editions_dir, i) for i in edition_ids(editions_dir)]
        seconds, pages = timed(real, FORMATS, folder)
        print(
            f"committed editions ({len(real)}), every document: {seconds:.2f} s "
            f"(best of {RUNS}); {pages:,} pages"
        )
        seconds, pages = timed(real, ("html",), folder)
        print(
            f"committed editions ({len(real)}), web document only: {seconds:.2f} s; {pages:,} pages"
        )
        times = {}
        for size in SIZES:
            editions = list(pair(size))
            times[size], pages = timed(editions, ("html",), folder)
            print(
                f"{size:>6,} recommendations, 2 editions: {times[size]:.2f} s "
                f"(best of {RUNS}); {pages:,} pages"
            )
    print(f"growth from 500 to 5,000: x{times[5_000] / times[500]:.1f} (linear would be x10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
