"""Write contributor forms: one Word document per owner (or panel) holding their entries.

The recommendation's wording is protected (the document is read-only outside marked
editable ranges); the narrative and the metrics table are the editable ranges.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Pt

from ..dates import document_date
from ..drafting import UNOWNED
from ..model import Edition, Entry, format_number
from ..ooxml.bookmarks import bookmark_end, bookmark_start
from ..ooxml.protection import permission_end, permission_start, protect
from ..ooxml.xml import element
from ..slugs import slug
from ..stable_zip import stable_zip
from .layout import (
    BODY_STYLE,
    BULLET_STYLE,
    FORM_CATEGORY,
    METRIC_COLUMNS,
    METRICS_HEADING,
    NARRATIVE_HEADING,
    RECOMMENDATION_STYLE,
    base_bookmark,
    narrative_blocks,
)


@dataclass(frozen=True)
class Form:
    name: str  # who it is for: an owner or a panel
    filename: str
    data: bytes
    codes: tuple[str, ...]


def group_entries(edition: Edition, by: str) -> dict[str, list[Entry]]:
    """Name -> entries, in catalogue order; an entry with two owners is in both forms."""
    groups: dict[str, list[Entry]] = {}
    for panel, entries in edition.panel_entries():
        for entry in entries:
            if by == "panel":
                names = [panel.title if panel else "Not in the catalogue"]
            else:
                names = entry.owners or [UNOWNED]
            for name in names:
                groups.setdefault(name, []).append(entry)
    return dict(sorted(groups.items(), key=lambda item: (item[0] == UNOWNED, item[0].lower())))


def _editable(document: DocumentObject, start: bool, ident: int) -> None:
    """Open or close an editable range (w:permStart/w:permEnd) at the end of the body."""
    body = document.element.body
    mark = permission_start(ident) if start else permission_end(ident)
    # before w:sectPr, which Word requires last
    sect = body.find(qn("w:sectPr"))
    if sect is None:
        body.append(mark)
    else:
        sect.addprevious(mark)


def _mark_base(paragraph, entry: Entry, ident: int) -> None:  # type: ignore[no-untyped-def]
    """A hidden bookmark on the heading records the entry's fingerprint when the form was
    written, so `collect` can tell an edit made in the snapshot meanwhile."""
    start = bookmark_start(ident, base_bookmark(entry))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(bookmark_end(ident))


def _add_text(paragraph, text: str) -> None:  # type: ignore[no-untyped-def]
    lines = text.split("\n")
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run = paragraph.add_run(line)


def _set_header_row(table) -> None:  # type: ignore[no-untyped-def]
    table.rows[0]._tr.get_or_add_trPr().append(element("w:tblHeader"))


def write_form(edition: Edition, name: str, entries: Iterable[Entry], when: datetime) -> bytes:
    entries = list(entries)
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    core = document.core_properties
    core.title = f"{edition.title}: update for {name}"
    core.subject = edition.id
    core.keywords = name
    core.category = FORM_CATEGORY
    core.author = edition.publisher or "topolreport"
    core.last_modified_by = core.author
    core.language = edition.language
    core.created = core.modified = when
    core.revision = 1

    document.add_heading(f"{edition.title} ({edition.id})", level=0)
    document.add_paragraph(
        f"Update form for {name}. Please rewrite the progress narrative of each entry below "
        "for this year and update the metrics table: change a value, its qualifier (over, "
        "about, plus, up to, at least, under) or its as-of month (YYYY-MM); add a row for a "
        "new figure, leaving its id empty. Keep links written as [text](address) and "
        "cross-references as 'See also P2'. The recommendation wording cannot be changed. "
        "Please do not delete the headings or the tables.",
        style=BODY_STYLE,
    )
    wordings = edition.catalogue.wordings()
    for ident, entry in enumerate(entries, start=1):
        wording = edition.recommendation_text(entry, wordings)
        heading = document.add_heading(f"{entry.code}. {wording}", 1)
        _mark_base(heading, entry, len(document.element.body))
        owners = ", ".join(entry.owners) or "none recorded"
        document.add_paragraph(f"Owners: {owners}", style=RECOMMENDATION_STYLE)
        _editable(document, True, ident)
        document.add_heading(NARRATIVE_HEADING, level=2)
        for kind, text in narrative_blocks(entry.narrative) or [("paragraph", "")]:
            paragraph = document.add_paragraph(style=BULLET_STYLE if kind == "bullet" else None)
            _add_text(paragraph, text)
        document.add_heading(METRICS_HEADING, level=2)
        table = document.add_table(rows=1, cols=len(METRIC_COLUMNS))
        table.style = "Table Grid"
        for cell, title in zip(table.rows[0].cells, METRIC_COLUMNS, strict=True):
            cell.text = title
            for run in cell.paragraphs[0].runs:
                run.bold = True
        _set_header_row(table)
        for metric in entry.metrics:
            values = (
                metric.id,
                format_number(metric.value),
                metric.qualifier or "",
                metric.unit,
                metric.as_of or "",
                metric.label,
                metric.text,
            )
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
        _editable(document, False, ident)
    protect(document.settings.element, "readOnly")
    stream = io.BytesIO()
    document.save(stream)
    return stable_zip(stream.getvalue(), when)


def write_forms(edition: Edition, by: str, when: datetime | None = None) -> list[Form]:
    when = when or document_date(edition.date)
    forms = []
    for name, entries in group_entries(edition, by).items():
        data = write_form(edition, name, entries, when)
        filename = f"{edition.id}-{slug(name, fallback='form')}.docx"
        forms.append(Form(name, filename, data, tuple(e.code for e in entries)))
    return forms
