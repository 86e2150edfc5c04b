"""An edition as the reader meets it: its text blocks in document order.

Renderers lay these blocks out; tests compare them with the source report to prove that an
import kept every paragraph's wording. Keeping the order in one place stops the two drifting.
"""

from __future__ import annotations

import calendar
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # records are only read here: a month's name needs no model
    from .model import Edition

# The fixed section headings the report prints; the model does not store them.
FOREWORD_HEADING = "Foreword"
SUMMARY_HEADING = "Summary"
ABBREVIATIONS_HEADING = "Abbreviations"
ABBREVIATION_DASH = " – "  # en dash, as the report prints "AoMRC – Academy of Medical …"


def month_name(month: str) -> str:
    """ "2023-02" -> "February 2023", the way the report prints its date."""
    year, number = month.split("-")
    return f"{calendar.month_name[int(number)]} {year}"


def markdown_blocks(markdown: str) -> list[str]:
    """Paragraphs and bullet items of narrative Markdown, each on one line, bullets without
    their marker; inline markup is kept as written."""
    from .text import blocks

    return [block.text for block in blocks(markdown)]


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
