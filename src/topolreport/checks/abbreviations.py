"""Every abbreviation the text uses is defined, and every one the table defines is used.

An abbreviation is *defined* by the edition's abbreviations table, or inline anywhere in the
edition as "Full Name (ABBR)" (or "ABBR (Full Name)"). It is *used* wherever the printed text
(title, foreword, panel headings, recommendations, narratives, summary) writes it.

What counts as an abbreviation, so that names and codes are not taken for one:

- two or more capital letters and no lower-case ones ("KLS", "A&E", "HDRUK"); a defined
  abbreviation also counts in its own spelling ("AoMRC", "DART-Ed");
- a plural counts as its singular ("ICBs" is a use of ICB, "HEIs" of HEI);
- joined words are looked at part by part ("NHSE/I" uses NHSE, "AI-based" uses AI);
- never a recommendation code ("G2", "DM4/AIR5"), a Roman numeral ("II", "XIV"), a word the
  edition also writes in lower or title case ("HEART UK" beside "British Heart Foundation"),
  or one of the few abbreviations every reader knows (WELL_KNOWN);
- nothing inside link targets, inline code or web addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..codes import DEFAULT as CODE_GRAMMAR
from ..text import mask_link_targets, unlinked
from .context import CheckContext, Prose
from .findings import WARNING, Finding, Rule

UNDEFINED_ABBREVIATION = Rule(
    "TR020",
    "undefined-abbreviation",
    WARNING,
    "An abbreviation is used but neither listed in the abbreviations table nor spelt out "
    'inline as "Full Name (ABBR)".',
    "add it to the abbreviations table in edition.yaml, or spell it out at its first use",
)
UNUSED_ABBREVIATION = Rule(
    "TR021",
    "unused-abbreviation",
    WARNING,
    "The abbreviations table lists an abbreviation the text never uses.",
    "remove it from the abbreviations table in edition.yaml",
)

RULES = (UNDEFINED_ABBREVIATION, UNUSED_ABBREVIATION)

# Abbreviations so familiar to the report's readers that style guides (GOV.UK, the NHS
# content style guide) do not ask for them to be spelt out. Kept short on purpose.
WELL_KNOWN = frozenset({"AI", "COVID", "EU", "GP", "NHS", "UK"})

# A word: letters and digits, possibly joined by "-", "/" or "&" ("NHSE/I", "DART-Ed", "A&E").
_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]+(?:[-/&][A-Za-z0-9]+)*")
_PARTS_RE = re.compile(r"[-/]")
_SHAPE_RE = re.compile(r"^[A-Z][A-Z0-9&]*$")
_ROMAN_RE = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")
# Text that is not prose besides link targets: inline code, web addresses.
_NOT_PROSE_RE = re.compile(r"`[^`\n]*`|<https?://[^>\s]*>|https?://\S+")
_PAREN_RE = re.compile(r"\(([^()\n]{1,80})\)")
_WORD_RE = re.compile(r"[A-Za-z][\w'’&-]*")
_NAME_WORDS = 12  # how far back "Full Name (ABBR)" may start


@dataclass
class _Use:
    spelling: str
    prose: Prose
    offset: int


@dataclass
class _Uses:
    first: _Use
    count: int = 1
    spellings: list[str] = field(default_factory=list)


def singular(token: str) -> str:
    """ "ICBs" -> "ICB"; a lower-case "s" after a capital is a plural ending."""
    if len(token) >= 3 and token.endswith("s") and token[-2].isupper():
        return token[:-1]
    return token


def _capitals(token: str) -> int:
    return sum(1 for char in token if char.isupper())


def _shaped(token: str) -> bool:
    """Whether an undefined token looks like an abbreviation rather than a code or numeral."""
    return (
        _capitals(token) >= 2
        and _SHAPE_RE.match(token) is not None
        and not CODE_GRAMMAR.is_single(token)
        and _ROMAN_RE.match(token) is None
    )


def _mask(text: str) -> str:
    """`text` with link targets, code and addresses blanked, offsets unchanged."""
    return _NOT_PROSE_RE.sub(lambda m: " " * len(m.group()), mask_link_targets(text))


def inline_definitions(texts: list[str]) -> set[str]:
    """Abbreviations spelt out in the text: "Scientist Training Programme (STP)" defines STP,
    "NICE (National Institute for Health and Care Excellence)" defines NICE."""
    defined: set[str] = set()
    for text in texts:
        plain = unlinked(text)
        for match in _PAREN_RE.finditer(plain):
            inside = match.group(1).strip()
            before = plain[: match.start()].rstrip()
            one_token = _TOKEN_RE.fullmatch(inside) is not None
            if one_token and _capitals(inside) >= 2 and not CODE_GRAMMAR.is_single(inside):
                # "Full Name (ABBR)": a name just before, with a word starting as ABBR does.
                words = _WORD_RE.findall(before[-200:])[-_NAME_WORDS:]
                if before[-1:].isalnum() and any(w[0].lower() == inside[0].lower() for w in words):
                    defined.add(singular(inside))
            elif " " in inside:
                # "ABBR (Full Name)": the expansion starts with the abbreviation's letter.
                last = _TOKEN_RE.findall(before[-40:])
                words = [w for w in inside.split() if w.lower() != "the"]
                if (
                    last
                    and before.endswith(last[-1])
                    and _capitals(last[-1]) >= 2
                    and words
                    and words[0][0].lower() == last[-1][0].lower()
                ):
                    defined.add(singular(last[-1]))
    return defined


def check(ctx: CheckContext) -> Iterator[Finding]:
    edition = ctx.edition
    table = {singular(a.abbr): a.abbr for a in edition.abbreviations}
    texts = [prose.text for prose in ctx.prose]
    inline = inline_definitions(texts)
    defined = set(table) | inline
    ordinary = _ordinary_words(texts)
    codes = edition.catalogue.grammar()  # the review's own codes are not abbreviations

    used: dict[str, _Uses] = {}  # singular spelling -> its uses
    for prose in ctx.prose:
        for match in _TOKEN_RE.finditer(_mask(prose.text)):
            token = match.group()
            if _capitals(token) < 2 or codes.is_code(token):
                continue
            for spelling, offset in _abbreviations_in(token, match.start(), defined):
                key = singular(spelling)
                if key not in defined and (
                    key in WELL_KNOWN or (len(key) >= 3 and key.lower() in ordinary)
                ):
                    continue
                use = _Use(spelling, prose, offset)
                if key in used:
                    used[key].count += 1
                else:
                    used[key] = _Uses(use)
                if spelling not in used[key].spellings:
                    used[key].spellings.append(spelling)

    for key, uses in used.items():
        if key in defined:
            continue
        others = [f'"{s}"' for s in uses.spellings if s != key]
        spelt = f" (as {', '.join(others)})" if others else ""
        times = "once" if uses.count == 1 else f"{uses.count} times"
        first = uses.first
        yield ctx.finding(
            UNDEFINED_ABBREVIATION,
            ctx.locate_in(first.prose, first.offset),
            f"{first.prose.label}: {key}{spelt} is used {times} but never defined",
            f"add `{key}: <what it stands for>` to the abbreviations in edition.yaml, or spell "
            f'it out at its first use as "Full Name ({key})"',
            key=f"{first.prose.label}: {key} is never defined",  # without "used 2 times"
        )
    for key, abbr in table.items():
        if key in used:
            continue
        yield ctx.finding(
            UNUSED_ABBREVIATION,
            ctx.locate(("abbreviations", abbr)),
            f"{abbr} is in the abbreviations table but the text never uses it",
            f"remove {abbr} from the abbreviations in edition.yaml, or use it in the text",
        )


def _abbreviations_in(token: str, start: int, defined: set[str]) -> Iterator[tuple[str, int]]:
    """The abbreviations a token writes, with their offsets: the whole token when it is one
    ("DART-Ed", "A&E"), else each part that is ("NHSE/I" -> NHSE)."""
    if token in defined or singular(token) in defined or _shaped(singular(token)):
        yield token, start
        return
    offset = start
    for part in _PARTS_RE.split(token):
        if part in defined or singular(part) in defined or _shaped(singular(part)):
            yield part, offset
        offset += len(part) + 1


def _ordinary_words(texts: list[str]) -> set[str]:
    """Words the edition writes with lower-case letters, lower-cased: "Heart" -> "heart"."""
    words: set[str] = set()
    for text in texts:
        for word in _WORD_RE.findall(_mask(text)):
            if any(char.islower() for char in word):
                words.add(word.lower())
    return words
