"""Write contributor forms: one Word document per owner (or panel) holding their entries.

The recommendation's wording is protected (the document is read-only outside marked
editable ranges); the narrative and the metrics table are the editable ranges.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Pt

from ..drafting import UNOWNED
from ..model import Edition, Entry, format_number
from ..ooxml.protection import permission_end, permission_start, protect
from ..ooxml.xml import element
from ..stable_zip import source_date, stable_zip
from .carried import Issued, carry
from .layout import (
    BODY_STYLE,
    BULLET_STYLE,
    COMPLETED_LABEL,
    FORM_CATEGORY,
    METRIC_COLUMNS,
    METRICS_HEADING,
    NARRATIVE_HEADING,
    RECOMMENDATION_STYLE,
    checkbox_line,
    narrative_blocks,
)


@dataclass(frozen=True)
class Form:
    name: str  # who it is for: an owner or a panel
    filename: str
    data: bytes
    codes: tuple[str, ...]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "form"


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


def _add_text(paragraph, text: str) -> None:  # type: ignore[no-untyped-def]
    lines = text.split("\n")
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run = paragraph.add_run(line)


def _set_header_row(table) -> None:  # type: ignore[no-untyped-def]
    table.rows[0]._tr.get_or_add_trPr().append(element("w:tblHeader"))


def _intro(name: str, due: str, contact: str) -> list[str]:
    lines = [
        f"Update form for {name}. Please rewrite the progress narrative of each entry below "
        "for this year and update the metrics table: change a value, its qualifier (over, "
        "about, plus, up to, at least, under) or its as-of month (YYYY-MM); add a row for a "
        "new figure, leaving its id empty. Track Changes and comments are welcome. If an "
        "entry stands as it is, tick its 'no change this year' box. The recommendation "
        "wording cannot be changed. Please do not delete the headings or the tables."
    ]
    if due or contact:
        parts = [f"Please return it by {due}" if due else "Please return it"]
        if contact:
            parts.append(f"to {contact}")
        lines.append(" ".join(parts) + ".")
    return lines


def write_form(
    edition: Edition,
    name: str,
    entries: Iterable[Entry],
    when: datetime,
    due: str = "",
    contact: str = "",
    holders: dict[str, list[str]] | None = None,
) -> bytes:
    """One form; `holders` says which other forms hold each co-owned entry."""
    entries = list(entries)
    holders = holders or {}
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

    title = f"{edition.title} ({edition.id})"
    document.add_heading(title, level=0)
    preamble = [title, *_intro(name, due, contact)]
    for line in preamble[1:]:
        document.add_paragraph(line, style=BODY_STYLE)
    _editable(document, True, 0)
    document.add_paragraph(COMPLETED_LABEL + " ", style=BODY_STYLE)
    _editable(document, False, 0)
    preamble.append(COMPLETED_LABEL)
    issued: dict[str, dict[str, object]] = {}
    wordings = edition.catalogue.wordings()
    for ident, entry in enumerate(entries, start=1):
        wording = edition.recommendation_text(entry, wordings)
        fixed = [
            f"{entry.code}. {wording}",
            f"Owners: {', '.join(entry.owners) or 'none recorded'}",
        ]
        others = [other for other in holders.get(entry.code, []) if other != name]
        if others:
            fixed.append(
                "Also in the form for " + " and ".join(others) + ": edit your part; "
                "the forms are merged."
            )
        document.add_heading(fixed[0], 1)
        for line in fixed[1:]:
            document.add_paragraph(line, style=RECOMMENDATION_STYLE)
        _editable(document, True, ident)
        document.add_paragraph(checkbox_line(), style=BODY_STYLE)
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
        issued[entry.code] = {
            "narrative": entry.narrative,
            "metrics": [metric.model_dump(mode="json") for metric in entry.metrics],
            "fixed": fixed,
        }
    protect(document.settings.element, "readOnly")
    carry(document, Issued(edition.id, name, due, contact, preamble, issued))
    stream = io.BytesIO()
    document.save(stream)
    return stable_zip(stream.getvalue(), when)


def write_forms(
    edition: Edition,
    by: str,
    when: datetime | None = None,
    due: str = "",
    contact: str = "",
) -> list[Form]:
    edition_month = datetime.strptime(edition.date + "-01", "%Y-%m-%d").replace(tzinfo=UTC)
    when = when or source_date(edition_month)
    groups = group_entries(edition, by)
    holders: dict[str, list[str]] = {}
    for name, entries in groups.items():
        for entry in entries:
            holders.setdefault(entry.code, []).append(name)
    forms = []
    for name, entries in groups.items():
        data = write_form(edition, name, entries, when, due, contact, holders)
        filename = f"{edition.id}-{_slug(name)}.docx"
        forms.append(Form(name, filename, data, tuple(e.code for e in entries)))
    return forms
