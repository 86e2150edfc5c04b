"""One tracker table as CSV: UTF-8, optionally with the byte-order mark Excel looks for."""

from __future__ import annotations

import csv
import io

from .tables import Table


def table_csv(table: Table, *, bom: bool = False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    data = out.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data
