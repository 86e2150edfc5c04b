"""The built PDFs as a screen reader meets them: their structure tree walked with pikepdf,
then PyPI's `pdfua` checker (a partial PDF/UA-1 check: veraPDF is not installable here).
Pages are also rendered to pictures (pdftoppm) beside the PDFs, to look at."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from topolreport.store import load_edition

from pdf_tree import Element, Tree, read_tree
from publications import EDITIONS, Publications, publications
from tools import require_tool


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Publications:
    return publications(tmp_path_factory)


@pytest.fixture(scope="module", params=["edition", "changes"])
def pdf(request: pytest.FixtureRequest, built: Publications) -> Path:
    return built.edition_pdf if request.param == "edition" else built.changes_pdf


@pytest.fixture(scope="module")
def tree(pdf: Path) -> Tree:
    return read_tree(pdf)


def test_pagination_is_artifact_and_all_content_is_in_the_tree(tree: Tree) -> None:
    reached = tree.reached()
    for index, marked in enumerate(tree.marked):
        assert {(index, mcid) for mcid in marked} <= reached, f"page {index + 1}"
    # The parent tree names, for each marked item, the element that holds it.
    nums = list(tree.pdf.Root.StructTreeRoot.ParentTree.Nums)
    parent_tree = dict(zip(nums[::2], nums[1::2], strict=True))
    for element in tree.elements():
        for page, mcid in element.mcids:
            key = int(tree.pdf.pages[page].obj.StructParents)
            assert parent_tree[key][mcid].objgen == element.obj.objgen
    inner = range(2, len(tree.marked) - 1)  # not the cover, the contents or the back page
    for index in inner:
        assert tree.artifacts[index]["/Pagination"] == 2, f"page {index + 1}"


def _contents_links(tree: Tree) -> list[Element]:
    return [link for link in tree.elements("/Link") if link.mcids and link.mcids[0][0] == 1]


def test_one_link_per_contents_entry_with_its_visible_text(tree: Tree, pdf: Path) -> None:
    edition = load_edition(EDITIONS, "2023-02")
    links = _contents_links(tree)
    sections = ["Foreword", "Progress towards recommendations"]
    sections += [panel.heading for panel in edition.catalogue.panels]
    sections += ["Summary", "Abbreviations"]
    if "2024" in pdf.name:  # built --with-changes
        sections.append("Changes since the last edition")
    codes = [entry.code for _, entries in edition.panel_entries() for entry in entries]
    texts = [str(link.annotations[0].Contents) for link in links]
    titles = [re.sub(r" \d+$", "", text) for text in texts if re.search(r" \d+$", text)]
    assert titles == sections  # each with its page number, as printed
    assert [text for text in texts if not re.search(r" \d+$", text)] == codes
    for link in links:
        assert link.children == [] and len(link.annotations) == 1
        assert len(link.mcids) <= 2  # the title and the page number: the dots are artifacts
    assert tree.artifacts[1]["/Layout"] > 100


def test_links_hold_their_content_and_say_what_they_show(tree: Tree) -> None:
    links = tree.elements("/Link")
    assert len(links) > 100
    for link in links:
        assert link.children == [], [child.tag for child in link.children]  # no NonStruct
        assert link.annotations and link.mcids
        for annotation in link.annotations:
            contents = str(annotation.Contents)
            assert contents and contents != str(annotation.get("/Dest", ""))
            assert not re.fullmatch(r"[a-z0-9-]+", contents), contents  # not an anchor slug
    held = {a.objgen for link in links for a in link.annotations}
    for page in tree.pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            assert annotation.objgen in held  # every annotation belongs to a Link


def test_lists_are_list_items_with_a_body(tree: Tree) -> None:
    for lst in tree.elements("/L"):
        assert set(lst.tags()) <= {"/LI", "/Caption"}, lst.tags()
    items = tree.elements("/LI")
    assert len(items) > 80
    for item in items:
        assert item.tags() in (["/Lbl", "/LBody"], ["/LBody"]), item.tags()


def test_header_cells_have_a_scope(tree: Tree) -> None:
    headers = tree.elements("/TH")
    assert len(headers) > 20
    for header in headers:
        group = header.parent.parent if header.parent else None
        expected = "/Column" if group is not None and group.tag == "/THead" else "/Row"
        assert str(header.obj.A.Scope) == expected


def test_every_table_has_its_rows(tree: Tree) -> None:
    """One Table per table: a caption left at the foot of a page is not a table of its own."""
    for table in tree.elements("/Table"):
        assert "/TBody" in table.tags() or "/TR" in table.tags(), table.tags()


def test_one_article_per_recommendation_and_one_main(tree: Tree) -> None:
    edition = load_edition(EDITIONS, "2023-02")
    articles = tree.elements("/Art")
    assert len(articles) == len(edition.entries)
    for article in articles:
        assert article.children[0].tag == "/H4"
    assert len(tree.elements("/Part")) == 1
    for heading in tree.elements():
        if re.fullmatch(r"/H\d", heading.tag):
            assert any(element.mcids for element in heading.walk())  # not empty


def test_xmp_says_the_language(tree: Tree) -> None:
    metadata = tree.pdf.open_metadata()
    assert metadata["dc:language"] == {"en-GB"}
    assert str(tree.pdf.Root.Lang) == "en-GB"


# `pdfua` UA-15-003 counts only /Scope and /Headers on TH cells; where a table associates its
# data cells through TD /Headers instead it reports the table anyway: a false positive, so it
# is left out here (our TH cells carry /Scope, asserted above).
KNOWN_FALSE_POSITIVES = {"UA-15-003"}


def test_pdfua_finds_nothing(pdf: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--format", "json", str(pdf)],
        capture_output=True,
        text=True,
    )
    report = json.loads(result.stdout)
    # (A table with no rows at all is no false positive: a caption a page break left alone.)
    findings = [
        f
        for f in report["findings"]
        if f["rule_id"] not in KNOWN_FALSE_POSITIVES or f["evidence"].get("rows") == 0
    ]
    assert findings == []
    assert report["summary"]["rules_run"] >= 10
    # pdfua 0.1.3's UA-14-001 (headings not empty) stops on any /K array under pikepdf 10
    # (`getattr(array, "is_integer")` raises); test_one_article_per_recommendation_and_one_main
    # checks that every heading holds content instead.
    assert {skipped["rule_id"] for skipped in report["skipped"]} <= {"UA-14-001"}


def test_pages_render_to_pictures(pdf: Path) -> None:
    pdftoppm = require_tool("pdftoppm")
    prefix = pdf.with_suffix("")
    subprocess.run(
        [pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "3", str(pdf), str(prefix)], check=True
    )
    pictures = sorted(pdf.parent.glob(f"{prefix.name}-*.png"))
    assert len(pictures) == 3 and all(p.stat().st_size > 2000 for p in pictures)
