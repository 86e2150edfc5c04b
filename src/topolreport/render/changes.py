"""The annex "Changes since the last edition": the diff engine's findings as report blocks.

Grouped like the diff reports (by panel, then recommendation, in catalogue order), worded by
them (`describe`), with each recommendation's code linking to its entry in this edition.
"""

from __future__ import annotations

from ..diff.engine import diff_editions
from ..diff.reports.common import changed, describe, group, stalled_lines, verdict
from ..document import month_name
from ..initiatives.model import Registry
from ..model import Edition
from .narrative import Block, Inline, Link, ListBlock, Paragraph, Text
from .viewmodel import CHANGES_ANCHOR, CHANGES_HEADING, Section, entry_anchor


def changes_annex(old: Edition, new: Edition, registry: Registry | None = None) -> Section:
    """What changed from `old` to `new`, as an annex of `new`'s report; initiatives are told
    apart by the review's `registry` of initiatives when given."""
    changeset = diff_editions(old, new, registry=registry)
    anchors = {entry.code: entry_anchor(entry.code) for entry in new.entries}
    for entry in new.entries:
        for part in entry.codes:
            anchors.setdefault(part, entry_anchor(entry.code))

    blocks: list[Block] = [
        Paragraph(
            (
                Text(
                    f"Compared with the {month_name(old.date)} edition ({old.id}): "
                    f"{verdict(changeset)}"
                ),
            )
        )
    ]

    def code_link(code: str) -> Inline:
        if code in anchors:
            return Link(anchors[code], True, (Text(code, strong=True),))
        return Text(code, strong=True)  # no entry in this edition to point at

    for panel in group(changeset, [new.catalogue, old.catalogue]):
        blocks.append(Paragraph((Text(panel.title, strong=True),)))
        items = tuple(
            (
                Paragraph((code_link(rec.code),)),
                ListBlock(
                    False,
                    tuple(
                        (Paragraph((Text(_sentence(describe(name, item))),)),)
                        for name, item in rec.items
                    ),
                ),
            )
            for rec in changed(panel.recommendations)
        )
        if items:
            blocks.append(ListBlock(False, items))
        # Recommendations with nothing but a stalled flag: one line per set of reasons.
        for reasons, codes in stalled_lines(panel.recommendations):
            runs: list[Inline] = [Text(f"Stalled ({reasons}): ")]
            for i, code in enumerate(codes):
                runs += [Text(", ")] if i else []
                runs.append(code_link(code))
            blocks.append(Paragraph((*runs, Text("."))))
    return Section(CHANGES_HEADING, CHANGES_ANCHOR, tuple(blocks))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
