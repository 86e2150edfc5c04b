"""Trend charts drawn with matplotlib: SVG for the HTML and the PDF (vector), PNG for Word.

matplotlib is imported on the first chart only (it takes most of a second), so a build
without charts pays nothing. benchmarks/bench_charts.py measures it against Vega-Lite
(vl-convert-python): vl-convert imports at once but starts its JavaScript engine on the first
chart, which costs as much, and then draws a chart in about the same time; its SVG keeps text
as <text> needing the font wherever it is shown, where matplotlib draws glyphs as paths.

Output is byte-identical run to run: text is drawn as paths in the SVG (no font is needed to
show it, none is looked up on the system), ids come from a fixed hash salt, and no date or
software version is written into either file. The only font is the templates' own Liberation
Sans, registered by file.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .chartdata import Trend

BRAND = "#005eb8"  # the report's colours (templates/report.css)
TEXT = "#212b32"
MUTED = "#4c6272"
FONT = "Liberation Sans"
SIZE_INCHES = (4.8, 2.2)
PNG_DPI = 200

_registered: set[Path] = set()


def _pyplot_free() -> Any:
    import matplotlib

    matplotlib.use("agg")  # never a GUI backend
    return matplotlib


def _register_fonts(fonts: Path) -> None:
    from matplotlib import font_manager

    for file in sorted(fonts.glob("LiberationSans-*.ttf")):
        if file not in _registered:
            font_manager.fontManager.addfont(str(file))
            _registered.add(file)


def _figure(trend: Trend, fonts: Path) -> Any:
    matplotlib = _pyplot_free()
    _register_fonts(fonts)
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    from ..diff.wording import number

    matplotlib.rcParams.update(
        {
            "font.family": FONT,
            "font.size": 8,
            "svg.fonttype": "path",
            "svg.hashsalt": "topolreport",
            "path.simplify": False,
        }
    )
    figure = Figure(figsize=SIZE_INCHES)
    axes = figure.add_subplot()
    labels = [p.when for p in trend.points]
    values = [p.value for p in trend.points]
    # Unclipped: the limits below hold every point, and a clip path would be a url() reference
    # in pages that must load nothing (the site checks none is there).
    axes.plot(range(len(values)), values, color=BRAND, marker="o", linewidth=2, clip_on=False)
    for x, point in enumerate(trend.points):
        axes.annotate(
            trend.shown(point), (x, point.value), textcoords="offset points", xytext=(0, 6),
            ha="center", color=TEXT,
        )  # fmt: skip
    axes.set_xticks(range(len(values)), labels, color=MUTED)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value)))
    axes.set_ylim(0, max(values) * 1.25 or 1)
    axes.set_xlim(-0.5, len(values) - 0.5)
    axes.set_title(trend.name, loc="left", color=TEXT, fontweight="bold")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    # Fixed margins: tight_layout would draw every chart twice to measure it.
    figure.subplots_adjust(left=0.15, right=0.98, top=0.86, bottom=0.14)
    return figure


@lru_cache(maxsize=256)  # the HTML and the PDF draw the same charts
def chart_svg(trend: Trend, fonts: Path) -> str:
    """The chart as an SVG element for inline use: role img, labelled by its alt text."""
    buffer = io.StringIO()
    _figure(trend, fonts).savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # no XML declaration or doctype inside HTML
    alt = _escape(trend.alt)
    return re.sub(
        r"<svg ",
        f'<svg role="img" aria-label="{alt}" ',
        svg,
        count=1,
    ).replace(">", f"><title>{alt}</title>", 1)


@lru_cache(maxsize=256)
def chart_png(trend: Trend, fonts: Path) -> bytes:
    buffer = io.BytesIO()
    _figure(trend, fonts).savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
