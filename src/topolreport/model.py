"""The in-memory model of a review and its editions.

Everything else (store, importers, checks, diff, renderers) reads and writes these classes.
The review's *catalogue* (panels and the fixed wording of each recommendation) is kept once,
beside the editions; an *edition* holds one year's report: front matter, the foreword, one
progress entry per recommendation, the summary and the abbreviations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .characters import first_forbidden
from .characters import forbidden_character as forbidden_character  # re-exported
from .codes import DEFAULT as DEFAULT_GRAMMAR
from .codes import CodeGrammar, CodeIndex, grammar_for, pattern_problem
from .codes import split_code as split_code  # re-exported: importers and checks use it

# \Z, not $: "$" also matches before a trailing newline, which no id or month may carry.
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MONTH_RE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])\Z")
# At most 100 characters: a folder name, with room for a staging prefix, fits 255 bytes.
EDITION_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\Z")

# A figure a report prints: below a thousand million million, to at most six decimals. Wider
# values are typos or attacks, and floats beyond them lose digits or overflow in arithmetic.
MAX_METRIC_MAGNITUDE = 10**15
MAX_METRIC_DECIMALS = 6
# YAML number forms that are not plain decimal digits (ruamel keeps these as int subclasses).
_NOT_DECIMAL = {"HexInt", "HexCapsInt", "OctalInt", "BinaryInt"}
# What every code looks like whatever the review's pattern: no spaces, halves joined by "/".
# The review's own pattern (Catalogue.code_pattern) is checked where the catalogue is known.
CODE_SHAPE_RE = re.compile(r"[^\s/]+(?:/[^\s/]+)*")


def _plain_number(value: object) -> object:
    # One clear error for a non-number, instead of one per member of the int | float union.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("must be a number written without commas, e.g. 33700 or 2.5")
    if getattr(value, "_underscore", None) or type(value).__name__ in _NOT_DECIMAL:
        raise ValueError("must be written with decimal digits only (no '_', hex or octal)")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number (not nan or infinity)")
    if abs(value) >= MAX_METRIC_MAGNITUDE:
        raise ValueError("must be less than 10^15 in size (1,000,000,000,000,000)")
    if isinstance(value, float):
        exponent = Decimal(repr(value)).as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_METRIC_DECIMALS:
            raise ValueError(f"must have at most {MAX_METRIC_DECIMALS} decimal places")
        return float(value)  # a plain float, whatever subclass the YAML reader made
    return int(value)


Number = Annotated[int | float, BeforeValidator(_plain_number)]

# A figure as a person types it in a form or an option: ASCII digits, thousands commas in
# threes, a decimal point. Not "1_000" or "1e3" (Python's int() and float() take both), nor
# "١٢٣" (they take any script's digits), nor nan or infinity.
_TYPED_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?\Z")


def parse_number(text: str) -> int | float:
    """The number `text` writes, by the rule metric values follow (see `_plain_number`);
    ValueError saying why otherwise."""
    cleaned = text.strip().replace(" ", "")
    if len(cleaned) > 40 or not _TYPED_NUMBER_RE.match(cleaned):
        raise ValueError("must be written with digits 0-9, e.g. 33700, 33,700 or 2.5")
    plain = cleaned.replace(",", "")
    value = float(plain) if "." in plain else int(plain)
    if "." in plain and len(plain.split(".")[1]) > MAX_METRIC_DECIMALS:
        raise ValueError(f"must have at most {MAX_METRIC_DECIMALS} decimal places")
    checked = _plain_number(value)
    assert isinstance(checked, int | float)
    return checked


def decimal_number(value: Decimal) -> int | float:
    """A worth read from text (such as "2.5 million") as a metric value, by the rule of
    `parse_number`; ValueError saying why otherwise."""
    whole = value == value.to_integral_value()
    return parse_number(str(int(value)) if whole else format(value.normalize(), "f"))


Qualifier = Literal["over", "about", "plus", "up to", "at least", "under"]


FORBIDDEN_CHARACTER = "forbidden_character"  # the error type of a refused character


def refuse_forbidden_characters(data: object, prose: frozenset[str] = frozenset()) -> object:
    """Raise ValueError naming the field when a string of a raw record (or a list or mapping
    of strings in it) holds a forbidden character (see characters.py); the fields named in
    `prose` may hold the format characters writing needs. Nested models check their own."""
    if not isinstance(data, dict):
        return data
    for key, value in data.items():
        # (index or key within the field, text): a list's items, a mapping's keys and values
        texts: list[tuple[object, object]] = [(None, value)]
        if isinstance(value, list):
            texts = list(enumerate(value))
        elif isinstance(value, dict):
            texts = [(k, k) for k in value] + list(value.items())
        for index, text in texts:
            found = first_forbidden(text, prose=key in prose) if isinstance(text, str) else None
            if found is not None:
                # The field and position travel with the error, so the store can name the
                # line the character is on.
                position, why = found
                raise PydanticCustomError(
                    FORBIDDEN_CHARACTER,
                    "{field}: {why} at position {position}",
                    {"field": key, "why": why, "position": position, "index": index},
                )
    return data


# Validation context key: the caller has searched the whole text the data was read from and
# found no forbidden character (nor a YAML escape that could make one), so each record need
# not search its own strings again. Thousands of entries pay that search once per file.
TEXT_CHECKED = "text_checked"


def plain_text(data: object, info: ValidationInfo, prose: frozenset[str] = frozenset()) -> object:
    """The before-validator of every record: refuse forbidden characters (the fields in
    `prose` may hold writing's format characters), unless the caller vouches for the text
    (TEXT_CHECKED in the validation context: the file holds no format or control character
    at all, the strictest rule, so no field of it can hold one)."""
    if info.context is not None and info.context.get(TEXT_CHECKED):
        return data
    return refuse_forbidden_characters(data, prose)


class _Model(BaseModel):
    # Unknown keys are typos in a hand-edited snapshot: refuse them rather than drop them.
    # Validators are built when a class first validates, not when it is defined: a process
    # that only receives records (the Word renderer in its own process, render/worker.py)
    # never pays for them, and one that validates builds only the ones it uses.
    model_config = ConfigDict(
        extra="forbid", frozen=False, validate_assignment=False, defer_build=True
    )
    # Fields of prose, which may hold the format characters writing needs (soft hyphen,
    # zero-width joiners); every other text field holds none.
    _prose: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, data: object, info: ValidationInfo) -> object:
        return plain_text(data, info, cls._prose)


def check_month(value: str) -> str:
    if not MONTH_RE.match(value):
        raise ValueError(f"{value!r} is not a month written YYYY-MM")
    return value


def _check_code(value: str) -> str:
    if not CODE_SHAPE_RE.fullmatch(value):
        raise ValueError(f'{value!r} is not a recommendation code like "G2" or "DM4/AIR5"')
    return value


def _code_errors(
    grammar: CodeGrammar, located: list[tuple[tuple[str | int, ...], str]], title: str
) -> None:
    """Refuse each (location, code) that the review's grammar does not accept, all at once,
    each at its own field so that the store can name the file and line."""
    errors = [
        InitErrorDetails(
            type=PydanticCustomError(
                "value_error",
                "'{code}' is not a code of this review (pattern {pattern}); declare the "
                "review's pattern as code_pattern in the catalogue",
                {"code": code, "pattern": grammar.single},
            ),
            loc=loc,
            input=code,
        )
        for loc, code in located
        if not grammar.is_code(code)
    ]
    if errors:
        raise ValidationError.from_exception_data(title, errors)


def format_number(value: int | float) -> str:
    """A number as people write it: 33700 -> "33,700"; 2.5 -> "2.5"; 0.1 + 0.2 -> "0.3".

    The one number formatter of every output. Up to six decimals are kept, more than any
    figure a report prints, so only float noise goes.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def _check_id(value: str) -> str:
    if not ID_RE.match(value):
        raise ValueError(f"{value!r} is not an id: use lower-case letters, digits and hyphens")
    return value


class Recommendation(_Model):
    _prose = frozenset({"text"})
    code: str = Field(description='Code as the review prints it, e.g. "G2" or "DM4/AIR5".')
    text: str = Field(min_length=1, description="The recommendation's fixed wording.")

    _code = field_validator("code")(_check_code)


class Panel(_Model):
    id: str = Field(description='Stable id, e.g. "genomics".')
    title: str = Field(min_length=1, description='Short name, e.g. "Genomics Panel".')
    heading: str = Field(
        min_length=1, description='Heading as the report prints it, e.g. "Recommendations from …".'
    )
    recommendations: list[Recommendation] = Field(default_factory=list)

    _id = field_validator("id")(_check_id)


DEFAULT_STATUSES = ("not started", "in progress", "implemented", "superseded")
Rag = Literal["red", "amber", "green"]
# A rating that says something is wrong must say what.
RAG_NEEDING_REASON = ("red", "amber")


class StatusTaxonomy(_Model):
    """The editorial statuses a recommendation can be given, and whether a RAG rating is used."""

    statuses: list[str] = Field(
        default_factory=lambda: list(DEFAULT_STATUSES),
        min_length=1,
        description="Status names, in the order a recommendation moves through them.",
    )
    rag: bool = Field(default=True, description="Whether a red/amber/green rating may be given.")


class Catalogue(_Model):
    """The review's panels and recommendations: the same every year, kept once."""

    review: str = Field(min_length=1, description='The review\'s name, e.g. "Topol Review".')
    code_pattern: str = Field(
        default=DEFAULT_GRAMMAR.single,
        description="Regular expression of one recommendation code of this review; a joint "
        'code is codes joined by "/".',
    )
    panels: list[Panel] = Field(min_length=1)
    status_taxonomy: StatusTaxonomy | None = Field(
        default=None,
        description="Editorial statuses; when absent: not started, in progress, implemented, "
        "superseded, with a RAG rating.",
    )

    def taxonomy(self) -> StatusTaxonomy:
        return self.status_taxonomy or StatusTaxonomy()

    @field_validator("code_pattern")
    @classmethod
    def _code_pattern(cls, value: str) -> str:
        problem = pattern_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _codes_follow_the_pattern(self) -> Catalogue:
        _code_errors(
            self.grammar(),
            [
                (("panels", p, "recommendations", r, "code"), rec.code)
                for p, panel in enumerate(self.panels)
                for r, rec in enumerate(panel.recommendations)
            ],
            "Catalogue",
        )
        return self

    def grammar(self) -> CodeGrammar:
        """How this review writes its codes (the default grammar unless it declares one)."""
        return grammar_for(self.code_pattern)

    def recommendations(self) -> list[Recommendation]:
        return [rec for panel in self.panels for rec in panel.recommendations]

    def recommendation(self, code: str) -> Recommendation | None:
        """The recommendation for a code, also when the code is one half of a joint code."""
        return self.index().get(code)

    def index(self) -> CodeIndex[Recommendation]:
        """The recommendations by code and by either half of a joint code."""
        return CodeIndex(self.recommendations(), key=lambda rec: rec.code)

    def panel_of(self, code: str) -> Panel | None:
        """The panel a code (or either half of a joint code) belongs to."""
        placed = CodeIndex(
            [(rec.code, panel) for panel in self.panels for rec in panel.recommendations],
            key=lambda pair: pair[0],
        ).get(code)
        return placed[1] if placed is not None else None

    def wordings(self) -> dict[str, str]:
        """Code -> fixed wording, for joint codes under each half too."""
        return {code: rec.text for code, rec in self.index().codes().items()}

    def order_key(self) -> Callable[[str], tuple[int, str]]:
        """Sort key putting codes in catalogue order, unknown codes after them by code."""
        index = {rec.code: i for i, rec in enumerate(self.recommendations())}
        last = len(index)
        return lambda code: (index.get(code, last), "" if code in index else code)


class Initiative(_Model):
    """A named programme or resource the narrative reports on."""

    id: str = Field(
        description="The initiative's id in the review's registry (editions/initiatives.yaml), "
        "unique within the entry; survives edits of the name."
    )
    name: str = Field(min_length=1, description="The name as this edition's narrative uses it.")
    url: str | None = Field(
        default=None, description="Link target; null when the report's link lost its target."
    )

    _id = field_validator("id")(_check_id)


class Metric(_Model):
    """A number the narrative reports, with what it counts."""

    id: str = Field(description='Stable id, unique in the edition, e.g. "g2-learners".')
    value: Number = Field(description='The number itself: "2 million" is 2000000.')
    qualifier: Qualifier | None = Field(
        default=None, description='"over", "about" (c./circa/around), "plus" (450+), …'
    )
    unit: str = Field(min_length=1, description='What is counted: "learners", "percent", …')
    label: str = Field(default="", description="The words around the number that say what it is.")
    text: str = Field(min_length=1, description="The phrase as the narrative writes it.")
    as_of: str | None = Field(
        default=None, description="Month the figure is from (YYYY-MM); null when unknown."
    )
    source: str | None = Field(
        default=None, description="Where the figure comes from: an evidence link or document."
    )

    _id = field_validator("id")(_check_id)

    @field_validator("as_of")
    @classmethod
    def _as_of(cls, value: str | None) -> str | None:
        return None if value is None else check_month(value)


class ReviewComment(_Model):
    """A comment a contributor left on a returned form, kept for whoever approves the entry."""

    _prose = frozenset({"text", "passage"})

    author: str = ""
    date: str = ""
    passage: str = Field(default="", description="The text the comment is anchored to.")
    text: str
    form: str = Field(default="", description="The form it came in.")


class Review(_Model):
    """Whether this year's entry has been looked at (see `topolreport new` / `confirm`)."""

    _prose = frozenset({"reason"})

    state: Literal["carried-forward", "confirmed"] = "carried-forward"
    reason: str | None = None
    # Fingerprint of the narrative, initiatives and metrics when carried forward: an entry whose
    # fingerprint no longer matches has been edited, and so reviewed.
    fingerprint: str | None = None
    by: str | None = Field(default=None, description="Who confirmed it (name and role).")
    on: str | None = Field(default=None, description="When it was confirmed (YYYY-MM-DD).")
    comments: list[ReviewComment] | None = Field(
        default=None, description="Comments contributors left on this entry's forms."
    )


class StatusChange(_Model):
    """One editorial assessment of an entry, as set by `topolreport assess`: the audit trail."""

    _prose = frozenset({"why"})

    when: str = Field(description="When it was set, UTC, YYYY-MM-DDTHH:MM:SSZ.")
    who: str = Field(min_length=1, description="Who set it.")
    why: str = Field(min_length=1, description="The reason given.")
    status: str = Field(min_length=1)
    rag: Rag | None = None
    target: str | None = Field(default=None, description="Target month, YYYY-MM.")
    target_was: str | None = Field(
        default=None, description="The target month this change revised, when it moved."
    )

    @field_validator("target", "target_was")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        return None if value is None else check_month(value)


class Assessment(_Model):
    """An entry's editorial status: a person's judgement, kept apart from the computed signal."""

    _prose = frozenset({"reason"})

    status: str = Field(min_length=1, description="One of the catalogue's statuses.")
    rag: Rag | None = Field(default=None, description="Red, amber or green; optional.")
    reason: str = Field(default="", description="Why; required for red and amber.")
    target: str | None = Field(default=None, description="Target month, YYYY-MM.")
    history: list[StatusChange] = Field(
        default_factory=list, description="Every change, oldest first; the last is this one."
    )

    @field_validator("target")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        return None if value is None else check_month(value)

    @model_validator(mode="after")
    def _reason_for_warning(self) -> Assessment:
        if self.rag in RAG_NEEDING_REASON and not self.reason.strip():
            raise ValueError(f"a {self.rag} rating needs a reason")
        return self


# Whitespace ending a line (\s is what str.rstrip strips, less the line end itself).
_TRAILING_SPACE_RE = re.compile(r"[^\S\n](?:\n|\Z)")


def normalise_markdown(value: str) -> str:
    """Markdown as the store writes it: LF line ends, no trailing spaces, no blank lines at
    either end."""
    if "\r" not in value and _TRAILING_SPACE_RE.search(value) is None:
        return value.strip("\n")  # already so, as every file the store wrote is
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


class Entry(_Model):
    """One recommendation's progress in one edition."""

    _prose = frozenset({"narrative", "wording"})

    code: str = Field(description='The code as the report writes it, e.g. "DM4/AIR5".')
    narrative: str = Field(description="Progress narrative in Markdown.")
    wording: str | None = Field(
        default=None,
        description="The recommendation's text as this edition prints it, when it differs "
        "from the catalogue.",
    )
    owners: list[str] = Field(default_factory=list, description="Programmes that own the entry.")
    initiatives: list[Initiative] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    review: Review | None = None
    assessment: Assessment | None = Field(
        default=None, description="Editorial status with its history (`topolreport assess`)."
    )

    _code = field_validator("code")(_check_code)

    _narrative = field_validator("narrative")(normalise_markdown)

    @property
    def codes(self) -> list[str]:
        return split_code(self.code)


class Signatory(_Model):
    name: str
    role: str = ""
    organisation: str = ""


class Foreword(_Model):
    _prose = frozenset({"text"})
    text: str = Field(description="Foreword in Markdown.")
    signatory: Signatory | None = None

    _text = field_validator("text")(normalise_markdown)


class Abbreviation(_Model):
    abbr: str = Field(min_length=1)
    meaning: str = Field(min_length=1)


class DisabledRule(_Model):
    _prose = frozenset({"reason"})
    rule: str = Field(description="Code of the check rule switched off for this edition.")
    reason: str = Field(min_length=1, description="Why: recorded so a reviewer can judge it.")


class Edition(_Model):
    """One edition of the progress report, with the catalogue it reports against."""

    _prose = frozenset({"summary"})

    id: str = Field(description='Folder name, e.g. "2023-02".')
    title: str = Field(min_length=1)
    date: str = Field(description="Month of publication, YYYY-MM.")
    publisher: str = ""
    licence: str = ""
    language: str = "en-GB"
    foreword: Foreword | None = None
    progress_heading: str = "Progress towards recommendations"
    summary: str = ""
    abbreviations: list[Abbreviation] = Field(default_factory=list)
    disabled_rules: list[DisabledRule] = Field(default_factory=list)
    require_status: bool = Field(
        default=False, description="Whether `check --final` requires an editorial status."
    )
    metadata_review: Review | None = Field(
        default=None,
        description="Publisher, signatory and date carried forward by `new`, until edited or "
        "confirmed.",
    )
    catalogue: Catalogue
    entries: list[Entry] = Field(default_factory=list)

    _summary = field_validator("summary")(normalise_markdown)

    _date = field_validator("date")(check_month)

    @field_validator("id")
    @classmethod
    def _edition_id(cls, value: str) -> str:
        if not EDITION_ID_RE.match(value):
            raise ValueError(f"{value!r} is not a folder name (letters, digits, '.', '_', '-')")
        return value

    @model_validator(mode="after")
    def _catalogue_order(self) -> Edition:
        _code_errors(
            self.catalogue.grammar(),
            [(("entries", i, "code"), entry.code) for i, entry in enumerate(self.entries)],
            "Edition",
        )
        # One canonical order (the catalogue's) so that saving and loading give the same edition.
        key = self.catalogue.order_key()
        self.entries.sort(key=lambda entry: key(entry.code))
        return self

    def entry(self, code: str) -> Entry | None:
        """The entry for a code, also when the code is one half of a joint code."""
        return self.index().get(code)

    def index(self) -> CodeIndex[Entry]:
        """The entries by code and by either half of a joint code."""
        return CodeIndex(self.entries, key=lambda entry: entry.code)

    def panel_entries(self) -> list[tuple[Panel | None, list[Entry]]]:
        """Entries grouped by catalogue panel, in its order; unknown codes last (panel None)."""
        # Index once: a lookup per recommendation would be quadratic.
        by_code = self.index()
        groups: list[tuple[Panel | None, list[Entry]]] = []
        placed: set[str] = set()
        for panel in self.catalogue.panels:
            found = []
            for rec in panel.recommendations:
                match = by_code.find(rec.code)
                if match is not None and match.code not in placed:
                    found.append(match)
                    placed.add(match.code)
            groups.append((panel, found))
        rest = [e for e in self.entries if e.code not in placed]
        if rest:
            groups.append((None, rest))
        return groups

    def recommendation_text(self, entry: Entry, wordings: dict[str, str] | None = None) -> str:
        """The wording to print for an entry: this edition's own, else the catalogue's.
        Pass `catalogue.wordings()` when asking for many entries."""
        if entry.wording:
            return entry.wording
        if wordings is not None:
            return wordings.get(entry.code, "")
        rec = self.catalogue.recommendation(entry.code)
        return rec.text if rec else ""


def unwritten_sections(edition: Edition) -> list[str]:
    """The sections of the edition still empty: "foreword", "summary"."""
    found = []
    if edition.foreword is None or not edition.foreword.text.strip():
        found.append("foreword")
    if not edition.summary.strip():
        found.append("summary")
    return found
