"""How the trend charts were chosen, and what they cost a build.

    python benchmarks/bench_charts.py [--repeat 3]

Prints, for each charting library installed (matplotlib, and Vega-Lite through
vl-convert-python when present): the import time (in a fresh interpreter), the first chart
and the time per chart after it. Then, on three editions imported from the real report with
the test suite's edits (tests/editions3.py: made-up later figures), the PDF build of the newest
edition, its charts included, against plain WeasyPrint on the same print HTML, and the ratio
(the target is within 1.5).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FONTS = REPO / "templates" / "fonts"
MONTHS = ("2023-02", "2024-02", "2025-02")
VALUES = (33700, 41200, 52900)

_MATPLOTLIB = """
import time
start = time.perf_counter()
from pathlib import Path
from topolreport.render.chartdata import Point, Trend
from topolreport.render import charts
trend = Trend("g2-learners", "G2", "learners", "", tuple(
    Point(m, v, None) for m, v in zip({months!r}, {values!r})))
charts._pyplot_free()
imported = time.perf_counter()
charts.chart_svg.__wrapped__(trend, Path({fonts!r}))
first = time.perf_counter()
for _ in range({repeat}):
    charts.chart_svg.__wrapped__(trend, Path({fonts!r}))
    charts.chart_png.__wrapped__(trend, Path({fonts!r}))
done = time.perf_counter()
print(imported - start, first - imported, (done - first) / {repeat})
"""

_VEGA = """
import time
start = time.perf_counter()
import vl_convert
imported = time.perf_counter()
vl_convert.register_font_directory({fonts!r})
spec = {{"data": {{"values": [{{"edition": m, "value": v}} for m, v in zip({months!r},
    {values!r})]}}, "mark": {{"type": "line", "point": True}}, "width": 300, "height": 150,
    "encoding": {{"x": {{"field": "edition", "type": "ordinal"}},
                 "y": {{"field": "value", "type": "quantitative"}}}},
    "config": {{"font": "Liberation Sans"}}}}
vl_convert.vegalite_to_svg(spec)
first = time.perf_counter()
for _ in range({repeat}):
    vl_convert.vegalite_to_svg(spec)
    vl_convert.vegalite_to_png(spec, scale=2)
done = time.perf_counter()
print(imported - start, first - imported, (done - first) / {repeat})
"""


def library_times(name: str, script: str, repeat: int) -> None:
    code = script.format(fonts=str(FONTS), months=MONTHS, values=VALUES, repeat=repeat)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if result.returncode != 0:
        print(f"{name:<12} not available ({result.stderr.strip().splitlines()[-1]})")
        return
    imported, first, each = (float(x) for x in result.stdout.split())
    print(
        f"{name:<12} import {imported:6.3f} s  first chart {first:6.3f} s  "
        f"per chart (svg + png) {each:6.3f} s"
    )


def build_ratio(repeat: int) -> None:
    sys.path.insert(0, str(REPO / "tests"))
    from topolreport.render import charts
    from topolreport.render.build import build
    from topolreport.render.html import render_html
    from topolreport.render.templates import Templates
    from topolreport.render.viewmodel import build_view
    from topolreport.store import load_edition

    from editions3 import make_three_editions  # the test suite's three editions

    with tempfile.TemporaryDirectory() as folder:
        editions_dir = make_three_editions(Path(folder))
        editions = [load_edition(editions_dir, e) for e in MONTHS]
        newest, earlier = editions[-1], editions[:-1]
        templates = Templates.at()
        view = build_view(newest, earlier=earlier)
        count = sum(len(rec.trends) for panel in view.panels for rec in panel.recommendations)
        from weasyprint import HTML

        def charted() -> None:
            charts.chart_svg.cache_clear()  # draw every chart, as a fresh build does
            build(newest, ("pdf",), Path(folder) / "out", templates, earlier=earlier, force=True)

        html = render_html(view, templates, print_version=True)

        def plain() -> None:
            HTML(string=html, base_url=str(templates.folder)).write_pdf()

        charted()  # warm-up: imports are not counted for either side
        best = {"build pdf with charts": float("inf"), "plain weasyprint": float("inf")}
        for _ in range(repeat):
            for name, run in (("build pdf with charts", charted), ("plain weasyprint", plain)):
                start = time.perf_counter()
                run()
                best[name] = min(best[name], time.perf_counter() - start)
        for name, seconds in best.items():
            print(f"{name:<24} {seconds:6.2f} s")
        ratio = best["build pdf with charts"] / best["plain weasyprint"]
        print(f"{count} charts; ratio {ratio:.2f} (target within 1.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    library_times("matplotlib", _MATPLOTLIB, args.repeat)
    library_times("vl-convert", _VEGA, args.repeat)
    build_ratio(args.repeat)


if __name__ == "__main__":
    main()
