"""For the site's tests: a site built from the real 2023 report and a next edition with known
edits (factories.EDITS: G8's visitors fell from over 2,600 to over 2,100, G3's GeNotes renamed
GeNotes Online, AIR4's AI Industry Exchange Network added), and a page read back as links,
ids, headings and rows."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from cli_runner import run
from factories import EDITS, import_with_edits


def build_site(folder: Path, *extra: str) -> tuple[Path, Path]:
    """(editions folder, site folder) of the site built from the two editions."""
    editions = import_with_edits(folder, EDITS)
    site = folder / "site"
    code, _, err = run("site", "--editions", str(editions), "--out", str(site), *extra)
    assert code == 0, err
    return editions, site


class Page(HTMLParser):
    """The links, ids, headings, scripts and lang of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.headings: list[int] = []
        self.scripts: list[str | None] = []
        self.lang: str | None = None
        self.rows: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "html":
            self.lang = found.get("lang")
        if tag in ("a", "link") and found.get("href") is not None:
            self.links.append(str(found["href"]))
        if tag == "script":
            self.scripts.append(found.get("src"))
            if found.get("src"):
                self.links.append(str(found["src"]))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "li" and "rec" in (found.get("class") or "").split():
            self.rows.append(found)


def parse_page(path: Path) -> Page:
    """The links, ids, headings, scripts, lang and index rows of the page at `path`."""
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page
