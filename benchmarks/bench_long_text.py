"""How long a word-level diff of one very long narrative takes, in one level and in two.

The narrative is the February 2023 edition's entries joined into one text and copied until it
holds the number of words asked for; the second text raises every figure of every third
paragraph. One-level difflib grows with the product of the lengths, so it is timed only up to
8,000 words; the two-level diff (paragraphs, then words in the paragraphs that differ) is
timed up to 64,000.

    python benchmarks/bench_long_text.py

Target: a 64,000-word narrative diffs in well under a second.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from unittest import mock

from topolreport.diff import words

ENTRIES = Path(__file__).resolve().parents[1] / "editions" / "2023-02" / "entries"
FIGURE = re.compile(r"(?<![\w.,'’-])(\d{2,})(?![\w%'’-]|[.,]\d)")


def texts(size: int) -> tuple[str, str]:
    base = []
    for file in sorted(ENTRIES.glob("*.md")):
        body = file.read_text(encoding="utf-8").split("---\n", 2)[2]
        base += [p.strip() for p in body.split("\n\n") if p.strip()]
    old: list[str] = []
    copy = 0
    while sum(len(p.split()) for p in old) < size:
        copy += 1
        old += [f"Copy{copy}: {p}" for p in base]
    new = [
        FIGURE.sub(lambda m: str(int(m.group(1)) + 7), p) if i % 3 == 0 else p
        for i, p in enumerate(old)
    ]
    return "\n\n".join(old), "\n\n".join(new)


def best(old: str, new: str, runs: int = 3) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        words.word_diff(old, new)
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    print(f"{'words':>8} {'one level':>10} {'two levels':>11}")
    for size in (2_000, 8_000, 64_000):
        old, new = texts(size)
        two = best(old, new)
        one = "-"
        if size <= 8_000:
            with mock.patch.object(words, "_ONE_LEVEL_LIMIT", 10**12):
                one = f"{best(old, new, runs=1):.3f} s"
        print(f"{len(old.split()):>8} {one:>10} {two:>9.3f} s")


if __name__ == "__main__":
    main()
