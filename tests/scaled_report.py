"""The real report made larger: its entries repeated under new codes, in the report's layout.

`scaled_report(text, copies)` repeats each panel's entries `copies` times (the first copy is the
report as it is), each repeat under codes numbered on from the panel's last ("E15", …,
"E1400"), so that 43 entries become 43 × copies and codes run past three digits. With
`raise_every=3`, every number in the narrative of every third entry is raised by 10%: the
next year's edition, with figures that moved. The catalogue for the larger review declares a
code pattern with four digits, as a review with that many recommendations would.

Used by benchmarks/bench_scale.py (timings) and tests/test_scale.py (no entry lost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from topolreport.codes import split_code
from topolreport.model import Catalogue, Panel, Recommendation

SCALED_PATTERN = r"[A-Z]{1,5}\d{1,4}"

_CODE_LINE_RE = re.compile(r"^(?P<code>[A-Z]+\d+(?:/\s?[A-Z]+\d+)*)\.\s")
_HALF_RE = re.compile(r"^(?P<letters>[A-Z]+)(?P<number>\d+)$")
# A number standing alone ("33,700", "2.5", "90%"), not part of a code ("DM3") or "c5,000".
_NUMBER_RE = re.compile(r"(?<![A-Za-z0-9.,])\d[\d,]*(?:\.\d+)?(?![A-Za-z0-9])")


@dataclass
class _Entry:
    code: str
    lines: list[str]  # the code line, then the narrative up to the next entry or heading


@dataclass
class ScaledReport:
    text: str
    codes: list[str]  # every entry's code, in the order written
    catalogue: Catalogue


def _raise(match: re.Match[str]) -> str:
    written = match.group()
    plain = written.replace(",", "")
    if "." in plain:
        decimals = len(plain.split(".")[1])
        return f"{float(plain) * 1.1:.{decimals}f}"
    value = round(int(plain) * 1.1)
    return f"{value:,}" if "," in written else str(value)


def raise_numbers(line: str) -> str:
    """Every number in `line` raised by 10%, written as it was (with commas if it had them)."""
    return _NUMBER_RE.sub(_raise, line)


def scaled_report(
    text: str,
    copies: int,
    catalogue: Catalogue,
    *,
    raise_every: int | None = None,
    number_from: int = 0,
) -> ScaledReport:
    """The report `text` with each panel's entries written `copies` times (see module doc);
    `catalogue` is the real report's, which the larger one extends. Repeats are numbered
    after `number_from` at least, so that a few copies can already reach four digits."""
    lines = text.split("\n")
    headings = {panel.heading for panel in catalogue.panels}
    summary = max(i for i, line in enumerate(lines) if line.strip() == "Summary")
    first_heading = next(
        i for i, line in enumerate(lines) if line.strip() in headings and i > _contents_end(lines)
    )
    head, body, tail = lines[:first_heading], lines[first_heading:summary], lines[summary:]

    # The progress section: panel heading lines, each followed by its entries.
    panels: list[tuple[list[str], list[_Entry]]] = []
    for line in body:
        match = _CODE_LINE_RE.match(line)
        if line.strip() in headings:
            panels.append(([line], []))
        elif match:
            panels[-1][1].append(_Entry(re.sub(r"\s+", "", match.group("code")), [line]))
        elif panels[-1][1]:
            panels[-1][1][-1].lines.append(line)
        else:
            panels[-1][0].append(line)

    numbers: dict[str, int] = {}
    for rec in catalogue.recommendations():
        for half in split_code(rec.code):
            found = _HALF_RE.match(half)
            assert found is not None, half
            letters, number = found.group("letters"), int(found.group("number"))
            numbers[letters] = max(numbers.get(letters, number_from), number)
    wording = {rec.code: rec.text for rec in catalogue.recommendations()}

    out, codes = list(head), []
    scaled_panels = []
    written = 0
    for (heading_lines, entries), panel in zip(panels, catalogue.panels, strict=True):
        out += heading_lines
        recommendations = []
        for copy in range(copies):
            for entry in entries:
                code = entry.code if copy == 0 else _next_code(entry.code, numbers)
                entry_lines = list(entry.lines)
                first = _CODE_LINE_RE.match(entry_lines[0])
                assert first is not None
                entry_lines[0] = f"{code}. {entry_lines[0][first.end() :]}"
                written += 1
                if raise_every and written % raise_every == 0:
                    entry_lines[1:] = [raise_numbers(line) for line in entry_lines[1:]]
                out += entry_lines
                codes.append(code)
                recommendations.append(Recommendation(code=code, text=wording[entry.code]))
        scaled_panels.append(
            Panel(
                id=panel.id,
                title=panel.title,
                heading=panel.heading,
                recommendations=recommendations,
            )
        )
    out += tail
    scaled = Catalogue(review=catalogue.review, code_pattern=SCALED_PATTERN, panels=scaled_panels)
    return ScaledReport("\n".join(out), codes, scaled)


def _contents_end(lines: list[str]) -> int:
    """Index of the last contents line (the lines ending in a tab and a page number)."""
    return max((i for i, line in enumerate(lines) if re.search(r"\t\s*\d+\s*$", line)), default=0)


def _next_code(code: str, numbers: dict[str, int]) -> str:
    """A new code like `code`: each half numbered on from the highest used with its letters."""
    halves = []
    for half in split_code(code):
        found = _HALF_RE.match(half)
        assert found is not None, half
        letters = found.group("letters")
        numbers[letters] += 1
        halves.append(f"{letters}{numbers[letters]}")
    return "/".join(halves)
