"""What every rule reads: the edition, where its parts live on disk, and its prose."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..codes import split_code
from ..model import Edition, Entry
from ..store import CATALOGUE_FILE, ENTRIES_DIR, Location, SourceMap, entry_filename
from .findings import Finding, Rule

ModelPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Prose:
    """A piece of text the reader sees, and how to find a character of it in the snapshot."""

    label: str  # "entry G2", "foreword", "recommendation G2", …
    text: str
    path: ModelPath  # where it sits in the Edition model
    markdown: bool  # a Markdown body (line of any character) or a YAML field (its line)


class CheckContext:
    """One edition being checked. `sources` is None for an edition that was never saved."""

    def __init__(self, edition: Edition, sources: SourceMap | None = None) -> None:
        self.edition = edition
        self.sources = sources

    # --- locations --------------------------------------------------------------------

    def locate(self, path: Sequence[str | int]) -> Location | None:
        return None if self.sources is None else self.sources.locate(path)

    def locate_in(self, prose: Prose, offset: int) -> Location | None:
        if self.sources is None:
            return None
        if prose.markdown:
            return self.sources.locate_text(prose.path, offset, prose.text)
        return self.sources.locate(prose.path)

    def entry_path(self, code: str) -> Path:
        """Where the entry for `code` is (or would be) kept."""
        name = entry_filename(code)
        if self.sources is None:
            return Path(ENTRIES_DIR) / name
        return self.sources.edition_dir / ENTRIES_DIR / name

    @property
    def catalogue_file(self) -> str:
        if self.sources is None:
            return CATALOGUE_FILE
        return (self.sources.editions_dir / CATALOGUE_FILE).as_posix()

    def finding(
        self,
        rule: Rule,
        where: Location | None,
        message: str,
        fix: str | None = None,
        key: str | None = None,
    ) -> Finding:
        return Finding(
            rule=rule,
            message=message,
            fix=fix or rule.fix,
            file=where.file if where else None,
            line=where.line if where else None,
            edition=self.edition.id,
            key=key,
        )

    # --- indexes (built once: Edition.entry() is a linear scan) ------------------------

    @cached_property
    def entry_index(self) -> dict[str, int]:
        """Each single code ("DM4", "AIR5") -> index of the first entry carrying it."""
        index: dict[str, int] = {}
        for i, entry in enumerate(self.edition.entries):
            for code in entry.codes:
                index.setdefault(code, i)
        return index

    @cached_property
    def catalogue_codes(self) -> dict[str, tuple[int, int]]:
        """Each single code of the catalogue -> (panel index, recommendation index)."""
        codes: dict[str, tuple[int, int]] = {}
        for p, panel in enumerate(self.edition.catalogue.panels):
            for r, rec in enumerate(panel.recommendations):
                for code in split_code(rec.code):
                    codes.setdefault(code, (p, r))
        return codes

    def catalogue_path(self, p: int, r: int, field: str = "code") -> ModelPath:
        return ("catalogue", "panels", p, "recommendations", r, field)

    def suggest(self, code: str) -> str:
        """ "the catalogue's G codes are G1, …, G8; " for an unknown code of a known series,
        else "did you mean …? " for a near miss, else nothing."""
        known = list(self.catalogue_codes)
        prefix = re.sub(r"\d+$", "", code)
        series = [c for c in known if re.sub(r"\d+$", "", c) == prefix]
        if series and prefix != code:
            return f"the catalogue's {prefix} codes are {', '.join(series)}; "
        close = difflib.get_close_matches(code, known, n=1)
        return f"did you mean {close[0]}? " if close else ""

    # --- prose ---------------------------------------------------------------------------

    @cached_property
    def prose(self) -> list[Prose]:
        """Every text the published document prints, in reading order."""
        edition = self.edition
        found = [Prose("title", edition.title, ("title",), markdown=False)]
        if edition.foreword is not None and edition.foreword.text:
            found.append(Prose("foreword", edition.foreword.text, ("foreword", "text"), True))
        printed_panels: set[int] = set()
        for i, entry in enumerate(edition.entries):
            place = self._catalogue_place(entry)
            if place is not None and place[0] not in printed_panels:
                printed_panels.add(place[0])
                panel = edition.catalogue.panels[place[0]]
                path = ("catalogue", "panels", place[0], "heading")
                found.append(Prose(f"panel {panel.title}", panel.heading, path, markdown=False))
            recommendation = self._recommendation_prose(i, entry, place)
            if recommendation is not None:
                found.append(recommendation)
            found.append(
                Prose(f"entry {entry.code}", entry.narrative, ("entries", i, "narrative"), True)
            )
        if edition.summary:
            found.append(Prose("summary", edition.summary, ("summary",), True))
        return found

    @cached_property
    def markdown(self) -> list[Prose]:
        """The Markdown bodies only: foreword, narratives and summary."""
        return [prose for prose in self.prose if prose.markdown]

    def _catalogue_place(self, entry: Entry) -> tuple[int, int] | None:
        for code in entry.codes:
            place = self.catalogue_codes.get(code)
            if place is not None:
                return place
        return None

    def _recommendation_prose(
        self, i: int, entry: Entry, place: tuple[int, int] | None
    ) -> Prose | None:
        label = f"recommendation {entry.code}"
        if entry.wording:
            return Prose(label, entry.wording, ("entries", i, "wording"), markdown=False)
        if place is None:
            return None
        rec = self.edition.catalogue.panels[place[0]].recommendations[place[1]]
        return Prose(label, rec.text, self.catalogue_path(*place, field="text"), markdown=False)
