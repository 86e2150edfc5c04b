"""How a change is worded for people: figures, metric moves, one line per item, the verdict.

The diff reports (text, Markdown, HTML), the changes annex and the review copy all word a
change through this module, so a figure reads the same everywhere ("over 2,600", "450+",
"90%+"). It sits below both `diff/reports` and `render`, which must not borrow from each
other. Published documents use the team's public vocabulary (`Vocabulary`, read from the
templates folder's `vocabulary.yaml`); the reviewers' reports may use the engine's own terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from ..errors import InputError
from ..files import read_text
from ..model import Assessment, StatusChange, format_number
from .changes import (
    AbbreviationChange,
    ChangeSet,
    EntryItem,
    InitiativeItem,
    InitiativeMention,
    InitiativeRename,
    InitiativeUpdate,
    MetadataChange,
    MetricChange,
    MetricItem,
    MetricState,
    OwnerChange,
    RecommendationItem,
    Stalled,
    StallReason,
    StatusUpdate,
    TextChange,
    WordingChange,
)

VOCABULARY_FILE = "vocabulary.yaml"

# --- figures --------------------------------------------------------------------------------


def number(value: float | None) -> str:
    """33700 -> "33,700"; 2.5 -> "2.5"; None -> "" (the one number formatter)."""
    return "" if value is None else format_number(value)


def signed(value: float) -> str:
    """+7,500 / -300 / 0."""
    return ("+" if value > 0 else "") + number(value)


def share(fraction: float) -> str:
    """0.9972 -> "99.7%": one decimal, so a small edit never reads as 100%."""
    return "100%" if fraction >= 1 else f"{min(fraction, 0.999):.1%}"


def percent(relative: float) -> str:
    """+0.2226 -> "+22%"; small moves keep a decimal (+0.025 -> "+2.5%")."""
    return f"{relative:+.0%}" if abs(relative) >= 0.1 else f"{relative:+.1%}"


def figure(value: float, qualifier: str | None, unit: str) -> str:
    """ "33,700", "over 2,600", "450+", "90%+": a figure as the report writes it.

    "plus" follows the whole figure, sign included ("90%+" reads "90% plus").
    """
    text = number(value) + ("%" if unit == "percent" else "")
    if qualifier == "plus":
        return text + "+"
    return f"{qualifier} {text}" if qualifier else text


def amount(value: float, qualifier: str | None, unit: str) -> str:
    """ "over 2,600 visitors", "450+ elearning programmes", "over 90%": a figure and its unit."""
    shown = figure(value, qualifier, unit)
    return shown if unit == "percent" else f"{shown} {unit}"


def state_amount(state: MetricState | MetricItem) -> str:
    return amount(state.value, state.qualifier, state.unit)


def state_figure(state: MetricState | MetricItem) -> str:
    return figure(state.value, state.qualifier, state.unit)


def metric_delta(change: MetricChange) -> str:
    """ "+7,500, +22.3%" for a move; "same value new qualifier" when only the wording moved."""
    if change.direction in ("up", "down"):
        relative = f", {change.relative:+.1%}" if change.relative is not None else ""
        return f"{signed(change.absolute)}{relative}"
    return change.direction.replace("-", " ")


def metric_line(change: MetricChange) -> str:
    """ "33,700 learners → 41,200 learners (+7,500, +22.3%)"."""
    return f"{state_amount(change.old)} → {state_amount(change.new)} ({metric_delta(change)})"


def metric_note(change: MetricChange) -> str:
    """ "Metric rose from 33,700 to 41,200 (+22%)": a move in a sentence."""
    old, new = change.old, change.new
    if change.direction in ("up", "down"):
        verb = "rose" if change.direction == "up" else "fell"
        moved = percent(change.relative) if change.relative is not None else signed(change.absolute)
        return f"Metric {verb} from {state_figure(old)} to {state_figure(new)} ({moved})"
    if change.direction == "same-value-new-qualifier":
        return f"Metric now reads {state_figure(new)} (was {state_figure(old)})"
    return f"Metric unit changed from {old.unit} to {new.unit}"


def count_of(count: int, what: str) -> str:
    """ "1 initiative", "3 metrics"."""
    return f"{number(count)} {what}" + ("" if count == 1 else "s")


# --- one line per item, by kind ----------------------------------------------------------------


def recommendation_added(item: RecommendationItem) -> str:
    return f"recommendation added: {item.text}"


def recommendation_removed(item: RecommendationItem) -> str:
    return f"recommendation removed: {item.text}"


def wording_changed(item: WordingChange) -> str:
    return "recommendation wording changed"


def entry_added(item: EntryItem) -> str:
    return f"entry added ({item.initiatives} initiatives, {item.metrics} metrics)"


def entry_removed(item: EntryItem) -> str:
    return f"entry removed ({item.initiatives} initiatives, {item.metrics} metrics)"


def metric_name(state: MetricState | MetricItem) -> str:
    """A figure named as readers know it: its label (the words around it in the text), else
    the words of the figure itself; never its machine id."""
    return " ".join((state.label or state.text or state.id).split())


def as_of(item: MetricItem) -> str:
    """ " (as of February 2024)" for a figure with its month, else ""."""
    from ..document import month_name  # it brings in the Markdown reader

    return f" (as of {month_name(item.as_of)})" if item.as_of else ""


def metric_changed(item: MetricChange) -> str:
    fell = " — fell" if item.regression else ""
    return f"{metric_name(item.new)}: {metric_line(item)}{fell}"


def metric_new(item: MetricItem) -> str:
    return f"new figure, {metric_name(item)}: {state_amount(item)}{as_of(item)}"


def metric_removed(item: MetricItem) -> str:
    return f"figure removed, {metric_name(item)}: {state_amount(item)}"


def initiative_new(item: InitiativeItem) -> str:
    return f"new initiative: {item.name}"


def initiative_removed(item: InitiativeItem) -> str:
    return f"removed initiative: {item.name}"


def initiative_renamed(item: InitiativeRename) -> str:
    return f"initiative renamed: {item.old_name} → {item.new_name}"


def initiative_unmentioned(item: InitiativeMention) -> str:
    still = ", ".join(item.elsewhere)
    return f"no longer mentioned in {item.recommendation}: {item.name} (still in {still})"


def initiative_newly_mentioned(item: InitiativeMention) -> str:
    already = ", ".join(item.elsewhere)
    return f"now also mentioned in {item.recommendation}: {item.name} (already in {already})"


def initiative_changed(item: InitiativeUpdate) -> str:
    fields = ", ".join(
        f"{key} {change.old or '(none)'} → {change.new or '(none)'}"
        for key, change in item.changes.items()
    )
    return f"initiative {item.name} changed: {fields}"


_TEXT_NAMES = {"wording": "recommendation wording"}


def text_changed(item: TextChange) -> str:
    what = _TEXT_NAMES.get(item.field, item.field)  # narrative, foreword, summary
    return f"{what} changed ({share(item.similarity)} of words the same)"


def metadata_changed(item: MetadataChange) -> str:
    what = item.field.replace(".", " ")  # "signatory.name" -> "signatory name"
    if item.old is None:
        return f"{what} added: {item.new}"
    if item.new is None:
        return f"{what} removed (was {item.old})"
    return f"{what} changed: {item.old} → {item.new}"


def abbreviation_changed(item: AbbreviationChange) -> str:
    if item.change == "added":
        return f"abbreviation added: {item.abbr} ({item.new})"
    if item.change == "removed":
        return f"abbreviation removed: {item.abbr} ({item.old})"
    return f"abbreviation redefined: {item.abbr}: {item.old} → {item.new}"


def owners_changed(item: OwnerChange) -> str:
    parts = [f"+ {name}" for name in item.added] + [f"- {name}" for name in item.removed]
    return "owners changed: " + ", ".join(parts)


def status_changed(item: StatusUpdate) -> str:
    return f"editorial status {item.old or 'not set'} → {item.new or 'not set'}"


def status_line(assessment: Assessment | None) -> str:
    """ "in progress (amber): awaiting funding; target 2025-03" for people."""
    if assessment is None:
        return "no editorial status"
    line = assessment.status + (f" ({assessment.rag})" if assessment.rag else "")
    if assessment.reason:
        line += f": {assessment.reason}"
    if assessment.target:
        line += f"; target {assessment.target}"
    return line


def change_line(change: StatusChange) -> str:
    """One line of the audit trail: when, who, what, why."""
    what = change.status + (f" ({change.rag})" if change.rag else "")
    if change.target_was:
        what += f", target moved {change.target_was} → {change.target}"
    elif change.target:
        what += f", target {change.target}"
    return f"{change.when} {change.who}: {what}; {change.why}"


def stalled(item: Stalled) -> str:
    return "stalled: " + reasons(item)


def reasons(item: Stalled) -> str:
    return "; ".join(item.reasons)


def sentence(text: str) -> str:
    """A line as a sentence: capital first, full stop last."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


# --- the review copy's comments, by kind --------------------------------------------------------


@dataclass(frozen=True)
class Remark:
    """A reviewer's comment on an item: anchored on `phrase` as the text reads in the new
    edition (or the old, when `on_old`), else on the entry's heading."""

    text: str
    phrase: str | None = None
    on_old: bool = False


def _records(item: EntryItem) -> str:
    return f"{count_of(item.initiatives, 'initiative')}, {count_of(item.metrics, 'metric')}"


def remark_entry_added(item: EntryItem, since: str) -> Remark:
    return Remark(f"New entry since {since} ({_records(item)})")


def remark_entry_removed(item: EntryItem, since: str) -> Remark:
    return Remark(f"Entry removed: it was in {since} ({_records(item)})")


def remark_metric_changed(item: MetricChange, since: str) -> Remark:
    return Remark(metric_note(item), item.new.text)


def remark_metric_new(item: MetricItem, since: str) -> Remark:
    return Remark(f"New metric: {state_amount(item)}", item.text)


def remark_metric_removed(item: MetricItem, since: str) -> Remark:
    return Remark(f"Metric removed: {state_amount(item)}", item.text, on_old=True)


def remark_owners_changed(item: OwnerChange, since: str) -> Remark:
    text = owners_changed(item)
    return Remark(f"{text[:1].upper()}{text[1:]} since {since}")


def remark_initiative_new(item: InitiativeItem, since: str) -> Remark:
    return Remark(f"New initiative: {item.name}", item.name)


def remark_initiative_removed(item: InitiativeItem, since: str) -> Remark:
    return Remark(f"Initiative removed: {item.name}", item.name, on_old=True)


def remark_initiative_renamed(item: InitiativeRename, since: str) -> Remark:
    return Remark(f"Renamed from {item.old_name}", item.new_name)


def remark_initiative_unmentioned(item: InitiativeMention, since: str) -> Remark:
    still = ", ".join(item.elsewhere)
    return Remark(
        f"No longer mentioned here: {item.name} (still in {still})", item.name, on_old=True
    )


def remark_initiative_newly_mentioned(item: InitiativeMention, since: str) -> Remark:
    return Remark(f"Now also mentioned here: {item.name}", item.name)


def remark_initiative_changed(item: InitiativeUpdate, since: str) -> Remark:
    changes = "; ".join(
        f"{key} was {change.old or '(none)'}, now {change.new or '(none)'}"
        for key, change in item.changes.items()
    )
    return Remark(f"{item.name} changed: {changes}", item.name)


def remark_status_changed(item: StatusUpdate, since: str) -> Remark:
    return Remark(
        f"Editorial status since {since}: {item.old or 'not set'} → {item.new or 'not set'}"
    )


def remark_stalled(item: Stalled, since: str) -> Remark:
    if item.reasons == ["cross-reference only"]:
        return Remark(f"Stalled: only a cross-reference, as in {since}")
    return Remark(f"Stalled: no new initiative or metric since {since}")


# --- the whole change set ------------------------------------------------------------------------


def title(changeset: ChangeSet) -> str:
    return f"Changes from {changeset.from_} to {changeset.to}"


def verdict(changeset: ChangeSet) -> str:
    """ "12 changes, 1 fell; 37 recommendations stalled." or "No changes."."""
    summary = changeset.summary
    if summary.same:
        return "No changes."
    fell = f", {number(summary.regressions)} fell" if summary.regressions else ""
    return (
        f"{number(summary.changes)} changes{fell}; "
        f"{number(summary.stalled)} recommendations stalled."
    )


# --- sentences for the public (the changes annex) ------------------------------------------------


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def public_metric_changed(item: MetricChange) -> str:
    """ "Completed by 41,200 learners to date: rose from 33,700 learners to 41,200 learners." """
    name = _capital(metric_name(item.new))
    old, new = state_amount(item.old), state_amount(item.new)
    if item.direction in ("up", "down"):
        verb = "rose" if item.direction == "up" else "fell"
        return sentence(f"{name}: {verb} from {old} to {new}")
    if item.direction == "same-value-new-qualifier":
        return sentence(f"{name}: now reads {new} (was {old})")
    return sentence(f"{name}: now counted in {item.new.unit} (was {item.old.unit})")


def public_line(item: object, stalled_term: str, stalled_reasons: str) -> str:
    """One plain-English sentence about a change, for readers of the published report: figures
    by their labels (new ones with their month), no percentages of words, no ids."""
    if isinstance(item, MetricChange):
        return public_metric_changed(item)
    if isinstance(item, MetricItem):
        name = _capital(metric_name(item))
        return sentence(f"New figure: {name}: {state_amount(item)}{as_of(item)}")
    if isinstance(item, InitiativeItem):
        return sentence(f"New initiative: {item.name}")
    if isinstance(item, InitiativeRename):
        return sentence(f"{item.old_name} is now called {item.new_name}")
    if isinstance(item, InitiativeUpdate):
        return sentence(f"Details of {item.name} updated")
    if isinstance(item, InitiativeMention):  # (newly mentioned; no longer: public_removed_line)
        return sentence(f"Now also mentions {item.name}, reported under {_codes(item.elsewhere)}")
    if isinstance(item, TextChange):
        if item.field == "narrative":
            return "The account of progress was updated."
        return "The recommendation's wording was updated."
    if isinstance(item, WordingChange):
        return "The recommendation's wording was updated."
    if isinstance(item, EntryItem):
        return "This recommendation's entry is new in this edition."
    if isinstance(item, RecommendationItem):
        return sentence(f"New recommendation: {item.text}")
    if isinstance(item, Stalled):
        return sentence(f"{stalled_term}: {stalled_reasons}")
    raise TypeError(f"no public sentence for {type(item).__name__}")


def public_verdict(changeset: ChangeSet, stalled_term: str) -> str:
    """ "13 changes, including 1 figure that fell. Stalled: 37 recommendations." """
    summary = changeset.summary
    if summary.same and not summary.stalled:
        return "No changes."
    fell = ""
    if summary.regressions:
        fell = f", including {count_of(summary.regressions, 'figure')} that fell"
    text = f"{count_of(summary.changes, 'change')}{fell}."
    if summary.stalled:
        text += f" {stalled_term}: {count_of(summary.stalled, 'recommendation')}."
    return text


def _codes(codes: list[str]) -> str:
    """ "E1", "E1 and G3", "E1, G3 and P2"."""
    return " and ".join([", ".join(codes[:-1]), codes[-1]] if len(codes) > 1 else codes)


def public_removed_line(name: str, item: object) -> str | None:
    """The sentence for what the older edition had and this one does not (None: not a
    removal)."""
    if name == "removed_metrics" and isinstance(item, MetricItem):
        return sentence(f"No longer reported: {metric_name(item)} ({state_amount(item)})")
    if name == "removed_initiatives" and isinstance(item, InitiativeItem):
        return sentence(f"No longer reported: {item.name}")
    if name == "unmentioned_initiatives" and isinstance(item, InitiativeMention):
        return sentence(
            f"No longer mentions {item.name}, still reported under {_codes(item.elsewhere)}"
        )
    if name == "entries_removed":
        return "This recommendation's entry is no longer included."
    if name == "recommendations_removed" and isinstance(item, RecommendationItem):
        return sentence(f"Recommendation withdrawn: {item.text}")
    return None


# --- the public vocabulary ---------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """The terms a published document uses where the engine has its own (vocabulary.yaml)."""

    stalled: str
    not_in_catalogue: str
    reasons: dict[str, str] = field(default_factory=dict)  # engine's reason -> public words

    def reason(self, engine_reason: str) -> str:
        return self.reasons.get(engine_reason, engine_reason)

    def stalled_reasons(self, item: Stalled) -> str:
        return "; ".join(self.reason(reason) for reason in item.reasons)


def read_vocabulary(path: Path) -> Vocabulary:
    """The vocabulary file at `path`; a clear InputError naming file and field when it's wrong."""
    # Imported here, as month_name below: a diff that prints JSON reads neither.
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe").load(read_text(path))  # a regular file, never through a link
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError("not valid YAML", file=path, line=line) from None
    if not isinstance(data, dict):
        raise InputError("expected a mapping of terms", file=path)
    known = {"stalled", "not_in_catalogue", "reasons"}
    for key in data:
        if key not in known:
            raise InputError(
                f"unknown term {key!r}", file=path, field=str(key), hint=", ".join(sorted(known))
            )
    terms: dict[str, str] = {}
    for key in ("stalled", "not_in_catalogue"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise InputError("missing or empty term", file=path, field=key)
        terms[key] = value.strip()
    given = data.get("reasons") or {}
    engine_reasons = set(get_args(StallReason))
    if not isinstance(given, dict):
        raise InputError("expected a mapping of reasons", file=path, field="reasons")
    for reason, words in given.items():
        where = f"reasons.{reason}"
        if reason not in engine_reasons:
            raise InputError("unknown stall reason", file=path, field=where)
        if not isinstance(words, str) or not words.strip():
            raise InputError("missing or empty term", file=path, field=where)
    return Vocabulary(
        terms["stalled"],
        terms["not_in_catalogue"],
        {str(reason): str(words).strip() for reason, words in given.items()},
    )
