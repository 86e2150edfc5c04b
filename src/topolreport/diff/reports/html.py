"""The report as one self-contained HTML page a reviewer can filter by change type.

Styles and the filter script are inline; the page loads nothing (no fonts, scripts, images or
links to other sites), so it opens the same offline, from an e-mail or a CI artefact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape as escape_markup
from typing import Any

from ...characters import html_references
from ...model import Catalogue
from ...slugs import slug
from ..changes import ChangeSet, MetricChange, TextChange, WordOp
from ..grouping import changed, group, stalled_lines
from ..kinds import KIND, KINDS, Kind, headline
from ..wording import metric_delta, metric_name, state_amount, title, verdict
from .common import compact, link_text


def escape(text: str) -> str:
    """Text as HTML: markup escaped, invisible characters as character references."""
    return html_references(escape_markup(text))


_CSS = """
:root { --brand: #005eb8; --brand-dark: #003087; --text: #212b32; --muted: #4c6272;
        --focus: #212b32; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: var(--text); }
.masthead { background: var(--brand-dark); color: #fff; padding: 1rem; }
.masthead p { margin: 0; font-size: .95rem; }
.masthead .report { font-weight: bold; font-size: 1.1rem; }
main { max-width: 60rem; margin: 0 auto; padding: 0 1rem 2rem; }
h1 { font-size: 1.5rem; color: var(--brand-dark); }
h2 { font-size: 1.2rem; border-bottom: 2px solid var(--brand); color: var(--brand-dark); }
h3 { font-size: 1rem; margin: 1rem 0 .2rem; }
h3 a { color: var(--brand-dark); }
.wording { margin: 0 0 .3rem; color: var(--muted); font-size: .95rem; }
table { border-collapse: collapse; margin: .5rem 0; }
td, th { border: 1px solid #b0b8bf; padding: .2rem .5rem; text-align: left; }
td.n { text-align: right; }
fieldset { border: 1px solid #b0b8bf; margin: 1rem 0; }
fieldset label { display: inline-flex; align-items: center; min-height: 24px;
                 margin: .1rem .8rem .1rem 0; }
input[type=checkbox] { width: 24px; height: 24px; margin: 0 .4rem 0 0; }
button { min-height: 24px; min-width: 24px; padding: .2rem .8rem; font: inherit; }
a { color: var(--brand-dark); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
ul.changes { list-style: none; padding-left: 0; margin: .2rem 0; }
li.change { margin: .3rem 0; overflow-wrap: anywhere; }
.tag { display: inline-block; font-size: .85rem; color: var(--muted); margin-right: .4rem; }
.rose { color: #00622d; font-weight: bold; }
.fell { color: #a4001d; font-weight: bold; }
.diff { margin: .3rem 0 .3rem 1rem; padding: .4rem .6rem; background: #f4f6f7;
        white-space: pre-wrap; overflow-wrap: anywhere; }
del { background: #fde8e8; color: #8a0010; text-decoration: line-through; }
ins { background: #e3f4e6; color: #00531f; text-decoration: underline; }
del + ins { margin-left: .2em; }
.hidden { display: none !important; }
@media (max-width: 40rem) { .tag { display: block; } .diff { margin-left: 0; } }
"""

# Shows and hides items by change type; hides a recommendation or panel left empty.
_SCRIPT = """
(function () {
  var boxes = document.querySelectorAll('input[data-kind]');
  function update() {
    var shown = {};
    boxes.forEach(function (box) { shown[box.dataset.kind] = box.checked; });
    document.querySelectorAll('li.change').forEach(function (li) {
      li.classList.toggle('hidden', !shown[li.dataset.kind]);
    });
    document.querySelectorAll('section.recommendation, section.panel').forEach(function (s) {
      s.classList.toggle('hidden', !s.querySelector('li.change:not(.hidden)'));
    });
  }
  boxes.forEach(function (box) { box.addEventListener('change', update); });
  document.getElementById('all').addEventListener('click', function () {
    boxes.forEach(function (box) { box.checked = true; }); update();
  });
  document.getElementById('none').addEventListener('click', function () {
    boxes.forEach(function (box) { box.checked = false; }); update();
  });
  update();
})();
"""


def _word_diff(ops: Sequence[WordOp]) -> str:
    parts = []
    for op, old, new in compact(ops):
        if op == "equal":
            parts.append(escape(link_text(new)))
            continue
        if old:
            parts.append(f"<del>{escape(link_text(old))}</del>")
        if new:
            parts.append(f"<ins>{escape(link_text(new))}</ins>")
    return "".join(parts)


def _metric(change: MetricChange) -> str:
    """ "Label: 33,700 learners → 41,200 learners (+7,500, +22.3%) ▲ rose": the move in
    words and a symbol as well as colour."""
    if change.direction in ("up", "down"):
        css, said = ("rose", "▲ rose") if change.direction == "up" else ("fell", "▼ fell")
        move = f' <span class="{css}">{said}</span>'
    else:
        move = ""
    return (
        f"{escape(metric_name(change.new))}: {escape(state_amount(change.old))} → "
        f"<strong>{escape(state_amount(change.new))}</strong> "
        f"({escape(metric_delta(change))}){move}"
    )


def _item(kind: Kind[Any], item: object) -> str:
    body = _metric(item) if isinstance(item, MetricChange) else escape(kind.describe(item))
    diff = f'<div class="diff">{_word_diff(item.ops)}</div>' if isinstance(item, TextChange) else ""
    return (
        f'<li class="change" data-kind="{kind.filter(item).css}">'
        f'<span class="tag">{escape(kind.one)}:</span> {body}{diff}</li>'
    )


@dataclass(frozen=True)
class Publication:
    """Where the page's reader finds the edition: its report's title, publisher and language,
    and the published HTML page that recommendations link into."""

    title: str
    publisher: str = ""
    language: str = "en-GB"
    page: str = ""  # "topol-review-progress-2024-02.html"; "" links nowhere

    def link(self, code: str) -> str | None:
        return f"{self.page}#rec-{slug(code, fallback='')}" if self.page else None


def _wordings(catalogues: Sequence[Catalogue]) -> dict[str, str]:
    """Each recommendation's wording, the newer catalogue's first."""
    found: dict[str, str] = {}
    for catalogue in catalogues:
        for rec in catalogue.recommendations():
            found.setdefault(rec.code, rec.text)
    return found


def render_html(
    changeset: ChangeSet,
    catalogues: Sequence[Catalogue] = (),
    publication: Publication | None = None,
) -> str:
    heading = escape(title(changeset))
    present = {KIND[name].filter(item) for name, item in changeset.items()}
    shown = [f for kind in KINDS for f in kind.filters() if f in present]
    filters = "".join(
        f'<label><input type="checkbox" data-kind="{f.css}" checked> {escape(f.label)}</label>'
        for f in shown
    )
    counts = "".join(
        f'<tr><td>{escape(what)}</td><td class="n">{count}</td></tr>'
        for what, count in headline(changeset)
        if count
    )
    wordings = _wordings(catalogues)
    body = [f"<h1>{heading}</h1>", f"<p>{escape(verdict(changeset))}</p>"]
    if counts:
        body.append(
            "<table><caption>Changes by type</caption>"
            f'<tr><th scope="col">Change</th><th scope="col">Count</th></tr>{counts}</table>'
        )
    if shown:
        body.append(
            "<fieldset><legend>Show</legend>"
            f'{filters}<button type="button" id="all">all</button> '
            '<button type="button" id="none">none</button></fieldset>'
        )
    for panel in group(changeset, catalogues):
        body.append(f'<section class="panel"><h2>{escape(panel.title)}</h2>')
        for rec in changed(panel.recommendations):
            items = "".join(_item(kind, item) for kind, item in rec.items)
            link = publication.link(rec.code) if publication else None
            code = escape(rec.code)
            named = f'<a href="{escape(link)}">{code}</a>' if link else code
            wording = wordings.get(rec.code)
            said = f'<p class="wording">{escape(wording)}</p>' if wording else ""
            body.append(
                f'<section class="recommendation" id="rec-{escape(rec.code.replace("/", "-"))}">'
                f'<h3>{named}</h3>{said}<ul class="changes">{items}</ul></section>'
            )
        stalled = stalled_lines(panel.recommendations)
        if stalled:
            lines = "".join(
                f'<li class="change" data-kind="{KIND["stalled"].css}">'
                f"Stalled ({escape(reasons)}): <strong>{escape(', '.join(codes))}</strong></li>"
                for reasons, codes in stalled
            )
            body.append(f'<ul class="changes stalled">{lines}</ul>')
        body.append("</section>")
    script = f"<script>{_SCRIPT}</script>" if shown else ""
    language = escape(publication.language if publication else "en-GB")
    masthead = ""
    if publication is not None:
        publisher = f"<p>{escape(publication.publisher)}</p>" if publication.publisher else ""
        masthead = (
            f'<header class="masthead">{publisher}'
            f'<p class="report">{escape(publication.title)}</p></header>\n'
        )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{heading}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + masthead
        + "<main>\n"
        + "\n".join(body)
        + f"\n</main>\n{script}\n</body>\n</html>\n"
    )
