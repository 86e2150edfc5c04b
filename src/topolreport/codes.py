"""Recommendation codes: how they are written, and finding an item by a code or either half.

A review numbers its recommendations with short codes ("P1", "DM4"); a recommendation two
panels share has a joint code ("DM4/AIR5", which the report's prose also writes "DM4/ AIR5").
Everything that reads or matches codes goes through one `CodeGrammar` and one `CodeIndex`, so
that a review declaring its own code pattern changes one object, not every reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class CodeGrammar:
    """What a recommendation code looks like, and every pattern derived from it.

    `single` is the pattern of one code ("DM4"). `in_prose` is the pattern of one code when it
    is looked for in running text; it defaults to `single`. The default grammar keeps prose
    narrower (at most four letters and two digits) so that acronyms such as "COVID19" or
    "NHS111" are never read as cross-references.
    """

    single: str = r"[A-Z]{1,5}\d{1,3}"
    in_prose: str | None = None
    _single_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _joint_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _spaced_re: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: the derived patterns are compiled once, here
        set_(self, "_single_re", re.compile(self.single))
        set_(self, "_joint_re", re.compile(self.joint))
        set_(self, "_spaced_re", re.compile(self.spaced_joint))

    @property
    def joint(self) -> str:
        """Pattern of a code as a snapshot stores it: "DM4", "DM4/AIR5"."""
        return rf"{self.single}(?:/{self.single})*"

    @property
    def spaced_joint(self) -> str:
        """Pattern of a code as a document writes it: also "DM4/ AIR5"."""
        return rf"{self.single}(?:/\s?{self.single})*"

    @property
    def prose(self) -> str:
        """Pattern of a (possibly joint) code in running text, not glued to other letters or
        digits, so that "COVID-19", "NHSE/I" or "3D" cannot match."""
        one = self.in_prose or self.single
        return rf"(?<![A-Za-z0-9/-])(?:{one}(?:/\s?{one})*)(?![A-Za-z0-9/-])"

    def is_single(self, text: str) -> bool:
        """Whether `text` is exactly one code: "DM4", not "DM4/AIR5"."""
        return self._single_re.fullmatch(text) is not None

    def is_code(self, text: str) -> bool:
        """Whether `text` is a code as a snapshot stores it: "DM4" or "DM4/AIR5"."""
        return self._joint_re.fullmatch(text) is not None

    def is_written_code(self, text: str) -> bool:
        """Whether `text` is a code as a document may write it, "DM4/ AIR5" included."""
        return self._spaced_re.fullmatch(text) is not None


DEFAULT = CodeGrammar(in_prose=r"[A-Z]{1,4}\d{1,2}")

# Any code a review might use, whatever its pattern: capitals, then digits ("E1000", "AIR12").
# A paragraph opening with one of these and a full stop looks like an entry, so an importer
# that refuses it must say so rather than read it as narrative.
CODE_LIKE = CodeGrammar(single=r"[A-Z][A-Za-z]*\d+")


@lru_cache(maxsize=32)
def grammar_for(pattern: str) -> CodeGrammar:
    """The grammar of a review that declares its single-code `pattern` (DEFAULT for the
    default pattern). A declared pattern is the pattern in prose too; it is wrapped in a group
    so that an alternation ("P\\d|Q\\d") stays one code."""
    if pattern == DEFAULT.single:
        return DEFAULT
    return CodeGrammar(single=f"(?:{pattern})")


def pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot be a review's code pattern, or None when it can."""
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        return f"{pattern!r} is not a regular expression: {error}"
    if compiled.fullmatch(""):
        return f"{pattern!r} matches an empty code"
    if any(compiled.fullmatch(text) for text in ("/", " ", "A/B", "A B")):
        return f"{pattern!r} matches a slash or a space, which join and separate codes"
    return None


def split_code(code: str) -> list[str]:
    """The single codes a (possibly joint) code stands for: "DM4/AIR5" -> ["DM4", "AIR5"]."""
    return [part.strip() for part in code.split("/") if part.strip()]


def normalise_code(spelling: str) -> str:
    """A code as written in prose, without spaces: "DM4/ AIR5" -> "DM4/AIR5"."""
    return re.sub(r"\s+", "", spelling)


class CodeIndex(Generic[T]):
    """Items found by their code, or by either half of a joint code; the first item wins.

    `CodeIndex(entries, key=lambda e: e.code)["AIR5"]` is the "DM4/AIR5" entry. `find` also
    reads a joint code asked for by its halves: "DM4/AIR5" finds the "DM4" entry.
    """

    def __init__(self, items: Iterable[T], key: Callable[[T], str]) -> None:
        self._by_code: dict[str, T] = {}
        for item in items:
            code = key(item)
            for one in (code, *split_code(code)):
                self._by_code.setdefault(one, item)

    def get(self, code: str) -> T | None:
        """The item with this code, or with a joint code this code is one half of."""
        return self._by_code.get(code)

    def find(self, code: str) -> T | None:
        """As `get`, and else the item of the first half of `code` that is indexed."""
        found = self._by_code.get(code)
        if found is not None:
            return found
        return next(iter(self.halves(code)), None)

    def halves(self, code: str) -> list[T]:
        """The items of each half of `code` that is indexed, in the order of the halves."""
        return [self._by_code[p] for p in split_code(code) if p in self._by_code]

    def __getitem__(self, code: str) -> T:
        found = self.get(code)
        if found is None:
            raise KeyError(code)
        return found

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None

    def codes(self) -> dict[str, T]:
        """Every code and half indexed, with its item."""
        return dict(self._by_code)
