"""Three-way merge of sequences (a narrative's blocks) and of keyed records (metrics).

Each side's changes are taken against the common base: a region only one side changed takes
that side's version; a region both changed the same way takes it once; insertions by both at
one place are both kept (neither overwrites anything); anything else is a conflict, which a
`settle` callback may decide ("ours" or "theirs") or leave open (None).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Generic, Literal, TypeVar

T = TypeVar("T", bound=Hashable)
Side = Literal["ours", "theirs"]


@dataclass(frozen=True)
class Clash(Generic[T]):
    """One region both sides changed differently."""

    base: tuple[T, ...]
    ours: tuple[T, ...]
    theirs: tuple[T, ...]


def _matches(base: Sequence[T], other: Sequence[T]) -> list[tuple[int, int, int]]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [(a, b, size) for a, b, size in matcher.get_matching_blocks() if size]


def _sync_regions(
    base: Sequence[T], ours: Sequence[T], theirs: Sequence[T]
) -> list[tuple[int, int, int, int, int, int]]:
    """Regions of base matched, unchanged, in both sides: (base, ours, theirs) start and end."""
    regions = []
    left, right = _matches(base, ours), _matches(base, theirs)
    i = j = 0
    while i < len(left) and j < len(right):
        a_start, o_start, a_size = left[i]
        b_start, t_start, b_size = right[j]
        start = max(a_start, b_start)
        end = min(a_start + a_size, b_start + b_size)
        if start < end:
            o = o_start + (start - a_start)
            t = t_start + (start - b_start)
            regions.append((start, end, o, o + end - start, t, t + end - start))
        if a_start + a_size < b_start + b_size:
            i += 1
        else:
            j += 1
    regions.append((len(base), len(base), len(ours), len(ours), len(theirs), len(theirs)))
    return regions


def merge_sequences(
    base: Sequence[T],
    ours: Sequence[T],
    theirs: Sequence[T],
    settle: Callable[[Clash[T]], Side | None] = lambda clash: None,
) -> tuple[list[T], list[Clash[T]]]:
    """The merged sequence and the clashes left open (their region keeps "ours")."""
    merged: list[T] = []
    open_clashes: list[Clash[T]] = []
    b = o = t = 0
    for b_start, b_end, o_start, o_end, t_start, t_end in _sync_regions(base, ours, theirs):
        chunk_base = tuple(base[b:b_start])
        chunk_ours = tuple(ours[o:o_start])
        chunk_theirs = tuple(theirs[t:t_start])
        if chunk_ours == chunk_base:
            merged.extend(chunk_theirs)
        elif chunk_theirs == chunk_base or chunk_ours == chunk_theirs:
            merged.extend(chunk_ours)
        elif not chunk_base:
            merged.extend(chunk_ours + chunk_theirs)  # both inserted here: keep both
        else:
            clash = Clash(chunk_base, chunk_ours, chunk_theirs)
            side = settle(clash)
            if side is None:
                open_clashes.append(clash)
            merged.extend(chunk_theirs if side == "theirs" else chunk_ours)
        merged.extend(base[b_start:b_end])
        b, o, t = b_end, o_end, t_end
    return merged, open_clashes


def merge_records(
    base: dict[str, dict[str, Any]],
    ours: dict[str, dict[str, Any]],
    theirs: dict[str, dict[str, Any]],
    settle: Callable[[Clash[Any]], Side | None] = lambda clash: None,
) -> tuple[dict[str, dict[str, Any]], list[tuple[str, Clash[Any]]]]:
    """Records by key, merged field by field; a record deleted on one side and changed on the
    other is a clash. Order: ours, then what only theirs added."""
    merged: dict[str, dict[str, Any]] = {}
    clashes: list[tuple[str, Clash[Any]]] = []
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        was, mine, new = base.get(key), ours.get(key), theirs.get(key)
        if mine == new:
            result = mine
        elif mine == was:
            result = new
        elif new == was:
            result = mine
        elif mine is None or new is None or was is None:
            clash: Clash[Any] = Clash((repr(was),), (repr(mine),), (repr(new),))
            side = settle(clash)
            if side is None:
                clashes.append((key, clash))
            result = new if side == "theirs" else mine
        else:
            result = {}
            for name in [*mine, *(n for n in new if n not in mine)]:
                a, m, n = was.get(name), mine.get(name), new.get(name)
                if m == n or n == a:
                    result[name] = m
                elif m == a:
                    result[name] = n
                else:
                    clash = Clash((a,), (m,), (n,))
                    side = settle(clash)
                    if side is None:
                        clashes.append((f"{key} {name}", clash))
                    result[name] = n if side == "theirs" else m
        if result is not None:
            merged[key] = result
    return merged, clashes
