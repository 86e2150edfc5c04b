"""A ChangeSet as a report: text (terminal), markdown (pull request), html (one page), json."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...model import Catalogue
from ..changes import ChangeSet

if TYPE_CHECKING:
    from .html import Publication

FORMATS = ("text", "markdown", "json", "html")


def render(
    changeset: ChangeSet,
    fmt: str,
    catalogues: Sequence[Catalogue] = (),
    *,
    color: bool = False,
    width: int = 100,
    publication: Publication | None = None,
) -> str:
    """The report in `fmt`; `catalogues` (newer first) name the panels to group by; the HTML
    page carries `publication`'s branding and language and links into its published page."""
    if fmt == "json":
        return changeset.to_json()
    if fmt == "markdown":
        from .markdown import render_markdown

        return render_markdown(changeset, catalogues)
    if fmt == "html":
        from .html import render_html

        return render_html(changeset, catalogues, publication)
    if fmt == "text":
        from .text import render_text

        return render_text(changeset, catalogues, color=color, width=width)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
