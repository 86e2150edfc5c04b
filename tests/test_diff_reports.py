"""`topolreport diff` and `history` as a user runs them: formats, exit codes, files."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from topolreport.diff.words import word_diff
from topolreport.model import Initiative

from cli_runner import run
from factories import save_editions, small_edition

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    """2024-02 (the small edition) and 2025-02: a figure up, one down, an initiative added and
    one renamed, an entry rewritten."""
    folder = tmp_path / "editions"
    old = small_edition()
    new = small_edition("2025-02").model_copy(update={"date": "2025-02"}, deep=True)
    d1 = new.entries[0]
    d1.narrative = "The [Data Hub Online](#) now has over 1,500 users. See also S1."
    d1.initiatives = [Initiative(id="data-hub-online", name="Data Hub Online")]
    d1.metrics[0].value = 1500
    s1 = new.entries[2]
    s1.narrative = "The [Skills Academy](#) opened this year with a | pipe and *stars*."
    s1.initiatives = [Initiative(id="skills-academy", name="Skills Academy")]
    return save_editions(folder, old, new)


def diff(editions: Path, *args: str) -> tuple[int, str, str]:
    return run("diff", "2024-02", "2025-02", "--editions", str(editions), *args)


def test_exit_codes(editions: Path) -> None:
    assert diff(editions)[0] == 1
    assert run("diff", "2024-02", "2024-02", "--editions", str(editions))[0] == 0
    code, _, err = run("diff", "2024-02", "2031-02", "--editions", str(editions))
    assert code == 2 and "unknown edition '2031-02'" in err and "Traceback" not in err
    code, _, err = diff(editions, "--stalled-threshold", "1.5")
    assert code == 2


def test_text_starts_with_the_headline_counts(editions: Path) -> None:
    code, out, _ = diff(editions)
    lines = out.splitlines()
    assert lines[0] == "Changes from 2024-02 to 2025-02"
    assert lines[1] == "5 changes, 1 fell; 1 recommendations stalled."
    counts = [line.split(None, 1) for line in lines[2:8]]
    assert ["1", "metrics changed"] in counts and ["1", "metrics that fell"] in counts
    assert ["1", "renamed initiatives"] in counts and ["1", "new initiatives"] in counts
    body = "\n".join(lines)
    assert body.index("Data Panel") < body.index("Skills")
    assert (
        "▼ the Data Hub now has over 2,000 users: over 2,000 users → over 1,500 users "
        "(-500, -25.0%) — fell"
    ) in " ".join(body.split())  # (wrapped at 100 columns)
    assert "d1-users" not in body
    assert "[" not in body.replace("[-", "").replace("-]", "") and "(#)" not in body
    assert "initiative renamed: Data Hub → Data Hub Online" in body
    assert "[-2,000-]{+1,500+}" in body


def test_an_edition_against_itself_prints_no_changes(editions: Path) -> None:
    code, out, _ = run("diff", "2025-02", "2025-02", "--editions", str(editions))
    assert (code, out) == (0, "Changes from 2025-02 to 2025-02\nNo changes.\n")


def test_markdown_has_headings_a_counts_table_and_a_metrics_table(editions: Path) -> None:
    _, out, _ = diff(editions, "--format", "markdown")
    assert out.startswith("# Changes from 2024-02 to 2025-02\n")
    assert "| Change | Count |\n|---|---:|\n" in out
    assert "## Data Panel" in out and "### D1" in out and "## Skills" in out
    assert (
        "| the Data Hub now has over 2,000 users | over 2,000 users | over 1,500 users "
        "| -500 (-25.0%) | down **(fell)** |"
    ) in out
    assert "d1-users" not in out
    assert "- new initiative: Skills Academy" in out
    assert "<del>2,000</del><ins>1,500</ins>" in out
    # Characters with a meaning in Markdown are shown as themselves.
    assert "with a \\| pipe and \\*stars\\*" in out
    # Links are shown as their text.
    assert "<ins>The Skills Academy opened this year" in out and "(\\#)" not in out
    # Only the kinds of change that occur are counted.
    counts = out[out.index("| Change | Count |") :].split("\n\n")[0].splitlines()[2:]
    assert counts and all(not row.endswith("| 0 |") for row in counts)
    assert "| metrics changed | 1 |" in counts


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.refs += [f"{tag} {k}={v}" for k, v in attrs if k in ("src", "href", "action")]


def test_html_is_one_page_that_loads_nothing_and_can_be_filtered(editions: Path) -> None:
    _, out, _ = diff(editions, "--format", "html")
    parser = _Refs()
    parser.feed(out)
    # The only references are links into the published edition's own page.
    assert parser.refs == [
        "a href=example-review-progress-2025-02.html#rec-d1",
        "a href=example-review-progress-2025-02.html#rec-s1",
    ]
    assert "link" not in parser.tags and "img" not in parser.tags and "iframe" not in parser.tags
    assert "@import" not in out and "url(" not in out
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    kinds = set(re.findall(r'<input type="checkbox" data-kind="([a-z-]+)"', out))
    assert kinds == {
        "metric-fell",
        "initiative-new",
        "initiative-renamed",
        "text-changed",
        "stalled",
    }
    items = re.findall(r'<li class="change" data-kind="([a-z-]+)"', out)
    assert sorted(set(items)) == sorted(kinds)
    assert "<del>2,000 </del><ins>1,500 </ins>" in out


def test_json_validates_against_the_committed_schema(editions: Path) -> None:
    _, out, _ = diff(editions, "--format", "json")
    document = json.loads(out)
    schema = json.loads((REPO / "schema" / "changeset.schema.json").read_text())
    jsonschema.validate(document, schema)
    assert (document["from"], document["to"]) == ("2024-02", "2025-02")
    [change] = document["metric_changes"]
    assert change["old"]["value"] == 2000 and change["new"]["value"] == 1500
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "metric_changes": [{"recommendation": "D1"}]}, schema)


def test_output_file_is_written_once_and_the_same_every_time(
    editions: Path, tmp_path: Path
) -> None:
    for fmt in ("text", "markdown", "json", "html"):
        target = tmp_path / f"report.{fmt}"
        assert diff(editions, "--format", fmt, "-o", str(target))[0] == 1
        first = target.read_bytes()
        code, _, err = diff(editions, "--format", fmt, "-o", str(target))
        assert code == 2 and "already exists" in err
        assert diff(editions, "--format", fmt, "-o", str(target), "--force")[0] == 1
        assert target.read_bytes() == first


def test_history_of_an_entry(editions: Path) -> None:
    code, out, _ = run("history", "D1", "--editions", str(editions))
    assert code == 0
    assert out.splitlines()[0] == "History of D1"
    assert "Not stalled in the newest edition." in out
    assert "d1-users: over 1,500 users" in out and "Data Hub Online" in out
    code, out, _ = run("history", "d2/ai1", "--editions", str(editions))
    assert "Stalled for 1 edition(s) in a row, since 2024-02." in out
    code, _, err = run("history", "Z9", "--editions", str(editions))
    assert code == 2 and "no edition has an entry for 'Z9'" in err


@given(st.text(alphabet="ab ,.\n1", max_size=40), st.text(alphabet="ab ,.\n12", max_size=40))
def test_a_word_diff_gives_back_both_texts(old: str, new: str) -> None:
    similarity, ops = word_diff(old, new)
    assert "".join(op.old for op in ops) == old
    assert "".join(op.new for op in ops) == new
    assert 0 <= similarity <= 1
    if old == new:
        assert similarity == 1 and all(op.op == "equal" for op in ops)
    # Mirrored: the same steps read backwards, and the same similarity.
    back_similarity, back = word_diff(new, old)
    assert back_similarity == similarity
    assert [(op.old, op.new) for op in back] == [(op.new, op.old) for op in ops]


def test_text_lines_keep_their_indent_when_wrapped(editions: Path) -> None:
    _, out, _ = diff(editions)
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("    ▼ the Data Hub"))
    # The wrapped rest starts under the first word after the mark, not at the margin.
    assert lines[first + 1].startswith("      ") and lines[first + 1].strip()
    assert lines[first + 1].strip().endswith("fell")
    # The word diff below it is indented deeper than its line, on every wrapped line too.
    words = lines[first + 2 :]
    diff_lines = [line for line in words if "{+" in line or "[-" in line]
    assert diff_lines and all(line.startswith("      ") for line in diff_lines)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_diff_page_reads_in_one_pass(editions: Path) -> None:
    _, out, _ = diff(editions, "--format", "html")
    assert '<html lang="en-GB">' in out
    assert out.count("<main>") == 1 and out.index("<main>") < out.index("<h1>")
    # Branded with the report's publisher and title.
    masthead = out[out.index('<header class="masthead">') : out.index("</header>")]
    assert _text(masthead) == "Example Body Example Review: Progress"
    # Each change one line: label, old → new, the change, and "fell" in words and a symbol.
    lines = [_text(li) for li in re.findall(r'<li class="change".*?</li>', out, re.S)]
    assert (
        "metric changed: the Data Hub now has over 2,000 users: over 2,000 users → "
        "over 1,500 users (-500, -25.0%) ▼ fell"
    ) in lines
    # Each recommendation with its wording, its code a link into the published edition.
    d1 = out[out.index('<section class="recommendation" id="rec-D1">') :]
    d1 = d1[: d1.index("</section>")]
    assert '<h3><a href="example-review-progress-2025-02.html#rec-d1">D1</a></h3>' in d1
    assert "Data should be shared safely." in _text(d1)
    # Stalled recommendations on one line per panel, not a section each.
    assert 'id="rec-D2-AI1"' not in out
    assert any(line.startswith("Stalled (cross-reference only): D2/AI1") for line in lines)
    # Inserted and deleted words are marked by more than colour.
    assert "ins { background: #e3f4e6; color: #00531f; text-decoration: underline; }" in out
    assert "[Skills Academy](#)" not in out and "Skills Academy" in out
