"""The tracker tables as an xlsx workbook (openpyxl): a sheet per table, with a bold header
row, frozen panes, an autofilter and set column widths.

openpyxl stamps the save time into docProps/core.xml and the zip members; both are fixed here
(document properties by hand, the zip by stable_zip) so a rebuild gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..dates import source_epoch
from ..stable_zip import stable_zip
from .tables import Table

# A fixed moment for the document properties and zip entries (SOURCE_DATE_EPOCH overrides).
FIXED_DATE = datetime(2000, 1, 1)
WRAPPED = 40  # columns at least this wide hold prose: wrap it


def _sheet(workbook: Workbook, table: Table, first: bool) -> None:
    sheet = workbook.active if first else workbook.create_sheet()
    assert sheet is not None
    sheet.title = table.name.capitalize()
    sheet.append(list(table.headers))
    for row in table.rows:
        sheet.append(list(row))
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(table.widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        if width >= WRAPPED:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"  # header row and the edition and code stay in view
    last = get_column_letter(len(table.headers))
    sheet.auto_filter.ref = f"A1:{last}{max(len(table.rows) + 1, 1)}"


def tracker_xlsx(tables: Sequence[Table], *, title: str) -> bytes:
    workbook = Workbook()
    for index, table in enumerate(tables):
        _sheet(workbook, table, first=index == 0)
    when = (source_epoch() or FIXED_DATE).replace(tzinfo=None)
    properties = workbook.properties
    properties.creator = "topolreport"
    properties.lastModifiedBy = "topolreport"
    properties.title = title
    properties.created = when
    properties.modified = when
    buffer = io.BytesIO()
    # ExcelWriter, not workbook.save(): save() would stamp the current time as "modified".
    with ZipFile(buffer, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return stable_zip(buffer.getvalue(), when)
