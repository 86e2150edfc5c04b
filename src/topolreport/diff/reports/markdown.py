"""The report as Markdown for a pull-request comment: counts table, then panel by panel."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ...model import Catalogue
from ..changes import ChangeSet, MetricChange, WordOp
from .common import (
    amount,
    changed,
    compact,
    describe,
    group,
    headline,
    one_line,
    signed,
    stalled_lines,
    title,
    verdict,
)


def _inline(text: str) -> str:
    """Plain words shown as themselves in Markdown (no accidental emphasis, links or HTML)."""
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
        relative = f" ({change.relative:+.1%})" if change.relative is not None else ""
        direction = change.direction + (" **(fell)**" if change.regression else "")
        lines.append(
            "| "
            + " | ".join(
                [
                    f"`{change.id}`",
                    _inline(amount(change.old.value, change.old.qualifier, change.old.unit)),
                    _inline(amount(change.new.value, change.new.qualifier, change.new.unit)),
                    signed(change.absolute) + relative,
                    direction,
                ]
            )
            + " |"
        )
    return lines


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
    lines += [f"| {what} | {count} |" for what, count in headline(changeset)]
    for panel in group(changeset, catalogues):
        lines += ["", f"## {_inline(panel.title)}"]
        for rec in changed(panel.recommendations):
            lines += ["", f"### {rec.code}", ""]
            metrics = [item for name, item in rec.items if name == "metric_changes"]
            if metrics:
                lines += _metric_table(metrics) + [""]
            for name, item in rec.items:
                if name == "metric_changes":
                    continue
                if name == "text_changes":
                    if lines[-1] != "":
                        lines.append("")
                    lines += [
                        "<details>",
                        f"<summary>{html.escape(describe(name, item))}</summary>",
                        "",
                        _word_diff(item.ops),
                        "",
                        "</details>",
                        "",
                    ]
                else:
                    lines.append(f"- {_inline(describe(name, item))}")
            while lines and lines[-1] == "":
                lines.pop()
        stalled = stalled_lines(panel.recommendations)
        if stalled:
            lines += ["", "**Stalled**", ""]
            lines += [f"- {', '.join(codes)}: {_inline(reasons)}" for reasons, codes in stalled]
    return "\n".join(lines) + "\n"
