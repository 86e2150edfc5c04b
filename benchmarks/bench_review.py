"""How long the review copy takes beside the plain Word document, as editions grow.

The editions are bench_diff.py's generated pairs (a fifth of the entries edited: figures moved,
initiatives renamed or added, a paragraph added), 50, 500 and 2,000 recommendations. For each
size: the best of a few runs of `render_docx` (the new edition's own Word document) and of
`render_review_docx` (the same document with the changes tracked and commented, including the
diff), and the ratio of the two.

    python benchmarks/bench_review.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from bench_diff import pair

from topolreport.render.docx import render_docx
from topolreport.render.review import render_review_docx
from topolreport.render.templates import Templates
from topolreport.render.viewmodel import build_view

SIZES = (50, 500, 2_000)
RUNS = 3


def best(run: Callable[[], bytes]) -> tuple[float, int]:
    """(best time in seconds, size of the document in bytes)."""
    times = []
    size = 0
    for _ in range(RUNS):
        start = time.perf_counter()
        size = len(run())
        times.append(time.perf_counter() - start)
    return min(times), size


def main() -> int:
    templates = Templates.at()
    for size in SIZES:
        old, new = pair(size)
        plain, plain_size = best(lambda: render_docx(build_view(new), templates))  # noqa: B023
        review, review_size = best(
            lambda: render_review_docx(old, new, templates)  # noqa: B023
        )
        print(
            f"{size:>6,} recommendations: Word {plain:.2f} s ({plain_size / 1024:,.0f} KB), "
            f"review copy {review:.2f} s ({review_size / 1024:,.0f} KB), "
            f"x{review / plain:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
