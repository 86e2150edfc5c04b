"""Rewrite a zip-based document (docx) so the same content always gives the same bytes.

python-docx stamps each zip member with the current time; we give every member one fixed
date and keep the member order, so a rebuild of unchanged inputs is byte-identical.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime


def stable_entry(name: str, when: datetime) -> zipfile.ZipInfo:
    """A member dated `when` (zip dates start in 1980), readable by all, made on Unix."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def stable_zip(data: bytes, when: datetime) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(stable_entry(item.filename, when), source.read(item.filename))
    return out.getvalue()
