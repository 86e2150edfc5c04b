"""What a form holds and how it is laid out: shared by the writer and the reader."""

from __future__ import annotations

import re

from ..codes import DEFAULT as CODE_GRAMMAR
from ..drafting import fingerprint
from ..model import Entry
from ..text import blocks

NARRATIVE_HEADING = "Progress narrative"
METRICS_HEADING = "Metrics"
METRIC_COLUMNS = ("id", "value", "qualifier", "unit", "as of", "what it counts", "as written")
BULLET_STYLE = "List Bullet"
BODY_STYLE = "Normal"
RECOMMENDATION_STYLE = "Quote"
# Core properties carry what identifies the form; the owner sees them as document properties.
FORM_CATEGORY = "topolreport contributor form"

ENTRY_HEADING_RE = re.compile(rf"^({CODE_GRAMMAR.joint})\.\s")


def narrative_blocks(narrative: str) -> list[tuple[str, str]]:
    """Markdown narrative -> [(kind, text)], kind "paragraph" or "bullet".

    A paragraph's own line breaks stay in its text as "\n", so that a form given back
    unchanged gives back exactly the same Markdown.
    """
    return [(block.kind, "\n".join(block.lines)) for block in blocks(narrative)]


def narrative_markdown(blocks: list[tuple[str, str]]) -> str:
    """[(kind, text)] -> Markdown: bullets of one list on consecutive lines, blocks apart."""
    out: list[str] = []
    previous = ""
    for kind, text in blocks:
        text = text.strip()
        if not text:
            continue
        if kind == "bullet":
            line = "- " + text
            out.append(("\n" if previous == "bullet" else "\n\n") + line if out else line)
        else:
            out.append(("\n\n" + text) if out else text)
        previous = kind
    return "".join(out)


BASE_BOOKMARK_PREFIX = "_tr_"  # Word hides bookmarks whose names start with "_"


def form_fingerprint(entry: Entry) -> str:
    """Fingerprint of what a form edits (narrative and metrics), to tell who changed what."""
    return fingerprint(entry, initiatives=False)


def base_bookmark(entry: Entry) -> str:
    return BASE_BOOKMARK_PREFIX + form_fingerprint(entry)
