"""Read a returned contributor form back: each entry's narrative blocks and metrics rows."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..errors import InputError, Problem
from ..ooxml.reading import cell_text, paragraph_text
from .layout import (
    BASE_BOOKMARK_PREFIX,
    ENTRY_HEADING_RE,
    FORM_CATEGORY,
    METRIC_COLUMNS,
    METRICS_HEADING,
    NARRATIVE_HEADING,
)


@dataclass
class FormEntry:
    code: str
    blocks: list[tuple[str, str]] = field(default_factory=list)
    rows: list[dict[str, str]] | None = None  # None: the metrics table is missing
    has_narrative: bool = False


@dataclass
class ReturnedForm:
    path: Path
    edition_id: str
    name: str
    base: dict[str, str]  # code -> fingerprint of the entry when the form was written
    entries: list[FormEntry]


def _style(paragraph: Paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def read_form(path: Path) -> ReturnedForm:
    """Parse a form; a form whose structure was broken is refused with every reason."""
    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise InputError("not a Word document", file=path) from None
    core = document.core_properties
    if core.category != FORM_CATEGORY:
        raise InputError(
            "not a contributor form", file=path, hint="forms come from `topolreport forms`"
        )
    base: dict[str, str] = {}

    problems: list[Problem] = []
    entries: list[FormEntry] = []
    current: FormEntry | None = None
    section = ""
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            style, text = _style(block), paragraph_text(block._p)
            match = ENTRY_HEADING_RE.match(text)
            if style.startswith("Heading 1") and match:
                current = FormEntry(match.group(1))
                entries.append(current)
                base[current.code] = _base_fingerprint(block)
                section = ""
            elif current is not None and style.startswith("Heading 2"):
                section = {NARRATIVE_HEADING: "narrative", METRICS_HEADING: "metrics"}.get(
                    text.strip(), section
                )
                current.has_narrative |= section == "narrative"
            elif current is not None and section == "narrative":
                kind = "bullet" if style.startswith("List") else "paragraph"
                current.blocks.append((kind, text))
        elif isinstance(block, Table) and current is not None:
            if current.rows is not None:
                problems.append(Problem(f"{current.code}: a second table was added", path))
                continue
            current.rows = _rows(block, current.code, path, problems)

    for entry in entries:
        if not base[entry.code]:
            problems.append(
                Problem(
                    f"{entry.code}: the heading was retyped, so the form no longer knows which "
                    "version of the entry it started from",
                    path,
                )
            )
        if not entry.has_narrative:
            problems.append(
                Problem(f"{entry.code}: the '{NARRATIVE_HEADING}' heading is missing", path)
            )
        if entry.rows is None:
            problems.append(
                Problem(f"{entry.code}: the metrics table is missing (was it deleted?)", path)
            )
    if problems:
        problems.append(
            Problem(
                "form refused; nothing was written",
                path,
                hint="restore it from the sent copy or write a new one with `topolreport forms`",
            )
        )
        raise InputError(problems=problems)
    return ReturnedForm(path, core.subject or "", core.keywords or "", base, entries)


def _base_fingerprint(paragraph: Paragraph) -> str:
    for mark in paragraph._p.iter(qn("w:bookmarkStart")):
        name = str(mark.get(qn("w:name"), ""))
        if name.startswith(BASE_BOOKMARK_PREFIX):
            return name[len(BASE_BOOKMARK_PREFIX) :]
    return ""


def _rows(table: Table, code: str, path: Path, problems: list[Problem]) -> list[dict[str, str]]:
    rows = [[cell_text(cell._tc).strip() for cell in row.cells] for row in table.rows]
    header = [title.lower() for title in rows[0]] if rows else []
    if header != list(METRIC_COLUMNS):
        problems.append(
            Problem(
                f"{code}: the metrics table's columns were changed",
                path,
                hint="expected: " + " | ".join(METRIC_COLUMNS),
            )
        )
        return []
    return [
        dict(zip(METRIC_COLUMNS, row, strict=True))
        for row in rows[1:]
        if any(value for value in row)
    ]
