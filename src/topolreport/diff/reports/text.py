"""The terminal report: headline counts, then each panel's recommendations and their changes."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from ...model import Catalogue
from ..changes import ChangeSet, TextChange, WordOp
from ..grouping import changed, group, stalled_lines
from ..kinds import headline
from ..wording import title, verdict
from .common import compact, one_line, string_console


def _word_diff(ops: Sequence[WordOp]) -> Text:
    text = Text("      ")
    for op, old, new in compact(ops):
        if op == "equal":
            text.append(one_line(new), style="dim")
            continue
        if old.strip():
            text.append(f"[-{one_line(old).strip()}-]", style="red")
        if new.strip():
            text.append(f"{{+{one_line(new).strip()}+}}", style="green")
        text.append(" " if (new or old)[-1:].isspace() else "")
    text.rstrip()
    return text


def render_text(
    changeset: ChangeSet,
    catalogues: Sequence[Catalogue] = (),
    *,
    color: bool = False,
    width: int = 100,
) -> str:
    console, stream = string_console(color=color, width=width)
    console.print(Text(title(changeset), style="bold"))
    console.print(Text(verdict(changeset)))
    counts = [(what, count) for what, count in headline(changeset) if count]
    if counts:
        table = Table(show_header=False, show_edge=False, box=None, padding=(0, 1))
        table.add_column(justify="right")
        table.add_column()
        for what, count in counts:
            table.add_row(str(count), what)
        console.print(table)

    for panel in group(changeset, catalogues):
        console.print()
        console.print(Text(panel.title, style="bold underline"))
        for rec in changed(panel.recommendations):
            console.print(Text(f"  {rec.code}", style="bold"))
            for kind, item in rec.items:
                mark, style = kind.terminal_mark(item)
                line = Text(f"    {mark} ", style=style)
                line.append(kind.describe(item))
                console.print(line)
                if isinstance(item, TextChange):
                    console.print(_word_diff(item.ops))
        for reasons, codes in stalled_lines(panel.recommendations):
            line = Text("  = ", style="magenta")
            line.append(f"stalled ({reasons}): ", style="magenta")
            line.append(", ".join(codes))
            console.print(line)
    output = stream.getvalue()
    if not color:  # rich pads table cells; trailing spaces are noise in a saved report
        output = "\n".join(line.rstrip() for line in output.split("\n"))
    return output
