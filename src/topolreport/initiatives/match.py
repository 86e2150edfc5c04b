"""The registry decides what a proposed name is: which initiative, or a partner, an award,
a name that is not an initiative, or something new for a person to judge (proposed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..model import Entry, Initiative
from ..slugs import slug
from .model import Dropped, Partner, Recognition, RegisteredInitiative, Registry
from .names import initials, is_acronym, name_key, not_a_name, stem_key

What = Literal["initiative", "partner", "recognition", "not an initiative"]


@dataclass(frozen=True)
class Placement:
    what: What
    initiative: RegisteredInitiative | None = None
    reason: str = ""  # why it is not an initiative, for the import's notes

    @property
    def counts(self) -> bool:
        return self.initiative is not None


# Words that say what kind of thing a newly proposed name is; a person confirms it.
_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("partnership or network", ("partnership", "network", "compact", "community", "alliance")),
    (
        "publication",
        ("report", "review", "paper", "syllabus", "policy", "strategy", "guide", "curriculum"),
    ),
    (
        "tool or resource",
        ("tool", "toolkit", "hub", "framework", "criteria", "service", "resource", "geodata"),
    ),
)


def guess_kind(name: str, kinds: Iterable[str]) -> str:
    words = set(name_key(name).split())
    known = list(kinds)
    for kind, hints in _KIND_WORDS:
        if kind in known and words & set(hints):
            return kind
    return "programme" if "programme" in known else known[0]


class Matcher:
    """Looks names up in a registry; `propose` adds what it cannot place, so that a later
    mention of the same new name finds the same proposal."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._by_key: dict[str, RegisteredInitiative | Partner | Recognition | Dropped] = {}
        self._by_initials: dict[str, list[RegisteredInitiative]] = {}
        self._proposed_stems: dict[str, RegisteredInitiative] = {}
        # Names the text calls something the work is done with (see extract.partner_names).
        self.partner_like: set[str] = set()
        for _, items in registry.named_groups():
            for item in items:
                self._index(item)

    def _index(self, item: RegisteredInitiative | Partner | Recognition | Dropped) -> None:
        for name in (item.name, *item.aliases):
            self._by_key.setdefault(name_key(name), item)
            if isinstance(item, RegisteredInitiative) and initials(name):
                self._by_initials.setdefault(initials(name), []).append(item)
            if isinstance(item, RegisteredInitiative) and item.status == "proposed":
                self._proposed_stems.setdefault(stem_key(name), item)

    def place(self, name: str) -> Placement | None:
        """What the registry says `name` is; None when it does not know the name."""
        found = self._by_key.get(name_key(name))
        if isinstance(found, RegisteredInitiative):
            return Placement("initiative", found)
        if isinstance(found, Partner):
            return Placement("partner", reason="a partner in the registry")
        if isinstance(found, Recognition):
            return Placement("recognition", reason="a recognition in the registry")
        if isinstance(found, Dropped):
            return Placement("not an initiative", reason="listed as not an initiative")
        if is_acronym(name):
            # "GEP" for "Genomics Education Programme", when only one initiative fits.
            candidates = {item.id: item for item in self._by_initials.get(name.strip(), [])}
            if len(candidates) == 1:
                return Placement("initiative", next(iter(candidates.values())))
        return None

    def decide(self, name: str, edition_id: str) -> Placement:
        """`place`, else a generic name left out, else a new proposal added to the registry."""
        placed = self.place(name)
        if placed is not None:
            return placed
        if name in self.partner_like:
            # Recorded as a partner, where a person sees it and can make it an initiative.
            partner = Partner(name=name)
            self.registry.partners.append(partner)
            self._index(partner)
            return Placement("partner", reason="an organisation the work is done with")
        reason = not_a_name(name)
        if reason is not None:
            # Organisations and awards are recorded, for a person to see; common nouns are not.
            what: What = "not an initiative"
            if reason.startswith("an award"):
                what, recognition = "recognition", Recognition(name=name)
                self.registry.recognitions.append(recognition)
                self._index(recognition)
            elif reason.startswith("an organisation"):
                what, partner = "partner", Partner(name=name)
                self.registry.partners.append(partner)
                self._index(partner)
            return Placement(what, reason=reason)
        similar = self._proposed_stems.get(stem_key(name))
        if similar is not None:
            # Another spelling of something proposed already: one proposal, the name an alias.
            similar.aliases.append(name)
            self._index_name(similar, name)
            return Placement("initiative", similar)
        return Placement("initiative", self.propose(name, edition_id))

    def _index_name(self, item: RegisteredInitiative, name: str) -> None:
        self._by_key.setdefault(name_key(name), item)

    def propose(self, name: str, edition_id: str) -> RegisteredInitiative:
        taken = set(self.registry.ids()) | self.registry.dropped_ids()
        base = slug(name)
        new_id, number = base, 1
        while new_id in taken:
            number += 1
            new_id = f"{base}-{number}"
        item = RegisteredInitiative(
            id=new_id,
            name=name,
            kind=guess_kind(name, self.registry.kinds),
            status="proposed",
            first_edition=edition_id,
        )
        self.registry.initiatives.append(item)
        self._index(item)
        return item


def place_mentions(
    proposals: Iterable[Initiative], matcher: Matcher, edition_id: str
) -> tuple[list[Initiative], list[str]]:
    """An entry's proposed initiatives as the registry has them, one per registry id (the
    first mention's name, the first link target), and a note for each name left out."""
    placed: dict[str, Initiative] = {}
    left_out: list[str] = []
    for proposal in proposals:
        decision = matcher.decide(proposal.name, edition_id)
        if decision.initiative is None:
            left_out.append(f'"{proposal.name}" is {decision.reason}')
            continue
        known = placed.get(decision.initiative.id)
        if known is None:
            placed[decision.initiative.id] = Initiative(
                id=decision.initiative.id, name=proposal.name, url=proposal.url
            )
        elif known.url is None and proposal.url is not None:
            known.url = proposal.url
    return list(placed.values()), left_out


def record_names(registry: Registry, edition_id: str, entries: Iterable[Entry]) -> None:
    """Note in the registry the name each initiative had in this edition (the one most entries
    use, the earliest on a tie) and, for one not seen before, that this edition is its first."""
    ids = registry.ids()
    counts: dict[str, Counter[str]] = {}
    for entry in entries:
        for initiative in entry.initiatives:
            counts.setdefault(ids.get(initiative.id, initiative.id), Counter())[
                initiative.name
            ] += 1
    # most_common keeps first-seen order among equal counts.
    used = {key: counter.most_common(1)[0][0] for key, counter in counts.items()}
    for item in registry.initiatives:
        names = {key: value for key, value in item.names.items() if key != edition_id}
        if item.id in used:
            names[edition_id] = used[item.id]
            if item.first_edition is None:
                item.first_edition = edition_id
        item.names = dict(sorted(names.items()))
