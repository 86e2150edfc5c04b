"""Time reading links out of narrative Markdown at scale.

    python benchmarks/bench_text.py [--editions editions] [--copies 100] [--repeat 5]

Joins every narrative of the committed editions, `--copies` times over (100 is about the
size of a report a hundred times the real one), and prints the median time `text.links` and
`text.blocks` take over the whole text, with the number of links and blocks found.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from topolreport.store import edition_ids, load_edition
from topolreport.text import blocks, links


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--editions", type=Path, default=Path("editions"))
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    narratives = [
        entry.narrative
        for edition_id in edition_ids(args.editions)
        for entry in load_edition(args.editions, edition_id).entries
    ]
    text = "\n\n".join(narratives * args.copies)
    for name, read in (("links", links), ("blocks", blocks)):
        times, found = [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            found = len(read(text))
            times.append(time.perf_counter() - start)
        print(f"text.{name}: {found} found in {len(text):,} characters, "
              f"median {statistics.median(times):.3f} s")  # fmt: skip


if __name__ == "__main__":
    main()
