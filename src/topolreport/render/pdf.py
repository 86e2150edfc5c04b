"""The report laid out as a tagged PDF by WeasyPrint, from the print version of the HTML;
pdf_structure.py then completes it for PDF/UA-1 (render/build.py runs the two).

Imported only when a PDF is asked for: WeasyPrint takes a while to import. Fetching is
limited to the templates folder (fonts, images of the templates); anything else, from the
network or the file system, is refused, so an edition cannot make the renderer read a file.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..dates import source_date_epoch_set
from ..errors import InputError
from ..files import read_bytes
from .formats import LaidOutPdf
from .glyphs import PrintedText, missing_glyphs
from .templates import Templates

PDF_VARIANT = "pdf/ua-1"
_FETCH_LIMIT = 64 * 1024 * 1024  # a font or an image of the templates


class TemplatesOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Serves files under the templates folder; refuses every other URL."""

    def __init__(self, folder: Path) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.folder = folder.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        path = self._local_path(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"refused to fetch {url}: only files of the templates folder")
        body = read_bytes(path, limit=_FETCH_LIMIT)  # never through a link, FIFO or device
        return URLFetcherResponse(url, body=body, headers=_headers(path))

    def _local_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.folder) or not path.is_file():
            return None
        return path


def _headers(path: Path) -> dict[str, str]:
    types = {".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".woff2": "font/woff2"}
    types |= {".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg"}
    return {"Content-Type": types.get(path.suffix.lower(), "application/octet-stream")}


def layout_pdf(
    print_html: str, templates: Templates, created: datetime, texts: list[PrintedText]
) -> LaidOutPdf:
    """The PDF of the print HTML (see html.render_html(print_version=True)); `created` is the
    document's fixed date (the HTML carries it for the metadata too). Refused, before any
    layout, when the templates' fonts lack a character of `texts` (glyphs.printed_texts)."""
    problems = missing_glyphs(texts, templates.folder)
    if problems:  # the PDF would take them from the machine's fonts
        raise InputError(problems=problems)
    fetcher = TemplatesOnlyFetcher(templates.folder)
    # The file identifier is derived from the content, never random: same input, same bytes.
    identifier = hashlib.sha256(print_html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    # Where WeasyPrint subsets fonts with fontTools (no HarfBuzz-Subset on the machine), the
    # subset's "modified" stamp is the current time unless SOURCE_DATE_EPOCH is set, and
    # WeasyPrint takes no argument for it: set it around this one call.
    with source_date_epoch_set(created), _quiet_weasyprint():
        document = HTML(
            string=print_html,
            base_url=templates.folder.as_uri() + "/",
            url_fetcher=fetcher,
        ).render(pdf_variant=PDF_VARIANT, pdf_tags=True)
        data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    # The structure pass (pdf_structure.finish_structure) completes its tagging for PDF/UA.
    return LaidOutPdf(data, len(document.pages), document.metadata.lang or "")


@contextmanager
def _quiet_weasyprint() -> Iterator[None]:
    """WeasyPrint reports refused fetches and its own advice as log warnings; the build shows
    its own progress, so keep them off the terminal."""
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
