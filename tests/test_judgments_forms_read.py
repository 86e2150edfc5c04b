"""What reading a returned form decides about the parts of a Word document a lead may touch
beyond the editable ones (page headers and footers, imported documents, symbols, placeholders,
tracked changes against a heading, comments) and about packages that are no form: each
expected value is written out by hand."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from formfiles import W_NS, fragment, replace_part, run_xml, who
from test_judgments_forms import (
    D1_TEXT,
    S1_BLOCKS,
    WHEN,
    _track,
    edited,
    form,
    paragraph,
    refusal,
    refused,
)
from topolreport.errors import InputError
from topolreport.forms.read import FormComment, Outside, read_form
from topolreport.forms.write import write_form
from topolreport.ooxml.tracked import Revision

from factories import small_edition

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

SYMBOL_WHY = "a symbol was typed that cannot be kept (no Unicode equivalent)"


# --- page headers and footers ----------------------------------------------------------------


def test_words_in_a_page_header_or_footer_are_reported_and_page_numbers_are_not(
    tmp_path: Path,
) -> None:
    def margins(document) -> None:  # type: ignore[no-untyped-def]
        section = document.sections[0]
        # The header's part is made first, so it comes first among the relationships: what
        # is reported comes in the order of the parts' names (footer1.xml, header1.xml).
        header = section.header.paragraphs[0]
        header.text = "Draft for TEL"
        section.header.add_paragraph("Page 2 of 9")
        section.footer.paragraphs[0].text = "Confidential"
        section.footer.paragraphs[0]._p.append(  # a link: its words (no address is kept)
            fragment(
                f'<w:hyperlink xmlns:r="{R_NS}" r:id="rId1">{run_xml(", see the hub")}'
                "</w:hyperlink>"
            )
        )
        section.different_first_page_header_footer = True
        section.first_page_footer.paragraphs[0].text = "Page 1 of 9"  # a page number alone
        section.first_page_header.paragraphs[0].text = " 12 "
        # What a tracked change took out of a header is not in it.
        header._p.append(
            fragment(f"<w:del {who()}><w:r><w:delText> (old)</w:delText></w:r></w:del>")
        )

    returned = read_form(edited(tmp_path, margins))
    assert returned.outside == [
        Outside("", "Confidential, see the hub", "typed in a page footer"),
        Outside("", "Draft for TEL\nPage 2 of 9", "typed in a page header"),
    ]


def test_a_page_number_alone_in_any_spelling_is_no_text_of_the_leads(tmp_path: Path) -> None:
    for number, reported in (
        ("3", False),
        ("page 3", False),
        ("PAGE3", False),
        ("3 / 10", False),
        ("3of10", False),
        ("Page 3 of", True),
        ("Page three", True),
        ("p. 3", True),
    ):

        def footer(document, number: str = number) -> None:  # type: ignore[no-untyped-def]
            document.sections[0].footer.paragraphs[0].text = number

        outside = read_form(edited(tmp_path, footer)).outside
        assert outside == ([Outside("", number, "typed in a page footer")] if reported else [])


# --- what `collect` does not read -----------------------------------------------------------


def test_an_imported_document_is_reported_in_the_entry_it_sits_in(tmp_path: Path) -> None:
    def imported(document) -> None:  # type: ignore[no-untyped-def]
        chunk = (
            '<w:altChunk xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships" r:id="rId99"/>'
        )
        paragraph(document, "Course A")._p.addnext(fragment(chunk))

    assert read_form(edited(tmp_path, imported)).outside == [
        Outside("S1", "(an imported document)", "it is not read")
    ]


def test_a_symbol_with_no_unicode_equivalent_is_reported_where_it_was_typed(
    tmp_path: Path,
) -> None:
    def symbols(document) -> None:  # type: ignore[no-untyped-def]
        paragraph(document, "Update form for TEL")._p.append(
            fragment('<w:r><w:sym w:font="Webdings" w:char="F021"/></w:r>')
        )
        bullet = paragraph(document, "Course B")._p
        bullet.append(fragment('<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'))  # kept
        bullet.append(fragment('<w:r><w:sym w:font="Webdings" w:char="F022"/></w:r>'))

    returned = read_form(edited(tmp_path, symbols))
    assert returned.outside == [
        Outside("", "(the symbol Webdings F021)", SYMBOL_WHY),
        Outside("S1", "(the symbol Webdings F022)", SYMBOL_WHY),
    ]
    assert returned.entries[1].blocks[2] == ("bullet", "Course B\u2714")


# --- content controls showing their placeholder -----------------------------------------------


def test_a_content_control_showing_its_placeholder_adds_no_words(tmp_path: Path) -> None:
    placeholder = run_xml("Click or tap here to enter text.")

    def control(document) -> None:  # type: ignore[no-untyped-def]
        shown = fragment(
            "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
            f'<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr>{placeholder}</w:p>'
            "</w:sdtContent></w:sdt>"
        )
        paragraph(document, "Course B")._p.addnext(shown)

    # The control's paragraph stays, a bullet with nothing in it (which `collect` drops).
    assert read_form(edited(tmp_path, control)).entries[1].blocks == [
        *S1_BLOCKS,
        ("bullet", ""),
    ]


# --- tracked changes ------------------------------------------------------------------------


def _join_to_heading(document) -> None:  # type: ignore[no-untyped-def]
    """Ann Lead deleted the mark of S1's last bullet: it would run on into "Metrics"; someone
    unnamed deleted the title's, which would take in the line under it."""
    p_pr = paragraph(document, "Course B")._p.get_or_add_pPr()
    p_pr.append(fragment(f"<w:rPr><w:del {who('Ann Lead', 3)}/></w:rPr>"))
    p_pr = paragraph(document, "Example Review")._p.get_or_add_pPr()
    p_pr.append(fragment('<w:rPr><w:del w:id="4"/></w:rPr>'))


def test_a_paragraph_joined_to_a_heading_by_a_tracked_change_is_kept_apart(
    tmp_path: Path,
) -> None:
    returned = read_form(edited(tmp_path, _join_to_heading))
    title = "Example Review: Progress (2024-02)"
    assert returned.revisions == [
        ("", Revision("join not made", "", "", title)),
        ("S1", Revision("join not made", "Ann Lead", "2024-01-10T09:00:00Z", "Course B")),
    ]
    assert returned.entries[1].blocks == S1_BLOCKS
    assert returned.outside == [
        Outside(
            "", title, "joined to a heading by a tracked change by an unnamed author; kept apart"
        ),
        Outside(
            "S1", "Course B", "joined to a heading by a tracked change by Ann Lead; kept apart"
        ),
    ]


# --- the narrative: the issued Markdown kept, the lead's words escaped ------------------------


def _form_with_markup(folder: Path) -> Path:
    """The form for TEL whose S1 narrative holds words that are Markdown syntax elsewhere."""
    edition = small_edition()
    s1 = edition.entries[2]
    s1.narrative = "Courses run by NHS_England, 5 * 3 a year.\n\n- Course A\n- Course B"
    path = folder / "tel.docx"
    path.write_bytes(write_form(edition, "TEL", [edition.entries[0], s1], WHEN))
    return path


def _link_xml(document, text: str, address: str) -> str:  # type: ignore[no-untyped-def]
    rid = document.part.relate_to(address, RT.HYPERLINK, is_external=True)
    return f'<w:hyperlink xmlns:r="{R_NS}" r:id="{rid}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'


def test_a_paragraph_given_back_as_issued_keeps_its_markdown_and_typed_words_are_words(
    tmp_path: Path,
) -> None:
    path = _form_with_markup(tmp_path)
    document = Document(str(path))
    typed = paragraph(document, "Course B").insert_paragraph_before("Also NHS_England, 2 * 2.")
    typed._p.append(fragment("<w:r><w:t xml:space='preserve'> See </w:t></w:r>"))
    typed._p.append(fragment(_link_xml(document, "the guide", "https://example.org/guide")))
    document.save(str(path))

    assert read_form(path).entries[1].blocks == [
        ("paragraph", "Courses run by NHS_England, 5 * 3 a year."),
        ("bullet", "Course A"),
        ("paragraph", "Also NHS\\_England, 2 \\* 2. See [the guide](https://example.org/guide)"),
        ("bullet", "Course B"),
    ]


def test_a_paragraph_written_as_issued_is_known_whatever_else_was_typed(tmp_path: Path) -> None:
    path = _form_with_markup(tmp_path)
    assert read_form(path).entries[1].blocks[0] == (
        "paragraph",
        "Courses run by NHS_England, 5 * 3 a year.",
    )


def test_a_heading_of_the_leads_own_in_the_narrative_is_part_of_it(tmp_path: Path) -> None:
    def headings(document) -> None:  # type: ignore[no-untyped-def]
        course_b = paragraph(document, "Course B")
        course_b.insert_paragraph_before("Next steps", style="Heading 2")
        # The section heading retyped: still the metrics heading, and what was typed reported.
        paragraph(document, "Metrics", nth=1).add_run(" (as at March)")

    returned = read_form(edited(tmp_path, headings))
    assert returned.entries[1].blocks == [
        ("paragraph", "Courses run."),
        ("bullet", "Course A"),
        ("paragraph", "Next steps"),
        ("bullet", "Course B"),
    ]
    assert returned.outside == [Outside("S1", "Metrics (as at March)")]


def test_words_typed_after_an_empty_line_in_an_entrys_protected_lines_are_reported(
    tmp_path: Path,
) -> None:
    def type_in(document) -> None:  # type: ignore[no-untyped-def]
        owners = paragraph(document, "Owners: none recorded")
        # Above the entry's narrative the label "Completed by" is no place to sign.
        owners.insert_paragraph_before("Completed by (your name and role): Jo")
        owners.insert_paragraph_before("")
        owners.insert_paragraph_before("Ask KLS.")

    assert read_form(edited(tmp_path, type_in)).outside == [
        Outside("S1", "Completed by (your name and role): Jo"),
        Outside("S1", "Ask KLS."),
    ]


def test_a_table_typed_above_the_first_entry_is_reported_as_typed(tmp_path: Path) -> None:
    def table(document) -> None:  # type: ignore[no-untyped-def]
        added = document.add_table(rows=2, cols=2)
        for row, values in zip(added.rows, (("Note", "Late"), ("Owner", "Jo")), strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        signed = paragraph(document, "Completed by")
        signed.add_run("Jo Lead")
        signed._p.addnext(added._tbl)

    returned = read_form(edited(tmp_path, table))
    assert returned.completed_by == "Jo Lead"
    assert returned.outside == [Outside("", "Note | Late"), Outside("", "Owner | Jo")]
    assert [entry.code for entry in returned.entries] == ["D1", "S1"]


def test_a_form_whose_styles_name_no_default_is_read_as_sent(tmp_path: Path) -> None:
    path = form(tmp_path)
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("word/styles.xml")
    replace_part(path, "word/styles.xml", styles.replace(b' w:default="1"', b""))
    returned = read_form(path)
    assert returned.entries[1].blocks == S1_BLOCKS
    assert returned.entries[0].blocks == [("paragraph", D1_TEXT)]
    assert returned.outside == []


# --- the metrics table ----------------------------------------------------------------------


def test_a_link_in_a_cell_keeps_its_address_and_an_empty_row_is_skipped(tmp_path: Path) -> None:
    def rows(document) -> None:  # type: ignore[no-untyped-def]
        table = document.tables[1]
        table.add_row()  # left empty, above a row filled in
        cells = table.add_row().cells
        for cell, value in zip(cells, ["posts filled", "12", "", "posts", "", "", ""], strict=True):
            cell.text = value
        cells[6].paragraphs[0]._p.append(
            fragment(_link_xml(document, "Hub report", "https://example.org/hub"))
        )

    (added,) = read_form(edited(tmp_path, rows)).entries[1].rows or []
    assert added["what it counts"] == "posts filled"
    assert added["source"] == "[Hub report](https://example.org/hub)"
    assert added["issued"] == ""


def test_a_row_with_a_cell_added_or_taken_away_refuses_the_form(tmp_path: Path) -> None:
    def cells(document) -> None:  # type: ignore[no-untyped-def]
        row = document.tables[0].rows[1]._tr
        row.append(copy.deepcopy(row.findall(qn("w:tc"))[-1]))
        table = document.tables[1]
        table.add_row()  # empty: skipped, whatever its cells
        for _ in range(2):
            short = table.add_row()
            short.cells[0].text = "posts filled"
            short._tr.remove(short._tr.findall(qn("w:tc"))[-1])

    path = edited(tmp_path, cells)
    with pytest.raises(InputError) as caught:
        read_form(path)
    assert [(p.message, p.file) for p in caught.value.problems] == [
        ("D1: metrics table row 2: 8 cells, where the table has 7 columns", path),
        ("S1: metrics table row 3: 6 cells, where the table has 7 columns", path),
        ("S1: metrics table row 4: 6 cells, where the table has 7 columns", path),
        ("form refused; nothing was written", path),
    ]


def test_a_table_with_no_rows_is_a_table_whose_columns_were_changed(tmp_path: Path) -> None:
    def empty(document) -> None:  # type: ignore[no-untyped-def]
        table = document.tables[1]._tbl
        for row in table.findall(qn("w:tr")):
            table.remove(row)

    assert refused(edited(tmp_path, empty)) == [
        "S1: the metrics table's columns were changed",
        "form refused; nothing was written",
    ]


def test_only_a_bookmark_marks_the_figure_a_row_was_issued_with(tmp_path: Path) -> None:
    def marks(document) -> None:  # type: ignore[no-untyped-def]
        cell = document.tables[0].rows[1].cells[0]._tc
        for mark in list(cell.iter(qn("w:bookmarkStart"))):
            mark.getparent().remove(mark)
        # Not a bookmark, though it carries a bookmark's name.
        cell.find(qn("w:p")).append(fragment('<w:r w:name="_tr_metric_0"><w:t/></w:r>'))

    (row,) = read_form(edited(tmp_path, marks)).entries[0].rows or []
    assert row["issued"] == ""


# --- refusals name the file -------------------------------------------------------------------


def test_every_problem_of_a_broken_form_names_the_file_and_the_last_says_what_to_do(
    tmp_path: Path,
) -> None:
    def break_it(document) -> None:  # type: ignore[no-untyped-def]
        first = document.tables[0]._tbl
        first.addnext(copy.deepcopy(first))  # a second table in D1
        paragraph(document, "Progress narrative", nth=1).style = document.styles["Normal"]
        table = document.tables[2]._tbl
        table.getparent().remove(table)  # S1's table
        paragraph(document, "S1. ").text = "S1 Everyone should learn."

    path = edited(tmp_path, break_it)
    with pytest.raises(InputError) as caught:
        read_form(path)
    found = caught.value.problems
    assert [p.message for p in found] == [
        "D1: a second table was added",
        "S1: the entry's heading was deleted or retyped",
        "form refused; nothing was written",
    ]
    assert [p.file for p in found] == [path, path, path]
    assert found[-1].hint == (
        "restore it from the sent copy or write a new one with `topolreport forms`"
    )


def test_a_form_missing_its_narrative_heading_and_table_names_the_file(tmp_path: Path) -> None:
    def break_it(document) -> None:  # type: ignore[no-untyped-def]
        paragraph(document, "Progress narrative").style = document.styles["Normal"]
        table = document.tables[0]._tbl
        table.getparent().remove(table)

    path = edited(tmp_path, break_it)
    with pytest.raises(InputError) as caught:
        read_form(path)
    assert [(p.message, p.file) for p in caught.value.problems] == [
        ("D1: the 'Progress narrative' heading is missing or retyped", path),
        ("D1: the metrics table is missing (was it deleted?)", path),
        ("form refused; nothing was written", path),
    ]


def test_a_missing_file_or_a_file_that_is_no_zip_is_refused_by_name(tmp_path: Path) -> None:
    missing = tmp_path / "none.docx"
    assert refusal(missing) == ("cannot be read (No such file or directory)", missing, None)
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"minutes of the board")
    assert refusal(junk) == (
        "not a Word document (the file is not a valid .docx zip)",
        junk,
        None,
    )


def test_a_form_unpacking_to_exactly_the_limit_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "full.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (100 << 20))
    # Read past the size check: it is refused for what it holds, not for its size.
    assert refusal(path) == ("not a Word document", path, None)


def _corrupt(path: Path, name: str) -> None:
    """Make a member's deflate stream start with a block type deflate does not have."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(name).header_offset
    lengths = int.from_bytes(data[offset + 26 : offset + 28], "little") + int.from_bytes(
        data[offset + 28 : offset + 30], "little"
    )
    data[offset + 30 + lengths] = 0x07
    path.write_bytes(bytes(data))


def test_a_form_with_a_corrupt_part_is_refused_by_name(tmp_path: Path) -> None:
    path = form(tmp_path)
    _corrupt(path, "word/document.xml")
    assert refusal(path) == ("not a Word document (a part is corrupt)", path, None)


def test_a_corrupt_record_of_how_the_form_was_issued_is_refused_by_name(tmp_path: Path) -> None:
    path = form(tmp_path)
    with zipfile.ZipFile(path) as archive:
        rels = archive.read("_rels/.rels").decode()
    # Unlisted, the record is read by its name alone, after the document is opened.
    listed = '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>'  # noqa: E501
    assert listed in rels
    replace_part(path, "_rels/.rels", rels.replace(listed, "").encode())
    _corrupt(path, "docProps/custom.xml")
    assert refusal(path) == (
        "not a Word document (its parts cannot be unpacked)",
        path,
        None,
    )


# --- tracked changes --------------------------------------------------------------------------


def test_tracked_changes_this_reader_would_leave_behind_refuse_the_form(tmp_path: Path) -> None:
    def wrapped(document) -> None:  # type: ignore[no-untyped-def]
        # An insertion holding a whole paragraph (no word processor writes one), with
        # changes inside it: resolving the outer one leaves the inner ones unread.
        course_b = paragraph(document, "Course B")._p
        course_b.addnext(
            fragment(
                f"<w:ins {who()}><w:p>{run_xml('Added')}"
                f"<w:del {who(ident=902)}><w:r><w:delText>x</w:delText></w:r></w:del>"
                f"<w:ins {who(ident=903)}>{run_xml('y')}</w:ins></w:p></w:ins>"
            )
        )

    assert refusal(edited(tmp_path, wrapped)) == (
        "holds tracked changes of a kind topolreport cannot read: del, ins",
        tmp_path / "tel.docx",
        "accept or reject them in the word processor, then collect again",
    )


def test_paragraphs_joined_by_a_tracked_change_and_later_changes_are_all_read(
    tmp_path: Path,
) -> None:
    def join(document) -> None:  # type: ignore[no-untyped-def]
        p_pr = paragraph(document, "Courses run.")._p.get_or_add_pPr()
        p_pr.append(fragment(f"<w:rPr><w:del {who('Ann Lead', 5)}/></w:rPr>"))
        _track(document)

    returned = read_form(edited(tmp_path, join))
    assert returned.revisions == [
        ("S1", Revision("paragraphs joined", "Ann Lead", "2024-01-10T09:00:00Z", "Courses run.")),
        ("S1", Revision("insertion", "Jo Bloggs", "2024-01-10T09:00:00Z", "Now ")),
    ]
    assert returned.entries[1].blocks == [
        ("bullet", "Courses run.Now Course A"),
        ("bullet", "Course B"),
    ]


def test_a_form_read_rejected_says_so_and_one_read_accepted_does_not(tmp_path: Path) -> None:
    path = edited(tmp_path, _track)
    returned = read_form(path, revisions="reject")
    assert returned.rejected and returned.path == path
    assert not read_form(path).rejected
    assert not read_form(path, revisions="accept").rejected


def test_a_link_through_a_relationship_that_is_no_hyperlinks_is_read_as_its_words(
    tmp_path: Path,
) -> None:
    def link(document) -> None:  # type: ignore[no-untyped-def]
        logo = document.part.relate_to("https://example.org/logo.png", RT.IMAGE, True)
        paragraph(document, "Course B")._p.append(
            fragment(
                f'<w:hyperlink xmlns:r="{R_NS}" r:id="{logo}">{run_xml(" (logo)")}</w:hyperlink>'
            )
        )

    assert read_form(edited(tmp_path, link)).entries[1].blocks[2] == (
        "bullet",
        "Course B (logo)",
    )


def test_a_content_control_showing_its_placeholder_inside_a_paragraph_adds_nothing(
    tmp_path: Path,
) -> None:
    def control(document) -> None:  # type: ignore[no-untyped-def]
        paragraph(document, "Course B")._p.append(
            fragment(
                "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
                f"{run_xml(' Click or tap here to enter text.')}</w:sdtContent></w:sdt>"
            )
        )

    assert read_form(edited(tmp_path, control)).entries[1].blocks == S1_BLOCKS


# --- an entry's heading typed again in pieces -------------------------------------------------


def test_a_heading_typed_again_in_pieces_still_places_what_follows_in_its_entry(
    tmp_path: Path,
) -> None:
    def pieces(document) -> None:  # type: ignore[no-untyped-def]
        heading = paragraph(document, "S1. ")
        heading.text = ""
        # In two runs, inside a smart tag (as Word marks a name it recognises).
        heading._p.append(
            fragment(
                f"<w:smartTag w:element='place'>{run_xml('S1.')}"
                f"{run_xml(' Everyone should learn.')}</w:smartTag>"
            )
        )
        course_a = paragraph(document, "Course A")
        course_a._p.append(fragment("<w:r><w:pict/></w:r>"))
        note = document.add_comment(course_a.runs, text="True?", author="Jo", initials="J")
        note._comment_elm.set(qn("w:date"), "2024-01-10T09:00:00Z")
        _track(document)

    returned = read_form(edited(tmp_path, pieces))
    assert returned.outside == [Outside("S1", "(a picture or shape)", "the snapshot holds text")]
    assert [code for code, _ in returned.revisions] == ["S1"]
    assert returned.comments == [
        FormComment("S1", "Jo", "2024-01-10T09:00:00Z", "Course A", "True?")
    ]


# --- comments ---------------------------------------------------------------------------------


def test_a_comment_over_several_paragraphs_reads_their_words_apart(tmp_path: Path) -> None:
    def comment(document) -> None:  # type: ignore[no-untyped-def]
        course_a, course_b = paragraph(document, "Course A"), paragraph(document, "Course B")
        course_a.runs[0].text = "Course"
        course_a._p.append(fragment("<w:r><w:tab/><w:t>A</w:t></w:r>"))
        note = document.add_comment(course_a.runs, text="Both?", author="Jo", initials="J")
        note.add_paragraph("And when?")
        end = course_a._p.find(qn("w:commentRangeEnd"))
        course_b._p.append(end)  # the range now ends after "Course B"

    (found,) = read_form(edited(tmp_path, comment)).comments
    assert (found.code, found.passage, found.text) == (
        "S1",
        "Course A Course B",
        "Both?\nAnd when?",
    )


def test_a_comment_is_in_the_entry_where_its_passage_starts(tmp_path: Path) -> None:
    def comment(document) -> None:  # type: ignore[no-untyped-def]
        narrative = paragraph(document, "The Data Hub")
        document.add_comment(narrative.runs, text="Source?", author="Jo", initials="J")
        reference = next(narrative._p.iter(qn("w:commentReference"))).getparent()
        paragraph(document, "Course A")._p.append(reference)  # its mark moved on into S1

    (found,) = read_form(edited(tmp_path, comment)).comments
    assert (found.code, found.passage) == (
        "D1",
        "The Data Hub now has over 2,000 users. See also S1.",
    )


def test_a_comments_part_not_typed_as_one_is_still_read(tmp_path: Path) -> None:
    def comment(document) -> None:  # type: ignore[no-untyped-def]
        runs = paragraph(document, "Course A").runs
        document.add_comment(runs, text="Still true?", author="Jo", initials="J")

    path = edited(tmp_path, comment)
    with zipfile.ZipFile(path) as archive:
        types = archive.read("[Content_Types].xml").decode()
    typed = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
    assert typed in types
    replace_part(path, "[Content_Types].xml", types.replace(typed, "application/xml").encode())
    assert [(c.code, c.passage, c.text) for c in read_form(path).comments] == [
        ("S1", "Course A", "Still true?")
    ]


def _unnumbered(document, keep: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """A comment on "Course A" whose id is empty and whose marks in the text carry none."""
    note = document.add_comment(
        paragraph(document, "Course A").runs, text="Why?", author="Al", initials="A"
    )
    ident = str(note.comment_id)
    note._comment_elm.set(qn("w:id"), "")
    for mark in list(document.element.body.iter()):
        if mark.get(qn("w:id")) == ident and mark.tag.startswith(f"{{{W_NS}}}comment"):
            if etree.QName(mark).localname in keep:
                del mark.attrib[qn("w:id")]
            else:
                mark.getparent().remove(mark)


@pytest.mark.parametrize(
    "keep, passage",
    [
        (("commentRangeStart", "commentRangeEnd", "commentReference"), "Course A"),
        (("commentReference",), ""),
    ],
)
def test_a_comment_and_its_marks_written_without_ids_go_together(
    tmp_path: Path, keep: tuple[str, ...], passage: str
) -> None:
    returned = read_form(edited(tmp_path, lambda d: _unnumbered(d, keep)))
    assert [(c.code, c.passage, c.text) for c in returned.comments] == [("S1", passage, "Why?")]


# --- notes, text boxes, shapes ----------------------------------------------------------------


def test_a_note_of_the_normal_kind_or_holding_a_link_is_reported_and_a_missing_one_is_not(
    tmp_path: Path,
) -> None:
    notes = (
        f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        '<w:footnote w:type="normal" w:id="1"><w:p><w:r><w:t>See </w:t></w:r>'
        '<w:hyperlink r:id="rId1"><w:r><w:t>the hub</w:t></w:r></w:hyperlink></w:p>'
        "</w:footnote></w:footnotes>"
    )

    def note(document) -> None:  # type: ignore[no-untyped-def]
        content = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
        part = Part(PackURI("/word/footnotes.xml"), content, notes.encode(), document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
        for ident in ("1", "7"):  # 7: a reference to a note the part has not
            paragraph(document, "Course B")._p.append(
                fragment(f'<w:r><w:footnoteReference w:id="{ident}"/></w:r>')
            )

    assert read_form(edited(tmp_path, note)).outside == [
        Outside("S1", "See the hub", "typed in a footnote")
    ]


def test_a_link_in_a_text_box_is_reported_as_its_words(tmp_path: Path) -> None:
    def box(document) -> None:  # type: ignore[no-untyped-def]
        link = _link_xml(document, "the hub", "https://example.org/hub")
        paragraph(document, "Course B")._p.append(
            fragment(
                f"<w:r><w:pict><w:txbxContent><w:p>{run_xml('See ')}{link}</w:p>"
                "</w:txbxContent></w:pict></w:r>"
            )
        )

    assert read_form(edited(tmp_path, box)).outside == [
        Outside("S1", "See the hub", "typed in a text box")
    ]


def test_what_follows_an_object_or_an_imported_document_is_reported_too(tmp_path: Path) -> None:
    def objects(document) -> None:  # type: ignore[no-untyped-def]
        # An embedded object showing a picture: reported once, as the object.
        paragraph(document, "Courses run.")._p.append(
            fragment("<w:r><w:object><w:drawing/></w:object></w:r>")
        )
        chunk = f'<w:altChunk xmlns:r="{R_NS}" r:id="rId99"/>'
        paragraph(document, "Course A")._p.addnext(fragment(chunk))
        paragraph(document, "Course B")._p.append(fragment("<w:r><w:pict/></w:r>"))

    assert read_form(edited(tmp_path, objects)).outside == [
        Outside("S1", "(a picture or shape)", "the snapshot holds text"),
        Outside("S1", "(an imported document)", "it is not read"),
        Outside("S1", "(a picture or shape)", "the snapshot holds text"),
    ]
