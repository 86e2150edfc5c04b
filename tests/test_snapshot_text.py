"""The text shortcuts of loading (front matter found by searching, Markdown left as it is when
already normal) give what the plain line-by-line reading gives, for any text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from topolreport.errors import InputError
from topolreport.model import normalise_markdown
from topolreport.store import split_front_matter

# Lines built from the pieces that matter: delimiters with and without spaces around them,
# blank and whitespace-only lines (including Unicode spaces and a lone CR), and content.
_LINES = st.lists(
    st.sampled_from(
        ["---", " --- ", "---x", "- --", "", " ", "\t", "\x85", "\u2028", "\r", "--- \r", "a: 1"]
    ),
    max_size=8,
)


def _split_by_lines(text: str) -> tuple[str, str, int] | str:
    """The front matter read line by line: (YAML, body, body's first line), or which error."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return "no opening line"
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            body = lines[index + 1 :]
            skipped = 0
            while skipped < len(body) and not body[skipped].strip():
                skipped += 1
            if skipped == len(body):
                skipped = 0  # no narrative at all: the line under the front matter
            return "\n".join(lines[1:index]), "\n".join(body), index + 2 + skipped
    return "no closing line"


def _split(text: str) -> tuple[str, str, int] | str:
    try:
        return split_front_matter(text, Path("entry.md"))
    except InputError as exc:
        return "no opening line" if "starts with" in exc.problems[0].message else "no closing line"


@settings(max_examples=2000)
@given(lines=_LINES, end=st.sampled_from(["", "\n"]))
def test_front_matter_is_split_as_line_by_line(lines: list[str], end: str) -> None:
    text = "\n".join(lines) + end
    assert _split(text) == _split_by_lines(text)


def _normalised_by_lines(value: str) -> str:
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


@settings(max_examples=2000)
@given(st.text(alphabet=st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000ab#"))))
def test_markdown_is_normalised_as_line_by_line(value: str) -> None:
    assert normalise_markdown(value) == _normalised_by_lines(value)
