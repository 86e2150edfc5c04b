"""The site's pages as bytes, by path: Jinja2 templates in the templates folder's `site/`
over the report view model (narratives as blocks), the records of each recommendation and the
ChangeSets between consecutive editions.

Every link is relative and names a file ("recommendations/g2/index.html"), so the site works
from any web server and from `file://`. The search data is a script assigning a global, read
without `fetch()`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..diff.changes import ChangeSet, MetricChange, Stalled, TextChange
from ..diff.grouping import changed, group, stalled_lines
from ..diff.kinds import Kind, headline
from ..diff.wording import (
    Vocabulary,
    metric_note,
    number,
    percent,
    sentence,
    state_amount,
    verdict,
)
from ..document import month_name
from ..model import Edition
from .chartdata import Point, Trend
from .narrative import Block, Link, ListBlock, Paragraph
from .site_records import FigureRecord, Record
from .site_signals import SIGNALS
from .templates import SHARED_CSS, Templates
from .viewmodel import ReportView, entry_anchor

SITE_DIR = "site"
SITE_CSS = f"{SITE_DIR}/site.css"
SITE_JS = f"{SITE_DIR}/site.js"
SITE_TEMPLATES = tuple(
    f"{SITE_DIR}/{name}"
    for name in (
        "base.html.j2",
        "macros.html.j2",
        "home.html.j2",
        "recommendations.html.j2",
        "recommendation.html.j2",
        "edition.html.j2",
        "site.css",
        "site.js",
    )
)
SEARCH_GLOBAL = "TOPOLREPORT_SEARCH"
SHORT_WORDING = 110  # characters of a recommendation's wording shown in the index


@dataclass(frozen=True)
class Document:
    format: str  # docx, pdf, html, xlsx
    name: str  # file name in the edition's folder
    size: int

    @property
    def label(self) -> str:
        return {"pdf": "PDF", "docx": "Word", "html": "Web page", "xlsx": "Spreadsheet"}.get(
            self.format, self.format.upper()
        )

    @property
    def size_text(self) -> str:
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024)):,} KB"
        return f"{self.size / 1024 / 1024:,.1f} MB"


@dataclass
class EditionPage:
    """One edition in the site: its view, its documents and its changes since the one before."""

    edition: Edition
    view: ReportView
    documents: list[Document]
    changeset: ChangeSet | None
    previous: Edition | None

    @property
    def id(self) -> str:
        return self.edition.id

    @property
    def date(self) -> str:
        return month_name(self.edition.date)

    @functools.cached_property
    def blocks_of(self) -> dict[str, tuple[Block, ...]]:
        """Each entry's narrative as blocks, by the entry's code."""
        return {rec.code: rec.blocks for rec in self.view.recommendations()}

    @property
    def previous_date(self) -> str:
        return month_name(self.previous.date) if self.previous is not None else ""

    @property
    def html_document(self) -> str | None:
        return next((d.name for d in self.documents if d.format == "html"), None)


@dataclass(frozen=True)
class Page:
    """What every template knows of the page it renders."""

    path: str  # from the site's root, e.g. "recommendations/g2/index.html"
    title: str
    lang: str
    section: str  # home, recommendations, editions: the navigation's current item
    root: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", "../" * self.path.count("/"))


class SitePages:
    """Renders every page of the site; `pages()` gives (path, bytes) in a fixed order."""

    def __init__(
        self,
        templates: Templates,
        editions: Sequence[EditionPage],
        records: Sequence[Record],
        vocabulary: Vocabulary,
    ) -> None:
        self.templates = templates
        self.editions = list(editions)
        self.records = list(records)
        self.vocabulary = vocabulary
        self.newest = self.editions[-1]
        self.by_id = {page.id: page for page in self.editions}
        self.by_slug = {record.slug: record for record in self.records}
        self.position = {record.slug: i for i, record in enumerate(self.records)}
        # Every code an edition's entries went by -> the page of its recommendation.
        self.slug_of: dict[str, str] = {}
        for record in self.records:
            for step in record.steps:
                if step.entry is not None:
                    self.slug_of.setdefault(entry_anchor(step.entry.code), record.slug)
            self.slug_of.setdefault(entry_anchor(record.code), record.slug)
        self.env = templates.environment(
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.globals["text_diff"] = text_diff  # for the macros, imported without context

    # --- the pages ---------------------------------------------------------------------------

    def pages(self) -> list[tuple[str, bytes]]:
        found = [
            ("assets/site.css", self._css().encode("utf-8")),
            ("assets/site.js", self.templates.read_text(SITE_JS).encode("utf-8")),
            ("assets/search-index.js", self._search_index().encode("utf-8")),
            ("index.html", self._home()),
            ("recommendations/index.html", self._index()),
        ]
        found += [
            (f"recommendations/{record.slug}/index.html", self._recommendation(record))
            for record in self.records
        ]
        found += [(f"editions/{page.id}/index.html", self._edition(page)) for page in self.editions]
        return found

    def _render(self, template: str, page: Page, **context: Any) -> bytes:
        self.templates.path(f"{SITE_DIR}/{template}")  # a clear error when it is missing
        edition_page = context.get("edition_page") or self.newest
        html = self.env.get_template(f"{SITE_DIR}/{template}").render(
            page=page,
            site=self.newest.view,
            editions=self.editions,
            href=self._href(page, edition_page),
            **context,
        )
        return html.encode("utf-8")

    def _home(self) -> bytes:
        newest = self.newest
        page = Page("index.html", newest.view.title, newest.view.language, "home")
        return self._render(
            "home.html.j2",
            page,
            summary=newest.view.summary,
            counts=self._counts(),
        )

    def _index(self) -> bytes:
        view = self.newest.view
        page = Page(
            "recommendations/index.html", "Recommendations", view.language, "recommendations"
        )
        panels: dict[str, list[Record]] = {}
        for record in self.records:
            panels.setdefault(record.panel.title if record.panel else "Other", []).append(record)
        owners = {owner for record in self.records for owner in record.owners}
        statuses = {word for record in self.records for word in status_words(record)}
        return self._render(
            "recommendations.html.j2",
            page,
            panels=list(panels.items()),
            owners=sorted(owners, key=str.lower),
            statuses=sorted(statuses, key=_status_order),
            records_count=len(self.records),
            short=short_wording,
            status_words=status_words,
            date_of=self._date_of,
            search_global=SEARCH_GLOBAL,
        )

    def _recommendation(self, record: Record) -> bytes:
        newest = record.newest
        edition_page = self.by_id[newest.edition] if newest is not None else self.newest
        page = Page(
            f"recommendations/{record.slug}/index.html",
            f"{record.code}: {short_wording(record.wording, 60)}",
            edition_page.view.language,
            "recommendations",
        )
        blocks: tuple[Block, ...] = ()
        if newest is not None and newest.entry is not None:
            blocks = edition_page.blocks_of.get(newest.entry.code, ())
        return self._render(
            "recommendation.html.j2",
            page,
            edition_page=edition_page,
            record=record,
            narrative=blocks,
            see_also=self._see_also(record, blocks),
            item_line=self._item_line,
            fell_note=fell_note,
            date_of=self._date_of,
            chart=lambda figure: _chart(figure, record.code, self.templates.folder / "fonts"),
        )

    def _edition(self, edition_page: EditionPage) -> bytes:
        view = edition_page.view
        page = Page(
            f"editions/{edition_page.id}/index.html",
            f"{edition_page.date} edition",
            view.language,
            "editions",
        )
        groups = []
        if edition_page.changeset is not None and edition_page.previous is not None:
            catalogues = [edition_page.edition.catalogue, edition_page.previous.catalogue]
            elsewhere = self.vocabulary.not_in_catalogue
            for panel in group(edition_page.changeset, catalogues, elsewhere):
                groups.append(
                    (
                        panel.title,
                        changed(panel.recommendations),
                        stalled_lines(panel.recommendations, self.vocabulary.stalled_reasons),
                    )
                )
        return self._render(
            "edition.html.j2",
            page,
            edition_page=edition_page,
            groups=groups,
            headline=headline(edition_page.changeset) if edition_page.changeset else [],
            verdict=verdict(edition_page.changeset) if edition_page.changeset else "",
            item_line=self._item_line,
            rec_href=lambda code: self._rec_href(page, code),
            stalled_term=self.vocabulary.stalled,
        )

    # --- pieces --------------------------------------------------------------------------------

    def _css(self) -> str:
        """The house style shared with `build`, then the site's own."""
        return (
            self.templates.read_text(SHARED_CSS).rstrip("\n")
            + "\n\n"
            + self.templates.read_text(SITE_CSS)
        )

    def _href(self, page: Page, edition_page: EditionPage) -> Callable[[Link], str | None]:
        """Where a narrative's link goes on `page`: a cross-reference to the recommendation's
        page, another anchor into the edition's web document, an external link as written."""

        def href(link: Link) -> str | None:
            if not link.internal:
                return link.target
            slug = self.slug_of.get(link.target)
            if slug is not None:
                return f"{page.root}recommendations/{slug}/index.html"
            document = edition_page.html_document
            if document is None:
                return None
            return f"{page.root}editions/{edition_page.id}/{document}#{link.target}"

        return href

    def _rec_href(self, page: Page, code: str) -> str | None:
        slug = self.slug_of.get(entry_anchor(code))
        return f"{page.root}recommendations/{slug}/index.html" if slug else None

    def _see_also(self, record: Record, blocks: Sequence[Block]) -> list[Record]:
        """The other recommendations the newest narrative refers to, in catalogue order."""
        slugs = {self.slug_of.get(link.target) for link in _links(blocks) if link.internal}
        found = [self.by_slug[s] for s in slugs if s is not None and s != record.slug]
        return sorted(found, key=lambda other: self.position[other.slug])

    def _date_of(self, edition_id: str) -> str:
        return self.by_id[edition_id].date

    def _item_line(self, kind: Kind[Any], item: Any) -> str:
        if isinstance(item, Stalled):  # the published term, not the engine's
            return sentence(f"{self.vocabulary.stalled}: {self.vocabulary.stalled_reasons(item)}")
        if isinstance(item, MetricChange):
            return sentence(metric_note(item))
        return sentence(kind.describe(item))

    def _counts(self) -> list[tuple[str, str]]:
        """The home page's counts for the newest edition, against the edition before."""
        reported = sum(1 for record in self.records if record.current.entry is not None)
        rows = [("Recommendations reported on", number(reported))]
        changeset = self.newest.changeset
        if changeset is None:
            return rows
        moves = [c for c in changeset.metric_changes if c.direction in ("up", "down")]
        rows += [
            ("Figures that moved", number(len(moves))),
            ("Figures that fell", number(changeset.summary.regressions)),
            ("Recommendations with no reported change", number(changeset.summary.stalled)),
        ]
        return rows

    def _search_index(self) -> str:
        """The search data: per recommendation, the words of its wording, newest narrative and
        initiatives (earlier names, and the registry's name and aliases, too), lower-cased;
        read by site.js."""
        entries = []
        for record in self.records:
            newest = record.newest
            words = [record.code, record.wording]
            if newest is not None and newest.entry is not None:
                words.append(newest.entry.narrative)
            for initiative in record.initiatives:
                words += [initiative.name, *initiative.earlier_names, *initiative.aliases]
            entries.append({"slug": record.slug, "text": " ".join(" ".join(words).split()).lower()})
        data = json.dumps(entries, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
        return f"window.{SEARCH_GLOBAL} = {data};\n"


def _links(blocks: Sequence[Block]) -> list[Link]:
    found: list[Link] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            found += [run for run in block.runs if isinstance(run, Link)]
        elif isinstance(block, ListBlock):
            for item in block.items:
                found += _links(item)
    return found


def short_wording(text: str, limit: int = SHORT_WORDING) -> str:
    """The wording cut at a word near `limit` characters."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def status_words(record: Record) -> list[str]:
    """What the index's status filter matches: the editorial status where a person set one,
    and the newest edition's signals."""
    words = list(record.current.signal.words)
    status = record.current.status
    return ([status.status] if status is not None else []) + words


def _status_order(word: str) -> tuple[int, str]:
    return (SIGNALS.index(word), word) if word in SIGNALS else (-1, word)


def fell_note(record: Record, date_of: Callable[[str], str]) -> list[str]:
    """A sentence per figure whose newest move was a fall: what it counts, from, to, since."""
    notes = []
    for figure in record.figures:
        point = figure.points[-1]
        change = point.change
        if change is None or not change.regression:
            continue
        before = figure.points[-2].edition if len(figure.points) > 1 else point.edition
        moved = f" ({percent(change.relative)})" if change.relative is not None else ""
        notes.append(
            f"{figure.label}: fell from {state_amount(change.old)} in {date_of(before)} to "
            f"{state_amount(change.new)} in {date_of(point.edition)}{moved}."
        )
    return notes


def text_diff(change: TextChange) -> list[tuple[str, str]]:
    """(kind, words) runs of a word-level diff: kind "same", "del" or "ins"."""
    runs: list[tuple[str, str]] = []
    for op in change.ops:
        if op.op == "equal":
            runs.append(("same", op.new))
            continue
        if op.old:
            runs.append(("del", op.old))
        if op.new:
            runs.append(("ins", op.new))
    return runs


def trend_chart(figure: FigureRecord, code: str, fonts: Path) -> str:
    """A trend chart of a figure's history as inline SVG markup (role img, its alt text
    written from the figures), drawn as the report's charts are."""
    from .charts import chart_svg  # only a page with a trend imports matplotlib

    points = tuple(Point(p.month, p.value, p.qualifier) for p in figure.points)
    return chart_svg(Trend(figure.id, code, figure.unit, figure.label, points), fonts)


def _chart(figure: FigureRecord, code: str, fonts: Path) -> Markup | None:
    """The chart for the template: SVG drawn by our own renderer from the figures, not text
    from the edition, so it is not escaped."""
    return Markup(trend_chart(figure, code, fonts)) if len(figure.points) > 1 else None
