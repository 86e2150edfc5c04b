"""The annex "Changes since the last edition": the diff engine's findings as report blocks.

Grouped like the diff reports (by panel, each a subheading, then recommendation, in catalogue
order), worded for the public by the wording module in the team's public vocabulary: figures by
their labels, new ones with their month, no percentages of words and no machine ids. Each
recommendation's code links to its entry in this edition.
"""

from __future__ import annotations

from typing import Any

from ..diff.changes import Stalled
from ..diff.engine import diff_editions
from ..diff.grouping import changed, group, stalled_lines
from ..diff.kinds import Kind
from ..diff.wording import Vocabulary, public_line, public_removed_line, public_verdict
from ..document import month_name
from ..initiatives.model import Registry
from ..model import Edition
from .narrative import Heading, Inline, Link, ListBlock, Paragraph, SectionBlock, Text
from .viewmodel import CHANGES_ANCHOR, CHANGES_HEADING, Section, entry_anchor


def changes_annex(
    old: Edition, new: Edition, vocabulary: Vocabulary, registry: Registry | None = None
) -> Section:
    """What changed from `old` to `new`, as an annex of `new`'s report, in `vocabulary`'s
    terms (read from the templates: `Templates.vocabulary()`); initiatives are told apart by
    the review's `registry` of initiatives when given."""
    changeset = diff_editions(old, new, registry=registry)
    entries = new.index()

    blocks: list[SectionBlock] = [
        Paragraph(
            (
                Text(
                    f"Compared with the {month_name(old.date)} edition: "
                    f"{public_verdict(changeset, vocabulary.stalled)}"
                ),
            )
        )
    ]

    def code_link(code: str) -> Inline:
        entry = entries.get(code)
        if entry is not None:
            return Link(entry_anchor(entry.code), True, (Text(code, strong=True),))
        return Text(code, strong=True)  # no entry in this edition to point at

    def line(kind: Kind[Any], item: object) -> str:
        removed = public_removed_line(kind.key, item)
        if removed is not None:
            return removed
        reasons = vocabulary.stalled_reasons(item) if isinstance(item, Stalled) else ""
        return public_line(item, vocabulary.stalled, reasons)

    catalogues = [new.catalogue, old.catalogue]
    for panel in group(changeset, catalogues, vocabulary.not_in_catalogue):
        blocks.append(Heading(panel.title))
        items = tuple(
            (
                Paragraph((code_link(rec.code),)),
                ListBlock(
                    False,
                    tuple((Paragraph((Text(line(kind, item)),)),) for kind, item in rec.items),
                ),
            )
            for rec in changed(panel.recommendations)
        )
        if items:
            blocks.append(ListBlock(False, items))
        # Recommendations with nothing but a stalled flag: one line per set of reasons.
        for reasons, codes in stalled_lines(panel.recommendations, vocabulary.stalled_reasons):
            runs: list[Inline] = [Text(f"{vocabulary.stalled} ({reasons}): ")]
            for i, code in enumerate(codes):
                runs += [Text(", ")] if i else []
                runs.append(code_link(code))
            blocks.append(Paragraph((*runs, Text("."))))
    return Section(CHANGES_HEADING, CHANGES_ANCHOR, tuple(blocks))
