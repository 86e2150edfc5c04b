"""The typed changes between two editions: what `diff_editions` returns and `diff --format
json` prints.

Every item names the recommendation (the entry's code) it belongs to, so a reader can group
the changes by recommendation and panel. Lists are sorted in catalogue order, then by id.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from ..model import Entry

Number = int | float
Direction = Literal["up", "down", "same-value-new-qualifier", "same-value-new-unit"]
StallReason = Literal[
    "cross-reference only",
    "no new initiative",
    "no metric moved",
    "narrative unchanged",
    "narrative substantially the same",
]


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", serialize_by_alias=True, populate_by_name=True)

    recommendation: str = Field(description='The code of the entry or recommendation, e.g. "G2".')


class FieldChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    old: str | Number | None
    new: str | Number | None


class RecommendationItem(_Item):
    """A recommendation in one catalogue and not the other."""

    text: str
    panel: str | None = Field(description="Id of the panel it belongs to.")


class WordingChange(_Item):
    """The recommendation's wording as the editions print it differs."""

    old: str
    new: str


class EntryItem(_Item):
    """A progress entry in one edition and not the other."""

    initiatives: int
    metrics: int


class InitiativeItem(_Item):
    id: str
    name: str
    url: str | None = None


class InitiativeRename(_Item):
    """One initiative under a new name (matched by id, or by name and context)."""

    old_id: str
    new_id: str
    old_name: str
    new_name: str
    similarity: float = Field(description="How alike the two names are, 0 to 1.")
    matched_by: Literal["id", "name"]


class InitiativeMention(_Item):
    """A known initiative whose mention moved: no longer in this entry though other entries
    still name it, or newly in this entry though other entries named it already. Neither is
    an initiative that started or ended."""

    id: str
    name: str = Field(description="The name as the entry wrote (or writes) it.")
    url: str | None = None
    elsewhere: list[str] = Field(
        description="Codes of the entries naming it in the edition it is still (or was already) "
        "mentioned in."
    )


class InitiativeUpdate(_Item):
    """Same initiative, same name, another field changed (its link target)."""

    id: str
    name: str
    changes: dict[str, FieldChange]


class MetricState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    value: Number
    qualifier: str | None
    unit: str
    text: str
    label: str
    as_of: str | None


class MetricItem(_Item):
    """A metric in one edition's entry and not the other's."""

    id: str
    value: Number
    qualifier: str | None
    unit: str
    text: str
    label: str
    as_of: str | None


class MetricChange(_Item):
    """One metric in both editions whose value, qualifier or unit changed."""

    id: str = Field(description="The metric's id in the newer edition.")
    old: MetricState
    new: MetricState
    absolute: Number = Field(description="new value - old value")
    relative: float | None = Field(description="(new - old) / old; null when old is 0.")
    direction: Direction
    regression: bool = Field(description="True when the value fell.")
    fields: list[str] = Field(description="Every field that differs, by name.")


class WordOp(BaseModel):
    """One step of a word-level diff; `old` and `new` hold the words with their spacing."""

    model_config = ConfigDict(extra="forbid")

    op: Literal["equal", "insert", "delete", "replace"]
    old: str
    new: str


class TextChange(_Item):
    field: Literal["wording", "narrative", "foreword", "summary"] = Field(
        description='"foreword" and "summary" are the edition\'s own prose (recommendation "").'
    )
    similarity: float = Field(description="Share of words in common, 0 to 1.")
    ops: list[WordOp]


class MetadataChange(_Item):
    """A field of the edition itself changed: title, publisher, licence, the signatory.
    `recommendation` is "" (the change is the whole edition's)."""

    field: str = Field(description='The field: "publisher", "signatory.name", …')
    old: str | None
    new: str | None


class AbbreviationChange(_Item):
    """An abbreviation added to, removed from or redefined in the table (recommendation "")."""

    abbr: str
    change: Literal["added", "removed", "redefined"]
    old: str | None = Field(description="What it stood for; null when added.")
    new: str | None = Field(description="What it stands for; null when removed.")


class OwnerChange(_Item):
    """The programmes that own an entry changed."""

    added: list[str]
    removed: list[str]


class StatusUpdate(_Item):
    """The editorial status of a recommendation changed (see `topolreport assess`)."""

    old: str | None = Field(description="The status before, as a line; null when none.")
    new: str | None = Field(description="The status now, as a line; null when none.")
    status: str | None = Field(description="The status now.")
    rag: str | None = Field(description="The RAG rating now.")
    target: str | None = Field(description="The target month now.")
    changes: list[str] = Field(
        default_factory=list,
        description="The audit trail's changes since the older edition: when, who, what, why.",
    )


class Stalled(_Item):
    """No progress in this entry from one edition to the next (see docs/diff.md)."""

    reasons: list[StallReason]
    similarity: float = Field(description="How alike the two narratives are, 0 to 1.")


class Summary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    same: bool = Field(description="No changes (stalled entries are not changes).")
    changes: int = Field(description="Number of items in all change lists (not stalled).")
    regressions: int = Field(description="Metrics that fell.")
    recommendations_added: int
    recommendations_removed: int
    wording_changes: int
    entries_added: int
    entries_removed: int
    metric_changes: int
    new_metrics: int
    removed_metrics: int
    new_initiatives: int
    removed_initiatives: int
    renamed_initiatives: int
    unmentioned_initiatives: int
    newly_mentioned_initiatives: int
    changed_initiatives: int
    text_changes: int
    metadata_changes: int = 0
    abbreviation_changes: int = 0
    prose_changes: int = 0
    owner_changes: int = 0
    status_changes: int = 0
    stalled: int


class EntryPair(NamedTuple):
    old: Entry
    new: Entry


class ChangeSet(BaseModel):
    """Everything that changed from edition `from` to edition `to`."""

    model_config = ConfigDict(extra="forbid", serialize_by_alias=True, populate_by_name=True)

    from_: str = Field(alias="from", description="Id of the older edition.")
    to: str = Field(description="Id of the newer edition.")
    stalled_threshold: float
    summary: Summary
    recommendations_added: list[RecommendationItem] = Field(default_factory=list)
    recommendations_removed: list[RecommendationItem] = Field(default_factory=list)
    wording_changes: list[WordingChange] = Field(default_factory=list)
    entries_added: list[EntryItem] = Field(default_factory=list)
    entries_removed: list[EntryItem] = Field(default_factory=list)
    metric_changes: list[MetricChange] = Field(default_factory=list)
    new_metrics: list[MetricItem] = Field(default_factory=list)
    removed_metrics: list[MetricItem] = Field(default_factory=list)
    new_initiatives: list[InitiativeItem] = Field(default_factory=list)
    removed_initiatives: list[InitiativeItem] = Field(default_factory=list)
    renamed_initiatives: list[InitiativeRename] = Field(default_factory=list)
    unmentioned_initiatives: list[InitiativeMention] = Field(default_factory=list)
    newly_mentioned_initiatives: list[InitiativeMention] = Field(default_factory=list)
    changed_initiatives: list[InitiativeUpdate] = Field(default_factory=list)
    text_changes: list[TextChange] = Field(default_factory=list)
    metadata_changes: list[MetadataChange] = Field(default_factory=list)
    abbreviation_changes: list[AbbreviationChange] = Field(default_factory=list)
    prose_changes: list[TextChange] = Field(default_factory=list)
    owner_changes: list[OwnerChange] = Field(default_factory=list)
    status_changes: list[StatusUpdate] = Field(default_factory=list)
    stalled: list[Stalled] = Field(default_factory=list)

    # What the engine matched, for consumers that lay the two editions side by side (the review
    # copy): kept out of the JSON, so a ChangeSet read back from JSON has none.
    _entry_pairs: list[EntryPair] = PrivateAttr(default_factory=list)
    _panels: dict[str, str] = PrivateAttr(default_factory=dict)

    @property
    def same(self) -> bool:
        return self.summary.same

    @property
    def entry_pairs(self) -> list[EntryPair]:
        """Each entry in both editions as (old, new), in the new edition's order; an entry
        whose code changed ("DM4" -> "DM4/AIR5") is one pair."""
        return list(self._entry_pairs)

    def panel_of(self, item: _Item) -> str | None:
        """Id of the panel the item's recommendation is in (the newer catalogue's, else the
        older's); None for a code in neither, or a ChangeSet read back from JSON."""
        return self._panels.get(item.recommendation)

    def with_matches(self, pairs: list[EntryPair], panels: dict[str, str]) -> ChangeSet:
        """This ChangeSet knowing the engine's entry pairs and each code's panel id."""
        self._entry_pairs = list(pairs)
        self._panels = dict(panels)
        return self

    def items(self) -> list[tuple[str, _Item]]:
        """(list name, item) for every change and stalled flag, list by list (the lists are
        declared in report order; `kinds.KINDS` words each)."""
        return [(name, item) for name in LIST_NAMES for item in getattr(self, name)]

    def to_json(self) -> str:
        """The ChangeSet as `json.dumps(..., indent=2, ensure_ascii=False)` writes it, written
        by pydantic's serializer, which is many times faster on a large ChangeSet."""
        import json

        import pydantic_core

        data = self.model_dump(mode="json")
        text = pydantic_core.to_json(data, indent=2).decode()
        if _small_float(text):
            text = json.dumps(data, indent=2, ensure_ascii=False)
        return text + "\n"


_EXPONENT_RE = re.compile(r"e-\d")  # a literal first: found at C speed


def _small_float(text: str) -> bool:
    """Whether JSON `text` may hold a float under 1e-4, which pydantic writes its own way
    ("1e-6", "0.00001" for Python's "1e-06", "1e-05"); text that only looks like one (a
    string with "0.0000" or "3e-5" in it) is taken for one too."""
    return "0.0000" in text or any(
        match.start() > 0 and text[match.start() - 1].isdigit()
        for match in _EXPONENT_RE.finditer(text)
    )


# The ChangeSet's lists in report order: every change list, then the stalled flags.
LIST_NAMES: tuple[str, ...] = tuple(
    name for name in ChangeSet.model_fields if name in Summary.model_fields
)
