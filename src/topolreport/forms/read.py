"""Read a returned contributor form back: each entry's narrative blocks and metrics rows, the
tracked changes and comments it holds, and anything typed outside its editable parts."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ..errors import InputError, Problem
from ..files import read_bytes
from ..ooxml.reading import cell_text, paragraph_markdown, showing_placeholder, unkept_symbols
from ..ooxml.tracked import Revision, resolve_revisions, unknown_revisions
from .carried import CUSTOM_PART, Issued, NotCarried, read_issued
from .layout import (
    COMPLETED_LABEL,
    ENTRY_HEADING_RE,
    FORM_CATEGORY,
    METRIC_BOOKMARK,
    METRIC_COLUMNS,
    METRICS_HEADING,
    NARRATIVE_HEADING,
    checkbox_mark,
    checkbox_ticked,
    completed_by,
    narrative_blocks,
)

# A returned form is a few hundred KiB; these caps refuse a zip bomb before anything is parsed.
MAX_COMPRESSED = 20 << 20
MAX_UNCOMPRESSED = 100 << 20

RevisionMode = Literal["accept", "reject", "refuse"]


@dataclass
class FormEntry:
    code: str
    blocks: list[tuple[str, str]] = field(default_factory=list)
    rows: list[dict[str, str]] | None = None  # None: the metrics table is missing
    has_narrative: bool = False
    unchanged_ticked: bool = False  # the lead ticked "no change this year"


@dataclass(frozen=True)
class FormComment:
    code: str  # the entry it is in ("" before the first entry)
    author: str
    date: str
    passage: str  # the text it is anchored to
    text: str


@dataclass(frozen=True)
class Outside:
    """Text typed outside the editable parts: never applied, always reported."""

    code: str  # the entry it is in ("" before the first entry)
    text: str
    why: str = "typed outside the editable parts"


@dataclass
class ReturnedForm:
    path: Path
    issued: Issued
    entries: list[FormEntry]
    completed_by: str = ""
    saved_on: str | None = None  # the day the lead's word processor saved it (YYYY-MM-DD)
    revisions: list[tuple[str, Revision]] = field(default_factory=list)  # (entry code, change)
    comments: list[FormComment] = field(default_factory=list)
    outside: list[Outside] = field(default_factory=list)
    rejected: bool = False  # its tracked changes were read rejected (--revisions reject)

    @property
    def edition_id(self) -> str:
        return self.issued.edition

    @property
    def name(self) -> str:
        return self.issued.name


def _style(paragraph: Paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def _is_list_item(paragraph: Paragraph) -> bool:
    """A list item made with a list style, or with either program's toolbar button (direct
    numbering on the paragraph); numId 0 is a bullet switched off with that button."""
    number = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if number is not None:  # numbering on the paragraph overrides its style's
        return number.get(qn("w:val")) not in (None, "0")
    return _style(paragraph).startswith("List")


def _check_package(path: Path) -> tuple[dict[str, zipfile.ZipInfo], bytes]:
    """Refuse what is not a sane zip before any XML in it is parsed; its members and bytes,
    read once (a link, FIFO or device is refused, never opened twice)."""
    try:
        size = path.lstat().st_size  # a link's own: read_bytes refuses it, even a dangling one
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", file=path) from None
    if size > MAX_COMPRESSED:
        raise InputError(
            f"the file is {size >> 20} MiB, more than a form can be ({MAX_COMPRESSED >> 20} MiB)",
            file=path,
        )
    data = read_bytes(path, limit=MAX_COMPRESSED)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(
            "not a Word document (the file is not a valid .docx zip)", file=path
        ) from None
    total = sum(info.file_size for info in members.values())
    if total > MAX_UNCOMPRESSED:
        raise InputError(
            f"the document unpacks to {total >> 20} MiB, more than a form can be "
            f"({MAX_UNCOMPRESSED >> 20} MiB); refused unread",
            file=path,
        )
    return members, data


def _issued(path: Path, members: dict[str, zipfile.ZipInfo], package: bytes) -> Issued:
    custom = CUSTOM_PART.lstrip("/")
    try:
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            data = archive.read(custom) if custom in members else None
        return read_issued(data)
    except NotCarried as exc:
        raise InputError(
            f"this form cannot be collected: {exc}",
            file=path,
            hint="forms issued by an older version must be reissued with `topolreport forms`",
        ) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        raise InputError("not a Word document (its parts cannot be unpacked)", file=path) from None


def read_form(path: Path, revisions: RevisionMode = "accept") -> ReturnedForm:
    """Parse a form; a form whose structure was broken is refused with every reason."""
    members, package = _check_package(path)
    try:
        document = Document(io.BytesIO(package))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, EOFError):
        raise InputError("not a Word document", file=path) from None
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not a Word document: its XML is malformed ({exc})", file=path) from None
    except zlib.error:
        raise InputError("not a Word document (a part is corrupt)", file=path) from None
    if document.core_properties.category != FORM_CATEGORY:
        raise InputError(
            "not a contributor form", file=path, hint="forms come from `topolreport forms`"
        )
    issued = _issued(path, members, package)

    body = document.element.body
    _unwrap_blocks(body)
    found = _resolve(body, issued, accept=revisions != "reject")
    unknown = unknown_revisions(body)
    if unknown:
        raise InputError(
            "holds tracked changes of a kind topolreport cannot read: " + ", ".join(unknown),
            file=path,
            hint="accept or reject them in the word processor, then collect again",
        )
    if found and revisions == "refuse":
        raise InputError(
            f"holds {len(found)} tracked change(s); refused (--revisions refuse)",
            file=path,
            hint="accept or reject them in the word processor, or collect with --revisions accept",
        )
    addresses = {
        rid: rel.target_ref
        for rid, rel in document.part.rels.items()
        if rel.reltype == RT.HYPERLINK and rel.is_external
    }
    form = _read_body(path, document, issued, addresses)
    core = document.core_properties
    if core.modified is not None and core.modified != core.created:
        form.saved_on = core.modified.date().isoformat()
    form.revisions = found
    form.rejected = revisions == "reject"
    form.outside += [
        Outside(
            code,
            revision.text,
            f"joined to a heading by a tracked change by {revision.author or 'an unnamed author'}"
            "; kept apart",
        )
        for code, revision in found
        if revision.kind == "join not made" and revision.text
    ]
    form.comments = _comments(document, body, form)
    form.outside += _elsewhere(document, body, issued)
    return form


# Where a content control or custom XML holds paragraphs and tables, table rows (a repeating
# section) or cells, rather than runs.
_BLOCK_HOLDERS = (
    qn("w:body"),
    qn("w:tc"),
    qn("w:sdtContent"),
    qn("w:customXml"),
    qn("w:tbl"),
    qn("w:tr"),
)
_CONTROL_PARTS = (qn("w:sdtPr"), qn("w:sdtEndPr"), qn("w:customXmlPr"))


def _unwrap_blocks(root: etree._Element) -> None:
    """Paragraphs, tables, rows and cells inside content controls or custom XML are read as
    if those were not there (a run-level one is read through by `paragraph_markdown`)."""
    for holder in list(root.iter(qn("w:sdt"), qn("w:customXml"))):
        parent = holder.getparent()
        if parent is None or parent.tag not in _BLOCK_HOLDERS:
            continue
        content = holder.find(qn("w:sdtContent")) if holder.tag == qn("w:sdt") else holder
        children = [] if content is None else [c for c in content if c.tag not in _CONTROL_PARTS]
        if showing_placeholder(holder) and parent.tag != qn("w:tr"):
            # its placeholder text is no one's; its paragraphs' or cells' marks are kept
            children = [_emptied(child) for child in children]
        index = parent.index(holder)
        for offset, child in enumerate(children):
            parent.insert(index + offset, child)
        parent.remove(holder)


def _emptied(block: etree._Element) -> etree._Element:
    """A paragraph with its runs taken out (anything else as it is)."""
    if block.tag == qn("w:p"):
        for child in list(block):
            if child.tag != qn("w:pPr"):
                block.remove(child)
    return block


def _entry_codes(body: etree._Element, issued: Issued) -> dict[etree._Element, str]:
    """Each element of the body -> the code of the entry it is in ("" before the first)."""
    codes: dict[etree._Element, str] = {}
    code = ""
    for node in body.iter():
        if node.tag == qn("w:p"):
            code = _heading_code(node, issued) or code
        codes[node] = code
    return codes


def _heading_code(paragraph: etree._Element, issued: Issued) -> str | None:
    """The code of the issued entry a styled paragraph heads, or None. Its text is read as
    `_read_body` reads it: python-docx's elements give `itertext()` each paragraph's and run's
    text twice, and none of a smart tag's or content control's."""
    if paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") is None:
        return None  # decided before the text is read: most paragraphs have no style
    match = ENTRY_HEADING_RE.match(paragraph_markdown(paragraph, {}))
    return match.group(1) if match and match.group(1) in issued.entries else None


def _notes(document, reltype: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Footnote (or endnote) id -> its text, from the part `reltype` names."""
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            resolve_revisions(root)  # a note typed with Track Changes on is all insertions
            return {
                str(note.get(qn("w:id"))): "\n".join(
                    paragraph_markdown(p, {}) for p in note.iter(qn("w:p"))
                ).strip()
                for note in root
                if note.get(qn("w:type")) in (None, "normal")
            }
    return {}


_PAGE_NUMBER = re.compile(r"(?i)(?:page\s*)?\d+(?:\s*(?:of|/)\s*\d+)?")


def _margins(document) -> list[Outside]:  # type: ignore[no-untyped-def]
    """Text in page headers and footers: a form is issued with none, so a lead put it there.
    A page number alone (a field's digits) is no text of theirs."""
    found: list[Outside] = []
    for rel in sorted(document.part.rels.values(), key=lambda rel: str(rel.target_ref)):
        kind = {RT.HEADER: "page header", RT.FOOTER: "page footer"}.get(rel.reltype)
        if kind is None or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        resolve_revisions(root)
        text = "\n".join(paragraph_markdown(p, {}) for p in root.iter(qn("w:p"))).strip()
        if text and not _PAGE_NUMBER.fullmatch(text):
            found.append(Outside("", text, f"typed in a {kind}"))
    return found


def _elsewhere(document, body: etree._Element, issued: Issued) -> list[Outside]:  # type: ignore[no-untyped-def]
    """What a lead put where `collect` does not read it, to be reported: text boxes,
    pictures and embedded objects, footnotes, endnotes, page headers and footers."""
    codes = _entry_codes(body, issued)
    found: list[Outside] = _margins(document)
    notes = {
        qn("w:footnoteReference"): ("footnote", _notes(document, RT.FOOTNOTES)),
        qn("w:endnoteReference"): ("endnote", _notes(document, RT.ENDNOTES)),
    }
    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    shapes = (qn("w:drawing"), qn("w:pict"), qn("w:object"), qn("w:altChunk"))
    for node in body.iter(qn("w:txbxContent"), *shapes, *notes):
        if any(a.tag == fallback for a in node.iterancestors()):
            continue  # the same shape again, for older readers
        if node.tag in shapes:
            if any(a.tag in shapes for a in node.iterancestors()):
                continue  # a picture inside an embedded object: reported once, as the object
            if node.tag == qn("w:altChunk"):
                found.append(
                    Outside(codes.get(node, ""), "(an imported document)", "it is not read")
                )
                continue
            if next(node.iter(qn("w:txbxContent")), None) is None:  # a text box is read below
                found.append(
                    Outside(codes.get(node, ""), "(a picture or shape)", "the snapshot holds text")
                )
        elif node.tag == qn("w:txbxContent"):
            text = "\n".join(paragraph_markdown(p, {}) for p in node.iter(qn("w:p"))).strip()
            if text:
                found.append(Outside(codes.get(node, ""), text, "typed in a text box"))
        else:
            kind, texts = notes[node.tag]
            text = texts.get(str(node.get(qn("w:id"))), "")
            if text:
                found.append(Outside(codes.get(node, ""), text, f"typed in a {kind}"))
    for paragraph in body.iter(qn("w:p")):
        for symbol in unkept_symbols(paragraph):
            found.append(
                Outside(
                    codes.get(paragraph, ""),
                    f"(the symbol {symbol})",
                    "a symbol was typed that cannot be kept (no Unicode equivalent)",
                )
            )
    return found


def _is_heading(paragraph: etree._Element) -> bool:
    """A heading holds a form's structure: no tracked change joins it with a paragraph."""
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    name = str(style.get(qn("w:val"), "")) if style is not None else ""
    return name.startswith(("Heading", "Title"))


def _resolve(body: etree._Element, issued: Issued, accept: bool) -> list[tuple[str, Revision]]:
    """Resolve every tracked change block by block, noting the entry each one is in."""
    found: list[tuple[str, Revision]] = []
    code = ""
    for block in list(body):
        if block.getparent() is None:
            continue  # its paragraph mark was deleted: it ran on into the next block
        changes = resolve_revisions(block, accept=accept, apart=_is_heading)
        if block.tag == qn("w:p") and block.getparent() is not None:
            code = _heading_code(block, issued) or code
        found += [(code, change) for change in changes]
    return found


def _read_body(path: Path, document, issued: Issued, addresses: dict[str, str]) -> ReturnedForm:  # type: ignore[no-untyped-def]
    problems: list[Problem] = []
    entries: list[FormEntry] = []
    preamble: list[str] = []
    fixed: dict[str, list[str]] = {}  # code -> the protected lines as returned
    current: FormEntry | None = None
    section = ""
    # A paragraph given back as issued keeps its Markdown as issued, emphasis and all.
    issued_blocks = {
        code: {text.strip() for _, text in narrative_blocks(str(entry.get("narrative", "")))}
        for code, entry in issued.entries.items()
    }
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            style = _style(block)
            text = paragraph_markdown(block._p, addresses)
            match = ENTRY_HEADING_RE.match(text)
            if style.startswith("Heading 1") and match and match.group(1) in issued.entries:
                current = FormEntry(match.group(1))
                entries.append(current)
                fixed[current.code] = [text]
                section = ""
            elif current is None:
                preamble.append(text)
            elif style.startswith("Heading 2") and _section_heading(text):
                heading = _section_heading(text)
                section = "narrative" if heading == NARRATIVE_HEADING else "metrics"
                current.has_narrative |= section == "narrative"
                if text.strip() != heading:  # retyped: still that heading, and reported
                    fixed[current.code].append(text)
            elif section == "narrative":
                kind = "bullet" if _is_list_item(block) else "paragraph"
                if text.strip() not in issued_blocks.get(current.code, set()):
                    # Typed by the lead: their words as words ("5 * 3", "NHS_England").
                    text = paragraph_markdown(block._p, addresses, escape=True)
                current.blocks.append((kind, text))
            elif checkbox_ticked(text) is not None:
                current.unchanged_ticked = bool(checkbox_ticked(text))
                if checkbox_mark(text) and not current.unchanged_ticked:
                    fixed[current.code].append(text)  # words, not a tick: reported as typed
            else:
                fixed[current.code].append(text)
        elif isinstance(block, Table) and current is None:
            # Typed above the first entry: a row's cells read as one line typed there.
            preamble += [" | ".join(cell_text(c._tc).strip() for c in r.cells) for r in block.rows]
        elif isinstance(block, Table) and current is not None:
            if current.rows is not None:
                problems.append(Problem(f"{current.code}: a second table was added", path))
                continue
            current.rows = _rows(block, current.code, path, problems, addresses)

    seen = {entry.code for entry in entries}
    for code in issued.entries:
        if code not in seen:
            problems.append(Problem(f"{code}: the entry's heading was deleted or retyped", path))
    for entry in entries:
        if not entry.has_narrative:
            problems.append(
                Problem(
                    f"{entry.code}: the '{NARRATIVE_HEADING}' heading is missing or retyped", path
                )
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
    # The "completed by" line is editable; the preamble lists its label as issued.
    issued_preamble = [line for line in issued.preamble if line != COMPLETED_LABEL]
    outside = _typed(issued_preamble, preamble, "", completed=True)
    for entry in entries:
        expected = issued.entries[entry.code].get("fixed", [])
        outside += _typed(expected, fixed[entry.code], entry.code)
    return ReturnedForm(path, issued, entries, completed_by=completed_by(preamble), outside=outside)


def _section_heading(text: str) -> str:
    """The section heading a Heading 2 reads as, words typed into it or not: "" for none."""
    words = text.strip().lower()
    for heading in (NARRATIVE_HEADING, METRICS_HEADING):
        if words.startswith(heading.lower()):
            return heading
    return ""


def _typed(
    expected: list[str], returned: list[str], code: str, completed: bool = False
) -> list[Outside]:
    """What the returned protected lines hold that the issued ones did not."""
    kept = list(expected)
    typed: list[Outside] = []
    for line in returned:
        if not line.strip() or (completed and line.startswith(COMPLETED_LABEL)):
            continue
        if line in kept:
            kept.remove(line)
            continue
        typed.append(Outside(code, line))
    return typed


# What a comment's passage reads: text, and the marks that stand for characters.
_PASSAGE_TEXT = {qn("w:t"): "", qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:noBreakHyphen"): "-"}


def _comments(document, body: etree._Element, form: ReturnedForm) -> list[FormComment]:  # type: ignore[no-untyped-def]
    """Every comment, with the passage it is anchored to and the entry it sits in."""
    part = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.COMMENTS),
        None,
    )
    if part is None:
        return []
    root = etree.fromstring(part.blob) if not hasattr(part, "element") else part.element
    notes = {c.get(qn("w:id")): c for c in root.iter(qn("w:comment"))}
    passages: dict[str, list[str]] = {}
    codes: dict[str, str] = {}
    code = ""
    open_ids: set[str] = set()
    for node in body.iter():
        if node.tag == qn("w:p"):
            for ident in open_ids:  # a passage over several paragraphs: words kept apart
                passages[ident].append("\n")
            code = _heading_code(node, form.issued) or code
        elif node.tag == qn("w:commentRangeStart"):
            ident = node.get(qn("w:id"), "")
            open_ids.add(ident)
            passages.setdefault(ident, [])
            codes.setdefault(ident, code)
        elif node.tag == qn("w:commentRangeEnd"):
            open_ids.discard(node.get(qn("w:id"), ""))
        elif node.tag == qn("w:commentReference"):
            codes.setdefault(node.get(qn("w:id"), ""), code)
        elif node.tag in _PASSAGE_TEXT:
            for ident in open_ids:
                passages[ident].append(
                    node.text or "" if node.tag == qn("w:t") else _PASSAGE_TEXT[node.tag]
                )
    comments = []
    for ident, note in notes.items():
        text = "\n".join(
            "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in note.iter(qn("w:p"))
        ).strip()
        comments.append(
            FormComment(
                code=codes.get(ident, ""),
                author=note.get(qn("w:author"), ""),
                date=note.get(qn("w:date"), ""),
                passage=" ".join("".join(passages.get(ident, [])).split()),
                text=text,
            )
        )
    return comments


def _rows(
    table: Table, code: str, path: Path, problems: list[Problem], addresses: dict[str, str]
) -> list[dict[str, str]]:
    """Each row's cells by column title; "issued" holds the place of the metric the row was
    issued with (from its hidden bookmark), "" for a row the lead added."""
    rows = list(table.rows)
    header = [cell_text(cell._tc).strip().lower() for cell in rows[0].cells] if rows else []
    if header != list(METRIC_COLUMNS):
        problems.append(
            Problem(
                f"{code}: the metrics table's columns were changed",
                path,
                hint="expected: " + " | ".join(METRIC_COLUMNS),
            )
        )
        return []
    found: list[dict[str, str]] = []
    for number, row in enumerate(rows[1:], start=2):
        values = [  # a link pasted in a cell (a source, most often) keeps its address
            "\n".join(paragraph_markdown(p, addresses) for p in cell._tc.iter(qn("w:p"))).strip()
            for cell in row.cells
        ]
        if not any(values):
            continue
        if len(values) != len(METRIC_COLUMNS):  # a cell inserted or deleted in this row
            problems.append(
                Problem(
                    f"{code}: metrics table row {number}: {len(values)} cells, where the table"
                    f" has {len(METRIC_COLUMNS)} columns",
                    path,
                )
            )
            continue
        record = dict(zip(METRIC_COLUMNS, values, strict=True))
        record["issued"] = ""
        for mark in row.cells[0]._tc.iter(qn("w:bookmarkStart")):
            name = str(mark.get(qn("w:name"), ""))
            if name.startswith(METRIC_BOOKMARK) and name[len(METRIC_BOOKMARK) :].isdigit():
                record["issued"] = name[len(METRIC_BOOKMARK) :]
        found.append(record)
    return found
