"""The report as Markdown for a pull-request comment: counts table, then panel by panel."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ...model import Catalogue
from ..changes import ChangeSet, MetricChange, TextChange, WordOp
from ..grouping import changed, group, stalled_lines
from ..kinds import headline
from ..wording import metric_name, signed, state_amount, title, verdict
from .common import compact, link_text, one_line


def _inline(text: str) -> str:
    """Plain words shown as themselves in Markdown (no accidental emphasis, links or HTML);
    a narrative's links are shown as their text."""
    text = link_text(text)
    text = re.sub(r"([\\`*_\[\]#|~])", r"\\\1", " ".join(text.split()))
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _inline_keep_spaces(text: str) -> str:
    """Like _inline, keeping a space at either end (the word diff joins pieces by them)."""
    flat = one_line(text)
    lead = " " if flat[:1] == " " else ""
    tail = " " if flat[-1:] == " " and flat.strip() else ""
    return lead + _inline(flat) + tail


def _metric_table(changes: list[MetricChange]) -> list[str]:
    lines = [
        "| Metric | Old | New | Change | Direction |",
        "|---|---|---|---:|---|",
    ]
    for change in changes:
        direction = change.direction + (" **(fell)**" if change.regression else "")
        lines.append(
            "| "
            + " | ".join(
                [
                    _inline(metric_name(change.new)),
                    _inline(state_amount(change.old)),
                    _inline(state_amount(change.new)),
                    _change(change),
                    direction,
                ]
            )
            + " |"
        )
    return lines


def _change(change: MetricChange) -> str:
    """ "+7,500 (+22.3%)": the table's Change column; the Direction column says the rest."""
    relative = f" ({change.relative:+.1%})" if change.relative is not None else ""
    return signed(change.absolute) + relative


def _word_diff(ops: Sequence[WordOp]) -> str:
    parts = []
    for op, old, new in compact(ops):
        if op == "equal":
            parts.append(_inline_keep_spaces(new))
            continue
        if old.strip():
            parts.append(f"<del>{_inline(old)}</del>")
        if new.strip():
            parts.append(f"<ins>{_inline(new)}</ins>")
        parts.append(" " if (new or old)[-1:].isspace() else "")
    return "".join(parts).strip()


def render_markdown(changeset: ChangeSet, catalogues: Sequence[Catalogue] = ()) -> str:
    lines = [f"# {title(changeset)}", "", verdict(changeset), ""]
    lines += ["| Change | Count |", "|---|---:|"]
    lines += [f"| {what} | {count} |" for what, count in headline(changeset) if count]
    for panel in group(changeset, catalogues):
        lines += ["", f"## {_inline(panel.title)}"]
        for rec in changed(panel.recommendations):
            lines += ["", f"### {rec.code}", ""]
            metrics = [item for _, item in rec.items if isinstance(item, MetricChange)]
            if metrics:
                lines += _metric_table(metrics) + [""]
            for kind, item in rec.items:
                if isinstance(item, MetricChange):
                    continue
                if isinstance(item, TextChange):
                    if lines[-1] != "":
                        lines.append("")
                    lines += [
                        "<details>",
                        f"<summary>{html.escape(kind.describe(item))}</summary>",
                        "",
                        _word_diff(item.ops),
                        "",
                        "</details>",
                        "",
                    ]
                else:
                    lines.append(f"- {_inline(kind.describe(item))}")
            while lines and lines[-1] == "":
                lines.pop()
        stalled = stalled_lines(panel.recommendations)
        if stalled:
            lines += ["", "**Stalled**", ""]
            lines += [f"- {', '.join(codes)}: {_inline(reasons)}" for reasons, codes in stalled]
    return "\n".join(lines) + "\n"
