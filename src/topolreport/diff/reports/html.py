"""The report as one self-contained HTML page a reviewer can filter by change type.

Styles and the filter script are inline; the page loads nothing (no fonts, scripts, images or
links to other sites), so it opens the same offline, from an e-mail or a CI artefact.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from ...model import Catalogue
from ..changes import ChangeSet, MetricChange, TextChange, WordOp
from ..grouping import group
from ..kinds import KIND, KINDS, Kind, headline
from ..wording import metric_delta, state_amount, title, verdict
from .common import compact

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem;
       padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
table { border-collapse: collapse; margin: .5rem 0; }
td, th { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; }
td.n { text-align: right; }
fieldset { border: 1px solid #ccc; margin: 1rem 0; }
fieldset label { display: inline-block; margin: .1rem .8rem .1rem 0; white-space: nowrap; }
ul.changes { list-style: none; padding-left: .5rem; margin: .2rem 0; }
li.change { margin: .25rem 0; display: grid; grid-template-columns: 11rem 1fr; gap: 0 .5rem; }
.tag { font-size: .8rem; color: #555; padding-top: .1rem; }
.regression { color: #b00020; font-weight: bold; }
.diff { grid-column: 2; margin: .3rem 0; padding: .4rem .6rem; background: #f6f6f6;
        white-space: pre-wrap; }
del { background: #fdd; color: #8a0010; } ins { background: #dfd; color: #0a5a1a;
        text-decoration: none; }
del + ins { margin-left: .2em; }
.hidden { display: none !important; }
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
            parts.append(escape(new))
            continue
        if old:
            parts.append(f"<del>{escape(old)}</del>")
        if new:
            parts.append(f"<ins>{escape(new)}</ins>")
    return "".join(parts)


def _metric(change: MetricChange) -> str:
    fell = ' <span class="regression">fell</span>' if change.regression else ""
    return (
        f"<code>{escape(change.id)}</code>: {escape(state_amount(change.old))} → "
        f"<strong>{escape(state_amount(change.new))}</strong> "
        f"({escape(metric_delta(change))}){fell}"
    )


def _item(kind: Kind[Any], item: object) -> str:
    body = _metric(item) if isinstance(item, MetricChange) else escape(kind.describe(item))
    diff = f'<div class="diff">{_word_diff(item.ops)}</div>' if isinstance(item, TextChange) else ""
    return (
        f'<li class="change" data-kind="{kind.filter(item).css}">'
        f'<span class="tag">{escape(kind.title)}</span>{body}{diff}</li>'
    )


def render_html(changeset: ChangeSet, catalogues: Sequence[Catalogue] = ()) -> str:
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
    )
    body = [
        f"<h1>{heading}</h1>",
        f"<p>{escape(verdict(changeset))}</p>",
        f"<table><tr><th>Change</th><th>Count</th></tr>{counts}</table>",
    ]
    if shown:
        body.append(
            "<fieldset><legend>Show</legend>"
            f'{filters}<button type="button" id="all">all</button> '
            '<button type="button" id="none">none</button></fieldset>'
        )
    for panel in group(changeset, catalogues):
        body.append(f'<section class="panel"><h2>{escape(panel.title)}</h2>')
        for rec in panel.recommendations:
            items = "".join(_item(kind, item) for kind, item in rec.items)
            body.append(
                f'<section class="recommendation" id="rec-{escape(rec.code.replace("/", "-"))}">'
                f'<h3>{escape(rec.code)}</h3><ul class="changes">{items}</ul></section>'
            )
        body.append("</section>")
    script = f"<script>{_SCRIPT}</script>" if shown else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{heading}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n{script}\n</body>\n</html>\n"
    )
