"""Properties of the diff with oracles: each says what the answer must be, from the edit made.

The mirror property (test_diff_mirror.py) cannot see a bug that is its own mirror (an added
entry's figures reported as removed, and a removed one's as new); these can. They hold for
editions without an initiative registry: initiatives are told apart by id and name only.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from topolreport.diff import diff_editions
from topolreport.model import Catalogue, Edition, Entry, Initiative, Metric, Panel, Recommendation
from topolreport.slugs import slug

CODES = ["A1", "A2", "B1"]
UNITS = ["learners", "users", "page views", "modules"]
# Names far apart from each other, so that no two are taken for one another.
NAMES = ["Alpha Hub", "Beta Academy", "Gamma Programme", "Delta Network", "Epsilon Toolkit"]
WORDS = ["the", "service", "has", "reached", "staff", "digital", "training", "to", "date"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

sentences = st.lists(st.sampled_from(WORDS), min_size=2, max_size=8).map(
    lambda words: " ".join(words).capitalize() + "."
)


@st.composite
def entries(draw: st.DrawFn, code: str) -> Entry:
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=3))
    units = draw(st.lists(st.sampled_from(UNITS), unique=True, max_size=3))
    figures = []
    for unit in units:
        value = draw(st.integers(1, 5000))
        figures.append(
            Metric(
                id=f"{code.lower()}-{slug(unit)}",
                value=value,
                unit=unit,
                text=f"{value} {unit}",
                label=f"{draw(sentences)} {value} {unit}",
            )
        )
    narrative = " ".join(draw(st.lists(sentences, max_size=3)))
    narrative += "".join(f" The [{name}](#) grew." for name in names)
    return Entry(
        code=code,
        narrative=narrative.strip() or "Work goes on.",
        initiatives=[Initiative(id=slug(name), name=name) for name in names],
        metrics=figures,
    )


@st.composite
def editions(draw: st.DrawFn, codes: list[str] = CODES) -> Edition:
    catalogue = Catalogue(
        review="Generated",
        panels=[
            Panel(
                id="one",
                title="One",
                heading="One",
                recommendations=[Recommendation(code=c, text=f"Do {c}.") for c in CODES],
            )
        ],
    )
    return Edition(
        id="2024-02",
        title="Generated",
        date="2024-02",
        catalogue=catalogue,
        entries=[draw(entries(c)) for c in codes],
    )


def next_edition(old: Edition, entries: list[Entry]) -> Edition:
    return Edition.model_validate(
        {**old.model_dump(), "id": "2025-02", "entries": [e.model_dump() for e in entries]}
    )


def non_empty(changes: Any) -> set[str]:
    dumped = changes.model_dump(mode="json")
    return {name for name, items in dumped.items() if isinstance(items, list) and items}


@SETTINGS
@given(st.data())
def test_adding_an_entry_yields_only_new_items(data: st.DataObject) -> None:
    present = data.draw(st.lists(st.sampled_from(CODES), unique=True, max_size=2))
    old = data.draw(editions(present))
    added_code = data.draw(st.sampled_from([c for c in CODES if c not in present]))
    added = data.draw(entries(added_code))
    # An initiative other entries already name is not new (see test_diff_mirror.assert_sides).
    assume(
        not {i.id for i in added.initiatives} & {i.id for e in old.entries for i in e.initiatives}
    )
    new = next_edition(old, [*old.entries, added])

    changes = diff_editions(old, new)
    assert [e.recommendation for e in changes.entries_added] == [added_code]
    assert [(m.recommendation, m.id) for m in changes.new_metrics] == sorted(
        (added_code, m.id) for m in added.metrics
    )
    assert [(i.recommendation, i.id) for i in changes.new_initiatives] == sorted(
        (added_code, i.id) for i in added.initiatives
    )
    assert non_empty(changes) - {"stalled"} <= {"entries_added", "new_metrics", "new_initiatives"}
    assert changes.summary.changes == 1 + len(added.metrics) + len(added.initiatives)


@SETTINGS
@given(st.data())
def test_a_figure_raised_by_k_shows_a_change_of_k(data: st.DataObject) -> None:
    old = data.draw(editions().filter(lambda e: any(entry.metrics for entry in e.entries)))
    where = data.draw(st.sampled_from([e for e in old.entries if e.metrics]))
    figure = data.draw(st.sampled_from(where.metrics))
    k = data.draw(st.integers(-figure.value, 10_000).filter(lambda n: n != 0))
    entries = [e.model_copy(deep=True) for e in old.entries]
    edited = next(e for e in entries if e.code == where.code)
    target = next(m for m in edited.metrics if m.id == figure.id)
    target.value += k
    new = next_edition(old, entries)

    changes = diff_editions(old, new)
    assert [(c.recommendation, c.id, c.absolute) for c in changes.metric_changes] == [
        (where.code, figure.id, k)
    ]
    change = changes.metric_changes[0]
    assert (change.old.value, change.new.value) == (figure.value, figure.value + k)
    assert change.direction == ("up" if k > 0 else "down")
    assert change.regression is (k < 0)
    assert non_empty(changes) - {"stalled"} == {"metric_changes"}


@SETTINGS
@given(editions())
def test_an_edition_diffed_with_itself_is_empty(edition: Edition) -> None:
    changes = diff_editions(edition, edition)
    assert changes.same and changes.summary.changes == 0
    assert non_empty(changes) == set()
    # The same content under the next edition's name: no changes, only stalled entries.
    later = diff_editions(edition, next_edition(edition, edition.entries))
    assert later.summary.changes == 0 and non_empty(later) <= {"stalled"}


def _renamed(name: str, how: str) -> str:
    return {"plural": f"{name}s", "online": f"{name} Online", "new": f"New {name}"}[how]


@SETTINGS
@given(st.data())
def test_renaming_every_initiative_yields_renames_not_additions_and_removals(
    data: st.DataObject,
) -> None:
    old = data.draw(
        editions().filter(lambda e: sum(len(entry.initiatives) for entry in e.entries) > 0)
    )
    how = data.draw(st.sampled_from(["plural", "online", "new"]))
    entries = []
    expected = []
    for entry in old.entries:
        narrative = entry.narrative
        initiatives = []
        for initiative in entry.initiatives:
            name = _renamed(initiative.name, how)
            narrative = narrative.replace(f"[{initiative.name}]", f"[{name}]")
            initiatives.append(Initiative(id=slug(name), name=name))
            expected.append((entry.code, initiative.name, name))
        entries.append(
            entry.model_copy(update={"narrative": narrative, "initiatives": initiatives})
        )
    new = next_edition(old, entries)

    changes = diff_editions(old, new)
    assert sorted(
        (r.recommendation, r.old_name, r.new_name) for r in changes.renamed_initiatives
    ) == sorted(expected)
    assert changes.new_initiatives == [] and changes.removed_initiatives == []
    assert all(r.matched_by == "name" for r in changes.renamed_initiatives)
