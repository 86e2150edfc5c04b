"""The document formats `build` writes, the `--format` option's reading of them, and the
PDF as WeasyPrint lays it out.

Apart from the renderers, so that a command can read its options before importing them, and a
PDF laid out in another process (worker.py) comes back without importing WeasyPrint here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError

FORMATS = ("docx", "pdf", "html")


def parse_formats(text: str) -> tuple[str, ...]:
    """ "pdf,docx" -> ("docx", "pdf"): known formats, each once, in a fixed order."""
    asked = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [part for part in asked if part not in FORMATS]
    if unknown or not asked:
        raise InputError(
            f"unknown format {', '.join(unknown) or repr(text)}",
            field="--format",
            hint=f"choose from {', '.join(FORMATS)}, separated by commas",
        )
    return tuple(fmt for fmt in FORMATS if fmt in asked)


@dataclass(frozen=True)
class LaidOutPdf:
    """WeasyPrint's tagged PDF, before the structure pass (pdf_structure.finish_structure)
    completes it for PDF/UA. The pass runs where the build publishes from, so that a process
    laying out the PDF for it never imports pikepdf: the build imports it meanwhile."""

    data: bytes
    pages: int
    language: str
