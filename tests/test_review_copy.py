"""The review copy (`diff OLD NEW --format docx`, `build NEW --review-against OLD`): the new
edition's Word document with the changes since the old one as tracked changes and comments.

The editions are the real 2023 report and a next edition made from it: the report text edited
and imported as a user would (tests/test_diff_real.py's edits), then a few entries edited in the
snapshot (an entry added, one removed, a recommendation reworded, paragraphs added, removed and
rewritten, a numbered list shortened, a link target found). The documents are read back with
pandoc, LibreOffice, python-docx and as XML.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from topolreport.model import Edition, Entry, Initiative, Metric
from topolreport.render.docx import render_docx
from topolreport.render.review import render_review_docx
from topolreport.render.templates import Templates
from topolreport.render.viewmodel import build_view
from topolreport.store import load_edition, save_edition

from cli_runner import run
from factories import EDITS, SOURCE_2023, import_with_edits, small_edition
from office import Office, office_session  # noqa: F401  (the session's LibreOffice)
from tools import libreoffice_pdf_text, require_tool

Json = dict[str, Any]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
OLD, NEW = "2023-02", "2024-02"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --- the editions -----------------------------------------------------------------------------

E2_REMOVED = "HEE GEP's competency frameworks for key stages"
E2_REWRITTEN = "HEE's national KLS team have cascaded training"
E2_NEW_PARAGRAPH = "A genomics primer for educators was published in 2023. See also G3."
E4_LIST = (
    "Next steps:\n\n1. Publish the roles.\n2. Pilot them in two regions.\n3. Evaluate the pilots."
)
E4_LIST_NEW = "Next steps:\n\n1. Publish the roles.\n2. Evaluate the pilots."
G5_WORDING = ("Capacity should be built", "Capacity must be built")


def _edit_snapshots(editions: Path) -> None:
    """Edits no report text can carry: entries added and removed, wording, lists, links."""
    old = load_edition(editions, OLD)
    old.entries = [e for e in old.entries if e.code != "E14"]  # E14 is new in 2024
    e4 = old.entry("E4")
    assert e4 is not None
    e4.narrative += "\n\n" + E4_LIST
    save_edition(old, editions, force=True)

    new = load_edition(editions, NEW)
    new.entries = [e for e in new.entries if e.code != "OD5"]  # OD5 is gone in 2024
    g5 = new.entry("G5")
    assert g5 is not None
    g5.wording = new.recommendation_text(g5).replace(*G5_WORDING)
    e2 = new.entry("E2")
    assert e2 is not None
    paragraphs = e2.narrative.split("\n\n")
    paragraphs = [p for p in paragraphs if not p.startswith(E2_REMOVED)]
    paragraphs = [
        "Library staff now teach health literacy in every region, using the national programme."
        if p.startswith(E2_REWRITTEN)
        else p
        for p in paragraphs
    ]
    e2.narrative = "\n\n".join([*paragraphs, E2_NEW_PARAGRAPH])
    e4 = new.entry("E4")
    assert e4 is not None
    e4.narrative = (
        e4.narrative.replace("[report](#)", "[report](https://digital.nhs.uk/report)")
        + "\n\n"
        + E4_LIST_NEW
    )
    save_edition(new, editions, force=True)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    editions = import_with_edits(tmp_path_factory.mktemp("review"), EDITS, OLD, NEW)
    _edit_snapshots(editions)
    return editions


@pytest.fixture(scope="module")
def changes(editions: Path) -> Json:
    code, out, err = run("diff", OLD, NEW, "--format", "json", "--editions", str(editions))
    assert code == 1, err
    found: Json = json.loads(out)
    return found


@pytest.fixture(scope="module")
def review(editions: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("out") / "review.docx"
    code, _, err = run(
        "diff", OLD, NEW, "--format", "docx", "--output", str(output), "--editions", str(editions)
    )
    assert code == 1, err  # diff's exit code: there are changes
    return output


def changed_codes(changes: Json) -> set[str]:
    """The entries whose text the diff says changed (narrative or wording), added or removed."""
    return {
        item["recommendation"]
        for name in ("text_changes", "entries_added", "entries_removed")
        for item in changes[name]
    }


def test_the_edits_are_what_the_diff_sees(changes: Json) -> None:
    assert [i["recommendation"] for i in changes["entries_added"]] == ["E14"]
    assert [i["recommendation"] for i in changes["entries_removed"]] == ["OD5"]
    assert [i["recommendation"] for i in changes["wording_changes"]] == ["G5"]
    assert changed_codes(changes) == {
        "G2", "G3", "G4", "G5", "G8", "DM5", "AIR4", "E2", "E4", "E14", "OD5",
    }  # fmt: skip


# --- reading the document back ---------------------------------------------------------------


def document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def pandoc_json(path: Path) -> Json:
    pandoc = require_tool("pandoc")
    result = subprocess.run(
        [pandoc, "--track-changes=all", "-f", "docx", "-t", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    found: Json = json.loads(result.stdout)
    return found


def _walk(node: object) -> Iterator[Json]:
    if isinstance(node, dict):
        if "t" in node:
            yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _string(inlines: list[Json]) -> str:
    """The text of pandoc inlines, without the comments' own text."""
    parts = []
    for node in inlines:
        kind = node["t"]
        if kind == "Str":
            parts.append(node["c"])
        elif kind in ("Space", "SoftBreak"):
            parts.append(" ")
        elif kind == "Span" and "comment-start" not in node["c"][0][1]:
            parts.append(_string(node["c"][1]))
        elif kind in ("Strong", "Emph"):
            parts.append(_string(node["c"]))
        elif kind == "Link":
            parts.append(_string(node["c"][1]))
    return "".join(parts)


REVISION_CLASSES = {"insertion", "deletion", "paragraph-insertion", "paragraph-deletion"}


def revisions_by_entry(document: Json) -> dict[str, set[str]]:
    """Per recommendation code (the last level-3 heading above), the kinds of revisions pandoc
    found; revisions outside any entry count under "". A paragraph mark tracked at the end of
    the paragraph before an entry's heading belongs to that entry: an entry inserted or
    deleted whole at the end of a section is joined to the paragraph before it."""
    found: dict[str, set[str]] = {}
    entry = ""
    blocks = document["blocks"]
    for position, block in enumerate(blocks):
        if block["t"] == "Header":
            level, _, inlines = block["c"]
            entry = _string(inlines).split(".")[0] if level == 3 else ""
        classes: set[str] = set()
        for node in _walk(block):
            if node["t"] == "Span":
                classes.update(set(node["c"][0][1]) & REVISION_CLASSES)
        owner = entry
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        marks_only = classes and classes <= {"paragraph-insertion", "paragraph-deletion"}
        if marks_only and following is not None and following["t"] == "Header":
            level, _, inlines = following["c"]
            owner = _string(inlines).split(".")[0] if level == 3 else owner
        if classes:
            found.setdefault(owner, set()).update(classes)
    return found


def test_pandoc_finds_revisions_exactly_in_the_entries_that_changed(
    review: Path, changes: Json
) -> None:
    found = revisions_by_entry(pandoc_json(review))
    assert set(found) == changed_codes(changes)
    # Insertions and deletions both where words were replaced; whole paragraphs where added.
    assert found["G2"] == {"insertion", "deletion"}
    assert found["E14"] == {"insertion", "paragraph-insertion"}
    assert found["OD5"] == {"deletion", "paragraph-deletion"}
    assert {"paragraph-insertion", "paragraph-deletion"} <= found["E2"]


def test_revisions_have_one_author_and_the_new_editions_date(review: Path) -> None:
    root = document_xml(review)
    marks = root.xpath("//w:ins | //w:del | //w:pPrChange", namespaces=NS)
    assert len(marks) > 20
    ids = [mark.get(w("id")) for mark in marks]
    assert len(set(ids)) == len(ids)
    bookmark_ids = set(root.xpath("//w:bookmarkStart/@w:id", namespaces=NS))
    assert not bookmark_ids & set(ids)
    assert {mark.get(w("author")) for mark in marks} == {"topolreport (Health Education England)"}
    assert {mark.get(w("date")) for mark in marks} == {"2024-02-01T00:00:00Z"}
    assert root.xpath("//w:delText", namespaces=NS)
    assert not root.xpath("//w:del//w:t | //w:ins//w:delText", namespaces=NS)
    # A paragraph added or removed as a whole takes its comments' marks along with it.
    whole = root.xpath("//w:p[w:pPr/w:rPr/w:ins or w:pPr/w:rPr/w:del]", namespaces=NS)
    assert any(p.xpath(".//w:commentReference", namespaces=NS) for p in whole)
    assert not any(p.xpath("w:r[w:commentReference]", namespaces=NS) for p in whole)


# --- accept all, reject all ------------------------------------------------------------------


def _remove(element: etree._Element) -> None:
    element.getparent().remove(element)


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    position = parent.index(element)
    for child in reversed(list(element)):
        parent.insert(position, child)
    parent.remove(element)


def resolve_revisions(path: Path, accept: bool, by_mark: bool = False) -> docx.document.Document:
    """The document with every revision accepted (or rejected), done on the XML. `by_mark`:
    a joined paragraph takes the layout of the mark left (as Word lays paragraphs out)."""
    gone, kept = ("del", "ins") if accept else ("ins", "del")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    # A paragraph whose mark goes away joins the next one. The joined paragraph keeps the
    # first one's layout, unless nothing of the first one is left (LibreOffice; Word keeps the
    # layout of the mark that is left, which the review copy gives the same layout).
    joined = root.xpath(f"//w:p[w:pPr/w:rPr/w:{gone}]", namespaces=NS)
    for element in root.xpath(f"//w:{gone}[not(parent::w:rPr)]", namespaces=NS):
        _remove(element)
    for paragraph in joined:
        while paragraph.getparent() is not None and paragraph.xpath(
            f"w:pPr/w:rPr/w:{gone}", namespaces=NS
        ):
            following = paragraph.getnext()
            assert following is not None and following.tag == w("p")
            left = paragraph.xpath(".//w:t | .//w:delText", namespaces=NS)
            if left and by_mark:
                paragraph.extend(child for child in following if child.tag != w("pPr"))
                _remove(paragraph.find(w("pPr")))
                if following.find(w("pPr")) is not None:
                    paragraph.insert(0, following.find(w("pPr")))
                _remove(following)
            elif left:
                paragraph.extend(child for child in following if child.tag != w("pPr"))
                _remove(paragraph.find(f"{w('pPr')}/{w('rPr')}"))
                mark_after = following.find(f"{w('pPr')}/{w('rPr')}")
                if mark_after is not None:
                    paragraph.find(w("pPr")).append(mark_after)
                _remove(following)
            else:
                position = 1 if following.find(w("pPr")) is not None else 0
                for child in reversed([c for c in paragraph if c.tag != w("pPr")]):
                    following.insert(position, child)
                _remove(paragraph)
    for mark in root.xpath(f"//w:pPr/w:rPr/w:{kept}", namespaces=NS):
        _remove(mark)
    for element in root.xpath(f"//w:{gone}", namespaces=NS):
        _remove(element)
    for element in root.xpath(f"//w:{kept}", namespaces=NS):
        _unwrap(element)
    for text in root.xpath("//w:delText", namespaces=NS):
        text.tag = w("t")
    for change in root.xpath("//w:pPrChange", namespaces=NS):
        properties = change.getparent()
        if not accept:  # the paragraph's former properties come back
            former = change.find(w("pPr"))
            for child in list(properties):
                if child.tag not in (w("rPr"), w("pPrChange")):
                    properties.remove(child)
            for position, child in enumerate(list(former)):
                properties.insert(position, child)
        _remove(change)
    assert not root.xpath("//w:ins | //w:del | //w:delText", namespaces=NS)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def own_rendering(editions: Path, edition_id: str) -> docx.document.Document:
    view = build_view(load_edition(editions, edition_id))
    return docx.Document(io.BytesIO(render_docx(view, Templates.at())))


Lines = list[tuple[str, str]]


def lines(document: docx.document.Document) -> Lines:
    return [(p.style.name if p.style else "", p.text) for p in document.paragraphs]


def without_summary(found: Lines) -> Lines:
    """The review copy's paragraphs without its summary page (which no edition has)."""
    start = found.index(("TOC Heading", "Changes for review"))
    end = next(i for i in range(start, len(found)) if found[i][0] == "Heading 1")
    return found[:start] + found[end:]


def progress_section(found: Lines) -> Lines:
    """From the progress heading to the next section: panels, entries, narratives."""
    start = found.index(("Heading 1", "Progress towards recommendations"))
    end = next(i for i in range(start + 1, len(found)) if found[i][0] == "Heading 1")
    return found[start:end]


def entries(found: Lines) -> dict[str, Lines]:
    """Each entry's heading and paragraphs, by code."""
    result: dict[str, Lines] = {}
    current = None
    for style, text in progress_section(found):
        if style == "Heading 3":
            current = text.split(".")[0]
            result[current] = []
        elif style.startswith("Heading"):
            current = None
        if current is not None:
            result[current].append((style, text))
    return result


def test_accepting_every_change_gives_the_new_edition(review: Path, editions: Path) -> None:
    accepted = lines(resolve_revisions(review, accept=True))
    expected = lines(own_rendering(editions, NEW))
    assert entries(accepted) == entries(expected)
    assert without_summary(accepted) == expected  # and everything around them


def test_rejecting_every_change_gives_the_old_editions_text(review: Path, editions: Path) -> None:
    rejected = entries(lines(resolve_revisions(review, accept=False)))
    expected = entries(lines(own_rendering(editions, OLD)))
    assert list(rejected) == list(expected)  # every entry, in the old order
    for code, paragraphs in expected.items():
        assert rejected[code] == paragraphs, code


def test_a_shortened_numbered_list_keeps_counting_in_one_list(review: Path) -> None:
    root = document_xml(review)
    items = root.xpath(
        "//w:p[w:pPr/w:pStyle/@w:val='ListNumber'][contains(string(.), 'Publish the roles')]"
        "/following-sibling::w:p[position() <= 2]",
        namespaces=NS,
    )
    deleted, kept = items
    assert "".join(deleted.xpath(".//w:delText/text()", namespaces=NS)) == (
        "Pilot them in two regions."
    )
    assert deleted.xpath("w:pPr/w:rPr/w:del", namespaces=NS)
    number = "w:pPr/w:numPr/w:numId/@w:val"
    assert deleted.xpath(number, namespaces=NS) == kept.xpath(number, namespaces=NS)


# --- comments --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    text: str
    entry: str  # the code of the entry it is in
    anchored: str  # the text it is anchored on (deleted and inserted words alike)


def comments(path: Path) -> list[Comment]:
    with zipfile.ZipFile(path) as archive:
        notes = etree.fromstring(archive.read("word/comments.xml"))
        types = archive.read("[Content_Types].xml").decode()
        relationships = archive.read("word/_rels/document.xml.rels").decode()
    assert 'PartName="/word/comments.xml"' in types
    assert "wordprocessingml.comments+xml" in types
    assert re.search(r'Type="[^"]+/comments" Target="comments.xml"', relationships)
    texts = {
        c.get(w("id")): "".join(c.itertext()) for c in notes.iter(w("comment"))
    }  # fmt: skip
    found: dict[str, list[str]] = {}
    where: dict[str, str] = {}
    entry = ""
    root = document_xml(path)
    for element in root.iter():
        if element.tag == w("p"):
            style = element.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)
            if style == "Heading3":
                entry = "".join(element.xpath(".//w:t/text() | .//w:delText/text()", namespaces=NS))
                entry = entry.split(".")[0]
        elif element.tag == w("commentRangeStart"):
            found[element.get(w("id"))] = []
            where[element.get(w("id"))] = entry
        elif element.tag == w("commentRangeEnd"):
            found[element.get(w("id"))].append("\0")  # closed
        elif element.tag in (w("t"), w("delText")):
            for parts in found.values():
                if not parts or parts[-1] != "\0":
                    parts.append(element.text or "")
    assert set(texts) == set(found)  # every comment anchored, every anchor a comment
    return [
        Comment(texts[i], where[i], "".join(found[i]).rstrip("\0")) for i in sorted(found, key=int)
    ]


def test_comments_say_what_changed_beside_the_passage(review: Path) -> None:
    found = {(c.entry, c.text): c.anchored for c in comments(review)}
    # The old figure, deleted right before the new one, is in the comment's range too.
    assert found[("G2", "Metric rose from 33,700 to 41,200 (+22%)")] == "33,700 41,200 learners"
    assert found[("G4", "Metric rose from 2,449 to 2,913 (+19%)")] == "2,449 2,913 NHS staff"
    assert found[("G4", "Metric rose from 11,389 to 13,870 (+22%)")] == "11,389 13,870 modules"
    # The range spans the new phrase, so the old figure deleted inside it is in it too.
    assert found[("G8", "Metric fell from over 2,600 to over 2,100 (-19%)")] == (
        "over 2,600 2,100 visitors"
    )
    assert found[("AIR4", "New initiative: AI Industry Exchange Network")] == (
        "AI Industry Exchange Network"
    )
    assert found[("G3", "Renamed from GeNotes")] == "GeNotes Online"
    # A removed initiative is anchored on its (deleted) name.
    assert found[("DM5", "Initiative removed: Evidence Standards Framework")] == (
        "Evidence Standards Framework"
    )
    # Whole entries on their heading; stalled recommendations only on the summary page.
    assert not [text for _, text in found if text.startswith("Stalled")]
    # E14 names one initiative; "University Technical Colleges" are its partner organisations.
    assert found[("E14", "New entry since 2023-02 (1 initiative, 0 metrics)")].startswith("E14.")
    assert ("OD5", "Entry removed: it was in 2023-02 (1 initiative, 0 metrics)") in found


def test_every_moved_figure_comment_holds_the_old_and_the_new_figure(review: Path) -> None:
    moved = [c for c in comments(review) if re.match(r"Metric (rose|fell) from ", c.text)]
    assert len(moved) == 4
    for comment in moved:
        old, new = re.findall(r"from (.+) to (.+) \(", comment.text)[0]
        assert old.split()[-1] in comment.anchored and new.split()[-1] in comment.anchored, comment


def test_stalled_recommendations_are_linked_once_on_the_summary_page(
    review: Path, changes: Json
) -> None:
    assert not [c for c in comments(review) if "stalled" in c.text.lower()]
    document = docx.Document(str(review))
    (listing,) = [p for p in document.paragraphs if p.text.startswith("Stalled recommendations")]
    links = [
        (link.get(w("anchor")), "".join(t.text or "" for t in link.iter(w("t"))))
        for link in listing._p.iter(w("hyperlink"))
    ]
    assert ("rec_e1", "E1") in links and ("rec_od3", "OD3") in links
    assert [text for _, text in links] == [item["recommendation"] for item in changes["stalled"]]


def test_the_summary_counts_the_changes_and_lists_the_stalled(review: Path, changes: Json) -> None:
    document = docx.Document(str(review))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Changes for review")
    summary = texts[start : start + 4]
    assert summary[2].startswith(f"{changes['summary']['changes']} changes, 1 fell; ")
    codes = [item["recommendation"] for item in changes["stalled"]]
    assert summary[3] == f"Stalled recommendations ({len(codes)}): {', '.join(codes)}."
    table = document.tables[0]
    rows = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    assert rows["Metrics changed"] == "4"
    assert rows["Metrics that fell"] == "1"
    assert rows["Entries added"] == "1"
    assert rows["Recommendation wording changed"] == "1"
    assert rows["Stalled recommendations"] == str(len(codes))


# --- LibreOffice -----------------------------------------------------------------------------


def test_libreoffice_opens_and_converts_it(review: Path, tmp_path: Path) -> None:
    text = libreoffice_pdf_text(review, tmp_path)
    text = re.sub(r"\s+", " ", text)
    assert "Changes for review" in text
    # LibreOffice shows tracked changes: the old and the new figure are both on the page.
    assert "33,700 41,200 learners" in text
    assert "E14. Education providers should both offer" in text


# --- no changes, determinism, options --------------------------------------------------------


def test_an_unchanged_pair_has_no_revisions(tmp_path: Path) -> None:
    editions = tmp_path / "editions"
    text = SOURCE_2023.read_text(encoding="utf-8").replace("February 2023", "February 2024")
    source = tmp_path / "same.txt"
    source.write_text(text, encoding="utf-8")
    for path, edition_id in ((SOURCE_2023, OLD), (source, NEW)):
        assert (
            run("import", str(path), "--edition", edition_id, "--editions", str(editions))[0] == 0
        )
    output = tmp_path / "same.docx"
    code, _, err = run("diff", OLD, NEW, "--format", "docx", "-o", str(output),
                       "--editions", str(editions))  # fmt: skip
    assert code == 0, err  # no changes
    root = document_xml(output)
    assert not root.xpath("//w:ins | //w:del | //w:delText | //w:pPrChange", namespaces=NS)
    with zipfile.ZipFile(output) as archive:
        assert "word/comments.xml" not in archive.namelist()  # nothing to comment on
    texts = [p.text for p in docx.Document(str(output)).paragraphs]
    assert any(text.startswith("Stalled recommendations (43): P1, P2, HI1, G1") for text in texts)
    assert lines(docx.Document(str(output)))[-1] == lines(own_rendering(editions, NEW))[-1]


def test_the_same_inputs_give_the_same_bytes(editions: Path, review: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.docx"
    run("diff", OLD, NEW, "--format", "docx", "-o", str(again), "--editions", str(editions))
    assert again.read_bytes() == review.read_bytes()


def test_author_and_source_date_epoch(editions: Path, tmp_path: Path) -> None:
    output = tmp_path / "signed.docx"
    code, _, err = run("diff", OLD, NEW, "--format", "docx", "-o", str(output),
                       "--author", "Jo Reviewer", "--editions", str(editions),
                       env={"SOURCE_DATE_EPOCH": "1717243200"})  # fmt: skip
    assert code == 1, err
    root = document_xml(output)
    marks = root.xpath("//w:ins | //w:del", namespaces=NS)
    assert {m.get(w("author")) for m in marks} == {"Jo Reviewer"}
    assert {m.get(w("date")) for m in marks} == {"2024-06-01T12:00:00Z"}
    with zipfile.ZipFile(output) as archive:
        notes = etree.fromstring(archive.read("word/comments.xml"))
    assert {c.get(w("author")) for c in notes.iter(w("comment"))} == {"Jo Reviewer"}
    assert {c.get(w("initials")) for c in notes.iter(w("comment"))} == {"JR"}
    assert {c.get(w("date")) for c in notes.iter(w("comment"))} == {"2024-06-01T12:00:00Z"}


def test_track_changes_is_on_for_the_reviewers_own_edits(review: Path) -> None:
    with zipfile.ZipFile(review) as archive:
        settings = etree.fromstring(archive.read("word/settings.xml"))
    assert settings.find(w("trackRevisions")) is not None
    assert settings.find(w("updateFields")) is None
    # where the schema orders it (CT_Settings): after w:proofState, before w:defaultTabStop
    tags = [child.tag for child in settings]
    assert tags.index(w("proofState")) < tags.index(w("trackRevisions"))
    assert tags.index(w("trackRevisions")) < tags.index(w("defaultTabStop"))


def test_build_review_against(editions: Path, review: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, err = run("build", NEW, "--review-against", OLD, "--out", str(out),
                            "--editions", str(editions))  # fmt: skip
    assert code == 0, err
    built = out / "topol-review-progress-2024-02-review-against-2023-02.docx"
    assert sorted(p.name for p in out.iterdir()) == [".topolreport-build.json", built.name]
    assert built.read_bytes() == review.read_bytes()
    assert "Review" in stdout and built.name in stdout
    # With --format, the edition's own documents are built beside it.
    code, _, err = run("build", NEW, "--review-against", OLD, "--format", "html",
                       "--out", str(out), "--editions", str(editions))  # fmt: skip
    assert code == 0, err
    assert (out / "topol-review-progress-2024-02.html").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "2022-02", NEW, "--format", "docx", "-o", "{out}"], "unknown edition"),
        (["diff", OLD, NEW, "--format", "docx"], "--output"),
        (["build", NEW, "--review-against", "2022-02", "--out", "{dir}"], "unknown edition"),
        (["build", NEW, "--author", "Jo", "--out", "{dir}"], "--review-against"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    editions: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out.docx"
    args = [a.format(out=out, dir=tmp_path / "built") for a in args]
    code, _, err = run(*args, "--editions", str(editions))
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not out.exists() and not (tmp_path / "built").exists()


def test_an_existing_output_is_kept_without_force(editions: Path, tmp_path: Path) -> None:
    output = tmp_path / "review.docx"
    output.write_bytes(b"a reviewer's notes")
    code, _, err = run("diff", OLD, NEW, "--format", "docx", "-o", str(output),
                       "--editions", str(editions))  # fmt: skip
    assert code == 2 and "already exists" in err and "--force" in err
    assert output.read_bytes() == b"a reviewer's notes"
    code, _, _ = run("diff", OLD, NEW, "--format", "docx", "-o", str(output), "--force",
                     "--editions", str(editions))  # fmt: skip
    assert code == 1 and output.read_bytes()[:2] == b"PK"


# --- panels and codes that come and go (small hand-made editions) ------------------------------


def test_a_panel_removed_and_an_entry_whose_code_grew(tmp_path: Path) -> None:
    old = small_edition("2023-02").model_copy(update={"date": "2023-02"})
    old.catalogue.panels[0].recommendations[1].code = "D2"  # joined with AI1 in 2024
    old.entries[1] = Entry(code="D2", narrative="See D1.")
    new = small_edition("2024-02")
    new.catalogue = new.catalogue.model_copy(update={"panels": new.catalogue.panels[:1]})
    new.entries = [new.entries[0], Entry(code="D2/AI1", narrative="See D1. Posts now have time.")]
    path = tmp_path / "review.docx"
    path.write_bytes(render_review_docx(old, new, Templates.at()))

    def own(edition: Edition) -> Lines:
        return lines(docx.Document(io.BytesIO(render_docx(build_view(edition), Templates.at()))))

    accepted = progress_section(lines(resolve_revisions(path, accept=True)))
    rejected = progress_section(lines(resolve_revisions(path, accept=False)))
    assert accepted == progress_section(own(new))
    assert rejected == progress_section(own(old))
    assert ("Heading 2", "Skills recommendations") in rejected  # the panel, deleted as a whole
    assert ("Heading 3", "D2/AI1. Posts should have protected time.") in accepted
    root = document_xml(path)
    assert root.xpath("//w:p[w:pPr/w:rPr/w:del][w:pPr/w:pStyle/@w:val='Heading2']", namespaces=NS)
    # The removed entry keeps its bookmark, so links to it from deleted text still work.
    assert root.xpath("//w:bookmarkStart[@w:name='rec_s1']", namespaces=NS)
    targets = set(root.xpath("//w:hyperlink/@w:anchor", namespaces=NS))
    assert targets <= set(root.xpath("//w:bookmarkStart/@w:name", namespaces=NS))


# --- Accept All and Reject All in LibreOffice --------------------------------------------------


def _numbered(document: docx.document.Document) -> dict[str, Lines]:
    """Each entry's paragraphs (style, text), "• " before those LibreOffice numbers."""
    found = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style else ""
        numbered = paragraph._p.xpath("./w:pPr/w:numPr/w:numId[@w:val != '0']")
        found.append((style, ("• " if numbered else "") + paragraph.text))
    return entries(found)


def _through_libreoffice(office: Office, path: Path, steps: list[str], saved: Path) -> Path:
    """Open `path` in LibreOffice, do `steps`, save it as Word: the saved file."""
    answer = office.run(
        [
            {"do": "open", "path": str(path)},
            *({"do": step} for step in steps),
            {"do": "count_changes", "key": "left"},
            {"do": "save_docx", "path": str(saved)},
        ]
    )
    assert answer["left"] == 0
    return saved


def _edition_docx(editions: Path, edition_id: str, folder: Path) -> Path:
    path = folder / f"{edition_id}.docx"
    view = build_view(load_edition(editions, edition_id))
    path.write_bytes(render_docx(view, Templates.at()))
    return path


def _comment_texts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        if "word/comments.xml" not in archive.namelist():
            return {}
        notes = etree.fromstring(archive.read("word/comments.xml"))
    return {c.get(w("id")): "".join(c.itertext()) for c in notes.iter(w("comment"))}


def anchors_once_resolved(review: Path, accept: bool) -> list[tuple[str, str]]:
    """(comment, the words of its range) once every change of the review copy is accepted (or
    rejected), in the order of their marks. A comment whose range keeps no words is not listed:
    it goes with the change it is on."""
    texts = _comment_texts(review)
    words: dict[str, list[str]] = {}
    open_ranges: set[str] = set()
    order: list[str] = []
    for element in document_xml(review).iter():
        number = element.get(w("id"))
        if element.tag == w("commentRangeStart"):
            open_ranges.add(number)
            words[number] = []
        elif element.tag == w("commentRangeEnd"):
            open_ranges.discard(number)
        elif element.tag == w("commentReference"):
            order.append(number)
        elif element.tag in (w("t"), w("delText")):
            inserted = bool(element.xpath("ancestor::w:ins", namespaces=NS))
            if (element.tag == w("t")) if accept else not inserted:
                for name in open_ranges:
                    words[name].append(element.text or "")
    found = [(texts[number], "".join(words[number])) for number in order]
    return [(text, at) for text, at in found if at.strip()]


def anchors(document: Path) -> list[tuple[str, str, bool]]:
    """(comment, its words, whether it has a range) for every comment of `document`, in the
    order of their marks: the words of its range or, for a comment at a point, the words of its
    paragraph before its mark."""
    texts = _comment_texts(document)
    words: dict[str, list[str]] = {}
    open_ranges: set[str] = set()
    before: list[str] = []
    found: list[tuple[str, str, bool]] = []
    for element in document_xml(document).iter():
        number = element.get(w("id"))
        if element.tag == w("p"):
            before = []
        elif element.tag == w("commentRangeStart"):
            open_ranges.add(number)
            words[number] = []
        elif element.tag == w("commentRangeEnd"):
            open_ranges.discard(number)
        elif element.tag == w("commentReference"):
            ranged = number in words
            found.append((texts[number], "".join(words[number] if ranged else before), ranged))
        elif element.tag == w("t"):
            before.append(element.text or "")
            for name in open_ranges:
                words[name].append(element.text or "")
    return found


def assert_comments_resolved(review: Path, resolved: Path, accept: bool) -> None:
    """Every comment on words that stay is kept on those words; every comment on words that
    went is gone with them: none left behind on nothing, none lost."""
    wanted = anchors_once_resolved(review, accept)
    found = anchors(resolved)
    assert [text for text, _, _ in found] == [text for text, _ in wanted]
    for (text, words, ranged), (_, at) in zip(found, wanted, strict=True):
        # LibreOffice reads a comment whose mark is inside its range as one at its mark (see
        # docs/review-copy.md): right after the words it is on.
        assert words == at if ranged else words.endswith(at), (text, words, at)


@pytest.mark.parametrize(("step", "edition_id"), [("accept_all", NEW), ("reject_all", OLD)])
def test_libreoffice_accept_all_and_reject_all_give_each_editions_entries(
    office: Office, review: Path, editions: Path, tmp_path: Path, step: str, edition_id: str
) -> None:
    resolved = _through_libreoffice(office, review, [step], tmp_path / f"{step}.docx")
    plain = _edition_docx(editions, edition_id, tmp_path)
    found = docx.Document(str(resolved))
    wanted = docx.Document(str(plain))
    assert list(entries(lines(found))) == list(entries(lines(wanted)))
    for code, paragraphs in entries(lines(wanted)).items():
        assert entries(lines(found))[code] == paragraphs, code
    assert progress_section(lines(found)) == progress_section(lines(wanted))  # panels too
    # Numbered as LibreOffice numbers the edition's own document: no stray list item.
    saved = docx.Document(str(_through_libreoffice(office, plain, [], tmp_path / "plain.docx")))
    listed, wanted_listed = _numbered(found), _numbered(saved)
    for code, paragraphs in wanted_listed.items():
        assert listed[code] == paragraphs, code
    # Every comment on text that stays keeps that text; those on text that went are gone.
    assert_comments_resolved(review, resolved, accept=step == "accept_all")
    assert len(anchors(resolved)) < len(anchors(review))  # (some went with their text)


@pytest.mark.parametrize("step", ["accept_all", "reject_all"])
def test_libreoffice_resolves_a_panel_deleted_at_the_end_of_the_section(
    office: Office, tmp_path: Path, step: str
) -> None:
    old = small_edition("2023-02").model_copy(update={"date": "2023-02"})
    new = small_edition("2024-02")
    new.catalogue = new.catalogue.model_copy(update={"panels": new.catalogue.panels[:1]})
    new.entries = new.entries[:2]
    review = tmp_path / "review.docx"
    review.write_bytes(render_review_docx(old, new, Templates.at()))
    resolved = docx.Document(str(_through_libreoffice(office, review, [step], tmp_path / "r.docx")))
    edition = new if step == "accept_all" else old
    plain = tmp_path / "plain.docx"
    plain.write_bytes(render_docx(build_view(edition), Templates.at()))
    assert progress_section(lines(resolved)) == progress_section(lines(docx.Document(str(plain))))
    # The heading after the section keeps its own style, with no list or heading left over.
    after = lines(resolved)
    start = after.index(("Heading 1", "Summary"))
    assert after[start + 1] == ("Normal", "Much done; more to do.")


def _edge_editions() -> tuple[Edition, Edition]:
    """Small editions with the cases a review copy finds hardest: an entry deleted whole, one
    added whole, the last item of a list deleted and another added (each the place of a
    comment), and a figure that moved."""

    def d1(users: int, as_of: str, last_item: str, initiative: Initiative) -> Entry:
        return Entry(
            code="D1",
            narrative=f"The [Data Hub](#) now has over {users:,} users.\n\n- Data Hub training\n"
            f"- {last_item}",
            initiatives=[Initiative(id="data-hub", name="Data Hub"), initiative],
            metrics=[
                Metric(
                    id="d1-users", value=users, qualifier="over", unit="users",
                    label="the Data Hub has users", text=f"over {users:,} users", as_of=as_of,
                )
            ],
        )  # fmt: skip

    old = small_edition("2023-02").model_copy(update={"date": "2023-02"})
    old.entries = [
        d1(2000, "2023-02", "The [Data Helpdesk](#) answers questions.",
           Initiative(id="helpdesk", name="Data Helpdesk")),
        Entry(code="D2/AI1", narrative="[Protected Time](#) pilots started.",
              initiatives=[Initiative(id="time", name="Protected Time")]),
    ]  # fmt: skip
    new = small_edition("2024-02")
    new.entries = [
        d1(2500, "2024-02", "The [Coding Clinic](#) runs monthly sessions.",
           Initiative(id="clinic", name="Coding Clinic")),
        Entry(code="S1", narrative="Courses run.\n\n- Course A\n- The [Course Hub](#) lists them.",
              initiatives=[Initiative(id="course-hub", name="Course Hub")]),
    ]  # fmt: skip
    return old, new


def _list_end_editions() -> tuple[Edition, Edition]:
    """A list dropped from the end of an entry and one added at the end of another, each
    followed by a heading: the paragraph before the list joins the list's last mark."""
    old = small_edition("2023-02").model_copy(update={"date": "2023-02"})
    new = small_edition("2024-02")
    old.entries[0] = old.entries[0].model_copy(
        update={"narrative": old.entries[0].narrative + "\n\n- Pilot one\n- Pilot two"}
    )
    new.entries[1] = Entry(code="D2/AI1", narrative="See D1.\n\n1. Plan the posts.\n2. Fund them.")
    return old, new


@pytest.fixture(scope="module")
def list_end_review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    old, new = _list_end_editions()
    path = tmp_path_factory.mktemp("list-end") / "review.docx"
    path.write_bytes(render_review_docx(old, new, Templates.at()))
    return path


@pytest.mark.parametrize("accept", [True, False])
@pytest.mark.parametrize("by_mark", [True, False], ids=["marks' layout", "first's layout"])
@pytest.mark.parametrize("case", ["list_end", "edge"])
def test_either_joining_rule_gives_each_edition(
    case: str, by_mark: bool, accept: bool, tmp_path: Path
) -> None:
    """Accept All (Reject All) gives the new (old) edition's progress section whether a joined
    paragraph takes the layout of its mark (Word) or of its first paragraph (LibreOffice)."""
    old, new = _list_end_editions() if case == "list_end" else _edge_editions()
    path = tmp_path / "review.docx"
    path.write_bytes(render_review_docx(old, new, Templates.at()))
    resolved = lines(resolve_revisions(path, accept, by_mark))
    own = docx.Document(io.BytesIO(render_docx(build_view(new if accept else old), Templates.at())))
    assert progress_section(resolved) == progress_section(lines(own))


def test_a_joined_paragraph_keeps_its_own_layout_in_word(list_end_review: Path) -> None:
    """Word lays a paragraph out by its mark. Where the mark before a list that came or went is
    the tracked one, the list's last mark holds the layout of the paragraph before the list for
    the outcome in which the two join, and the list's own as the former (or current) one."""
    root = document_xml(list_end_review)
    paragraphs = root.xpath("//w:body/w:p", namespaces=NS)
    joins = [p for p in paragraphs if p.xpath("w:pPr/w:rPr/w:ins|w:pPr/w:rPr/w:del", namespaces=NS)
             and p.xpath("w:r/w:t", namespaces=NS)]  # fmt: skip
    assert [p.xpath("string(.)") for p in joins] == [
        "The Data Hub now has over 2,000 users. See also S1.",
        "See D1.",
    ]
    for before in joins:
        deleted = bool(before.xpath("w:pPr/w:rPr/w:del", namespaces=NS))
        last = before.getnext()
        while last.xpath("w:pPr/w:rPr/w:ins|w:pPr/w:rPr/w:del", namespaces=NS):
            last = last.getnext()
        style = "string(w:pPr/w:pStyle/@w:val)"
        former = "string(w:pPr/w:pPrChange/w:pPr/w:pStyle/@w:val)"
        joined = before.xpath(style, namespaces=NS)
        listed = "ListBullet" if deleted else "ListNumber"
        # Accepting a deletion joins them (the current layout), rejecting an insertion too
        # (the former one).
        found = (last.xpath(style, namespaces=NS), last.xpath(former, namespaces=NS))
        assert found == ((joined, listed) if deleted else (listed, joined))
        if not deleted:  # the numbered list's own numbering is current, none the former
            assert last.xpath("w:pPr/w:numPr", namespaces=NS)
            assert not last.xpath("w:pPr/w:pPrChange/w:pPr/w:numPr", namespaces=NS)


@pytest.mark.parametrize("step", ["accept_all", "reject_all"])
def test_libreoffice_resolves_lists_that_came_or_went_at_the_end_of_an_entry(
    office: Office, list_end_review: Path, tmp_path: Path, step: str
) -> None:
    _resolves_to_the_edition(office, list_end_review, _list_end_editions(), step, tmp_path)


def _resolves_to_the_edition(
    office: Office, review: Path, editions: tuple[Edition, Edition], step: str, folder: Path
) -> Path:
    """Accept All (Reject All) in LibreOffice gives the new (old) edition's progress section,
    numbered as LibreOffice numbers that edition's own document: the resolved document."""
    edition = editions[1] if step == "accept_all" else editions[0]
    resolved = _through_libreoffice(office, review, [step], folder / "resolved.docx")
    plain = folder / "plain.docx"
    plain.write_bytes(render_docx(build_view(edition), Templates.at()))
    found, wanted = docx.Document(str(resolved)), docx.Document(str(plain))
    assert progress_section(lines(found)) == progress_section(lines(wanted))
    saved = docx.Document(str(_through_libreoffice(office, plain, [], folder / "saved.docx")))
    assert _numbered(found) == _numbered(saved)  # no stray bullet where an item came or went
    return resolved


@pytest.fixture(scope="module")
def edge_review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    old, new = _edge_editions()
    path = tmp_path_factory.mktemp("edge") / "review.docx"
    path.write_bytes(render_review_docx(old, new, Templates.at()))
    return path


def test_the_edge_cases_carry_the_comments_they_are_made_for(edge_review: Path) -> None:
    found = {text for text, _, _ in anchors(edge_review)}
    assert found == {
        "Metric rose from over 2,000 to over 2,500 (+25%)",
        "Initiative removed: Data Helpdesk",  # on the deleted last list item
        "New initiative: Coding Clinic",  # on the inserted last list item
        "Entry removed: it was in 2023-02 (1 initiative, 0 metrics)",
        "New entry since 2023-02 (1 initiative, 0 metrics)",
    }


@pytest.mark.parametrize("review_copy", ["review", "edge_review"])
def test_comment_marks_sit_with_the_change_they_belong_to(
    review_copy: str, request: pytest.FixtureRequest
) -> None:
    """The WordprocessingML Word reads: each comment's range starts and ends in one paragraph;
    its mark is inside a tracked change exactly when every word of its range is on one side
    of that change (then accepting or rejecting it takes the comment too, ECMA-376 §17.13.4)."""
    root = document_xml(request.getfixturevalue(review_copy))
    for start in root.iter(w("commentRangeStart")):
        number = start.get(w("id"))
        paragraph = start.xpath("ancestor::w:p[1]", namespaces=NS)[0]
        end = paragraph.xpath(f".//w:commentRangeEnd[@w:id='{number}']", namespaces=NS)
        mark = paragraph.xpath(f".//w:r[w:commentReference/@w:id='{number}']", namespaces=NS)
        assert end and mark, number
        sides: set[str] = set()
        inside = False
        for element in paragraph.iter(w("commentRangeStart"), w("commentRangeEnd"), w("r")):
            if element.get(w("id")) == number:
                inside = element.tag == w("commentRangeStart")
            elif inside and element.tag == w("r") and element.xpath("w:t|w:delText", namespaces=NS):
                revision = element.xpath("ancestor::w:ins|ancestor::w:del", namespaces=NS)
                sides.add(etree.QName(revision[0]).localname if revision else "kept")
        wrapper = mark[0].xpath("ancestor::w:ins|ancestor::w:del", namespaces=NS)
        if sides in ({"ins"}, {"del"}):
            assert wrapper and etree.QName(wrapper[0]).localname in sides, number
        else:
            assert not wrapper, number
    # A paragraph inserted or deleted whole has its paragraph mark tracked as well.
    for paragraph in root.iter(w("p")):
        texts = paragraph.xpath(".//w:t|.//w:delText", namespaces=NS)
        tracked = [t.xpath("ancestor::w:ins|ancestor::w:del", namespaces=NS) for t in texts]
        if texts and all(tracked) and len({etree.QName(r[0]).localname for r in tracked}) == 1:
            kind = etree.QName(tracked[0][0]).localname
            previous = paragraph.getprevious()
            marks = [paragraph, *([previous] if previous is not None else [])]
            assert any(p.xpath(f"w:pPr/w:rPr/w:{kind}", namespaces=NS) for p in marks)


@pytest.mark.parametrize("step", ["accept_all", "reject_all"])
def test_libreoffice_resolves_the_edge_cases_with_their_comments(
    office: Office, edge_review: Path, tmp_path: Path, step: str
) -> None:
    resolved = _resolves_to_the_edition(office, edge_review, _edge_editions(), step, tmp_path)
    assert_comments_resolved(edge_review, resolved, accept=step == "accept_all")
    assert len(anchors(resolved)) == 3  # two of the five went with their text
