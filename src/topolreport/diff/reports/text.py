"""The terminal report: headline counts, then each panel's recommendations and their changes."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ...model import Catalogue
from ...terminal import printable
from ..changes import ChangeSet, TextChange, WordOp
from ..grouping import changed, group, stalled_lines
from ..kinds import headline
from ..wording import title, verdict
from .common import compact, link_text, one_line, string_console


def _words(text: str) -> str:
    """Narrative words as a reader sees them: links as their text, on one line, with any
    invisible character shown escaped."""
    return printable(one_line(link_text(text)))


def _word_diff(ops: Sequence[WordOp]) -> Text:
    text = Text()
    for op, old, new in compact(ops):
        if op == "equal":
            text.append(_words(new), style="dim")
            continue
        if old.strip():
            text.append(f"[-{_words(old).strip()}-]", style="red")
        if new.strip():
            text.append(f"{{+{_words(new).strip()}+}}", style="green")
        text.append(" " if (new or old)[-1:].isspace() else "")
    text.rstrip()
    return text


def _hanging(console: Console, indent: int, mark: Text, body: Text) -> None:
    """`mark` after `indent` spaces, then `body`, its wrapped lines starting under its first
    word (a hanging indent), so a long line keeps its place in the outline."""
    line = Table.grid(padding=0)
    line.add_column(no_wrap=True)
    line.add_column(overflow="fold")
    line.add_row(mark, body)
    console.print(Padding(line, (0, 0, 0, indent)))


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
                _hanging(console, 4, Text(f"{mark} ", style=style), Text(kind.describe(item)))
                if isinstance(item, TextChange):
                    console.print(Padding(_word_diff(item.ops), (0, 0, 0, 6)))
        for reasons, codes in stalled_lines(panel.recommendations):
            body = Text(f"stalled ({reasons}): ", style="magenta")
            body.append(", ".join(codes))
            _hanging(console, 2, Text("= ", style="magenta"), body)
    output = stream.getvalue()
    if not color:  # rich pads table cells; trailing spaces are noise in a saved report
        output = "\n".join(line.rstrip() for line in output.split("\n"))
    return output
