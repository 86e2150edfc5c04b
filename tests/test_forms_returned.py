"""Returned forms as Word writes them: tracked changes (including moves, written here from
ECMA-376 part 1, 17.13.5), comments, toolbar lists, links, and text typed where it is not read."""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from formfiles import (
    NS,
    edit_body,
    fragment,
    metrics_table,
    paragraph_with,
    read_part,
    run_xml,
    w,
    who,
)
from test_forms import run, workspace  # noqa: F401  (the fixture)
from topolreport.store import load_edition

FIRST = "A range of online modules, including Talking Genomics, Inheriting Genomic Information"
MOVED = "HEE is working with the Royal Colleges"
LAST = "HEE NSHCS has reviewed 33 curricula"


def _track_word_edits(root: etree._Element) -> None:
    """Jo Bloggs, in Word with Track Changes on: 33,700 -> 41,200 in a bullet; one bullet moved
    to the end of its list; a row added to the metrics table."""
    bullet = paragraph_with(root, FIRST)
    text = "".join(bullet.itertext())
    before, after = text.split("33,700")
    for old in bullet.findall(w("r")):
        bullet.remove(old)
    bullet.append(fragment(run_xml(before)))
    bullet.append(
        fragment(f"<w:del {who(ident=1)}><w:r><w:delText>33,700</w:delText></w:r></w:del>")
    )
    bullet.append(fragment(f"<w:ins {who(ident=2)}>{run_xml('41,200')}</w:ins>"))
    bullet.append(fragment(run_xml(after)))

    moved = paragraph_with(root, MOVED)
    moved_text = "".join(moved.itertext())
    target = paragraph_with(root, LAST)
    copy_ = copy.deepcopy(moved)
    for old in moved.findall(w("r")):
        moved.remove(old)
    properties = moved.find(w("pPr"))
    mark = etree.SubElement(properties, w("rPr"))
    mark.append(fragment(f"<w:moveFrom {who(ident=3)}/>"))
    moved.append(fragment(f'<w:moveFromRangeStart w:id="4" w:name="move1" {who(ident=4)[11:]}/>'))
    moved.append(fragment(f"<w:moveFrom {who(ident=5)}>{run_xml(moved_text)}</w:moveFrom>"))
    moved.append(fragment('<w:moveFromRangeEnd w:id="4"/>'))
    for old in copy_.findall(w("r")):
        copy_.remove(old)
    to_mark = etree.SubElement(copy_.find(w("pPr")), w("rPr"))
    to_mark.append(fragment(f"<w:moveTo {who(ident=6)}/>"))
    copy_.append(fragment(f'<w:moveToRangeStart w:id="7" w:name="move1" {who(ident=7)[11:]}/>'))
    copy_.append(fragment(f"<w:moveTo {who(ident=8)}>{run_xml(moved_text)}</w:moveTo>"))
    copy_.append(fragment('<w:moveToRangeEnd w:id="7"/>'))
    target.addnext(copy_)

    table = metrics_table(root, "completed by 33,700 learners")
    row = copy.deepcopy(table.findall(w("tr"))[-1])
    for mark in row.iter(w("bookmarkStart"), w("bookmarkEnd")):  # Word moves, never copies, them
        mark.getparent().remove(mark)
    row_properties = row.find(w("trPr"))
    if row_properties is None:
        row_properties = etree.Element(w("trPr"))
        row.insert(0, row_properties)
    row_properties.append(fragment(f"<w:ins {who(ident=9)}/>"))
    values = ["fellows in post", "12", "", "fellows", "2024-01", "12 fellows", ""]
    for cell, value in zip(row.findall(w("tc")), values, strict=True):
        for paragraph in cell.findall(w("p")):
            for old in paragraph.findall(w("r")):
                paragraph.remove(old)
            if value:
                paragraph.append(fragment(f"<w:ins {who(ident=10)}>{run_xml(value)}</w:ins>"))
    table.append(row)


def test_word_tracked_changes_are_read_as_accepted(workspace: Path) -> None:  # noqa: F811
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    before = load_edition(editions, "2024-02").entry("G2")
    assert before is not None
    edit_body(form, _track_word_edits)

    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 0, err
    after = load_edition(editions, "2024-02").entry("G2")
    assert after is not None
    lines = before.narrative.split("\n")
    moved = next(line for line in lines if MOVED in line)
    expected = [
        line.replace("33,700 learners", "41,200 learners") for line in lines if line != moved
    ]
    expected.insert(expected.index(next(x for x in expected if LAST in x)) + 1, moved)
    assert after.narrative == "\n".join(expected)
    new = {m.id: m for m in after.metrics}["g2-fellows"]
    assert (new.value, new.unit, new.as_of, new.text) == (12, "fellows", "2024-01", "12 fellows")
    assert "tracked insertion by Jo Bloggs" in out and "'41,200'" in out
    assert "tracked move by Jo Bloggs" in out
    assert "tracked row inserted by Jo Bloggs" in out


def test_tracked_changes_can_be_read_rejected_or_refused(workspace: Path) -> None:  # noqa: F811
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    before = load_edition(editions, "2024-02")
    edit_body(form, _track_word_edits)
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--revisions", "reject",
        "--editions", str(editions),
    )  # fmt: skip
    assert code == 0, err
    assert "the forms change nothing" in out
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--revisions", "refuse",
        "--editions", str(editions),
    )  # fmt: skip
    assert code == 2
    assert f"{form}: holds " in err and "tracked change(s); refused" in err
    assert load_edition(editions, "2024-02") == before


def test_comments_are_shown_and_kept_with_the_entry(workspace: Path) -> None:  # noqa: F811
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    document = Document(str(form))
    paragraph = next(p for p in document.paragraphs if "10,300 users" in p.text)
    document.add_comment(paragraph.runs, "Please check this figure", author="Sam Approver")
    document.save(str(form))
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 0, err
    assert "comment by Sam Approver on 'Introductory courses have attracted 10,300 users" in out
    assert ": Please check this figure" in out
    entry = load_edition(editions, "2024-02").entry("G2")
    assert entry is not None and entry.review is not None
    (kept,) = entry.review.comments or []
    assert (kept.author, kept.text, kept.form) == (
        "Sam Approver",
        "Please check this figure",
        "2024-02-gep.docx",
    )
    assert kept.passage.startswith("Introductory courses have attracted 10,300 users")


def test_toolbar_bullets_and_inserted_links_come_back_as_markdown(workspace: Path) -> None:  # noqa: F811
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    document = Document(str(form))
    rid = document.part.relate_to(
        "https://www.genomicseducation.hee.nhs.uk/passport",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    document.save(str(form))

    def add(root: etree._Element) -> None:
        last = paragraph_with(root, LAST)
        # What a toolbar bullet gives: direct numbering, the paragraph's style left as it was.
        bullet = fragment(
            '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr>'
            + run_xml("The ")
            + f'<w:hyperlink xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships" r:id="{rid}">{run_xml("Genomics Passport")}</w:hyperlink>'
            + run_xml(" launched in 2023.")
            + "</w:p>"
        )
        last.addnext(bullet)

    edit_body(form, add)
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 0, err
    entry = load_edition(editions, "2024-02").entry("G2")
    assert entry is not None
    link = "[Genomics Passport](https://www.genomicseducation.hee.nhs.uk/passport)"
    added = f"- The {link} launched in 2023."
    assert entry.narrative.endswith(LAST_LINE + "\n" + added)
    assert "+ initiative Genomics Passport" in out


LAST_LINE = (
    "- HEE NSHCS has reviewed 33 curricula for NHS scientists. New curricula with genomics "
    "content, is now in place for all trainees on Master's level Scientist Training Programmes."
)


def test_text_typed_outside_the_editable_parts_is_reported(workspace: Path) -> None:  # noqa: F811
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    before = load_edition(editions, "2024-02")

    def type_outside(root: etree._Element) -> None:
        heading = next(p for p in root.iter(w("p")) if "".join(p.itertext()).startswith("G3. "))
        heading.append(fragment(run_xml(" Please reword this.")))
        table = metrics_table(root, "completed by 33,700 learners")
        table.addnext(fragment(f"<w:p>{run_xml('A note typed after the table.')}</w:p>"))
        paragraph_with(root, "33,700 learners to date").append(fragment(run_xml(" Updated.")))

    edit_body(form, type_outside)
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 1
    assert f"{form}: G3: typed outside the editable parts, not applied: " in err
    assert "Please reword this." in err
    assert (
        f"{form}: G2: typed outside the editable parts, not applied: "
        "'A note typed after the table.'" in err
    )
    after = load_edition(editions, "2024-02")
    g2 = after.entry("G2")
    assert g2 is not None and "to date. Updated." in g2.narrative  # the editable part is applied
    assert after.entry("G3") == before.entry("G3")
    assert all("Please reword" not in e.narrative for e in after.entries)


def test_unchanged_forms_keep_their_markup_readable(workspace: Path) -> None:  # noqa: F811
    form = workspace / "forms" / "2024-02-gep.docx"
    body = etree.fromstring(read_part(form))
    assert not body.xpath("//w:ins | //w:del", namespaces=NS)
    assert "topolreport-issued-000" in read_part(form, "docProps/custom.xml").decode()


def test_a_tick_confirms_and_words_in_the_box_are_reported(workspace: Path) -> None:  # noqa: F811
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    document = Document(str(form))
    boxes = [p for p in document.paragraphs if p.text.startswith("No change this year:")]
    headings = [p.text[:3] for p in document.paragraphs if p.style.name == "Heading 1"]
    for paragraph, code in zip(boxes, headings, strict=True):
        if code == "G3.":  # clicked, as Word does it: the box's glyph and state both change
            (glyph,) = paragraph._p.xpath(".//w:sdtContent//w:t")
            glyph.text = "\u2612"
            (state,) = paragraph._p.xpath(".//w14:checked")
            state.set(qn("w14:val"), "1")
        if code == "G4.":
            paragraph.add_run(" not sure, ask Sam")
    completed = next(p for p in document.paragraphs if p.text.startswith("Completed by"))
    completed.add_run("Ann Other, Genomics lead")
    document.save(str(form))
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 1
    assert (
        "G4: typed outside the editable parts, not applied: " in err and "not sure, ask Sam" in err
    )
    g3 = load_edition(editions, "2024-02").entry("G3")
    assert g3 is not None and g3.review is not None
    assert (g3.review.state, g3.review.by) == ("confirmed", "Ann Other, Genomics lead")
    g4 = load_edition(editions, "2024-02").entry("G4")
    assert g4 is not None and g4.review is not None and g4.review.state == "carried-forward"


def test_paragraphs_inside_content_controls_are_read(workspace: Path) -> None:  # noqa: F811
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"

    def wrap(root: etree._Element) -> None:
        paragraph = paragraph_with(root, "33,700 learners to date")
        control = fragment("<w:sdt><w:sdtPr/><w:sdtContent/></w:sdt>")
        paragraph.addprevious(control)
        control.find(w("sdtContent")).append(paragraph)
        paragraph.append(fragment(run_xml(" Now 41,200.")))

    edit_body(form, wrap)
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 0, err
    g2 = load_edition(editions, "2024-02").entry("G2")
    assert g2 is not None and "learners to date. Now 41,200." in g2.narrative


def test_a_picture_and_a_comment_outside_any_entry_are_reported(
    workspace: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    from PIL import Image

    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    picture = tmp_path / "chart.png"
    Image.new("RGB", (8, 8), "red").save(picture)
    document = Document(str(form))
    paragraph = next(p for p in document.paragraphs if "10,300 users" in p.text)
    paragraph.add_run().add_picture(str(picture))
    document.add_comment(document.paragraphs[0].runs, "Whole form checked", author="Sam")
    document.save(str(form))
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 1
    assert f"{form}: G2: the snapshot holds text, not applied: '(a picture or shape)'" in err
    assert f"{form}: comment by Sam on " in err and ": Whole form checked" in err


def test_a_link_pasted_as_a_figure_s_source_is_kept(workspace: Path) -> None:  # noqa: F811
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    document = Document(str(form))
    rid = document.part.relate_to(
        "https://example.org/gep-dashboard",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    document.save(str(form))

    def paste(root: etree._Element) -> None:
        table = metrics_table(root, "completed by 33,700 learners")
        row = next(r for r in table.iter(w("tr")) if "33,700" in "".join(r.itertext()))
        cell = row.findall(w("tc"))[-1]
        cell.find(w("p")).append(
            fragment(
                f'<w:hyperlink xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships" r:id="{rid}">{run_xml("GEP dashboard")}</w:hyperlink>'
            )
        )

    edit_body(form, paste)
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 0, err
    g2 = load_edition(editions, "2024-02").entry("G2")
    assert g2 is not None
    source = {m.id: m.source for m in g2.metrics}["g2-learners"]
    assert source == "[GEP dashboard](https://example.org/gep-dashboard)"
    assert "~ metric g2-learners source: None -> " in out


def test_a_bullet_switched_off_with_the_toolbar_is_a_paragraph(workspace: Path) -> None:  # noqa: F811
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"

    def switch_off(root: etree._Element) -> None:
        bullet = paragraph_with(root, LAST)
        plain = copy.deepcopy(bullet)  # Enter after a bullet, then the bullet button: no list
        for old in plain.findall(w("r")):
            plain.remove(old)
        plain.find(w("pPr")).append(
            fragment('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>')
        )
        plain.append(fragment(run_xml("A closing sentence.")))
        bullet.addnext(plain)

    edit_body(form, switch_off)
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 0, err
    g2 = load_edition(editions, "2024-02").entry("G2")
    assert g2 is not None and g2.narrative.endswith(LAST_LINE + "\n\nA closing sentence.")
