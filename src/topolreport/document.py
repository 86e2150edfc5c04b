"""An edition as the reader meets it: its text blocks in document order.

Renderers lay these blocks out; tests compare them with the source report to prove that an
import kept every paragraph's wording. Keeping the order in one place stops the two drifting.
"""

from __future__ import annotations

import calendar
import re

from .model import Edition

# The fixed section headings the report prints; the model does not store them.
FOREWORD_HEADING = "Foreword"
SUMMARY_HEADING = "Summary"
ABBREVIATIONS_HEADING = "Abbreviations"
ABBREVIATION_DASH = " – "  # en dash, as the report prints "AoMRC – Academy of Medical …"

_BULLET_RE = re.compile(r"^[-*+]\s+")


def month_name(month: str) -> str:
    """ "2023-02" -> "February 2023", the way the report prints its date."""
    year, number = month.split("-")
    return f"{calendar.month_name[int(number)]} {year}"


def markdown_blocks(markdown: str) -> list[str]:
    """Paragraphs and bullet items of narrative Markdown, bullets without their marker.

    Only the Markdown the importer writes is understood: blank-line separated paragraphs,
    "- " bullets (continued by indented lines) and inline markup, which is kept as written.
    """
    blocks: list[str] = []
    for chunk in re.split(r"\n\s*\n", markdown.strip()):
        in_bullet = False
        for i, line in enumerate(chunk.split("\n")):
            if not line.strip():
                continue
            if _BULLET_RE.match(line):
                blocks.append(_BULLET_RE.sub("", line).strip())
                in_bullet = True
            elif i > 0 and (not in_bullet or line[:1].isspace()):
                blocks[-1] += " " + line.strip()  # a wrapped line of the same block
            else:
                blocks.append(line.strip())
                in_bullet = False
    return blocks


def document_blocks(edition: Edition) -> list[str]:
    """Every heading, paragraph, bullet and table row of the edition, in document order."""
    blocks = [edition.title, month_name(edition.date)]
    if edition.foreword is not None:
        blocks.append(FOREWORD_HEADING)
        blocks += markdown_blocks(edition.foreword.text)
        signatory = edition.foreword.signatory
        if signatory is not None:
            blocks += [x for x in (signatory.name, signatory.role, signatory.organisation) if x]
    blocks.append(edition.progress_heading)
    wordings = edition.catalogue.wordings()
    for panel, entries in edition.panel_entries():
        if not entries:
            continue
        if panel is not None:
            blocks.append(panel.heading)
        for entry in entries:
            blocks.append(f"{entry.code}. {edition.recommendation_text(entry, wordings)}")
            blocks += markdown_blocks(entry.narrative)
    if edition.summary:
        blocks += [SUMMARY_HEADING, *markdown_blocks(edition.summary)]
    if edition.abbreviations:
        blocks.append(ABBREVIATIONS_HEADING)
        blocks += [f"{a.abbr}{ABBREVIATION_DASH}{a.meaning}" for a in edition.abbreviations]
    return blocks
