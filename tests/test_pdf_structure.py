"""The pass over WeasyPrint's structure tree (render/pdf_structure.py), on small documents
WeasyPrint renders for each case, read back with pikepdf."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from weasyprint import HTML

from topolreport.render.pdf_content import PageContent
from topolreport.render.pdf_structure import finish_structure

from pdf_tree import Tree, read_tree

PAGE_CSS = """
@page { size: A6; margin: 20mm 10mm;
  @top-left { content: "Running title"; } @bottom-right { content: counter(page); } }
.toc a::after { content: leader(". ") target-counter(attr(href url), page); }
h2 { break-before: page; }
"""


def render(tmp_path: Path, body: str, *, finished: bool = True) -> Path:
    page = f'<html lang="en-GB"><head><title>T</title><style>{PAGE_CSS}</style></head>'
    data = HTML(string=page + f"<body>{body}</body></html>").write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )
    if finished:
        data = finish_structure(data, language="en-GB")
    path = tmp_path / ("finished.pdf" if finished else "weasyprint.pdf")
    path.write_bytes(data)
    return path


CONTENTS = """
<nav class="toc"><ol>
<li><a href="#one">First part</a></li><li><a href="#two">Second</a></li>
</ol></nav>
<h2 id="one">First part</h2><p>Text of the first part.</p>
<h2 id="two">Second</h2><p>See <a href="#one"><strong>the first</strong> part</a>.</p>
"""


@pytest.fixture(scope="module")
def contents(tmp_path_factory: pytest.TempPathFactory) -> tuple[Tree, Tree]:
    folder = tmp_path_factory.mktemp("contents")
    before = read_tree(render(folder, CONTENTS, finished=False))
    return before, read_tree(render(folder, CONTENTS))


def test_margin_boxes_become_pagination_artifacts(contents: tuple[Tree, Tree]) -> None:
    before, after = contents
    # WeasyPrint leaves the header and page number as content no element reaches.
    assert any(set(marked) - {m for p, m in before.reached() if p == i}
               for i, marked in enumerate(before.marked))  # fmt: skip
    for index, marked in enumerate(after.marked):
        assert sorted(marked) == sorted(m for p, m in after.reached() if p == index)
        assert sorted(marked) == list(range(len(marked)))  # numbered from 0, no gaps
        assert after.artifacts[index]["/Pagination"] == 2  # running title and page number


def test_one_link_per_contents_entry_and_leaders_are_artifacts(
    contents: tuple[Tree, Tree],
) -> None:
    before, after = contents
    nested = [e for e in before.elements("/Link") if e.parent and e.parent.tag == "/Link"]
    assert nested  # WeasyPrint nests the ::after and the leader as links of their own
    toc = [e for e in after.elements("/Link") if e.mcids and e.mcids[0][0] == 0]
    assert len(toc) == 2
    for link in toc:
        assert link.children == [] and len(link.annotations) == 1
        assert len(link.mcids) == 2  # the title and the page number, not the dots
    assert after.artifacts[0]["/Layout"] > 10
    assert [str(link.annotations[0].Contents) for link in toc] == ["First part 2", "Second 3"]


def test_a_link_with_markup_inside_holds_its_content_and_one_annotation(
    contents: tuple[Tree, Tree],
) -> None:
    before, after = contents
    inner = [e for e in before.elements("/Link") if any(c.tag == "/NonStruct" for c in e.children)]
    assert inner and len(inner[0].walk()[1].annotations) == 1  # a second annotation inside
    link = next(e for e in after.elements("/Link") if e.mcids and e.mcids[0][0] == 2)
    assert link.children == [] and len(link.annotations) == 1
    annotation = link.annotations[0]
    assert str(annotation.Contents) == "the first part"
    assert str(annotation.Dest) == "one"
    page_annotations = [a for a in after.pdf.pages[2].obj.Annots if a.Subtype == "/Link"]
    assert len(page_annotations) == 1
    nums = list(after.pdf.Root.StructTreeRoot.ParentTree.Nums)
    parent_tree = dict(zip(nums[::2], nums[1::2], strict=True))
    assert parent_tree[int(annotation.StructParent)].objgen == link.obj.objgen


def test_list_items_hold_a_label_and_one_body(tmp_path: Path) -> None:
    body = "<ul><li><p>Loose item</p><ul><li>Nested</li></ul></li><li>Tight item</li></ul>"
    before = read_tree(render(tmp_path, body, finished=False))
    assert any("/P" in item.tags() for item in before.elements("/LI"))
    after = read_tree(render(tmp_path, body))
    for lst in after.elements("/L"):
        assert set(lst.tags()) == {"/LI"}
    for item in after.elements("/LI"):
        assert item.tags() == ["/Lbl", "/LBody"]
    nested = after.elements("/L")[1]
    assert nested.parent is not None and nested.parent.tag == "/LBody"


def test_header_cells_carry_their_scope(tmp_path: Path) -> None:
    body = (
        "<table><thead><tr><th>Abbreviation</th><th>Meaning</th></tr></thead>"
        "<tbody><tr><th>AI</th><td>Artificial intelligence</td></tr></tbody></table>"
    )
    after = read_tree(render(tmp_path, body))
    scopes = [str(header.obj.A.Scope) for header in after.elements("/TH")]
    assert scopes == ["/Column", "/Column", "/Row"]


def test_an_article_split_by_a_page_break_is_one_article(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>Paragraph {n} of a long narrative.</p>" for n in range(30))
    body = (
        f"<main><section><h2>Part</h2><article><h3>A1</h3>{paragraphs}</article>"
        "<article><h3>A2</h3><p>Short.</p></article></section></main>"
    )
    before = read_tree(render(tmp_path, body, finished=False))
    assert len(before.elements("/Art")) > 2
    after = read_tree(render(tmp_path, body))
    articles = after.elements("/Art")
    assert [article.children[0].tag for article in articles] == ["/H3", "/H3"]
    assert len(articles[0].children) == 31  # the heading and every paragraph
    assert len(after.elements("/Part")) == 1 and len(after.elements("/Sect")) == 1
    assert len(after.pdf.pages) > 2


def test_language_in_xmp_and_the_same_bytes_every_time(tmp_path: Path) -> None:
    data = render(tmp_path, CONTENTS, finished=False).read_bytes()
    once = finish_structure(data, language="en-GB")
    assert finish_structure(data, language="en-GB") == once
    with pikepdf.open(BytesIO(once)) as pdf:
        metadata = pdf.open_metadata()
        assert metadata["dc:language"] == {"en-GB"}
        assert "xmp:MetadataDate" not in metadata  # no time of processing added


def test_a_paragraph_split_mid_sentence_is_one_paragraph(tmp_path: Path) -> None:
    words = " ".join(f"word{n}" for n in range(700))
    body = f"<main><p>{words} and its end.</p><p>Another paragraph.</p></main>"
    before = read_tree(render(tmp_path, body, finished=False))
    assert len(before.elements("/P")) > 2
    after = read_tree(render(tmp_path, body))
    paragraphs = after.elements("/P")
    assert len(paragraphs) == 2
    assert len({page for span in paragraphs[0].walk() for page, _ in span.mcids}) > 1


def test_page_content_reads_the_text_of_each_marked_item(tmp_path: Path) -> None:
    path = render(tmp_path, "<p>Caf\u00e9 \u2192 na\u00efve</p><p>Second</p>", finished=False)
    with pikepdf.open(path) as pdf:
        content = PageContent(pdf.pages[0].obj, {})
        texts = [content.text(mcid) for mcid in sorted(content.sequences)]
    assert "Caf\u00e9 \u2192 na\u00efve" in texts and "Second" in texts
    assert "Running title" in texts  # the margin box, before the pass makes it an artifact


def test_a_table_whose_caption_ends_a_page_is_one_table(tmp_path: Path) -> None:
    """WeasyPrint leaves a caption that fits at the foot of a page there, alone in a Table,
    and carries the rows (with their head) to the next page as another Table."""
    rows = "".join(f"<tr><th>Row {n}</th><td>{n}</td></tr>" for n in range(3))
    table = (
        "<table><caption>Figures by row</caption>"
        f"<thead><tr><th>Row</th><th>Value</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    for filler in range(8, 30):
        paragraphs = "".join(f"<p>Paragraph {n}.</p>" for n in range(filler))
        body = f"<main>{paragraphs}{table}</main>"
        before = read_tree(render(tmp_path, body, finished=False))
        split = [t for t in before.elements("/Table") if t.tags() == ["/Caption"]]
        if split:
            break
    assert split, "no filler left the caption alone at the foot of a page"
    after = read_tree(render(tmp_path, body))
    tables = after.elements("/Table")
    assert [t.tags() for t in tables] == [["/Caption", "/THead", "/TBody"]]
