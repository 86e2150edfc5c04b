"""Every character the PDF prints must be in the templates' own fonts.

WeasyPrint, like any browser, draws a character its font lacks (an emoji, a CJK ideograph)
with whatever font the machine has that holds it, found through fontconfig. The PDF would
then embed a font from outside the templates folder, and its bytes would depend on the
machine. So before rendering, each text of the edition is checked against the characters of
the fonts in `templates/fonts/`, and a character none of them has is reported with the entry
code, the file and the character, as bad input.
"""

from __future__ import annotations

import functools
import struct
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Problem
from ..files import read_bytes

if TYPE_CHECKING:
    from ..model import Edition

# (entry code or None, snapshot file, text): a text the report prints, and where it is kept.
PrintedText = tuple[str | None, Path, str]

FONT_SUFFIXES = (".ttf", ".otf")
_FONT_LIMIT = 64 * 1024 * 1024
# Characters that print nothing: line breaks and spacing the layout handles itself, and
# format characters (zero-width joiners, soft hyphen) that no font needs to draw.
_SILENT_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


@functools.cache
def _font_characters(fonts: tuple[Path, ...]) -> frozenset[str]:
    """The characters the fonts can draw (the union of their character maps)."""
    from io import BytesIO

    from fontTools.ttLib import TTFont, TTLibError

    characters: set[str] = set()
    for font in fonts:
        try:
            parsed = TTFont(BytesIO(read_bytes(font, limit=_FONT_LIMIT)), lazy=True)
            # Only which characters are mapped counts, not to which glyph names: numbered
            # names spare decoding the font's own (its `post` table, most of the time spent).
            parsed.setGlyphOrder([f"glyph{i}" for i in range(parsed["maxp"].numGlyphs)])
            cmap = parsed.getBestCmap()
        except (TTLibError, ValueError, KeyError, AssertionError, EOFError, struct.error) as exc:
            raise InputError(f"not a usable font ({exc})", file=font) from None
        characters.update(map(chr, cmap or {}))
    return frozenset(characters)


def template_fonts(templates_folder: Path) -> tuple[Path, ...]:
    """The font files of a templates folder (its `fonts/` subfolder), in name order."""
    folder = templates_folder / "fonts"
    if not folder.is_dir():
        return ()
    return tuple(sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def printed_texts(edition: Edition) -> list[PrintedText]:
    """Every text the report prints, with its entry and file. Read from the edition by the
    command; checked against the fonts by the PDF's renderer, which may be another process
    that never imports the model (worker.py)."""
    return list(_texts(edition))


def _texts(edition: Edition) -> Iterator[PrintedText]:
    from ..store.layout import (
        CATALOGUE_FILE,
        EDITION_FILE,
        ENTRIES_DIR,
        FOREWORD_FILE,
        SUMMARY_FILE,
        entry_filename,
    )

    folder = Path(edition.id)
    meta = edition.model_dump(mode="json", exclude={"entries", "catalogue", "foreword", "summary"})
    for text in _strings(meta):
        yield None, folder / EDITION_FILE, text
    if edition.foreword is not None:
        yield None, folder / FOREWORD_FILE, edition.foreword.text
        for text in _strings(edition.foreword.model_dump(mode="json", exclude={"text"})):
            yield None, folder / EDITION_FILE, text
    yield None, folder / SUMMARY_FILE, edition.summary
    for text in _strings(edition.catalogue.model_dump(mode="json")):
        yield None, Path(CATALOGUE_FILE), text
    for entry in edition.entries:
        file = folder / ENTRIES_DIR / entry_filename(entry.code)
        for text in _strings(entry.model_dump(mode="json", exclude={"review"})):
            yield entry.code, file, text


def missing_glyphs(texts: list[PrintedText], templates_folder: Path) -> list[Problem]:
    """One problem per (file, character) the templates' fonts can't draw in `texts` (see
    printed_texts); none when the templates folder has no fonts (its CSS then names none of
    its own)."""
    fonts = template_fonts(templates_folder)
    if not fonts:
        return []
    drawable = _font_characters(fonts)
    problems: list[Problem] = []
    seen: set[tuple[Path, str]] = set()
    for code, file, text in texts:
        if drawable.issuperset(text):
            continue  # the usual case, decided without a loop in Python
        for char in text:
            if char in drawable or char.isspace():
                continue
            if unicodedata.category(char) in _SILENT_CATEGORIES or (file, char) in seen:
                continue
            seen.add((file, char))
            name = unicodedata.name(char, "unnamed character")
            where = f"entry {code}: " if code else ""
            problems.append(
                Problem(
                    f"{where}U+{ord(char):04X} {name} is in none of the fonts of the "
                    "templates folder",
                    file,
                    hint="write it another way, or add a font that has it to templates/fonts/",
                )
            )
    return problems
