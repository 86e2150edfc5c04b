"""The terminal report: headline counts, then each panel's recommendations and their changes.

The report's lines are laid out here rather than by one rich Table and Padding per line: those
measure and wrap every line twice and cost seconds on a report of thousands of changes. The
layout is theirs (a hanging indent is a two-column grid: the mark, then the text wrapped to
what is left of the line), and the wrapping and styling are still rich's own, so the output is
the same, in colour or not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ...model import Catalogue
from ...terminal import printable
from ..changes import ChangeSet, TextChange, WordOp
from ..grouping import changed, group, stalled_lines
from ..kinds import headline
from ..wording import title, verdict
from .common import compact, link_text, one_line, string_console

Line = list[Segment]


class _Lines:
    """Lines already laid out, printed as they are."""

    def __init__(self, lines: Iterable[Line]) -> None:
        self.lines = list(lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines:
            yield from line
            yield Segment.line()


class _Layout:
    """Lines of the report as rich would print them. Without colour only the words matter
    (trailing spaces are dropped from a saved report), so rich's wrapping is used alone and
    the styling and padding of each piece are skipped."""

    def __init__(self, console: Console, color: bool) -> None:
        self.console = console
        self.options = console.options  # computed afresh on each read: read once
        self.width = console.width
        self.color = color

    def wrapped(
        self, text: Text, width: int, justify: JustifyMethod, *, pad: bool, no_wrap: bool = False
    ) -> list[Line]:
        """`text` laid out `width` wide, as a renderable's cell or line is."""
        overflow: OverflowMethod = "ellipsis" if no_wrap else "fold"
        if self.color or width < 1:  # rich renders nothing at all in no width
            options = self.options.update(
                width=width, justify=justify, overflow=overflow, no_wrap=no_wrap
            )
            return self.console.render_lines(text, options, pad=pad)
        # Where a line breaks depends on its characters alone: wrap them without the styles.
        lines = Text(text.plain).wrap(
            self.console, width, justify=justify, overflow=overflow, no_wrap=no_wrap
        )
        return [[Segment(line.plain)] for line in lines]

    def plain(self, text: Text) -> list[Line]:
        """`text` as `console.print` lays it out."""
        return self.wrapped(text, self.width, "default", pad=False)

    def indented(self, indent: int, text: Text) -> list[Line]:
        """`text` wrapped to the width after `indent` spaces, as rich's Padding lays it out."""
        lead = Segment(" " * indent)
        return [
            [lead, *line] for line in self.wrapped(text, self.width - indent, "default", pad=True)
        ]

    def hanging(self, indent: int, mark: Text, body: Text) -> list[Line]:
        """`mark` after `indent` spaces, then `body`, its wrapped lines starting under its
        first word (a hanging indent), so a long line keeps its place in the outline."""
        room = self.width - indent
        options = self.options.update_width(room)
        mark_width = Measurement.get(self.console, options, mark).maximum
        body_width = Measurement.get(self.console, options, body).maximum
        plain = body.plain
        if mark_width < 1 or body_width < 1 or room <= mark_width or plain.splitlines() != [plain]:
            # Beyond the usual (a mark as wide as the line, an empty or multi-line body): let
            # rich's grid lay it out.
            grid = Table.grid(padding=0)
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            grid.add_row(mark, body)
            return self.console.render_lines(Padding(grid, (0, 0, 0, indent)), self.options)
        # The grid's columns: the mark as wide as it is, the body as wide as its longest line
        # or what is left of the line, whichever is less; every line padded to the full width.
        width = min(body_width, room - mark_width)
        body_lines = self.wrapped(body, width, "left", pad=True)
        first = self.wrapped(mark, mark_width, "left", pad=True, no_wrap=True)[0]
        lead, blank = Segment(" " * indent), Segment(" " * mark_width)
        rest = [Segment(" " * (room - mark_width - width))] if room > mark_width + width else []
        return [
            [lead, *(first if index == 0 else [blank]), *line, *rest]
            for index, line in enumerate(body_lines)
        ]


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

    layout = _Layout(console, color)
    lines: list[Line] = []
    for panel in group(changeset, catalogues):
        lines.append([])
        lines += layout.plain(Text(panel.title, style="bold underline"))
        for rec in changed(panel.recommendations):
            lines += layout.plain(Text(f"  {rec.code}", style="bold"))
            for kind, item in rec.items:
                mark, style = kind.terminal_mark(item)
                lines += layout.hanging(4, Text(f"{mark} ", style=style), Text(kind.describe(item)))
                if isinstance(item, TextChange):
                    lines += layout.indented(6, _word_diff(item.ops))
        for reasons, codes in stalled_lines(panel.recommendations):
            body = Text(f"stalled ({reasons}): ", style="magenta")
            body.append(", ".join(codes))
            lines += layout.hanging(2, Text("= ", style="magenta"), body)
    console.print(_Lines(lines))
    output = stream.getvalue()
    if not color:  # rich pads table cells; trailing spaces are noise in a saved report
        output = "\n".join(line.rstrip() for line in output.split("\n"))
    return output
