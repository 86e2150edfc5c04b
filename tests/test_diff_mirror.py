"""Every item of diff(A, B) has its mirror in diff(B, A), for hand-made and generated edits."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from topolreport.diff import diff_editions
from topolreport.model import (
    Catalogue,
    Edition,
    Entry,
    Initiative,
    Metric,
    Panel,
    Recommendation,
)

from factories import small_edition

FLIP = {"up": "down", "down": "up"}


def _key(item: dict[str, Any]) -> str:
    return json.dumps(item, sort_keys=True)


def _backwards(item: dict[str, Any]) -> dict[str, Any]:
    """A word diff read the other way: inserts are deletes, old and new words swapped."""
    ops = [
        {
            "op": {"insert": "delete", "delete": "insert"}.get(op["op"], op["op"]),
            "old": op["new"],
            "new": op["old"],
        }
        for op in item["ops"]
    ]
    return {**item, "ops": ops}


def mirror(changes: dict[str, Any]) -> dict[str, list[str]]:
    """What diff(B, A) must hold, given diff(A, B), as sorted canonical items per list."""
    out: dict[str, list[dict[str, Any]]] = {
        "recommendations_added": changes["recommendations_removed"],
        "recommendations_removed": changes["recommendations_added"],
        "entries_added": changes["entries_removed"],
        "entries_removed": changes["entries_added"],
        "new_metrics": changes["removed_metrics"],
        "removed_metrics": changes["new_metrics"],
        "new_initiatives": changes["removed_initiatives"],
        "removed_initiatives": changes["new_initiatives"],
        # No longer mentioned in one entry one way is newly mentioned there the other way.
        "unmentioned_initiatives": changes["newly_mentioned_initiatives"],
        "newly_mentioned_initiatives": changes["unmentioned_initiatives"],
        "stalled": changes["stalled"],
        # The editions mirrored here set no editorial status: none either way.
        "status_changes": changes["status_changes"],
        "wording_changes": [
            {**item, "old": item["new"], "new": item["old"]} for item in changes["wording_changes"]
        ],
        "metric_changes": [
            {
                **item,
                "id": item["old"]["id"],
                "old": item["new"],
                "new": item["old"],
                "absolute": -item["absolute"],
                "direction": FLIP.get(item["direction"], item["direction"]),
                "regression": item["direction"] == "up",
            }
            for item in changes["metric_changes"]
        ],
        "renamed_initiatives": [
            {
                **item,
                "old_id": item["new_id"],
                "new_id": item["old_id"],
                "old_name": item["new_name"],
                "new_name": item["old_name"],
            }
            for item in changes["renamed_initiatives"]
        ],
        "changed_initiatives": [
            {
                **item,
                "changes": {
                    k: {"old": v["new"], "new": v["old"]} for k, v in item["changes"].items()
                },
            }
            for item in changes["changed_initiatives"]
        ],
        "text_changes": [_backwards(item) for item in changes["text_changes"]],
        # The edition around its entries mirrors too: old and new swap, added is removed.
        "metadata_changes": [
            {**item, "old": item["new"], "new": item["old"]} for item in changes["metadata_changes"]
        ],
        "abbreviation_changes": [
            {
                **item,
                "old": item["new"],
                "new": item["old"],
                "change": {"added": "removed", "removed": "added"}.get(
                    item["change"], item["change"]
                ),
            }
            for item in changes["abbreviation_changes"]
        ],
        "prose_changes": [_backwards(item) for item in changes["prose_changes"]],
        "owner_changes": [
            {**item, "added": item["removed"], "removed": item["added"]}
            for item in changes["owner_changes"]
        ],
    }
    return {name: sorted(_key(_comparable(name, i)) for i in items) for name, items in out.items()}


def _comparable(name: str, item: dict[str, Any]) -> dict[str, Any]:
    # (new - old) / old is not the mirror of (old - new) / new: compare the rest.
    return {k: v for k, v in item.items() if not (name == "metric_changes" and k == "relative")}


def lists(changes: dict[str, Any]) -> dict[str, list[str]]:
    return {
        name: sorted(_key(_comparable(name, i)) for i in items)
        for name, items in changes.items()
        if isinstance(items, list)
    }


def assert_mirrored(a: Edition, b: Edition) -> None:
    forward = diff_editions(a, b).model_dump(mode="json")
    backward = diff_editions(b, a).model_dump(mode="json")
    assert lists(backward) == mirror(forward)
    assert forward["summary"]["changes"] == backward["summary"]["changes"]
    assert_sides(a, b, forward)
    assert_sides(b, a, backward)


def assert_sides(a: Edition, b: Edition, changes: dict[str, Any]) -> None:
    """The oracle a mirror cannot be: an entry only B has brings "new" items, one only A has
    "removed" ones (a bug swapping the two would still be its own mirror). An initiative the
    other edition names elsewhere is no new (or ended) programme, only mentioned in one more
    (or one fewer) place."""
    added = {e.code for e in b.entries} - {e.code for e in a.entries}
    removed = {e.code for e in a.entries} - {e.code for e in b.entries}
    entries = {e.code: e for e in [*a.entries, *b.entries]}
    named = {
        "new": {i.id for e in a.entries for i in e.initiatives},
        "removed": {i.id for e in b.entries for i in e.initiatives},
    }

    def of(name: str, codes: set[str]) -> list[tuple[str, str]]:
        return sorted(
            (i["recommendation"], i["id"]) for i in changes[name] if i["recommendation"] in codes
        )

    for side, codes, other in (("new", added, "removed"), ("removed", removed, "new")):
        assert of(f"{side}_metrics", codes) == sorted(
            (c, m.id) for c in codes for m in entries[c].metrics
        )
        assert of(f"{side}_initiatives", codes) == sorted(
            (c, i.id) for c in codes for i in entries[c].initiatives if i.id not in named[side]
        )
        assert of(f"{other}_metrics", codes) == [] and of(f"{other}_initiatives", codes) == []


def test_mirror_of_hand_made_edits() -> None:
    old = small_edition()
    new = small_edition("2025-02").model_copy(update={"date": "2025-02"}, deep=True)
    d1 = new.entries[0]
    d1.narrative = "The [Data Hub Online](#) now has over 1,200 users. See also S1."
    d1.initiatives = [Initiative(id="data-hub-online", name="Data Hub Online")]
    d1.metrics[0].value = 1200
    new.entries[2].narrative = "Courses run. The [Skills Academy](#) opened."
    new.entries[2].initiatives = [Initiative(id="skills-academy", name="Skills Academy")]
    new.catalogue.panels[0].recommendations[0].text = "Data should be shared."
    forward = diff_editions(old, new)
    assert forward.metric_changes and forward.renamed_initiatives and forward.new_initiatives
    assert forward.wording_changes
    assert_mirrored(old, new)


# --- generated editions and edits -----------------------------------------------------------

UNITS = ["learners", "users", "page views", "modules", "percent"]
NAMES = [
    "Data Hub",
    "Data Hub Online",
    "Skills Academy",
    "Learning Hub",
    "Fellowships",
    "Digital Academy",
    "Genomics Programme",
    "Library Carpentry",
]
WORDS = [
    "the",
    "programme",
    "has",
    "reached",
    "staff",
    "new",
    "digital",
    "training",
    "over",
    "to",
    "date",
    "learners",
    "NHS",
    "with",
    "see",
    "also",
]

sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(
    lambda words: " ".join(words).capitalize() + "."
)


@st.composite
def metrics(draw: st.DrawFn, code: str) -> list[Metric]:
    found = []
    seen: dict[str, int] = {}
    for _ in range(draw(st.integers(0, 4))):
        unit = draw(st.sampled_from(UNITS))
        base = f"{code.lower()}-{unit.replace(' ', '-')}"
        seen[base] = seen.get(base, 0) + 1
        value = draw(st.integers(0, 5000))
        found.append(
            Metric(
                id=base if seen[base] == 1 else f"{base}-{seen[base]}",
                value=value,
                qualifier=draw(st.sampled_from([None, "over", "about"])),
                unit=unit,
                text=f"{value} {unit}",
                label=draw(sentences) + f" {value} {unit}",
            )
        )
    return found


@st.composite
def entries(draw: st.DrawFn, code: str) -> Entry:
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=3))
    narrative = " ".join(draw(st.lists(sentences, min_size=0, max_size=4)))
    narrative += "".join(f" The [{name}](#) grew." for name in names)
    if draw(st.booleans()):
        narrative = "See A1."
    return Entry(
        code=code,
        narrative=narrative,
        initiatives=[Initiative(id=name.lower().replace(" ", "-"), name=name) for name in names],
        metrics=draw(metrics(code)),
    )


@st.composite
def editions(draw: st.DrawFn, edition_id: str, codes: list[str]) -> Edition:
    catalogue = Catalogue(
        review="Generated",
        panels=[
            Panel(
                id="one",
                title="One",
                heading="One",
                recommendations=[Recommendation(code=c, text=draw(sentences)) for c in codes],
            )
        ],
    )
    present = draw(st.lists(st.sampled_from(codes), unique=True))
    return Edition(
        id=edition_id,
        title="Generated",
        date="2024-02",
        catalogue=catalogue,
        entries=[draw(entries(c)) for c in present],
    )


@st.composite
def edited(draw: st.DrawFn, old: Edition) -> Edition:
    """`old` with some of its records edited, and some entries swapped for new ones."""
    new = old.model_copy(update={"id": "next"}, deep=True)
    for index, entry in enumerate(new.entries):
        action = draw(st.sampled_from(["keep", "keep", "values", "names", "text", "replace"]))
        if action == "values":
            for m in entry.metrics:
                if draw(st.booleans()):
                    m.value = draw(st.integers(0, 5000))
                if draw(st.booleans()):
                    m.qualifier = draw(st.sampled_from([None, "over", "about", "up to"]))
        elif action == "names":
            for i in entry.initiatives:
                if draw(st.booleans()):
                    i.name = draw(st.sampled_from(NAMES))
                    entry.narrative += f" The [{i.name}](#) is renamed."
        elif action == "text":
            entry.narrative = draw(sentences) + " " + entry.narrative
        elif action == "replace":
            new.entries[index] = draw(entries(entry.code))
    if draw(st.booleans()) and new.entries:
        new.entries.pop(draw(st.integers(0, len(new.entries) - 1)))
    return Edition.model_validate(new.model_dump())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mirror_of_generated_edits(data: st.DataObject) -> None:
    old = data.draw(editions("2024-02", ["A1", "A2", "B1"]))
    new = data.draw(edited(old))
    assert_mirrored(old, new)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mirror_of_unrelated_editions(data: st.DataObject) -> None:
    old = data.draw(editions("2024-02", ["A1", "A2", "B1"]))
    new = data.draw(editions("2025-02", ["A1", "B1", "B2"]))
    assert_mirrored(old, new)
