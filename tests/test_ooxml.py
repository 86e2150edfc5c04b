"""The ooxml layer's builders, read back with python-docx after a save: text kept as written,
unique bookmark names, children in the schema's order, revisions and comments Word can read."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from topolreport.ooxml.bookmarks import BookmarkNames, Bookmarks
from topolreport.ooxml.comments import Comments, comment_end, comment_start
from topolreport.ooxml.fields import complex_field
from topolreport.ooxml.hyperlinks import external_link, internal_link
from topolreport.ooxml.properties import add_paragraph_property, add_run_property, numbering
from topolreport.ooxml.protection import (
    permission_end,
    permission_start,
    protect,
    protect_section_forms,
)
from topolreport.ooxml.reading import cell_text, paragraph_text
from topolreport.ooxml.revisions import Revisions, number_revisions
from topolreport.ooxml.runs import break_run, text_run
from topolreport.ooxml.settings import track_revisions, update_fields_on_open
from topolreport.ooxml.xml import XML_SPACE, element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def saved_and_read(document: Document) -> Document:
    buffer = io.BytesIO()
    document.save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def body_paragraph(document: Document, *content: etree._Element) -> etree._Element:
    paragraph = document.add_paragraph()._p
    paragraph.extend(content)
    return paragraph


def tags(parent: etree._Element) -> list[str]:
    return [child.tag.replace(W, "") for child in parent]


# -- runs and text --------------------------------------------------------------------------


def test_run_text_keeps_its_spaces_and_drops_what_xml_cannot_carry() -> None:
    document = docx.Document()
    body_paragraph(document, text_run("  two spaces before, one after "), text_run("a\x01b\x0bc"))
    read = saved_and_read(document)
    runs = read.paragraphs[-1].runs
    assert runs[0].text == "  two spaces before, one after "
    assert runs[1].text == "abc"
    assert all(t.get(XML_SPACE) == "preserve" for t in read.element.body.iter(qn("w:t")))


def test_run_properties_are_written_in_the_schemas_order() -> None:
    run = text_run("x", bold=True)
    add_run_property(run, element("w:rStyle", val="Strong"))  # added last, goes first
    add_run_property(run, element("w:i"))
    assert tags(run.find(qn("w:rPr"))) == ["rStyle", "b", "i"]
    document = docx.Document()
    body_paragraph(document, run)
    read = saved_and_read(document).paragraphs[-1].runs[0]
    assert read.bold and read.italic and read.style.name == "Strong"


def test_paragraph_properties_are_written_in_the_schemas_order() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph(style="List Number")._p
    add_paragraph_property(paragraph, numbering(0, 1))
    add_paragraph_property(paragraph, element("w:pageBreakBefore"))
    assert tags(paragraph.find(qn("w:pPr"))) == ["pStyle", "pageBreakBefore", "numPr"]
    read = saved_and_read(document).paragraphs[-1]
    assert read.style.name == "List Number" and read.paragraph_format.page_break_before


def test_text_is_read_as_python_docx_reads_it() -> None:
    document = docx.Document()
    tab = element("w:r")
    tab.append(element("w:tab"))
    link = internal_link("somewhere")
    link.append(text_run("linked"))
    body_paragraph(
        document, text_run("one"), break_run(), tab, link, break_run(page=True), text_run("two")
    )
    cell = document.add_table(rows=1, cols=1).rows[0].cells[0]
    cell.text = "first"
    cell.add_paragraph("second")
    read = saved_and_read(document)
    paragraph = read.paragraphs[-1]
    assert paragraph_text(paragraph._p) == paragraph.text == "one\n\tlinkedtwo"
    read_cell = read.tables[0].rows[0].cells[0]
    assert cell_text(read_cell._tc) == read_cell.text == "first\nsecond"


# -- fields, hyperlinks, bookmarks ------------------------------------------------------------


def test_a_complex_field_is_begin_instruction_separate_result_end() -> None:
    runs = complex_field(" PAGE ", [text_run("1")])
    kinds = [r.find(qn("w:fldChar")) for r in runs]
    assert [k.get(qn("w:fldCharType")) if k is not None else None for k in kinds] == [
        "begin", None, "separate", None, "end",
    ]  # fmt: skip
    instruction = runs[1].find(qn("w:instrText"))
    assert instruction.text == " PAGE " and instruction.get(XML_SPACE) == "preserve"


def test_external_links_go_through_a_relationship() -> None:
    document = docx.Document()
    link = external_link(document.part, "https://example.org/report")
    link.append(text_run("the report"))
    body_paragraph(document, link)
    read = saved_and_read(document).paragraphs[-1]
    assert read.hyperlinks[0].address == "https://example.org/report"
    assert read.hyperlinks[0].text == "the report"


def test_bookmark_names_cut_at_40_characters_stay_unique() -> None:
    long = "recommendation-" + "a" * 40
    names = BookmarkNames([long + "-first", long + "-second", "Intro", "intro"])
    first, second = names[long + "-first"], names[long + "-second"]
    assert first == "recommendation_" + "a" * 25
    assert second != first and len(second) <= 40 and second.startswith("recommendation_")
    # Word compares names without regard to case
    assert names["intro"].casefold() != names["Intro"].casefold()
    assert names.add(long + "-first") == first  # an anchor keeps its name
    assert BookmarkNames(["2023"])["2023"] == "b_2023"  # a name starts with a letter


def test_bookmarks_and_links_to_them_read_back() -> None:
    document = docx.Document()
    names = BookmarkNames(["progress"])
    paragraph = document.add_paragraph()._p
    Bookmarks(names).around(paragraph, "progress", [text_run("Progress")])
    link = internal_link(names["progress"])
    link.append(text_run("see progress"))
    body_paragraph(document, link)
    read = saved_and_read(document)
    marks = list(read.element.body.iter(qn("w:bookmarkStart")))
    assert [m.get(qn("w:name")) for m in marks] == ["progress"]
    assert read.paragraphs[-2].text == "Progress"
    assert read.paragraphs[-1].hyperlinks[0].fragment == "progress"


# -- revisions and comments -------------------------------------------------------------------


def test_revisions_round_trip_through_python_docx() -> None:
    document = docx.Document()
    revisions = Revisions("Health Education England", datetime(2024, 2, 1, tzinfo=UTC))
    paragraph = body_paragraph(
        document,
        text_run("kept "),
        revisions.deleted([text_run("old words")]),
        revisions.inserted([text_run("new words")]),
    )
    whole = body_paragraph(document, revisions.inserted([text_run("a new paragraph")]))
    revisions.mark_paragraph(whole, "insert")
    former = element("w:pPr")
    former.append(element("w:pStyle", val="Heading1"))
    revisions.property_change(paragraph, former)
    number_revisions(document.element.body, 10)

    read = saved_and_read(document)
    body = read.element.body
    marks = list(body.iter(qn("w:ins"), qn("w:del"), qn("w:pPrChange")))
    assert {m.get(qn("w:author")) for m in marks} == {"Health Education England"}
    assert {m.get(qn("w:date")) for m in marks} == {"2024-02-01T00:00:00Z"}
    assert sorted(int(m.get(qn("w:id"))) for m in marks) == [10, 11, 12, 13, 14]
    # python-docx reads the text outside the revision marks; the deleted words are delText
    assert read.paragraphs[-2].text == "kept "
    deleted = body.find(f".//{qn('w:del')}//{qn('w:delText')}")
    assert deleted.text == "old words" and body.find(f".//{qn('w:del')}//{qn('w:t')}") is None
    assert [t.text for t in body.iterfind(f".//{qn('w:ins')}//{qn('w:t')}")] == [
        "new words", "a new paragraph",
    ]  # fmt: skip
    # the inserted paragraph's mark, and the former style kept last in its w:pPr
    mark = read.paragraphs[-1]._p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    assert tags(mark) == ["ins"]
    properties = read.paragraphs[-2]._p.find(qn("w:pPr"))
    assert tags(properties)[-1] == "pPrChange"
    change = properties.find(f"{qn('w:pPrChange')}/{qn('w:pPr')}/{qn('w:pStyle')}")
    assert change.get(qn("w:val")) == "Heading1"


def test_comments_are_written_to_their_part_and_anchored() -> None:
    document = docx.Document()
    comments = Comments(document, "Health Education England", "2024-02-01T00:00:00Z")
    first = comments.add("This figure moved.")
    second = comments.add("  Renamed.")
    body_paragraph(document, comment_start(first), text_run("figure"), *comment_end(first))
    read = saved_and_read(document)
    found = read.comments.get(first)
    assert found is not None and found.text == "This figure moved."
    assert found.author == "Health Education England" and found.initials == "HEE"
    again = read.comments.get(second)
    assert again is not None and again.text == "  Renamed." and first != second
    reference = read.element.body.find(f".//{qn('w:commentReference')}")
    assert reference.get(qn("w:id")) == str(first)


# -- settings and protection ------------------------------------------------------------------


def test_settings_go_where_the_schema_orders_them() -> None:
    document = docx.Document()
    settings = document.settings.element
    protect(settings, "forms")
    track_revisions(settings)
    update_fields_on_open(settings)
    update_fields_on_open(settings)  # once only
    found = tags(saved_and_read(document).settings.element)
    # CT_Settings: zoom, proofState, trackRevisions, documentProtection, defaultTabStop, …
    # characterSpacingControl, savePreviewPicture, updateFields, …, compat
    assert found.index("proofState") < found.index("trackRevisions")
    assert found.index("trackRevisions") < found.index("documentProtection")
    assert found.index("documentProtection") < found.index("defaultTabStop")
    assert found.index("savePreviewPicture") < found.index("updateFields") < found.index("compat")
    assert found.count("updateFields") == 1
    protection = settings.find(qn("w:documentProtection"))
    assert protection.get(qn("w:edit")) == "forms"


def test_protection_refuses_an_unknown_kind_and_ranges_open_to_everyone() -> None:
    with pytest.raises(ValueError, match="readOnly"):
        protect(docx.Document().settings.element, "everything")
    start, end = permission_start(3), permission_end(3)
    assert start.get(qn("w:edGrp")) == "everyone" and start.get(qn("w:id")) == "3"
    assert end.get(qn("w:id")) == "3"


def test_a_section_held_to_its_form_fields_reads_back_in_order() -> None:
    document = docx.Document()
    protect(document.settings.element, "forms")
    section = document.sections[0]._sectPr
    protect_section_forms(section)
    protect_section_forms(section)  # once only
    read = saved_and_read(document)
    found = tags(read.sections[0]._sectPr)
    # CT_SectPr: …, pgSz, pgMar, cols, formProt, docGrid
    assert found.count("formProt") == 1
    assert found.index("cols") < found.index("formProt") < found.index("docGrid")
    assert read.sections[0].page_width == document.sections[0].page_width
    protection = read.settings.element.find(qn("w:documentProtection"))
    assert protection.get(qn("w:edit")) == "forms"
