"""Returned forms holding WordprocessingML that Word writes and LibreOffice rarely does, written
here from ECMA-376 part 1 (17.13.5 revisions, 17.5.2 content controls, 17.16 fields, 22.1
math): every edit arrives in the entry or is reported. Expected entry text is written by hand."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from lxml import etree

from formfiles import edit_body, fragment, metrics_table, paragraph_with, run_xml, w, who
from test_forms import run, workspace  # noqa: F401  (the fixture)
from topolreport.store import load_edition
from topolreport.text import markdown_parser

FIRST = "A range of online modules, including Talking Genomics"
FIRST_LINE = (
    "- A range of online modules, including Talking Genomics, Inheriting Genomic Information, "
    "and From Genes to Genome, completed by 33,700 learners to date."
)
LAST = "HEE NSHCS has reviewed 33 curricula"
MATH_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _collect(workspace: Path) -> tuple[int, str, str]:  # noqa: F811
    return run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(workspace / "editions")
    )


def _form(workspace: Path) -> Path:  # noqa: F811
    return workspace / "forms" / "2024-02-gep.docx"


def _g2(workspace: Path):  # type: ignore[no-untyped-def]  # noqa: F811
    entry = load_edition(workspace / "editions", "2024-02").entry("G2")
    assert entry is not None
    return entry


def _wrap(element: etree._Element, wrapper: str) -> None:
    """Put `element` inside a content control (sdt) or custom XML, where it stands."""
    if wrapper == "sdt":
        holder = fragment(
            '<w:sdt><w:sdtPr><w:alias w:val="Figure"/></w:sdtPr><w:sdtContent/></w:sdt>'
        )
        content = holder.find(w("sdtContent"))
    else:
        holder = fragment('<w:customXml w:element="figure"><w:customXmlPr/></w:customXml>')
        content = holder
    element.addprevious(holder)
    content.append(element)


def _set_cell(row: etree._Element, column: int, text: str) -> None:
    cell = row.findall(f".//{w('tc')}")[column]
    for old in list(cell.iter(w("r"))):
        old.getparent().remove(old)
    cell.find(w("p")).append(fragment(run_xml(text)))


def test_rows_and_cells_inside_content_controls_are_read(workspace: Path) -> None:  # noqa: F811
    before = _g2(workspace)

    def edit(root: etree._Element) -> None:
        table = metrics_table(root, "completed by 33,700 learners")
        learners, views = table.findall(w("tr"))[1], table.findall(w("tr"))[3]
        _set_cell(learners, 1, "41,200")
        _wrap(learners, "sdt")  # a repeating section, as Word writes one
        _set_cell(views, 1, "150,000")
        _wrap(views.findall(w("tc"))[1], "customXml")

    edit_body(_form(workspace), edit)
    code, out, err = _collect(workspace)
    assert code == 0, err
    after = _g2(workspace)
    values = {m.id: m.value for m in after.metrics}
    assert [m.id for m in after.metrics] == [m.id for m in before.metrics]
    assert (values["g2-learners"], values["g2-views"]) == (41200, 150000)
    assert "completed by 41,200 learners to date." in after.narrative
    assert "These have reached 66,000 learners, viewed 150,000 times." in after.narrative


def test_words_another_author_deleted_from_an_insertion_are_not_called_inserted(
    workspace: Path,  # noqa: F811
) -> None:
    def edit(root: etree._Element) -> None:
        paragraph_with(root, FIRST).append(
            fragment(
                f"<w:ins {who('Ann Lead', 1)}>{run_xml(' Kept words.')}"
                f"<w:del {who('Bob Editor', 2)}><w:r><w:delText> Gone words.</w:delText></w:r>"
                "</w:del></w:ins>"
            )
        )

    edit_body(_form(workspace), edit)
    code, out, err = _collect(workspace)
    assert code == 0, err
    assert FIRST_LINE + " Kept words.\n" in _g2(workspace).narrative
    assert "tracked insertion by Ann Lead (2024-02-gep.docx): ' Kept words.'" in out
    assert "tracked deletion by Bob Editor (2024-02-gep.docx): ' Gone words.'" in out


def test_a_comment_over_two_paragraphs_quotes_both(workspace: Path) -> None:  # noqa: F811
    document = Document(str(_form(workspace)))
    first, second = (
        p for p in document.paragraphs if "bitesize" in p.text or "10,300 users" in p.text
    )
    document.add_comment([first.runs[0], second.runs[-1]], "Both of these?", author="Sam")
    document.save(str(_form(workspace)))
    code, out, err = _collect(workspace)
    assert code == 0, err
    (comment,) = _g2(workspace).review.comments  # type: ignore[union-attr]
    assert comment.passage == (
        "A growing series of bitesize, 10-minute introductory sessions to aid understanding of "
        "genomics in healthcare. These have reached 66,000 learners, viewed 145,000 times. "
        "Introductory courses have attracted 10,300 users, with c5,000 UK learners completing "
        'the "Whole Genome Sequencing: Decoding the Language of Life and Health" MOOC.'
    )


def test_fields_formulas_and_run_wrappers_keep_their_words_and_links(workspace: Path) -> None:  # noqa: F811
    def edit(root: etree._Element) -> None:
        paragraph = paragraph_with(root, FIRST)
        for xml in (
            run_xml(" See "),
            # A complex HYPERLINK field to a bookmark only (\l), with a DATE field nested in
            # its result.
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r><w:instrText xml:space="preserve"> HYPERLINK \\l "results" \\o "tip" '
            "</w:instrText></w:r>",
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            run_xml("results of "),
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r><w:instrText xml:space="preserve"> DATE \\@ "MMMM yyyy" </w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            run_xml("May 2024"),
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            run_xml(" and the "),
            '<w:fldSimple w:instr=" HYPERLINK https://example.org/guide ">'
            + run_xml("Genomics Guide")
            + "</w:fldSimple>",
            '<w:smartTag w:uri="urn:x" w:element="place">' + run_xml(" in Leeds") + "</w:smartTag>",
            '<w:dir w:val="rtl">' + run_xml(" (RTL)") + "</w:dir>",
            run_xml(", ratio "),
            f'<m:oMath xmlns:m="{MATH_NS}"><m:r><m:t>a/b</m:t></m:r></m:oMath>',
            '<w:r><w:t xml:space="preserve"> co</w:t><w:softHyphen/><w:t>operative</w:t>'
            "<w:noBreakHyphen/><w:t>led</w:t></w:r>",
        ):
            paragraph.append(fragment(xml))

    edit_body(_form(workspace), edit)
    code, out, err = _collect(workspace)
    assert code == 0, err
    assert (
        FIRST_LINE
        + (
            " See [results of May 2024](#results) and the [Genomics Guide](https://example.org/guide)"
            " in Leeds (RTL), ratio a/b cooperative-led\n"
        )
        in _g2(workspace).narrative
    )


def test_a_paragraph_joined_to_a_heading_by_a_tracked_change_is_reported(
    workspace: Path,  # noqa: F811
) -> None:
    before = _g2(workspace)

    def edit(root: etree._Element) -> None:
        # Ann deleted the mark of the narrative's last paragraph: accepted, it would run on
        # into the "Metrics" heading after it.
        properties = paragraph_with(root, LAST).find(w("pPr"))
        mark = etree.SubElement(properties, w("rPr"))
        mark.append(fragment(f"<w:del {who('Ann Lead', 3)}/>"))

    edit_body(_form(workspace), edit)
    code, out, err = _collect(workspace)
    assert code == 1
    assert (
        "G2: joined to a heading by a tracked change by Ann Lead; kept apart, not applied: "
        '"HEE NSHCS has reviewed 33 curricula for NHS scientists.' in err
    )
    assert _g2(workspace) == before


def test_values_qualifiers_and_months_typed_in_words_are_read(
    workspace: Path,  # noqa: F811
) -> None:
    def edit(root: etree._Element) -> None:
        table = metrics_table(root, "completed by 33,700 learners")
        rows = table.findall(w("tr"))
        _set_cell(rows[3], 1, "0.15 million")  # g2-views
        _set_cell(rows[4], 2, "more than")  # g2-users: over
        _set_cell(rows[4], 4, "31 January 2024")  # its as-of month
        _set_cell(rows[5], 1, "c6,100")  # g2-uk-learners, the qualifier typed in too
        _set_cell(rows[5], 2, "")

    edit_body(_form(workspace), edit)
    code, out, err = _collect(workspace)
    assert code == 0, err
    metrics = {m.id: m for m in _g2(workspace).metrics}
    assert metrics["g2-views"].value == 150000
    assert (metrics["g2-users"].qualifier, metrics["g2-users"].as_of) == ("over", "2024-01")
    uk = metrics["g2-uk-learners"]
    assert (uk.value, uk.qualifier, uk.text) == (6100, "about", "c6,100 UK learners")
    assert "with c6,100 UK learners completing" in _g2(workspace).narrative


def test_a_formatting_only_tracked_change_is_reported_as_not_kept(workspace: Path) -> None:  # noqa: F811
    before = _g2(workspace)

    def edit(root: etree._Element) -> None:
        # Ann made a bullet bold (w:rPrChange holds the old, plain, run properties) and its
        # paragraph centred (w:pPrChange).
        paragraph = paragraph_with(root, FIRST)
        for run_ in paragraph.findall(w("r")):
            properties = run_.find(w("rPr"))
            if properties is None:
                properties = etree.Element(w("rPr"))
                run_.insert(0, properties)
            properties.append(etree.Element(w("b")))
            properties.append(fragment(f"<w:rPrChange {who('Ann Lead', 4)}><w:rPr/></w:rPrChange>"))
        paragraph_properties = paragraph.find(w("pPr"))
        paragraph_properties.append(fragment('<w:jc w:val="center"/>'))
        paragraph_properties.append(
            fragment(f"<w:pPrChange {who('Ann Lead', 5)}><w:pPr/></w:pPrChange>")
        )

    edit_body(_form(workspace), edit)
    code, out, err = _collect(workspace)
    assert code == 0, err
    assert "the forms change nothing" in out
    assert (
        "2024-02-gep.docx: G2: 2 tracked change(s) by Ann Lead: formatting only, which the "
        "snapshot does not keep (it holds the text)" in err
    )
    assert _g2(workspace) == before


def test_text_typed_in_a_page_header_is_reported_and_a_page_number_is_not(
    workspace: Path,  # noqa: F811
) -> None:
    before = load_edition(workspace / "editions", "2024-02")
    document = Document(str(_form(workspace)))
    section = document.sections[0]
    section.header.paragraphs[0].text = "Figures to be confirmed by finance"
    section.footer.paragraphs[0].text = "Page 3 of 12"
    document.save(str(_form(workspace)))
    code, out, err = _collect(workspace)
    assert code == 1
    assert "typed in a page header, not applied: 'Figures to be confirmed by finance'" in err
    assert "page footer" not in err
    assert load_edition(workspace / "editions", "2024-02") == before


def test_a_tracked_row_deletion_removes_the_figure_and_says_which_row(workspace: Path) -> None:  # noqa: F811
    before = _g2(workspace)

    def edit(root: etree._Element) -> None:
        row = metrics_table(root, "completed by 33,700 learners").findall(w("tr"))[2]
        properties = row.find(w("trPr"))
        if properties is None:
            properties = etree.Element(w("trPr"))
            row.insert(0, properties)
        properties.append(fragment(f"<w:del {who('Ann Lead', 50)}/>"))
        for run_ in list(row.iter(w("r"))):
            deleted = fragment(f"<w:del {who('Ann Lead', 51)}/>")
            run_.addprevious(deleted)
            deleted.append(run_)
            for text in run_.findall(w("t")):
                text.tag = w("delText")

    edit_body(_form(workspace), edit)
    code, out, err = _collect(workspace)
    assert code == 0, err
    assert (
        "tracked row deleted by Ann Lead (2024-02-gep.docx): 'These have reached 66,000 "
        "learners | 66,000 | learners | 2023-02 | 66,000 learners'" in out
    )
    after = _g2(workspace)
    assert [m.id for m in after.metrics] == [
        m.id for m in before.metrics if m.id != "g2-learners-2"
    ]
    assert after.narrative == before.narrative


def test_words_typed_into_a_section_heading_are_reported_not_read_as_narrative(
    workspace: Path,  # noqa: F811
) -> None:
    before = load_edition(workspace / "editions", "2024-02")

    def edit(root: etree._Element) -> None:
        # G2's "Metrics" heading: the first one after the paragraph LAST.
        heading = paragraph_with(root, LAST).getnext()
        while "".join(heading.itertext()) != "Metrics":
            heading = heading.getnext()
        heading.append(
            fragment(f"<w:ins {who('Ann Lead', 80)}>{run_xml(' (as at March)')}</w:ins>")
        )

    edit_body(_form(workspace), edit)
    code, out, err = _collect(workspace)
    assert code == 1
    assert (
        "2024-02-gep.docx: G2: typed outside the editable parts, not applied: "
        "'Metrics (as at March)'" in err
    )
    assert load_edition(workspace / "editions", "2024-02") == before


def test_a_content_control_showing_its_placeholder_adds_nothing(workspace: Path) -> None:  # noqa: F811
    before = load_edition(workspace / "editions", "2024-02")
    placeholder = run_xml("Click or tap here to enter text.")
    control = "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>"

    def edit(root: etree._Element) -> None:
        paragraph = paragraph_with(root, FIRST)
        paragraph.append(fragment(control.format(placeholder)))
        paragraph.addnext(fragment(control.format(f"<w:p>{placeholder}</w:p>")))

    edit_body(_form(workspace), edit)
    code, out, err = _collect(workspace)
    assert code == 0, err
    assert "the forms change nothing" in out
    assert load_edition(workspace / "editions", "2024-02") == before


def test_tracked_changes_read_rejected_are_said_to_be_not_applied(workspace: Path) -> None:  # noqa: F811
    before = load_edition(workspace / "editions", "2024-02")

    def edit(root: etree._Element) -> None:
        paragraph_with(root, FIRST).append(
            fragment(f"<w:ins {who('Ann Lead', 1)}>{run_xml(' Kept words.')}</w:ins>")
        )

    edit_body(_form(workspace), edit)
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--revisions", "reject",
        "--editions", str(workspace / "editions"),
    )  # fmt: skip
    assert code == 0, err
    assert (
        "2024-02-gep.docx: G2: 1 tracked change(s) by Ann Lead: read rejected "
        "(--revisions reject), so not applied" in err
    )
    assert load_edition(workspace / "editions", "2024-02") == before


def test_symbols_are_read_as_their_characters_and_an_unknown_one_is_reported(
    workspace: Path,  # noqa: F811
) -> None:
    def edit(root: etree._Element) -> None:
        paragraph = paragraph_with(root, FIRST)
        for xml in (
            run_xml(" Now "),
            '<w:r><w:sym w:font="Calibri" w:char="2014"/></w:r>',
            run_xml(" two "),
            '<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>',
            run_xml(" done "),
            '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>',
            '<w:r><w:sym w:font="Webdings" w:char="F021"/></w:r>',
        ):
            paragraph.append(fragment(xml))

    edit_body(_form(workspace), edit)
    code, out, err = _collect(workspace)
    assert code == 1, err  # written, and the symbol not kept is reported
    assert FIRST_LINE + " Now \u2014 two \u2022 done \u2714\n" in _g2(workspace).narrative
    assert (
        "G2: a symbol was typed that cannot be kept (no Unicode equivalent), not applied: "
        "'(the symbol Webdings F021)'" in err
    )


def test_markdown_characters_a_lead_types_stay_words(workspace: Path) -> None:  # noqa: F811
    def edit(root: etree._Element) -> None:
        paragraph_with(root, FIRST).append(
            fragment(run_xml(" Scored 5 * 3 * 2 in NHS_England_x [draft] `v2` &lt;b&gt; "))
        )
        paragraph_with(root, FIRST).append(
            fragment("<w:r><w:rPr><w:b/></w:rPr><w:t>Bold</w:t></w:r>")
        )

    edit_body(_form(workspace), edit)
    code, out, err = _collect(workspace)
    assert code == 0, err
    narrative = _g2(workspace).narrative
    assert (
        "- A range of online modules, including Talking Genomics, Inheriting Genomic "
        "Information, and From Genes to Genome, completed by 33,700 learners to date. "
        "Scored 5 \\* 3 \\* 2 in NHS\\_England\\_x \\[draft\\] \\`v2\\` \\<b> Bold\n"
    ) in narrative
    html = markdown_parser().render(narrative)  # as the documents render it: words, no markup
    assert "Scored 5 * 3 * 2 in NHS_England_x [draft] `v2` &lt;b&gt; Bold" in html
    assert "<em>" not in html and "<code>" not in html
