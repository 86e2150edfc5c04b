"""Links have somewhere to go: `[GeNotes](#)` is a link whose target was lost."""

from __future__ import annotations

from collections.abc import Iterator

from ..text import links
from .context import CheckContext
from .findings import WARNING, Finding, Rule

LINK_WITHOUT_TARGET = Rule(
    "TR030",
    "link-without-target",
    WARNING,
    'A Markdown link has an empty target or only "#": the reader\'s click goes nowhere.',
    "put the address in the brackets, e.g. [GeNotes](https://…), or drop the link markup and "
    "keep the words",
)

RULES = (LINK_WITHOUT_TARGET,)

_EMPTY_TARGETS = {"", "#"}


def check(ctx: CheckContext) -> Iterator[Finding]:
    for prose in ctx.markdown:
        # Images (![alt](…)) are links here too.
        for link in links(prose.text):
            if link.url.strip() not in _EMPTY_TARGETS:
                continue
            text = link.text.strip()
            yield ctx.finding(
                LINK_WITHOUT_TARGET,
                ctx.locate_in(prose, link.start),
                f'{prose.label}: link "{text}" has no target',
                f"put the address in the brackets, [{text}](https://…), or drop the link "
                "markup and keep the words",
            )
