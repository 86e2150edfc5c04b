"""Which record of the older edition is which record of the newer one.

Recommendations and entries are matched by code, initiatives by registry id (the registry
of initiatives says which ids are one initiative) and then by name, metrics
by id and then by what the narrative says around them. Every match is made inside one entry
(or by a dictionary lookup), so matching grows linearly with the size of the editions.

Metric ids proposed by the importer are made of the entry code and the unit, with -2, -3 …
for a second and third figure of the same unit ("g2-learners-2"). Such an id is a hint, not
an identity: a sentence added above shifts the numbers. So a metric is matched by its context
(same entry, similar unit, similar surrounding words with the numbers masked) and the id only
breaks ties. An id a person chose (one that does not look proposed) is matched exactly.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ..codes import split_code
from ..initiatives.model import Registry
from ..initiatives.names import name_key
from ..model import Edition, Entry, Initiative, Metric
from ..slugs import slug
from .words import sequence_ratio

T = TypeVar("T")

# Thresholds found by trying edits on the 2023 edition (tests/test_diff_real.py).
METRIC_MATCH = 0.5
RENAME_NAME = 0.8  # names this alike are one initiative renamed, wherever they appear
RENAME_WITH_CONTEXT = 0.6  # a looser name match needs the words around it to agree this much
CONTEXT_WORDS = 8


@dataclass
class Matched(Generic[T]):
    """Pairs (old, new, score), and what is left on each side, in their original order."""

    pairs: list[tuple[T, T, float]] = field(default_factory=list)
    old_only: list[T] = field(default_factory=list)
    new_only: list[T] = field(default_factory=list)


def match_by_key(old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable]) -> Matched[T]:
    """Pair records with equal keys, first with first, in one pass over each side."""
    waiting: dict[Hashable, list[int]] = defaultdict(list)
    for index, item in enumerate(new):
        waiting[key(item)].append(index)
    result: Matched[T] = Matched()
    taken: set[int] = set()
    for item in old:
        queue = waiting.get(key(item))
        if queue:
            index = queue.pop(0)
            taken.add(index)
            result.pairs.append((item, new[index], 1.0))
        else:
            result.old_only.append(item)
    result.new_only = [item for index, item in enumerate(new) if index not in taken]
    return result


def match_greedy(
    old: Sequence[T],
    new: Sequence[T],
    score: Callable[[T, T], float | None],
    tie: Callable[[T], str],
) -> Matched[T]:
    """Best-scoring pairs first; `score` returns None for a pair that must not match.

    Only used on the few records of one entry left over by the key matches. Ties are broken by
    a key that does not depend on which side a record came from, so that matching B against A
    pairs the same records as A against B.
    """
    candidates: list[tuple[float, str, str, int, int]] = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            value = score(a, b)
            if value is not None:
                first, second = sorted((tie(a), tie(b)))
                candidates.append((-value, first, second, i, j))
    candidates.sort(key=lambda c: c[:3])
    used_old: set[int] = set()
    used_new: set[int] = set()
    result: Matched[T] = Matched()
    chosen = []
    for neg, _, _, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        chosen.append((i, j, -neg))
    for i, j, value in sorted(chosen):
        result.pairs.append((old[i], new[j], value))
    result.old_only = [a for i, a in enumerate(old) if i not in used_old]
    result.new_only = [b for j, b in enumerate(new) if j not in used_new]
    return result


def _merge(first: Matched[T], second: Matched[T]) -> Matched[T]:
    return Matched(first.pairs + second.pairs, second.old_only, second.new_only)


# --- entries --------------------------------------------------------------------------------


def match_entries(old: Sequence[Entry], new: Sequence[Entry]) -> Matched[Entry]:
    """By code; then an entry whose code changed but still shares one ("DM4" and "DM4/AIR5")."""
    by_code = match_by_key(old, new, lambda entry: entry.code)
    if not by_code.old_only or not by_code.new_only:
        return by_code
    owner: dict[str, int] = {}
    for index, entry in enumerate(by_code.new_only):
        for part in split_code(entry.code):
            owner.setdefault(part, index)
    rest: Matched[Entry] = Matched()
    taken: set[int] = set()
    for entry in by_code.old_only:
        found = next(
            (owner[p] for p in split_code(entry.code) if p in owner and owner[p] not in taken),
            None,
        )
        if found is None:
            rest.old_only.append(entry)
        else:
            taken.add(found)
            rest.pairs.append((entry, by_code.new_only[found], 1.0))
    rest.new_only = [e for i, e in enumerate(by_code.new_only) if i not in taken]
    return _merge(by_code, rest)


# --- text helpers ---------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"\d[\d,.]*(?:\s(?:million|billion|thousand)\b)?\+?%?")
_WORD_RE = re.compile(r"#|\w+")


def plain_text(markdown: str) -> str:
    """The narrative as read: links reduced to their text."""
    from ..text import unlinked  # the Markdown reader, only once a narrative is read

    return unlinked(markdown)


def masked_words(text: str) -> list[str]:
    """Lower-case words with every number replaced by "#": what stays when a figure moves."""
    return _WORD_RE.findall(_NUMBER_RE.sub(" # ", text.lower()))


def mentions(name: str, text: str) -> bool:
    """Whether `text` (plain, lower-case) names `name` as a whole word or phrase."""
    needle = name.lower()
    start = text.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            return True
        start = text.find(needle, start + 1)
    return False


# --- metrics --------------------------------------------------------------------------------


def _proposed_id(metric: Metric, code: str) -> bool:
    """Whether the id looks like one the importer made from code and unit."""
    base = f"{slug(code)}-{slug(metric.unit)}"
    rest = metric.id[len(base) :]
    return metric.id.startswith(base) and (not rest or (rest[0] == "-" and rest[1:].isdigit()))


def _metric_key(metric: Metric) -> Hashable:
    return (metric.id, metric.value, metric.qualifier, metric.unit, metric.text, metric.label)


def metric_score(old: Metric, new: Metric, labels: dict[int, list[str]]) -> float | None:
    """How surely two metrics of one entry are the same figure, or None when they are not.

    Mostly the label (the clause around the figure, numbers masked: `labels` holds them by
    `id(metric)`); then the unit; the id and an unchanged value weigh a little.
    """
    label = sequence_ratio(labels[id(old)], labels[id(new)])
    unit = sequence_ratio(old.unit.lower().split(), new.unit.lower().split())
    if old.unit.lower() != new.unit.lower():
        unit = max(unit, sequence_ratio(list(old.unit.lower()), list(new.unit.lower())) * 0.8)
    score = 0.6 * label + 0.25 * unit + 0.1 * (old.id == new.id) + 0.05 * (old.value == new.value)
    return score if score >= METRIC_MATCH else None


def match_metrics(old: Entry, new: Entry) -> Matched[Metric]:
    """Identical records; then ids a person chose; then the same words around the figure
    (numbers masked) and the same unit; then the best-scoring pairs of what is left."""
    exact = match_by_key(old.metrics, new.metrics, _metric_key)
    if not exact.old_only or not exact.new_only:
        return exact
    chosen_old = [m for m in exact.old_only if not _proposed_id(m, old.code)]
    chosen_new = {m.id for m in exact.new_only if not _proposed_id(m, new.code)}
    by_id: Matched[Metric] = match_by_key(
        [m for m in chosen_old if m.id in chosen_new],
        [m for m in exact.new_only if m.id in chosen_new],
        lambda m: m.id,
    )
    paired = {id(m) for a, b, _ in by_id.pairs for m in (a, b)}
    labels = {id(m): masked_words(m.label) for m in [*exact.old_only, *exact.new_only]}
    by_context = match_by_key(
        [m for m in exact.old_only if id(m) not in paired],
        [m for m in exact.new_only if id(m) not in paired],
        lambda m: (m.unit.lower(), tuple(labels[id(m)])),
    )
    rest = match_greedy(
        by_context.old_only,
        by_context.new_only,
        lambda a, b: metric_score(a, b, labels),
        lambda m: f"{m.id}\0{m.text}",
    )
    return Matched(
        exact.pairs + by_id.pairs + by_context.pairs + rest.pairs, rest.old_only, rest.new_only
    )


# --- initiatives ----------------------------------------------------------------------------


def _context(name: str, text: str) -> list[str]:
    """The words either side of the first mention of `name` in `text`, the name left out."""
    match = re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", text)
    if match is None:
        return []
    before = masked_words(text[: match.start()])[-CONTEXT_WORDS:]
    after = masked_words(text[match.end() :])[:CONTEXT_WORDS]
    return [*before, "@", *after]


def _contained(a: str, b: str) -> bool:
    words_a, words_b = set(masked_words(a)), set(masked_words(b))
    return bool(words_a) and bool(words_b) and (words_a <= words_b or words_b <= words_a)


@dataclass
class _Texts:
    old: str
    new: str


def rename_score(old: Initiative, new: Initiative, texts: _Texts) -> float | None:
    """How surely `new` is `old` under another name, or None when it is not a rename.

    Names this alike are one initiative ("Digital Boards Programme" / "Digital Board
    Programme"); a name that grew or shrank ("GeNotes" / "GeNotes Online") or changed more
    must also sit among the same words in the narrative.
    """
    if mentions(new.name, texts.old) and mentions(old.name, texts.new):
        return None  # both names in both narratives: nothing was renamed
    name = sequence_ratio(list(old.name.lower()), list(new.name.lower()))
    if name >= RENAME_NAME:
        return 1.0 + name
    context_old = _context(old.name, texts.old)
    context_new = _context(new.name, texts.new)
    if not context_old or not context_new:
        return None
    context = sequence_ratio(context_old, context_new)
    if (name >= 0.5 or _contained(old.name, new.name)) and context >= RENAME_WITH_CONTEXT:
        return name + context
    if name >= 0.3 and context >= 0.8:
        return name + context
    return None


@dataclass
class Identity:
    """Which initiative an entry's initiative is, as the registry says, and where each one is
    named in the two editions: the diff speaks of initiatives, not of link texts."""

    ids: dict[str, str] = field(default_factory=dict)  # id an entry uses -> registry id
    dropped: set[str] = field(default_factory=set)  # ids of names that are not initiatives
    accepted: set[str] = field(default_factory=set)  # registry ids a person has accepted
    old_codes: dict[str, list[str]] = field(default_factory=dict)  # registry id -> entry codes
    new_codes: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=dict)  # registry id -> its names' keys
    # registry id -> the name it had in the older and in the newer edition, when recorded
    edition_names: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    # id(entry) -> (entry, its initiatives): `identity` reads every entry once, and the diff
    # asks again for each entry it compares.
    _read: dict[int, tuple[Entry, list[Initiative]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def of(self, initiative: Initiative) -> str | None:
        """The registry id of an entry's initiative; None for a name that is not one."""
        if initiative.id in self.dropped:
            return None
        return self.ids.get(initiative.id, initiative.id)

    def initiatives(self, entry: Entry) -> list[Initiative]:
        """The entry's initiatives, one per registry id, under that id."""
        read = self._read.get(id(entry))
        if read is not None and read[0] is entry:
            return list(read[1])
        found: dict[str, Initiative] = {}
        for initiative in entry.initiatives:
            key = self.of(initiative)
            if key is not None and key not in found:
                found[key] = (
                    initiative
                    if key == initiative.id
                    else initiative.model_copy(update={"id": key})
                )
        return list(found.values())

    def same_name(self, a: Initiative, b: Initiative) -> bool:
        """Whether two mentions of one initiative name it alike: the same words but for case,
        plural, "NHS" or "programme"; or two registered names of an initiative whose name
        did not change between the editions ("GEP" in one, "Genomics Education Programme" in
        the other). Anything else is a rename."""
        if name_key(a.name) == name_key(b.name):
            return True
        registered = self.names.get(b.id, set())
        if name_key(a.name) not in registered or name_key(b.name) not in registered:
            return False
        was, now = self.edition_names.get(b.id, (None, None))
        return was is None or now is None or name_key(was) == name_key(now)

    def distinct(self, a: Initiative, b: Initiative) -> bool:
        """Two initiatives a person has accepted as different: never one renamed."""
        return a.id in self.accepted and b.id in self.accepted and a.id != b.id


def identity(old: Edition, new: Edition, registry: Registry | None = None) -> Identity:
    found = Identity()
    if registry is not None:
        found.ids = registry.ids()
        found.dropped = registry.dropped_ids()
        found.accepted = {i.id for i in registry.initiatives if i.status == "accepted"}
        for item in registry.initiatives:
            found.names[item.id] = {name_key(name) for name in item.all_names()}
            found.edition_names[item.id] = (item.names.get(old.id), item.names.get(new.id))
    for edition, codes in ((old, found.old_codes), (new, found.new_codes)):
        for entry in edition.entries:
            initiatives = found.initiatives(entry)
            found._read[id(entry)] = (entry, initiatives)
            for initiative in initiatives:
                codes.setdefault(initiative.id, []).append(entry.code)
    return found


def match_initiatives(
    old: Entry, new: Entry, identity: Identity | None = None
) -> Matched[Initiative]:
    """By registry id; then renames among what is left (see `rename_score`), never between
    two initiatives the registry holds apart."""
    ids = identity or Identity()
    by_id = match_by_key(ids.initiatives(old), ids.initiatives(new), lambda i: i.id)
    if not by_id.old_only or not by_id.new_only:
        return by_id
    texts = _Texts(plain_text(old.narrative).lower(), plain_text(new.narrative).lower())
    renamed = match_greedy(
        by_id.old_only,
        by_id.new_only,
        lambda a, b: None if ids.distinct(a, b) else rename_score(a, b, texts),
        lambda i: f"{i.id}\0{i.name}",
    )
    return _merge(by_id, renamed)
