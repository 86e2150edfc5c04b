"""Saving and loading editions: round trips, atomic writes, and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from topolreport.errors import InputError
from topolreport.model import (
    Abbreviation,
    Catalogue,
    DisabledRule,
    Edition,
    Entry,
    Foreword,
    Initiative,
    Metric,
    Panel,
    Recommendation,
    Signatory,
)
from topolreport.store import (
    edition_ids,
    load_edition,
    load_edition_located,
    save_catalogue,
    save_edition,
)

from factories import save_editions, small_catalogue, small_edition


def test_round_trip_of_a_small_edition(tmp_path: Path) -> None:
    edition = small_edition()
    save_editions(tmp_path, edition)
    assert load_edition(tmp_path, edition.id) == edition


def test_layout_is_one_markdown_file_per_entry(tmp_path: Path) -> None:
    save_editions(tmp_path, small_edition())
    folder = tmp_path / "2024-02"
    assert sorted(p.name for p in (folder / "entries").iterdir()) == [
        "D1.md",
        "D2-AI1.md",
        "S1.md",
    ]
    text = (folder / "entries" / "D1.md").read_text()
    assert text.startswith("---\ncode: D1\n")
    assert "The [Data Hub](#) now has over 2,000 users. See also S1.\n" in text
    assert (tmp_path / "catalogue.yaml").read_text().startswith("review: Example Review\n")


def test_saving_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    save_editions(first, small_edition())
    save_editions(second, small_edition())
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes()


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    edition = small_edition()
    save_editions(tmp_path, edition)
    changed = edition.model_copy(update={"summary": "Changed."})
    with pytest.raises(InputError, match="already exists"):
        save_edition(changed, tmp_path)
    assert load_edition(tmp_path, edition.id).summary == "Much done; more to do."
    save_edition(changed, tmp_path, force=True)
    assert load_edition(tmp_path, edition.id).summary == "Changed."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-02", "catalogue.yaml"]


def test_creates_the_editions_folder(tmp_path: Path) -> None:
    editions = tmp_path / "new" / "editions"
    save_editions(editions, small_edition())
    assert edition_ids(editions) == ["2024-02"]


def test_editions_are_listed_oldest_first_by_date(tmp_path: Path) -> None:
    save_editions(tmp_path, small_edition("2024-02"))
    older = small_edition("first").model_copy(update={"date": "2023-01"})
    save_edition(older, tmp_path)
    assert edition_ids(tmp_path) == ["first", "2024-02"]


def _problem_lines(error: InputError) -> list[str]:
    return [str(problem) for problem in error.problems]


def test_a_malformed_value_names_file_line_and_field(tmp_path: Path) -> None:
    save_editions(tmp_path, small_edition())
    entry = tmp_path / "2024-02" / "entries" / "D1.md"
    text = entry.read_text().replace("value: 2000", "value: lots")
    entry.write_text(text)
    line = text.split("\n").index("    value: lots") + 1
    with pytest.raises(InputError) as caught:
        load_edition(tmp_path, "2024-02")
    problems = caught.value.problems
    assert len(problems) == 1
    assert problems[0].file == entry
    assert problems[0].line == line
    assert problems[0].field == "metrics.0.value"


def test_every_problem_is_reported_once(tmp_path: Path) -> None:
    save_editions(tmp_path, small_edition())
    folder = tmp_path / "2024-02"
    meta = folder / "edition.yaml"
    meta.write_text(meta.read_text().replace("date: 2024-02", "date: February"))
    s1 = folder / "entries" / "S1.md"
    s1.write_text(s1.read_text().replace("code: S1", "code: S1\ncolour: blue"))
    with pytest.raises(InputError) as caught:
        load_edition(tmp_path, "2024-02")
    lines = _problem_lines(caught.value)
    assert len(lines) == 2
    assert any(str(meta) + ":2: date:" in line and "YYYY-MM" in line for line in lines)
    assert any(str(s1) + ":3: colour: unknown field" in line for line in lines)


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    save_editions(tmp_path, small_edition())
    entry = tmp_path / "2024-02" / "entries" / "D1.md"
    lines = entry.read_text().split("\n")
    lines[2] = "owners: [TEL"
    entry.write_text("\n".join(lines))
    with pytest.raises(InputError) as caught:
        load_edition(tmp_path, "2024-02")
    (problem,) = caught.value.problems
    assert problem.file == entry
    assert problem.line is not None and 3 <= problem.line <= 5
    assert "not valid YAML" in problem.message


def test_unknown_edition_lists_the_known_ones(tmp_path: Path) -> None:
    save_editions(tmp_path, small_edition())
    with pytest.raises(InputError, match="unknown edition 'nope'") as caught:
        load_edition(tmp_path, "nope")
    assert "2024-02" in str(caught.value)


def test_source_map_locates_fields_and_narrative_lines(tmp_path: Path) -> None:
    save_editions(tmp_path, small_edition())
    edition, sources = load_edition_located(tmp_path, "2024-02")
    index = [e.code for e in edition.entries].index("S1")
    file = tmp_path / "2024-02" / "entries" / "S1.md"
    lines = file.read_text().split("\n")
    narrative = edition.entries[index].narrative
    where = sources.locate_text(
        ("entries", index, "narrative"), narrative.index("Course B"), narrative
    )
    assert where.file == file and lines[where.line - 1] == "- Course B"
    where = sources.locate(("entries", 0, "metrics", 0, "unit"))
    d1 = (tmp_path / "2024-02" / "entries" / "D1.md").read_text().split("\n")
    assert d1[where.line - 1].strip() == "unit: users"
    where = sources.locate(("abbreviations", 0))
    assert where.file.name == "edition.yaml"


# --- property: load(save(edition)) == edition over generated editions ----------------------

_safe_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp"), blacklist_characters="\x85\ufeff"
    ),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s != "")
_prose = st.lists(_safe_text, max_size=4).map("\n\n".join)
_slug = st.from_regex(r"\A[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}\Z", fullmatch=True)
_month = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1990, 2100), st.integers(1, 12))
_code = st.from_regex(r"\A[A-Z]{1,3}[1-9][0-9]?\Z", fullmatch=True)


@st.composite
def editions(draw: st.DrawFn) -> Edition:
    codes = draw(st.lists(_code, min_size=1, max_size=6, unique=True))
    if len(codes) >= 2 and draw(st.booleans()):
        codes = [f"{codes[0]}/{codes[1]}", *codes[2:]]
    split = draw(st.integers(1, len(codes)))
    groups = [codes[:split], codes[split:]] if split < len(codes) else [codes]
    catalogue = Catalogue(
        review=draw(_safe_text),
        panels=[
            Panel(
                id=f"panel-{n}",
                title=draw(_safe_text),
                heading=draw(_safe_text),
                recommendations=[Recommendation(code=c, text=draw(_safe_text)) for c in group],
            )
            for n, group in enumerate(groups)
        ],
    )
    entries = []
    for number, code in enumerate(draw(st.lists(st.sampled_from(codes), unique=True))):
        entries.append(
            Entry(
                code=code,
                narrative=draw(_prose),
                wording=draw(st.none() | _safe_text),
                owners=draw(st.lists(_safe_text, max_size=2)),
                initiatives=[
                    Initiative(id=i, name=draw(_safe_text), url=draw(st.none() | _safe_text))
                    for i in draw(st.lists(_slug, max_size=3, unique=True))
                ],
                metrics=[
                    Metric(
                        id=f"{m}-{number}",  # metric ids are unique in the edition
                        value=draw(
                            st.integers(-(10**12), 10**12)
                            # a metric is a finite decimal below 10^15 with at most 6 places
                            | st.floats(-(10**12), 10**12, allow_nan=False).map(
                                lambda x: round(x, 6)
                            )
                        ),
                        qualifier=draw(st.none() | st.sampled_from(["over", "about", "plus"])),
                        unit=draw(_safe_text),
                        label=draw(st.just("") | _safe_text),
                        text=draw(_safe_text),
                        as_of=draw(st.none() | _month),
                    )
                    for m in draw(st.lists(_slug, max_size=3, unique=True))
                ],
            )
        )
    unknown = draw(st.none() | _code.filter(lambda c: c not in codes))
    if unknown:
        entries.append(Entry(code=unknown, narrative=draw(_prose)))
    abbrs = draw(st.lists(_safe_text, max_size=4, unique=True))
    return Edition(
        id=draw(st.from_regex(r"\A[0-9]{4}-[0-9]{2}[a-z]?\Z", fullmatch=True)),
        title=draw(_safe_text),
        date=draw(_month),
        publisher=draw(st.just("") | _safe_text),
        licence=draw(st.just("") | _safe_text),
        foreword=draw(
            st.none()
            | st.builds(
                Foreword,
                text=_prose,
                signatory=st.none() | st.builds(Signatory, name=_safe_text, role=_safe_text),
            )
        ),
        summary=draw(_prose),
        abbreviations=[Abbreviation(abbr=a, meaning=draw(_safe_text)) for a in abbrs],
        disabled_rules=draw(
            st.lists(st.builds(DisabledRule, rule=_slug, reason=_safe_text), max_size=2)
        ),
        catalogue=catalogue,
        entries=entries,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edition=editions())
def test_load_of_save_is_identity(
    tmp_path_factory: pytest.TempPathFactory, edition: Edition
) -> None:
    folder = tmp_path_factory.mktemp("editions")
    save_editions(folder, edition)
    assert load_edition(folder, edition.id) == edition


def test_catalogue_is_written_once(tmp_path: Path) -> None:
    assert save_catalogue(small_catalogue(), tmp_path) is True
    assert save_catalogue(small_catalogue(), tmp_path) is False


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    import os

    from topolreport.store import write_bytes_atomic

    umask = os.umask(0o022)
    try:
        write_bytes_atomic(tmp_path / "report.html", b"<p>hi</p>")
    finally:
        os.umask(umask)
    assert (tmp_path / "report.html").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary left behind
