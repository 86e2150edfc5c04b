"""A python-docx document saved straight into stable zip members.

`Document.save` writes each member dated now, and `stable_zip` would then inflate and deflate
every member again to date it; writing the package's parts once with the fixed date gives
the same bytes for half the work. The parts are written as python-docx's own `PackageWriter`
writes them: content types, the package's relationships, then each part and its
relationships.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from docx.document import Document
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter

from ..stable_zip import stable_entry


class _StableMembers:
    """The physical writer `PackageWriter` writes through: each member dated `when`."""

    def __init__(self, target: zipfile.ZipFile, when: datetime) -> None:
        self.target = target
        self.when = when

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.target.writestr(stable_entry(pack_uri.membername, self.when), blob)


def document_bytes(document: Document, when: datetime) -> bytes:
    """The bytes of `document` as a .docx whose members are all dated `when`."""
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    # Its three steps, untyped and private to python-docx (pinned by the tests that rebuild a
    # document and compare bytes, and by every test reading a built document back).
    steps: Any = PackageWriter
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        members = _StableMembers(target, when)
        steps._write_content_types_stream(members, package.parts)
        steps._write_pkg_rels(members, package.rels)
        steps._write_parts(members, package.parts)
    return out.getvalue()
