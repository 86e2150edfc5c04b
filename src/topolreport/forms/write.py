"""Write contributor forms: one Word document per owner (or panel) holding their entries.

A form opens ready to type into, with Track Changes on, in Word and in LibreOffice alike. It
is not protected: LibreOffice 7.4 opens a document protected outside Word's editable ranges
wholly read-only, and Word turns Track Changes off in a document protected for forms. The
protection a form could give is a convenience; what matters is that `collect` reports
anything typed outside the parts it reads (the recommendation wording, the owners line).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Mm
from docx.text.paragraph import Paragraph

from ..dates import document_date
from ..drafting import UNOWNED
from ..model import Edition, Entry, Metric, format_number
from ..ooxml.bookmarks import bookmark_end, bookmark_start
from ..ooxml.controls import checkbox
from ..ooxml.hyperlinks import external_link
from ..ooxml.settings import track_revisions
from ..ooxml.xml import child, element, set_text
from ..slugs import slug
from ..stable_zip import stable_zip
from ..text import links
from .carried import Issued, carry
from .layout import (
    BODY_STYLE,
    BULLET_STYLE,
    COMPLETED_LABEL,
    FORM_CATEGORY,
    METRIC_BOOKMARK,
    METRIC_COLUMNS,
    METRIC_WIDTHS,
    METRICS_HEADING,
    NARRATIVE_HEADING,
    RECOMMENDATION_STYLE,
    UNCHANGED_LABEL,
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


def _add_text(document: DocumentObject, paragraph: Paragraph, text: str) -> None:
    """Text with its Markdown links as real hyperlinks, its line breaks as breaks."""
    position = 0
    for link in [*(one for one in links(text) if not one.image), None]:
        plain = text[position : link.start if link else len(text)]
        lines = plain.split("\n")
        for number, line in enumerate(lines):
            run = paragraph.add_run(line) if line or number else None
            if number and run is not None:
                run._r.insert(0 if run._r.rPr is None else 1, element("w:br"))
        if link is None:
            break
        holder = external_link(document.part, text[link.start : link.end].rsplit("](", 1)[1][:-1])
        run_element = child(holder, "w:r")
        properties = child(run_element, "w:rPr")
        child(properties, "w:rStyle", val="Hyperlink")
        set_text(child(run_element, "w:t"), link.text)
        paragraph._p.append(holder)
        position = link.end


def _new_document(reference: Path | None) -> DocumentObject:
    """The reference document's styles on an emptied body, A4 with 2 cm margins."""
    document = Document(str(reference)) if reference is not None else Document()
    body = document.element.body
    for block in list(body):
        if block.tag != qn("w:sectPr"):
            body.remove(block)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    return document


def _metrics_table(document: DocumentObject, metrics: list[Metric], ident: int) -> None:
    """The metrics table of entry number `ident` (bookmark ids are unique per entry)."""
    table = document.add_table(rows=1, cols=len(METRIC_COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    properties = table._tbl.tblPr
    layout = properties.find(qn("w:tblLayout"))
    if layout is None:
        layout = child(properties, "w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    columns = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for column, width in zip(columns, METRIC_WIDTHS, strict=True):
        column.set(qn("w:w"), str(width))
    for cell, title in zip(table.rows[0].cells, METRIC_COLUMNS, strict=True):
        cell.text = title
        for run in cell.paragraphs[0].runs:
            run.bold = True
    table.rows[0]._tr.get_or_add_trPr().append(element("w:tblHeader"))
    for index, metric in enumerate(metrics):
        values = (
            metric.label,
            format_number(metric.value),
            metric.qualifier or "",
            metric.unit,
            metric.as_of or "",
            metric.text,
            metric.source or "",
        )
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
        # Which metric the row holds: a hidden, empty bookmark at the start of its first cell.
        first = cells[0].paragraphs[0]._p
        mark = ident * 1000 + index
        at = 1 if first.pPr is not None else 0
        first.insert(at, bookmark_end(mark))
        first.insert(at, bookmark_start(mark, f"{METRIC_BOOKMARK}{index}"))
    for row in table.rows:
        for cell, width in zip(row.cells, METRIC_WIDTHS, strict=True):
            cell.width = width * 635  # twips to EMU


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
    reference: Path | None = None,
) -> bytes:
    """One form; `holders` says which forms hold each entry (to name the co-owners)."""
    entries = list(entries)
    holders = holders or {}
    document = _new_document(reference)
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
    preamble = [title, *_intro(name, due, contact), COMPLETED_LABEL]
    for line in preamble[1:-1]:
        document.add_paragraph(line, style=BODY_STYLE)
    document.add_paragraph(COMPLETED_LABEL + " ", style=BODY_STYLE)
    issued: dict[str, dict[str, object]] = {}
    wordings = edition.catalogue.wordings()
    for ident, entry in enumerate(entries, start=1):
        wording = edition.recommendation_text(entry, wordings)
        owners = ", ".join(entry.owners) or "none recorded"
        fixed = [f"{entry.code}. {wording}", f"Owners: {owners}"]
        others = [other for other in holders.get(entry.code, []) if other != name]
        if others:
            fixed.append(
                "Also in the form for " + " and ".join(others) + ": edit what is yours; "
                "the forms are merged."
            )
        document.add_heading(fixed[0], 1)
        for line in fixed[1:]:
            document.add_paragraph(line, style=RECOMMENDATION_STYLE)
        box = document.add_paragraph(UNCHANGED_LABEL + " ", style=BODY_STYLE)
        box._p.append(checkbox())
        document.add_heading(NARRATIVE_HEADING, level=2)
        for kind, text in narrative_blocks(entry.narrative) or [("paragraph", "")]:
            style = BULLET_STYLE if kind == "bullet" else BODY_STYLE
            _add_text(document, document.add_paragraph(style=style), text)
        document.add_heading(METRICS_HEADING, level=2)
        _metrics_table(document, entry.metrics, ident)
        issued[entry.code] = {
            "narrative": entry.narrative,
            "metrics": [metric.model_dump(mode="json") for metric in entry.metrics],
            "fixed": fixed,
        }
    track_revisions(document.settings.element)
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
    reference: Path | None = None,
) -> list[Form]:
    when = when or document_date(edition.date)
    groups = group_entries(edition, by)
    holders: dict[str, list[str]] = {}
    for name, entries in groups.items():
        for entry in entries:
            holders.setdefault(entry.code, []).append(name)
    forms = []
    for name, entries in groups.items():
        data = write_form(edition, name, entries, when, due, contact, holders, reference)
        filename = f"{edition.id}-{slug(name, fallback='form')}.docx"
        forms.append(Form(name, filename, data, tuple(e.code for e in entries)))
    return forms
