"""The shape of edition.yaml, shared by loading, saving and the JSON Schema."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from ..model import DisabledRule, Review, Signatory, check_month, plain_text


class EditionFile(BaseModel):
    """The shape of edition.yaml: an edition without its catalogue, prose and entries."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    date: str = Field(description="Month of publication, YYYY-MM.")
    publisher: str = ""
    licence: str = ""
    language: str = "en-GB"
    progress_heading: str = "Progress towards recommendations"
    signatory: Signatory | None = Field(default=None, description="Who signs the foreword.")
    abbreviations: dict[str, str] = Field(
        default_factory=dict, description="Abbreviation -> what it stands for, in table order."
    )
    disabled_rules: list[DisabledRule] = Field(default_factory=list)
    require_status: bool = Field(
        default=False, description="Whether `check --final` requires an editorial status."
    )
    metadata_review: Review | None = Field(
        default=None, description="Publisher, signatory and date as carried forward by `new`."
    )

    _date = field_validator("date")(check_month)

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, data: object, info: ValidationInfo) -> object:
        return plain_text(data, info)
