"""The report as HTML: one self-contained page (styles inlined), or the PDF's source.

Jinja2 autoescapes every value, and narratives arrive as blocks of plain text runs (see
narrative.py), so nothing an edition says can become markup.
"""

from __future__ import annotations

import functools

from jinja2 import Environment

from .chartdata import Trend
from .templates import HTML_TEMPLATE, PRINT_CSS, SCREEN_CSS, SHARED_CSS, Templates
from .viewmodel import ReportView


# One environment per templates folder: the page for the web and the PDF's source share the
# compiled template (Jinja recompiles a template whose file has changed since).
@functools.lru_cache(maxsize=8)
def _environment(templates: Templates) -> Environment:
    return templates.environment(keep_trailing_newline=True)


def render_html(view: ReportView, templates: Templates, *, print_version: bool = False) -> str:
    """The page for the web (`print_version=False`) or for WeasyPrint (`True`)."""
    css = (
        templates.read_text(SHARED_CSS)
        + "\n"
        + templates.read_text(PRINT_CSS if print_version else SCREEN_CSS)
    )
    templates.path(HTML_TEMPLATE)  # a clear error when it is missing
    template = _environment(templates).get_template(HTML_TEMPLATE)
    return template.render(
        r=view,
        contents=view.contents(),
        css=_Trusted(css),
        created=view.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        print=print_version,
        chart=lambda trend: _Trusted(_chart_svg(trend, templates)),
        key_figures=templates.key_figures(),
    )


def _chart_svg(trend: Trend, templates: Templates) -> str:
    from .charts import chart_svg  # only an edition with a trend draws (and imports) charts

    return chart_svg(trend, templates.folder / "fonts")


class _Trusted(str):
    """The styles come from the templates folder, and charts are drawn by matplotlib with
    their text escaped: neither is escaped again."""

    def __html__(self) -> str:
        return str(self)
