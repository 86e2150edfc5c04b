"""Import the report's text layout (text extracted from the published PDF) as an Edition.

The layout, as the February 2023 edition has it:

    title line, date line ("February 2023"), a contents block with tab-separated page numbers,
    "Foreword", its paragraphs and bullets, the signatory (name / role / organisation lines),
    the progress heading, then per panel its heading and per recommendation a paragraph
    "CODE. recommendation text" followed by the progress narrative, then "Summary" and
    "Abbreviations" ("AoMRC – Academy of Medical Royal Colleges").

Every paragraph is one line; blank lines separate blocks; bullets start with "- ". The title
recurs as a running header at each page break, sometimes in the middle of a sentence: the
header is dropped and a paragraph it split is joined again with one space.

Wording is kept byte-for-byte (apart from those joins): the narrative is the report's text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from ..codes import CODE_LIKE, DEFAULT, CodeGrammar, CodeIndex, split_code
from ..errors import InputError
from ..extract import extract_initiatives, extract_metrics, partner_names, propose_owners
from ..files import read_bytes
from ..initiatives.match import Matcher, place_mentions, record_names
from ..initiatives.model import Registry
from ..model import (
    Abbreviation,
    Catalogue,
    Edition,
    Entry,
    Foreword,
    Panel,
    Recommendation,
    Signatory,
    forbidden_character,
)
from ..slugs import slug
from ..text import link_texts

LICENCE = "Contains public sector information licensed under the Open Government Licence v3.0."

_MONTHS = list(calendar.month_name)[1:]
_DATE_RE = re.compile(rf"^(?P<month>{'|'.join(_MONTHS)})\s+(?P<year>\d{{4}})$")
# "G2. All healthcare professionals …", "DM4/AIR5. The NHS should …"


@lru_cache(maxsize=8)
def _code_line_re(grammar: CodeGrammar) -> re.Pattern[str]:
    """A paragraph that opens an entry: "CODE. recommendation text"."""
    return re.compile(rf"^(?P<code>{grammar.spaced_joint})\.\s+(?P<text>\S.*)$")


# A paragraph that looks like an entry's opening whatever the review's code pattern.
_LOOKS_LIKE_ENTRY_RE = _code_line_re(CODE_LIKE)
_CONTENTS_PAGE_RE = re.compile(r"\t\s*\d+\s*$")
_ABBREVIATION_RE = re.compile(r"^(?P<abbr>\S.*?)\s+[–—-]\s+(?P<meaning>\S.*)$")
_SENTENCE_END = '.!?:;)"”’'


@dataclass
class ImportResult:
    edition: Edition
    catalogue: Catalogue
    registry: Registry = field(default_factory=Registry)
    notes: list[str] = field(default_factory=list)
    # Names the importer found but the registry (or their form) says are not initiatives.
    left_out: list[str] = field(default_factory=list)


@dataclass
class _Block:
    """Lines with no blank line between them: a paragraph, a bullet list, a signatory, a table."""

    lines: list[str]
    line: int  # 1-based line number of the first line in the file

    @property
    def text(self) -> str:
        return self.lines[0]

    def markdown(self) -> str:
        return "\n".join(self.lines)


@dataclass
class _ParsedEntry:
    code: str
    text: str
    line: int
    panel: Panel | None
    blocks: list[_Block] = field(default_factory=list)


@dataclass
class _Parsed:
    title: str = ""
    date: str | None = None
    foreword: list[_Block] = field(default_factory=list)
    signatory: Signatory | None = None
    progress_heading: str | None = None
    panels: list[Panel] = field(default_factory=list)
    entries: list[_ParsedEntry] = field(default_factory=list)
    summary: list[_Block] = field(default_factory=list)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_SOURCE_LIMIT = 16 * 1024 * 1024  # a report's text is well under 1 MiB


def import_report_text(
    path: Path, edition_id: str, catalogue: Catalogue | None, registry: Registry | None = None
) -> ImportResult:
    """Read the report text at `path` as edition `edition_id`.

    With a `catalogue`, entries are matched to it by code and differences become notes (the
    import goes on); without one, a catalogue is built from this text. The names the text
    gives initiatives are placed in the `registry` (a copy comes back in the result, with
    what could not be placed added as proposed); without one, a registry is started.
    """
    registry = registry.model_copy(deep=True) if registry is not None else Registry()
    path = Path(path)
    text = _read(path)
    blocks, panel_headings = _blocks(text, path)
    grammar = catalogue.grammar() if catalogue is not None else DEFAULT
    parsed = _parse(blocks, panel_headings, path, _code_line_re(grammar), grammar)
    if not parsed.entries:
        raise InputError(
            "no recommendations found in the text",
            file=path,
            line=blocks[-1].line if blocks else 1,
            hint='expected paragraphs that open with a code, e.g. "G2. All healthcare …"',
        )
    date = parsed.date or _date_from_id(edition_id)
    if date is None:
        raise InputError(
            'no date line such as "February 2023" found',
            file=path,
            line=blocks[0].line,
            hint="put the month of publication on its own line under the title",
        )

    notes = list(parsed.notes)
    built = catalogue is None
    if catalogue is None:
        catalogue = _build_catalogue(parsed)
    # Indexed once: "DM4/AIR5" matches a catalogue that lists the joint code, or either half
    # of it, and an index per entry would make the import quadratic.
    index = catalogue.index()
    if not built:
        notes += _compare_with_catalogue(parsed, catalogue, index, path)

    left_out: list[str] = []
    entries = _entries(parsed, index, date, notes, Matcher(registry), edition_id, left_out)
    record_names(registry, edition_id, entries)
    try:
        edition = Edition(
            id=edition_id,
            title=parsed.title,
            date=date,
            publisher=parsed.signatory.organisation if parsed.signatory else "",
            licence=LICENCE,
            foreword=Foreword(text=_markdown(parsed.foreword), signatory=parsed.signatory)
            if parsed.foreword or parsed.signatory
            else None,
            progress_heading=parsed.progress_heading or "Progress towards recommendations",
            summary=_markdown(parsed.summary),
            abbreviations=parsed.abbreviations,
            catalogue=catalogue,
            entries=entries,
        )
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(first["msg"], file=path, field=where) from error
    return ImportResult(
        edition=edition, catalogue=catalogue, registry=registry, notes=notes, left_out=left_out
    )


def _read(path: Path) -> str:
    """The source text: a regular file (not a link, FIFO or device) of at most 16 MiB, UTF-8,
    with page breaks (form feeds, as pdftotext writes them) as line ends, and no other
    control character (it would reach the snapshot and every document)."""
    data = read_bytes(path, limit=_SOURCE_LIMIT)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not UTF-8 text (byte {error.start})", file=path, hint="save the text as UTF-8"
        ) from None
    text = text.replace("\f", "\n")
    for number, line in enumerate(text.split("\n"), start=1):
        why = forbidden_character(line.rstrip("\r"), prose=True)
        if why is not None:
            raise InputError(
                why, file=path, line=number, hint="remove it from the text, then import again"
            )
    return text


def _date_from_id(edition_id: str) -> str | None:
    return edition_id if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", edition_id) else None


# --- layout: lines -> blocks -------------------------------------------------------------


def _blocks(text: str, path: Path) -> tuple[list[_Block], list[str]]:
    """The text's blocks with page headers and the contents dropped, and the panel headings
    the contents lists (its bullet items)."""
    lines = text.splitlines()
    title = next((line.strip() for line in lines if line.strip()), None)
    if title is None:
        raise InputError("the file is empty", file=path, line=1)

    blocks: list[_Block] = []
    panel_headings: list[str] = []
    current: _Block | None = None
    seen_title = seen_contents = after_break = False
    i = 0
    while i < len(lines):
        line, number = lines[i].strip(), i + 1
        i += 1
        if not line:
            current = None
            continue
        if line == title:
            if seen_title:  # the running header at a page break
                after_break, current = True, None
                continue
            seen_title = True
        elif line == "Contents" and not seen_contents:
            seen_contents, current = True, None
            while i < len(lines) and _is_contents_line(lines[i]):
                item = _CONTENTS_PAGE_RE.sub("", lines[i]).strip()
                if item.startswith("•"):
                    panel_headings.append(item.lstrip("• ").strip())
                i += 1
            continue
        if after_break:
            after_break = False
            previous = blocks[-1] if blocks else None
            if previous is not None and _continues(previous.lines[-1], line):
                previous.lines[-1] += " " + line  # a paragraph split by the page break
                current = previous
                continue
            if previous is not None and _is_bullet(line) and _is_bullet(previous.lines[-1]):
                previous.lines.append(line)  # the list goes on over the page
                current = previous
                continue
        if current is None:
            current = _Block([line], number)
            blocks.append(current)
        else:
            current.lines.append(line)
    return blocks, panel_headings


def _is_contents_line(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped == "Page" or bool(_CONTENTS_PAGE_RE.search(line))


def _is_bullet(line: str) -> bool:
    return line.startswith("- ")


def _continues(previous: str, line: str) -> bool:
    """Whether `line`, first after a page break, carries on the sentence of `previous`."""
    if _is_bullet(line) or _LOOKS_LIKE_ENTRY_RE.match(line):
        return False
    return line[0].islower() or previous[-1] not in _SENTENCE_END


# --- blocks -> parts of the report ---------------------------------------------------------


def _parse(
    blocks: list[_Block],
    panel_headings: list[str],
    path: Path,
    code_line_re: re.Pattern[str],
    grammar: CodeGrammar,
) -> _Parsed:
    parsed = _Parsed(title=blocks[0].text)
    state = "front"
    entry: _ParsedEntry | None = None
    panel: Panel | None = None
    rest = [_Block(blocks[0].lines[1:], blocks[0].line + 1)] if len(blocks[0].lines) > 1 else []
    todo = rest + blocks[1:]
    for index, block in enumerate(todo):
        following = todo[index + 1] if index + 1 < len(todo) else None
        after_following = todo[index + 2] if index + 2 < len(todo) else None
        line = block.text
        single = len(block.lines) == 1
        code_line = code_line_re.match(line)
        if code_line is None and state in ("front", "foreword", "entries"):
            _refuse_unknown_code(line, block.line, path, grammar)

        if single and line == "Foreword":
            state = "foreword"
        elif single and line == "Summary":
            state, entry = "summary", None
        elif single and line == "Abbreviations":
            state, entry = "abbreviations", None
        elif single and _is_panel_heading(block, following, panel_headings, code_line_re):
            panel = _new_panel(line)
            parsed.panels.append(panel)
            state, entry = "entries", None
        elif code_line and state in ("front", "foreword", "entries"):
            code = re.sub(r"\s+", "", code_line.group("code"))
            entry = _ParsedEntry(code, code_line.group("text").strip(), block.line, panel)
            if len(block.lines) > 1:
                entry.blocks.append(_Block(block.lines[1:], block.line + 1))
            parsed.entries.append(entry)
            state = "entries"
        elif state == "front":
            date = _DATE_RE.match(line)
            if date and parsed.date is None:
                parsed.date = f"{date.group('year')}-{_MONTHS.index(date.group('month')) + 1:02d}"
            else:
                parsed.notes.append(f"{path.name}:{block.line}: text before the foreword ignored")
        elif state == "foreword":
            if (
                single
                and _is_heading_like(line)
                and following is not None
                and (
                    _is_panel_heading(following, after_following, panel_headings, code_line_re)
                    or code_line_re.match(following.text)
                )
            ):
                parsed.progress_heading = line
            elif _is_signatory(block):
                parsed.signatory = _signatory(block.lines)
            else:
                parsed.foreword.append(block)
        elif state == "entries":
            if entry is None:
                parsed.notes.append(
                    f"{path.name}:{block.line}: text under a panel heading before its first "
                    "recommendation ignored"
                )
            else:
                entry.blocks.append(block)
        elif state == "summary":
            parsed.summary.append(block)
        elif state == "abbreviations":
            for offset, row in enumerate(block.lines):
                match = _ABBREVIATION_RE.match(row)
                if match:
                    parsed.abbreviations.append(
                        Abbreviation(abbr=match.group("abbr"), meaning=match.group("meaning"))
                    )
                else:
                    parsed.notes.append(
                        f"{path.name}:{block.line + offset}: not an abbreviation "
                        f'("ABBR – meaning"): {row!r}'
                    )
    return parsed


def _is_heading_like(line: str) -> bool:
    return len(line) <= 120 and line[-1] not in _SENTENCE_END + ","


def _refuse_unknown_code(line: str, number: int, path: Path, grammar: CodeGrammar) -> None:
    """A paragraph that opens like an entry but with a code the review's pattern refuses:
    reading it as narrative would fold that entry silently into the one before."""
    looks = _LOOKS_LIKE_ENTRY_RE.match(line)
    if looks is None:
        return
    code = re.sub(r"\s+", "", looks.group("code"))
    raise InputError(
        f"{code!r} opens a paragraph like a recommendation, but is not a code of this review "
        f"(pattern {grammar.single})",
        file=path,
        line=number,
        hint="declare the review's code pattern as code_pattern in catalogue.yaml, "
        "or correct the code",
    )


def _is_panel_heading(
    block: _Block, following: _Block | None, headings: list[str], code_line_re: re.Pattern[str]
) -> bool:
    line = block.text
    if headings:  # the contents lists the panels: trust it
        return line in headings
    # No contents block: a short heading-like line directly above a recommendation.
    return (
        len(block.lines) == 1
        and _is_heading_like(line)
        and not code_line_re.match(line)
        and not _is_bullet(line)
        and following is not None
        and code_line_re.match(following.text) is not None
    )


def _new_panel(heading: str) -> Panel:
    """Panel id and title from its heading: "Recommendations from the Genomics Panel" ->
    ("genomics", "Genomics Panel"); "Educational recommendations to support …" ->
    ("educational", "Educational recommendations")."""
    from_match = re.match(r"^Recommendations from (?:the )?(?P<name>.+)$", heading)
    own_match = re.match(r"^(?P<name>.+?) recommendations\b", heading)
    if from_match:
        title = from_match.group("name")
        base = re.sub(r"\s+(?:Panel|Working Group|Group|Committee)$", "", title)
    elif own_match:
        base = own_match.group("name")
        title = f"{base} recommendations"
    else:
        base = title = heading
    return Panel(id=slug(base), title=title, heading=heading)


def _is_signatory(block: _Block) -> bool:
    # Name, role and organisation on lines of their own, none of them a sentence.
    return 2 <= len(block.lines) <= 5 and all(
        not _is_bullet(line) and len(line) <= 100 and line[-1] not in ".:;" for line in block.lines
    )


def _signatory(lines: list[str]) -> Signatory:
    if len(lines) == 2:
        return Signatory(name=lines[0], role=lines[1])
    return Signatory(name=lines[0], role=", ".join(lines[1:-1]), organisation=lines[-1])


def _markdown(blocks: list[_Block]) -> str:
    return "\n\n".join(block.markdown() for block in blocks)


# --- catalogue and entries ---------------------------------------------------------------


def _review_name(title: str) -> str:
    # "Topol Review: Progress on the recommendations" -> "Topol Review"
    return title.split(":")[0].strip() or title


def _build_catalogue(parsed: _Parsed) -> Catalogue:
    panels = [panel.model_copy(deep=True) for panel in parsed.panels]
    by_id = {panel.id: panel for panel in panels}
    loose: Panel | None = None
    seen: set[str] = set()
    for entry in parsed.entries:
        if entry.code in seen:
            continue
        seen.add(entry.code)
        recommendation = Recommendation(code=entry.code, text=entry.text)
        if entry.panel is not None:
            by_id[entry.panel.id].recommendations.append(recommendation)
        else:
            if loose is None:
                loose = Panel(
                    id="recommendations", title="Recommendations", heading="Recommendations"
                )
                panels.insert(0, loose)
            loose.recommendations.append(recommendation)
    return Catalogue(review=_review_name(parsed.title), panels=panels)


def _compare_with_catalogue(
    parsed: _Parsed, catalogue: Catalogue, index: CodeIndex[Recommendation], path: Path
) -> list[str]:
    notes = []
    headings = {panel.heading for panel in catalogue.panels}
    for panel in parsed.panels:
        if panel.heading not in headings:
            notes.append(f"panel heading {panel.heading!r} is not in the catalogue")
    for entry in parsed.entries:
        recommendation = index.find(entry.code)
        if recommendation is None:
            notes.append(
                f"{entry.code} ({path.name}:{entry.line}) is not in the catalogue; entry kept"
            )
        elif _squash(recommendation.text) != _squash(entry.text):
            notes.append(
                f"{entry.code} ({path.name}:{entry.line}): recommendation wording differs from "
                "the catalogue; kept as this edition's wording"
            )
    written = {half for entry in parsed.entries for half in split_code(entry.code)}
    for recommendation in catalogue.recommendations():
        if not set(split_code(recommendation.code)) & written:
            notes.append(
                f"{recommendation.code} is in the catalogue but has no entry in {path.name}"
            )
    return notes


def _squash(text: str) -> str:
    return " ".join(text.split())


def _entries(
    parsed: _Parsed,
    index: CodeIndex[Recommendation],
    date: str,
    notes: list[str],
    matcher: Matcher,
    edition_id: str,
    left_out: list[str],
) -> list[Entry]:
    everything = parsed.foreword + parsed.summary + [b for e in parsed.entries for b in e.blocks]
    known_names = {name for block in everything for name in link_texts(block.markdown())}
    # Names the registry accepted are found in plain text too, as a linked name is.
    known_names |= {
        name
        for item in matcher.registry.initiatives
        if item.status == "accepted"
        for name in item.all_names()
    }
    proposals = {
        item.code: extract_initiatives(_markdown(item.blocks), known_names)
        for item in parsed.entries
    }
    # A body the narratives say the work is done with is a partner everywhere it is named.
    matcher.partner_like = {
        name
        for item in parsed.entries
        for name in partner_names(_markdown(item.blocks), [i.name for i in proposals[item.code]])
    }
    entries: list[Entry] = []
    seen: set[str] = set()
    for item in parsed.entries:
        if item.code in seen:
            notes.append(f"{item.code} appears twice; the second entry (line {item.line}) dropped")
            continue
        seen.add(item.code)
        recommendation = index.find(item.code)
        wording = None
        if recommendation is not None and _squash(recommendation.text) != _squash(item.text):
            wording = item.text
        elif recommendation is None:
            wording = item.text  # nothing else holds an unknown entry's recommendation text
        narrative = _markdown(item.blocks)
        initiatives, skipped = place_mentions(proposals[item.code], matcher, edition_id)
        left_out += [f"{item.code}: {note}" for note in skipped]
        entries.append(
            Entry(
                code=item.code,
                narrative=narrative,
                wording=wording,
                owners=propose_owners(narrative),
                initiatives=initiatives,
                metrics=extract_metrics(narrative, item.code, date),
            )
        )
    return entries
