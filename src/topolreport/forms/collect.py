"""Apply returned forms to an edition: each form's edits merged three-way against the text the
form was issued with, so that several leads' edits to one entry, and edits made in the
snapshot meanwhile, all arrive; what cannot be merged is reported, never guessed."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..drafting import confirm_unchanged, fingerprint
from ..errors import InputError, Problem
from ..extract import QUALIFIER_WORDS, extract_initiatives, numbers_in
from ..initiatives.match import Matcher
from ..initiatives.model import Registry
from ..initiatives.names import name_key
from ..model import (
    Edition,
    Entry,
    Initiative,
    Metric,
    Review,
    ReviewComment,
    decimal_number,
    parse_number,
)
from ..ooxml.tracked import Revision
from ..slugs import slug
from ..text import link_texts
from .figures import in_step
from .layout import narrative_blocks, narrative_markdown
from .merge import Clash, Side, merge_records, merge_sequences
from .read import FormComment, FormEntry, Outside, ReturnedForm

QUALIFIERS = {"over", "about", "plus", "up to", "at least", "under"}
SNAPSHOT = "the snapshot"
Block = tuple[str, str]


@dataclass
class Conflict:
    """Overlapping edits to one part of an entry: each version, named by where it came from."""

    where: str
    versions: list[tuple[str, str]]  # (source, text)


@dataclass
class EntryChange:
    code: str
    old: Entry  # the snapshot's entry
    new: Entry  # with every form's edits merged in
    forms: list[Path] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    revisions: list[tuple[Path, Revision]] = field(default_factory=list)
    comments: list[tuple[Path, FormComment]] = field(default_factory=list)
    confirmed_by: str | None = None  # "no change this year" ticked, in this name
    registered: list[str] = field(default_factory=list)  # where the registry placed new names

    @property
    def form(self) -> Path:
        return self.forms[0]

    @property
    def writable(self) -> bool:
        return not self.conflicts and self.new != self.old


@dataclass
class Collected:
    changes: list[EntryChange]
    outside: list[tuple[Path, Outside]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # things worth saying that are not errors
    registry: Registry | None = None  # with the names the written entries newly link

    @property
    def written(self) -> list[EntryChange]:
        return [change for change in self.changes if change.writable]

    @property
    def conflicted(self) -> list[EntryChange]:
        return [change for change in self.changes if change.conflicts]


# Signs a lead may type beside a value: the unit column says what the figure counts.
_VALUE_SIGNS = {"", "£", "%", "per cent"}


def _value(text: str) -> tuple[int | float, str | None]:
    """A value as a lead types it: "41,200", "2.5 million", "£1.5 billion", "92%"; or with
    a qualifier written in ("450+", "c5,000", "over 90%"), which comes back too."""
    cleaned = " ".join(text.split())
    try:  # a plain figure, by the rule every metric value follows
        return parse_number(cleaned), None
    except ValueError:
        pass
    # A figure with its words is short; a longer cell is refused by the plain rule below.
    numbers = numbers_in(cleaned) if len(cleaned) <= 60 else []
    if len(numbers) == 1:
        found = numbers[0]
        before, after = cleaned[: found.start], cleaned[found.end :]
        before = before.removesuffix("£").strip()
        after = after.strip().removeprefix("+").strip()
        qualifier = _qualifier(before) if before else ("plus" if "+" in cleaned else None)
        if after in _VALUE_SIGNS and (not before or qualifier in QUALIFIER_WORDS.values()):
            return decimal_number(found.value), qualifier  # within the metric value rule
    parse_number(cleaned)  # raises, saying how a figure is written
    raise ValueError(text)


_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip


def _month(text: str) -> str | None:
    """An as-of month as a lead types it: "2024-01", "2024-01-31", "January 2024", "Jan
    2024", "01/2024" or "31/01/2024" (day first, as in the UK) -> "2024-01". Anything else
    is returned as typed, for the metric's own check to refuse with its reason."""
    words = " ".join(text.replace(",", " ").split())
    if not words:
        return None
    patterns = (
        (r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", lambda m: (m[1], m[2])),
        (r"(?:\d{1,2}/)?(\d{1,2})/(\d{4})", lambda m: (m[2], m[1])),
        (r"(?:\d{1,2}\s+)?([A-Za-z]+)\.?\s+(\d{4})", lambda m: (m[2], _MONTHS.get(m[1].lower()))),
    )
    for pattern, parts in patterns:
        match = re.fullmatch(pattern, words)
        if match:
            year, month = parts(match)
            if month is not None and 1 <= int(month) <= 12:
                return f"{year}-{int(month):02d}"
    return words


def _qualifier(text: str) -> str | None:
    """A qualifier as a lead types it: one of QUALIFIERS, or a word the narrative would use
    for one ("more than", "approximately", "c.", "+")."""
    words = " ".join(text.lower().replace(".", " ").split())
    if not words:
        return None
    if words == "+":
        return "plus"
    return QUALIFIER_WORDS.get(words, words)


def _issued_metric(row: dict[str, str], base: list[Metric], used: set[str]) -> Metric | None:
    """The metric a row was issued with: by its hidden bookmark, or, if the lead's editing
    lost that, by its unchanged "what it counts" or "as written" text."""
    place = row.get("issued", "")
    if place.isdigit() and int(place) < len(base) and base[int(place)].id not in used:
        return base[int(place)]
    for metric in base:
        if metric.id not in used and row["what it counts"] in (metric.label, metric.text):
            return metric
        if metric.id not in used and row["as written"] == metric.text:
            return metric
    return None


def _metrics(
    code: str, base: list[Metric], form_entry: FormEntry, path: Path, taken: set[str]
) -> list[Metric]:
    """The form's metrics table as metrics; a row issued with none is a new figure."""
    problems: list[Problem] = []
    metrics: list[Metric] = []
    used: set[str] = set()
    for number, row in enumerate(form_entry.rows or [], start=2):
        where = f"{code}: metrics table row {number}"
        try:
            value, written = _value(row["value"])
        except ValueError as exc:
            said = f"{where}: value {row['value'][:40]!r} is not a number: {exc}"
            problems.append(Problem(said, path))
            continue
        # A qualifier typed with the value ("450+") counts when its own column is empty.
        qualifier = _qualifier(row["qualifier"]) or written
        if qualifier is not None and qualifier not in QUALIFIERS:
            problems.append(
                Problem(
                    f"{where}: qualifier {row['qualifier']!r} is not one of "
                    + ", ".join(sorted(QUALIFIERS)),
                    path,
                )
            )
            continue
        old = _issued_metric(row, base, used)
        if old is not None:
            metric_id = old.id
        else:  # a new figure: give it an id the way the importer does
            stem = f"{slug(code)}-{slug(row['unit'])}"
            metric_id, suffix = stem, 2
            while metric_id in taken:
                metric_id, suffix = f"{stem}-{suffix}", suffix + 1
        taken.add(metric_id)
        used.add(metric_id)
        try:
            metrics.append(
                Metric(
                    id=metric_id,
                    value=value,
                    qualifier=qualifier,
                    unit=row["unit"],
                    label=row["what it counts"],
                    text=row["as written"] or (old.text if old else row["value"]),
                    as_of=_month(row["as of"]),
                    source=row["source"] or None,
                )
            )
        except ValidationError as exc:
            for error in exc.errors():
                name = ".".join(str(part) for part in error["loc"])
                message = error["msg"].removeprefix("Value error, ")
                problems.append(Problem(f"{where}: {name}: {message}", path))
    if problems:
        raise InputError(problems=problems)
    return metrics


def _blocks(blocks: list[Block]) -> list[Block]:
    return [(kind, text.strip()) for kind, text in blocks if text.strip()]


def new_initiatives(entry: Entry, narrative: str) -> list[Initiative]:
    """Initiatives a merged narrative names that the entry did not: a newly linked name.

    `register` then places each in the review's initiative registry, when there is one."""
    # Known by id or by name: entries use registry ids, which a name's slug need not be. A
    # name the old narrative already linked was decided on when it was imported (the registry
    # may have judged it no initiative), so only a newly linked name is new.
    known = {initiative.id for initiative in entry.initiatives}
    known |= {name_key(initiative.name) for initiative in entry.initiatives}
    known |= {name_key(name) for name in link_texts(entry.narrative)}
    linked = link_texts(narrative)
    fresh = extract_initiatives(narrative, linked)
    return [
        i for i in fresh if i.id not in known and name_key(i.name) not in known and i.name in linked
    ]


def register(
    entry: Entry, proposals: list[Initiative], matcher: Matcher, edition_id: str
) -> tuple[list[Initiative], list[str]]:
    """The initiatives to add to `entry` for names a form newly links, placed in the
    registry as the importer places them: an initiative it knows (by name, alias or
    initials) under its registry id; a name it does not know added to it, proposed, for a
    person to accept; a partner, award or non-initiative left out. With a line saying which
    for each name, for the preview."""
    added: list[Initiative] = []
    said: list[str] = []
    ids = matcher.registry.ids()  # an entry may still use an id merged into another
    listed = {ids.get(initiative.id, initiative.id) for initiative in entry.initiatives}
    for proposal in proposals:
        known = {item.id for item in matcher.registry.initiatives}
        placed = matcher.decide(proposal.name, edition_id)
        found = placed.initiative
        if found is None:
            said.append(f"{proposal.name!r} not added as an initiative: {placed.reason}")
            continue
        if found.id in listed:
            said.append(
                f"{proposal.name!r} is the registry's {found.name!r} ({found.id}), "
                "which the entry lists already"
            )
            continue
        listed.add(found.id)
        added.append(Initiative(id=found.id, name=proposal.name, url=proposal.url))
        if found.id in known:
            said.append(f"+ initiative {proposal.name}: the registry's {found.name!r} ({found.id})")
        else:
            found.names.setdefault(edition_id, proposal.name)
            said.append(
                f"+ initiative {proposal.name}: new to the registry, proposed as {found.id} "
                f"(`topolreport initiatives accept {found.id}` once checked)"
            )
    return added, said


@dataclass
class _Side:
    """What one source (the snapshot or a form) says an entry is."""

    name: str
    blocks: list[Block]
    metrics: dict[str, dict[str, Any]]


def _metric_records(metrics: list[Metric]) -> dict[str, dict[str, Any]]:
    return {metric.id: metric.model_dump(mode="json") for metric in metrics}


def _show(chunk: tuple[Any, ...]) -> str:
    if not chunk:
        return "(nothing)"
    if all(isinstance(item, tuple) and len(item) == 2 for item in chunk):
        return narrative_markdown(list(chunk)) or "(nothing)"
    return " ".join("(empty)" if item is None else str(item) for item in chunk)


class _Merger:
    """Merges one entry's sources in order, naming who made each side of a conflict."""

    def __init__(self, entry: Entry, prefer: set[str], force: bool) -> None:
        self.entry = entry
        self.prefer = prefer
        self.force = force
        self.blocks = _blocks(narrative_blocks(entry.narrative))
        self.metrics = _metric_records(entry.metrics)
        self.merged: list[_Side] = []  # forms merged so far
        self.conflicts: list[Conflict] = []

    def _owners(self, clash: Clash[Block], base: _Side) -> list[str]:
        """Which earlier sources made the "ours" side of a clash: those holding what it
        reads, or, where it deleted, those no longer holding what the base read there."""

        def made(blocks: list[Block]) -> bool:
            if clash.ours:
                return all(item in blocks for item in clash.ours)
            return not any(item in blocks for item in clash.base)

        names = [side.name for side in self.merged if made(side.blocks)]
        snapshot = _blocks(narrative_blocks(self.entry.narrative))
        if not names or (snapshot != base.blocks and made(snapshot)):
            names.append(SNAPSHOT)
        return names

    def _settle(self, form: str, ours: list[str]) -> Side | None:
        if form in self.prefer:
            return "theirs"
        if any(name in self.prefer for name in ours):
            return "ours"
        if ours == [SNAPSHOT] and self.force:
            return "theirs"
        return None

    def add(self, base: _Side, form: _Side) -> None:
        def settle_blocks(clash: Clash[Block]) -> Side | None:
            ours = self._owners(clash, base)
            side = self._settle(form.name, ours)
            if side is None:
                self.conflicts.append(
                    Conflict(
                        "narrative, where it read: " + _show(clash.base),
                        [(" and ".join(ours), _show(clash.ours)), (form.name, _show(clash.theirs))],
                    )
                )
            return side

        self.blocks, _ = merge_sequences(base.blocks, self.blocks, form.blocks, settle_blocks)

        ours = [side.name for side in self.merged]
        if not ours or _metric_records(self.entry.metrics) != base.metrics:
            ours.append(SNAPSHOT)

        def settle_fields(clash: Clash[Any]) -> Side | None:
            return self._settle(form.name, ours)

        self.metrics, clashes = merge_records(
            base.metrics, self.metrics, form.metrics, settle_fields
        )
        for key, clash in clashes:
            self.conflicts.append(
                Conflict(
                    f"metric {key}, which read {_show(clash.base)}",
                    [(" and ".join(ours), _show(clash.ours)), (form.name, _show(clash.theirs))],
                )
            )
        self.merged.append(form)

    def result(self) -> Entry:
        entry = self.entry
        if self.blocks == _blocks(narrative_blocks(entry.narrative)):
            narrative = entry.narrative  # unchanged: keep the Markdown exactly as written
        else:
            narrative = narrative_markdown(self.blocks)
        metrics = [Metric.model_validate(record) for record in self.metrics.values()]
        return entry.model_copy(update={"narrative": narrative, "metrics": metrics})


def _with_comments(entry: Entry, comments: list[tuple[Path, FormComment]]) -> Entry:
    """The entry with the forms' comments kept in its review record, once each."""
    if not comments:
        return entry
    review = entry.review or Review()  # no fingerprint: still counts as reviewed
    kept = list(review.comments or [])
    for path, comment in comments:
        note = ReviewComment(
            author=comment.author,
            date=comment.date,
            passage=comment.passage,
            text=comment.text,
            form=path.name,
        )
        if note not in kept:
            kept.append(note)
    return entry.model_copy(update={"review": review.model_copy(update={"comments": kept})})


def _unchanged_by(path: Path, code: str, revisions: list[Revision], rejected: bool) -> str:
    """A note for an entry whose tracked changes leave what the snapshot holds as it was."""
    authors = sorted({r.author or "an unnamed author" for r in revisions})
    if rejected:
        what = "read rejected (--revisions reject), so not applied"
    elif all(r.kind == "formatting" for r in revisions):
        what = "formatting only, which the snapshot does not keep (it holds the text)"
    else:
        what = "they leave its text and figures as they were"
    return f"{path}: {code}: {len(revisions)} tracked change(s) by {', '.join(authors)}: {what}"


def collect(
    edition: Edition,
    forms: list[ReturnedForm],
    prefer: set[str] | None = None,
    force: bool = False,
    registry: Registry | None = None,
) -> Collected:
    """Every entry the forms change, merged, in catalogue order; conflicts kept apart. Names
    the forms newly link are placed in a copy of the initiative `registry` (`Collected`)."""
    prefer = prefer or set()
    problems: list[Problem] = []
    catalogue = {entry.code: entry for entry in edition.entries}
    touched: dict[str, list[tuple[ReturnedForm, FormEntry]]] = {}
    for form in forms:
        if form.edition_id != edition.id:
            problems.append(
                Problem(
                    f"this form is for edition {form.edition_id!r}, not {edition.id!r}",
                    form.path,
                    hint=f"collect it into {form.edition_id}, or issue forms for {edition.id}",
                )
            )
            continue
        for form_entry in form.entries:
            if form_entry.code not in catalogue:
                problems.append(
                    Problem(f"{form_entry.code}: no such entry in {edition.id}", form.path)
                )
                continue
            touched.setdefault(form_entry.code, []).append((form, form_entry))
    if problems:
        raise InputError(problems=problems)

    result = Collected([], registry=registry.model_copy(deep=True) if registry else None)
    matcher = Matcher(result.registry) if result.registry is not None else None
    for form in forms:
        result.outside += [(form.path, typed) for typed in form.outside]
        for comment in form.comments:
            if not comment.code:  # not on an entry: shown, with nothing to keep it with
                on = f" on {comment.passage!r}" if comment.passage else ""
                who = comment.author or "an unnamed author"
                result.notes.append(f"{form.path}: comment by {who}{on}: {comment.text}")
    for entry in edition.entries:
        sources = touched.get(entry.code)
        if not sources:
            continue
        merger = _Merger(entry, prefer, force)
        change = EntryChange(entry.code, entry, entry)
        ticked: list[tuple[ReturnedForm, bool]] = []
        for form, form_entry in sources:
            issued = form.issued.entries[entry.code]
            base_metrics = [Metric.model_validate(m) for m in issued.get("metrics", [])]
            base = _Side(
                form.path.name,
                _blocks(narrative_blocks(str(issued.get("narrative", "")))),
                _metric_records(base_metrics),
            )
            taken = set(base.metrics) | set(merger.metrics)
            try:
                rows = _metrics(entry.code, base_metrics, form_entry, form.path, taken)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            blocks = _blocks(form_entry.blocks)
            as_typed = narrative_markdown(blocks)
            issued_narrative = str(issued.get("narrative", ""))
            narrative, rows, disagreements = in_step(
                as_typed, rows, issued_narrative, {m.id: m for m in base_metrics}
            )
            if narrative != as_typed:  # a phrase rewritten to the table's new value
                blocks = _blocks(narrative_blocks(narrative))
            for disagreement in disagreements:
                change.conflicts.append(
                    Conflict(
                        f"figure {disagreement.metric}: its table and narrative disagree",
                        [
                            (f"{form.path.name} (table)", disagreement.table),
                            (f"{form.path.name} (narrative)", disagreement.narrative),
                        ],
                    )
                )
            side = _Side(form.path.name, blocks, _metric_records(rows))
            edited = (side.blocks, side.metrics) != (base.blocks, base.metrics)
            if form_entry.unchanged_ticked:
                ticked.append((form, edited))
            revisions = [r for code, r in form.revisions if code == entry.code]
            if edited:
                merger.add(base, side)
                change.forms.append(form.path)
                change.revisions += [(form.path, r) for r in revisions]
            elif revisions:  # tracked, yet nothing the snapshot holds changed: say so
                result.notes.append(_unchanged_by(form.path, entry.code, revisions, form.rejected))
            change.comments += [(form.path, c) for c in form.comments if c.code == entry.code]
        change.new = merger.result()
        change.conflicts += merger.conflicts
        if change.new.narrative != entry.narrative:
            proposals = new_initiatives(entry, change.new.narrative)
            if matcher is not None and not change.conflicts:  # an unwritten entry adds none
                proposals, change.registered = register(entry, proposals, matcher, edition.id)
            initiatives = [*entry.initiatives, *proposals]
            change.new = change.new.model_copy(update={"initiatives": initiatives})
        for form, edited in ticked:
            who = form.completed_by or form.name
            if edited or change.new != entry:
                result.notes.append(
                    f"{form.path}: {entry.code}: 'no change this year' is ticked, but the "
                    "entry was edited; the edits are applied and the tick is ignored"
                )
            elif entry.review is not None and entry.review.fingerprint not in (
                None,
                fingerprint(entry),
            ):
                result.notes.append(
                    f"{form.path}: {entry.code}: 'no change this year' is ticked, but the entry "
                    "was edited since it was carried forward; not confirmed"
                )
            elif entry.review is None or entry.review.state != "confirmed":
                change.new = confirm_unchanged(
                    change.new,
                    f"no change this year (ticked in {form.path.name})",
                    by=who,
                    on=form.saved_on,
                )
                change.confirmed_by = who
                change.forms.append(form.path)
        change.new = _with_comments(change.new, change.comments)
        if change.new != entry or change.conflicts:
            result.changes.append(change)
    if problems:
        raise InputError(problems=problems)
    return result


def describe(change: EntryChange) -> list[str]:
    """What a change does, as lines a person reads before it is written."""
    lines: list[str] = []
    old, new = change.old, change.new
    sources = ", ".join(path.name for path in change.forms) or "the forms"
    if old.narrative != new.narrative:
        diff = difflib.unified_diff(
            old.narrative.split("\n"),
            new.narrative.split("\n"),
            fromfile=f"{old.code} (snapshot)",
            tofile=f"{new.code} ({sources})",
            lineterm="",
        )
        lines.extend(diff)
    before = {metric.id: metric for metric in old.metrics}
    after = {metric.id: metric for metric in new.metrics}
    for metric_id, metric in after.items():
        previous = before.get(metric_id)
        if previous is None:
            lines.append(f"+ metric {metric_id}: {metric.value} {metric.unit}")
        elif previous != metric:
            for name in ("value", "qualifier", "unit", "as_of", "label", "text", "source"):
                was, now = getattr(previous, name), getattr(metric, name)
                if was != now:
                    lines.append(f"~ metric {metric_id} {name}: {was!r} -> {now!r}")
    for metric_id in before.keys() - after.keys():
        lines.append(f"- metric {metric_id}")
    if change.registered:
        lines.extend(change.registered)
    else:
        known = {initiative.id for initiative in old.initiatives}
        lines.extend(f"+ initiative {i.name}" for i in new.initiatives if i.id not in known)
    if change.confirmed_by:
        lines.append(f"confirmed unchanged by {change.confirmed_by}")
    for path, revision in change.revisions:
        words = f": {revision.text!r}" if revision.text.strip() else ""
        who = revision.author or "an unnamed author"
        lines.append(f"tracked {revision.kind} by {who} ({path.name}){words}")
    for _path, comment in change.comments:
        on = f" on {comment.passage!r}" if comment.passage else ""
        lines.append(f"comment by {comment.author or 'an unnamed author'}{on}: {comment.text}")
    return lines
