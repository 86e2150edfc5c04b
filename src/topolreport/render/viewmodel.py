"""One view of an edition, as a reader meets it, shared by the Word, PDF and HTML renderers.

Everything a renderer prints comes from here: the order of sections, headings and their anchor
ids, narratives as blocks with cross-references already linked. So the three formats cannot
drift apart in content; they differ only in layout.

A narrative is read into blocks when a renderer first asks for them (`Prose`), and a view can
be detached from the model's records (`ReportView.detached`): a Word build's worker process is
sent such a view, and reads the Markdown and writes the document without ever importing the
model (render/worker.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from ..codes import CodeIndex, normalise_code
from ..dates import document_date as document_date  # re-exported: tests use it
from ..document import ABBREVIATIONS_HEADING, FOREWORD_HEADING, SUMMARY_HEADING, month_name
from ..slugs import file_stem, slug
from .chartdata import Figures, KeyFigure, Trend, WordedFigures, previous_entry, trends

if TYPE_CHECKING:
    from ..model import Edition, Entry
    from .narrative import Block, SectionBlock

CONTENTS_HEADING = "Contents"
CHANGES_HEADING = "Changes since the last edition"
OTHER_HEADING = "Other recommendations"  # entries whose code is not in the catalogue

# Fixed anchors of the report's sections; entries and panels get "rec-…" and "panel-…".
FOREWORD_ANCHOR = "foreword"
PROGRESS_ANCHOR = "progress"
SUMMARY_ANCHOR = "summary"
ABBREVIATIONS_ANCHOR = "abbreviations"
CHANGES_ANCHOR = "changes"


def entry_anchor(code: str) -> str:
    """Anchor id of an entry: "DM4/AIR5" -> "rec-dm4-air5"."""
    return "rec-" + slug(code, fallback="")


def not_yet_written(section: str) -> str:
    """The visible note standing in for an empty section of a draft."""
    return f"*Not yet written: the {section} of this edition is still to be written.*"


def dated_figures(entry: Entry, month: str) -> str:
    """The narrative with each figure older than the edition followed by its month, so a
    later reader can tell "33,700 learners (as of February 2023)" from this year's news."""
    narrative = entry.narrative
    for metric in entry.metrics:
        if metric.as_of is None or metric.as_of >= month or metric.text not in narrative:
            continue
        dated = f"{metric.text} (as of {month_name(metric.as_of)})"
        if dated not in narrative:
            narrative = narrative.replace(metric.text, dated, 1)
    return narrative


def panel_anchor(panel_id: str) -> str:
    return "panel-" + panel_id


@dataclass(frozen=True)
class Links:
    """What a narrative's links may point at: the report's anchors, and each recommendation's
    anchor by its code (or either half of a joint code), for its cross-references."""

    known: frozenset[str]
    codes: tuple[tuple[str, str], ...]  # (code, anchor) of each recommendation, in order

    @cached_property
    def _by_code(self) -> CodeIndex[tuple[str, str]]:
        return CodeIndex(self.codes, key=lambda pair: pair[0])

    def resolve(self, code: str) -> str | None:
        """The anchor a cross-reference to `code` ("See DM4/ AIR5") links to, if any."""
        found = self._by_code.find(normalise_code(code))
        return found[1] if found is not None else None


@dataclass(frozen=True)
class Prose:
    """Narrative Markdown, read into blocks the first time a renderer asks for them."""

    markdown: str
    links: Links

    @cached_property
    def blocks(self) -> tuple[Block, ...]:
        from .narrative import parse_blocks  # where the Markdown is read, not where it is held

        return parse_blocks(self.markdown, self.links.resolve, self.links.known)


@dataclass(frozen=True)
class RecommendationView:
    code: str
    text: str
    anchor: str
    prose: Prose
    # Figures reported in two or more editions: a chart and a table each.
    trends: tuple[Trend, ...] = ()
    # The entry's figures and the entry before them, for the key figures table.
    figures: Figures | WordedFigures | None = None

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self.prose.blocks

    @cached_property
    def key_figures(self) -> tuple[KeyFigure, ...]:
        """Every figure with its change since the edition before; shown where the templates'
        layout.yaml switches the table on, and worded only then."""
        return self.figures.rows() if self.figures is not None else ()

    @property
    def heading(self) -> str:
        return f"{self.code}. {self.text}" if self.text else f"{self.code}."

    @property
    def short_heading(self) -> str:
        """The heading cut at a word near 70 characters, for PDF bookmarks."""
        if len(self.heading) <= 70:
            return self.heading
        return self.heading[:70].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@dataclass(frozen=True)
class PanelView:
    id: str
    title: str
    heading: str
    anchor: str
    recommendations: tuple[RecommendationView, ...]


@dataclass(frozen=True)
class Signatory:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ForewordView:
    heading: str
    anchor: str
    prose: Prose
    signatory: Signatory | None

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self.prose.blocks


@dataclass(frozen=True)
class ContentsItem:
    """One line of the contents; `level` 1 for sections, 2 for panels, 3 for recommendations."""

    title: str
    anchor: str
    level: int
    children: tuple[ContentsItem, ...] = ()
    code: str = ""  # a recommendation's code, its short label


@dataclass(frozen=True)
class Section:
    """A top-level section made of prose (the summary, the changes annex), with
    subheadings where it has parts: its blocks, or Markdown read into them when asked."""

    heading: str
    anchor: str
    content: tuple[SectionBlock, ...] | Prose

    @property
    def blocks(self) -> tuple[SectionBlock, ...]:
        return self.content.blocks if isinstance(self.content, Prose) else self.content


@dataclass(frozen=True)
class ReportView:
    edition_id: str
    title: str
    date: str  # "February 2023"
    month: str  # "2023-02"
    publisher: str
    licence: str
    language: str
    created: datetime  # the document's fixed creation date (see `document_date`)
    foreword: ForewordView | None
    progress_heading: str
    progress_anchor: str
    panels: tuple[PanelView, ...]
    summary: Section | None
    abbreviations: tuple[tuple[str, str], ...]
    abbreviations_heading: str
    abbreviations_anchor: str
    annexes: tuple[Section, ...] = field(default=())
    unwritten: tuple[str, ...] = ()  # sections shown as "not yet written" ("foreword", …)

    @property
    def file_stem(self) -> str:
        """Output name without suffix: "topol-review-progress-2023-02"."""
        return file_stem(self.title, self.edition_id)

    def recommendations(self) -> list[RecommendationView]:
        return [rec for panel in self.panels for rec in panel.recommendations]

    def contents(self) -> list[ContentsItem]:
        """The contents in document order; recommendations are children of their panel."""
        items: list[ContentsItem] = []
        if self.foreword is not None:
            items.append(ContentsItem(self.foreword.heading, self.foreword.anchor, 1))
        panels = tuple(
            ContentsItem(
                panel.heading,
                panel.anchor,
                2,
                tuple(
                    ContentsItem(rec.heading, rec.anchor, 3, code=rec.code)
                    for rec in panel.recommendations
                ),
            )
            for panel in self.panels
        )
        items.append(ContentsItem(self.progress_heading, self.progress_anchor, 1, panels))
        if self.summary is not None:
            items.append(ContentsItem(self.summary.heading, self.summary.anchor, 1))
        if self.abbreviations:
            items.append(ContentsItem(self.abbreviations_heading, self.abbreviations_anchor, 1))
        items += [ContentsItem(annex.heading, annex.anchor, 1) for annex in self.annexes]
        return items

    def detached(self, key_figures: bool) -> ReportView:
        """This view holding none of the model's records, so that a process that never
        imports the model can render it: each recommendation's key figures are worded now
        where `key_figures` shows them, and left out where nothing shows them."""
        panels = tuple(
            replace(
                panel,
                recommendations=tuple(
                    replace(rec, figures=WordedFigures(rec.key_figures if key_figures else ()))
                    for rec in panel.recommendations
                ),
            )
            for panel in self.panels
        )
        return replace(self, panels=panels)

    def anchors(self) -> frozenset[str]:
        found = {self.progress_anchor, self.abbreviations_anchor}
        if self.foreword is not None:
            found.add(self.foreword.anchor)
        if self.summary is not None:
            found.add(self.summary.anchor)
        for panel in self.panels:
            found.add(panel.anchor)
            found.update(rec.anchor for rec in panel.recommendations)
        found.update(annex.anchor for annex in self.annexes)
        return frozenset(found)


def build_view(
    edition: Edition,
    annexes: tuple[Section, ...] = (),
    environ: dict[str, str] | None = None,
    earlier: Sequence[Edition] = (),
) -> ReportView:
    """The report view of `edition`; `annexes` are extra prose sections printed at the end;
    `earlier` editions give the figures' trends."""
    from ..model import unwritten_sections

    grouped = [(panel, entries) for panel, entries in edition.panel_entries() if entries]
    # Anchors first, narratives second: an "#anchor" link in a narrative may point anywhere.
    panel_ids = [panel.id if panel is not None else "other" for panel, _ in grouped]
    anchors = {entry_anchor(entry.code) for entry in edition.entries}
    anchors |= {panel_anchor(panel_id) for panel_id in panel_ids}
    anchors |= {FOREWORD_ANCHOR, PROGRESS_ANCHOR, SUMMARY_ANCHOR, ABBREVIATIONS_ANCHOR}
    anchors |= {annex.anchor for annex in annexes}
    codes = tuple((entry.code, entry_anchor(entry.code)) for entry in edition.entries)
    links = Links(frozenset(anchors), codes)

    def prose(markdown: str) -> Prose:
        return Prose(markdown, links)

    wordings = edition.catalogue.wordings()
    trend_of = trends(edition, earlier) if earlier else {}

    def recommendation(entry: Entry) -> RecommendationView:
        return RecommendationView(
            code=entry.code,
            text=edition.recommendation_text(entry, wordings),
            anchor=entry_anchor(entry.code),
            prose=prose(dated_figures(entry, edition.date)),
            trends=trend_of.get(entry.code, ()),
            figures=Figures(
                entry, previous_entry(edition, earlier, entry), has_before=bool(earlier)
            ),
        )

    panels = tuple(
        PanelView(
            id=panel_id,
            title=panel.title if panel is not None else OTHER_HEADING,
            heading=panel.heading if panel is not None else OTHER_HEADING,
            anchor=panel_anchor(panel_id),
            recommendations=tuple(recommendation(entry) for entry in entries),
        )
        for panel_id, (panel, entries) in zip(panel_ids, grouped, strict=True)
    )

    # A draft is still built whole: an empty section shows a note rather than vanishing.
    unwritten = unwritten_sections(edition)
    signatory = edition.foreword.signatory if edition.foreword else None
    foreword_text = edition.foreword.text if edition.foreword else ""
    foreword = ForewordView(
        FOREWORD_HEADING,
        FOREWORD_ANCHOR,
        prose(foreword_text or not_yet_written("foreword")),
        Signatory(tuple(x for x in (signatory.name, signatory.role, signatory.organisation) if x))
        if signatory is not None
        else None,
    )
    summary = Section(
        SUMMARY_HEADING, SUMMARY_ANCHOR, prose(edition.summary or not_yet_written("summary"))
    )
    return ReportView(
        edition_id=edition.id,
        title=edition.title,
        date=month_name(edition.date),
        month=edition.date,
        publisher=edition.publisher,
        licence=edition.licence,
        language=edition.language or "en-GB",
        created=document_date(edition.date, environ),
        foreword=foreword,
        progress_heading=edition.progress_heading,
        progress_anchor=PROGRESS_ANCHOR,
        panels=panels,
        summary=summary,
        abbreviations=tuple((a.abbr, a.meaning) for a in edition.abbreviations),
        abbreviations_heading=ABBREVIATIONS_HEADING,
        abbreviations_anchor=ABBREVIATIONS_ANCHOR,
        annexes=annexes,
        unwritten=tuple(unwritten),
    )
