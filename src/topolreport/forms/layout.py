"""What a form holds and how it is laid out: shared by the writer and the reader."""

from __future__ import annotations

import re

from ..codes import CODE_LIKE
from ..ooxml.controls import CHECKED, UNCHECKED
from ..text import blocks

NARRATIVE_HEADING = "Progress narrative"
METRICS_HEADING = "Metrics"
# The metrics table as the lead sees it; which metric a row holds is a hidden bookmark in its
# first cell (METRIC_BOOKMARK + the metric's place in the issued record), not a visible id.
METRIC_COLUMNS = ("what it counts", "value", "qualifier", "unit", "as of", "as written", "source")
# Widths in twentieths of a point, summing to A4's text width with 2 cm margins (17 cm).
METRIC_WIDTHS = (2700, 1000, 1000, 1100, 900, 1700, 1238)
METRIC_BOOKMARK = "_tr_metric_"
BULLET_STYLE = "List Bullet"
BODY_STYLE = "Normal"
RECOMMENDATION_STYLE = "Quote"
# Core properties carry what identifies the form; the owner sees them as document properties.
FORM_CATEGORY = "topolreport contributor form"

# An entry's heading ("E1000. …") read with any review's codes: the form does not carry the
# review's pattern, and the code read is matched against the edition's entries when collected.
ENTRY_HEADING_RE = re.compile(rf"^({CODE_LIKE.joint})\.\s")


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


UNCHANGED_LABEL = "No change this year:"
UNTICKED, TICKED = UNCHECKED, CHECKED  # what the check box shows
COMPLETED_LABEL = "Completed by (your name and role):"


def checkbox_ticked(text: str) -> bool | None:
    """None when `text` is not the "no change this year" line; else whether it is ticked
    (Word's check box, or any mark typed in place of the empty box)."""
    if not text.startswith(UNCHANGED_LABEL):
        return None
    return checkbox_mark(text) in TICKS


# What a lead may put in place of the empty box to tick it.
TICKS = {TICKED, "x", "X", "\u2713", "\u2714", "\u2611", "yes", "Yes", "YES"}


def checkbox_mark(text: str) -> str:
    """What the "no change this year" line holds after its label, the empty box left out."""
    return text[len(UNCHANGED_LABEL) :].replace(UNTICKED, "").strip()


def completed_by(lines: list[str]) -> str:
    """The name and role typed after the "completed by" label, or ""."""
    for line in lines:
        if line.startswith(COMPLETED_LABEL):
            return line[len(COMPLETED_LABEL) :].strip().strip("_").strip()
    return ""
