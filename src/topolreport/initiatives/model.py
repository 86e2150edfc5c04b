"""The registry of a review's initiatives: which named things the narratives report on are
programmes, tools, publications or partnerships, under which names, since which edition.

The importer proposes names; the registry decides what they are. It is kept once per review,
beside the catalogue (`editions/initiatives.yaml`), and reviewed by people. Organisations the
narratives name (partners) and awards (recognitions) are listed too, so that they are
recognised and never counted as initiatives or as progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..model import ID_RE, refuse_forbidden_characters
from .names import name_key

DEFAULT_KINDS = ["programme", "tool or resource", "publication", "partnership or network"]
Status = Literal["accepted", "proposed"]


class _Model(BaseModel):
    # A hand-edited file: an unknown key is a typo, refused rather than dropped.
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, data: object) -> object:
        return refuse_forbidden_characters(data)  # names reach every output and the terminal


def _check_id(value: str) -> str:
    if not ID_RE.match(value):
        raise ValueError(f"{value!r} is not an id: use lower-case letters, digits and hyphens")
    return value


class RegisteredInitiative(_Model):
    """One initiative, whatever the narratives call it from year to year."""

    id: str = Field(description="Stable id; entries refer to the initiative by it.")
    name: str = Field(min_length=1, description="The canonical name.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names the narratives use: abbreviation, plural, 'NHS' prefix, …",
    )
    kind: str = Field(description="One of the registry's kinds, e.g. programme.")
    status: Status = Field(
        default="accepted",
        description="'proposed' until a person accepts, merges or drops what an import found.",
    )
    first_edition: str | None = Field(
        default=None, description="Id of the edition in which it first appeared."
    )
    names: dict[str, str] = Field(
        default_factory=dict, description="Edition id -> the name the narrative used in it."
    )
    owner: str | None = Field(
        default=None, description="The entry owner this initiative is, e.g. GEP."
    )
    evidence: str | None = Field(default=None, description="A link showing what it is.")
    merged: list[str] = Field(
        default_factory=list,
        description="Ids of initiatives merged into this one: entries using them mean this one.",
    )

    _id = field_validator("id")(_check_id)

    @field_validator("merged")
    @classmethod
    def _merged_ids(cls, value: list[str]) -> list[str]:
        return [_check_id(item) for item in value]

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


class Partner(_Model):
    """An organisation the narratives name: a partner in the work, not an initiative."""

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)


class Recognition(_Model):
    """An award or shortlisting: it recognises work, it is not progress of its own."""

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    entry: str | None = Field(default=None, description="The entry that reports it, e.g. DM1.")
    initiative: str | None = Field(
        default=None, description="Id of the initiative it recognises, when one is registered."
    )


class Dropped(_Model):
    """Names a person decided are not initiatives (a generic link text, a description)."""

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    id: str | None = Field(
        default=None, description="The id it had, when it was dropped from the initiatives."
    )


Named = RegisteredInitiative | Partner | Recognition | Dropped


class Registry(_Model):
    """editions/initiatives.yaml: the review's initiatives, partners and recognitions."""

    kinds: list[str] = Field(
        default_factory=lambda: list(DEFAULT_KINDS), description="The kinds an initiative can be."
    )
    initiatives: list[RegisteredInitiative] = Field(default_factory=list)
    partners: list[Partner] = Field(default_factory=list)
    recognitions: list[Recognition] = Field(default_factory=list)
    not_initiatives: list[Dropped] = Field(
        default_factory=list,
        description="Names that are never initiatives, whatever the importer proposes.",
    )

    def problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """(where, what) for each inconsistency: an unknown kind, an id used twice, a name
        given to two different things."""
        found: list[tuple[tuple[str | int, ...], str]] = []
        ids: dict[str, str] = {}
        for index, item in enumerate(self.initiatives):
            if item.kind not in self.kinds:
                found.append(
                    (
                        ("initiatives", index, "kind"),
                        f"{item.kind!r} is not one of the kinds ({', '.join(self.kinds)})",
                    )
                )
            for known in (item.id, *item.merged):
                if known in ids:
                    found.append(
                        (("initiatives", index, "id"), f"id {known!r} is also {ids[known]!r}")
                    )
                ids.setdefault(known, item.id)
        owners: dict[str, str] = {}
        for group, items in self.named_groups():
            for index, named in enumerate(items):
                for name in [named.name, *named.aliases]:
                    key = name_key(name)
                    where = f"{group} {named.name!r}"
                    if key in owners and owners[key] != where:
                        found.append(
                            ((group, index, "name"), f"{name!r} is also a name of {owners[key]}")
                        )
                    owners.setdefault(key, where)
        return found

    def named_groups(self) -> list[tuple[str, Sequence[Named]]]:
        return [
            ("initiatives", self.initiatives),
            ("partners", self.partners),
            ("recognitions", self.recognitions),
            ("not_initiatives", self.not_initiatives),
        ]

    def get(self, initiative_id: str) -> RegisteredInitiative | None:
        """The initiative an id stands for, following merges."""
        for item in self.initiatives:
            if item.id == initiative_id or initiative_id in item.merged:
                return item
        return None

    def ids(self) -> dict[str, str]:
        """Every id an entry may use (merged ones too) -> the id it stands for now."""
        found: dict[str, str] = {}
        for item in self.initiatives:
            found[item.id] = item.id
            for old in item.merged:
                found[old] = item.id
        return found

    def dropped_ids(self) -> set[str]:
        return {item.id for item in self.not_initiatives if item.id}
