"""The wording module: figures, metric moves and lines read as a person writes them, and the
public vocabulary read from the templates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from topolreport.cli import cli
from topolreport.diff.changes import (
    ChangeSet,
    InitiativeMention,
    InitiativeRename,
    MetricChange,
    MetricItem,
    MetricState,
    Stalled,
    Summary,
)
from topolreport.diff.kinds import KIND
from topolreport.diff.wording import (
    amount,
    figure,
    metric_note,
    number,
    public_line,
    public_removed_line,
    read_vocabulary,
    verdict,
)
from topolreport.errors import InputError
from topolreport.render.templates import default_templates_dir
from topolreport.store import save_catalogue, save_edition

from factories import small_edition


def state(value: float, unit: str = "learners", qualifier: str | None = None) -> MetricState:
    return MetricState(
        id="g2-learners",
        value=value,
        qualifier=qualifier,
        unit=unit,
        text=f"{value} {unit}",
        label="Learners",
        as_of=None,
    )


def change(old: MetricState, new: MetricState, direction: str = "down") -> MetricChange:
    absolute = new.value - old.value
    return MetricChange(
        recommendation="G2",
        id="g2-learners",
        old=old,
        new=new,
        absolute=absolute,
        relative=absolute / old.value,
        direction=direction,  # type: ignore[arg-type]
        regression=direction == "down",
        fields=["value"],
    )


def test_numbers_read_as_people_write_them() -> None:
    assert number(33700) == "33,700"
    assert number(33700.0) == "33,700"
    assert number(2.5) == "2.5"
    assert number(0.1 + 0.2) == "0.3"
    assert number(1234567.125) == "1,234,567.125"
    assert number(-7500) == "-7,500"
    assert number(None) == ""


def test_figures_with_their_qualifiers() -> None:
    assert figure(33700, None, "learners") == "33,700"
    assert figure(2600, "over", "visitors") == "over 2,600"
    assert figure(450, "plus", "elearning programmes") == "450+"
    assert figure(90, "plus", "percent") == "90%+"
    assert amount(2600, "over", "visitors") == "over 2,600 visitors"
    assert amount(450, "plus", "elearning programmes") == "450+ elearning programmes"
    assert amount(90, "over", "percent") == "over 90%"
    assert amount(90, "plus", "percent") == "90%+"


def test_a_metric_that_fell() -> None:
    fell = change(state(33700), state(26200))
    assert KIND["metric_changes"].describe(fell) == (
        "Learners: 33,700 learners → 26,200 learners (-7,500, -22.3%) — fell"
    )
    assert metric_note(fell) == "Metric fell from 33,700 to 26,200 (-22%)"


def test_a_small_rise_keeps_a_decimal_in_the_note() -> None:
    rose = change(state(40000), state(41000), "up")
    assert metric_note(rose) == "Metric rose from 40,000 to 41,000 (+2.5%)"
    assert KIND["metric_changes"].describe(rose) == (
        "Learners: 40,000 learners → 41,000 learners (+1,000, +2.5%)"
    )


def test_a_new_qualifier_on_the_same_value() -> None:
    now = change(state(90, "percent"), state(90, "percent", "plus"), "same-value-new-qualifier")
    assert metric_note(now) == "Metric now reads 90%+ (was 90%)"
    assert KIND["metric_changes"].describe(now) == (
        "Learners: 90% → 90%+ (same value new qualifier)"
    )


def test_verdict() -> None:
    counts = dict.fromkeys(Summary.model_fields, 0)
    same = ChangeSet.model_validate(
        {
            "from": "2023-02",
            "to": "2024-02",
            "stalled_threshold": 0.9,
            "summary": {**counts, "same": True},
        }  # fmt: skip
    )
    assert verdict(same) == "No changes."
    busy = ChangeSet.model_validate(
        {"from": "2023-02", "to": "2024-02", "stalled_threshold": 0.9,
         "summary": {**counts, "same": False, "changes": 1204, "regressions": 1, "stalled": 37}}
    )  # fmt: skip
    assert verdict(busy) == "1,204 changes, 1 fell; 37 recommendations stalled."


def test_the_shipped_vocabulary_reads() -> None:
    vocabulary = read_vocabulary(default_templates_dir() / "vocabulary.yaml")
    assert vocabulary.stalled == "Stalled"
    assert vocabulary.reason("no new initiative") == "no new initiative"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("stalled: Stalled\nnot_in_catalogue: Elsewhere\ncolour: red\n", "colour"),
        ("stalled: ''\nnot_in_catalogue: Elsewhere\n", "stalled"),
        ("stalled: Stalled\n", "not_in_catalogue"),
        ("stalled: S\nnot_in_catalogue: E\nreasons:\n  no progress: none\n", "reasons.no progress"),
    ],
)
def test_a_wrong_vocabulary_names_file_and_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "vocabulary.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_vocabulary(path)
    message = str(raised.value)
    assert str(path) in message and field in message


def test_the_annex_speaks_the_templates_vocabulary(tmp_path: Path) -> None:
    editions = tmp_path / "editions"
    old = small_edition("2023-02").model_copy(update={"date": "2023-02"})
    new = small_edition("2024-02")
    new.entries[0].metrics[0].value = 3000
    save_catalogue(new.catalogue, editions)
    save_edition(old, editions)
    save_edition(new, editions)
    templates = tmp_path / "templates"
    shutil.copytree(default_templates_dir(), templates)
    (templates / "vocabulary.yaml").write_text(
        "stalled: No new progress reported\n"
        "not_in_catalogue: Other recommendations\n"
        "reasons:\n  no new initiative: nothing new this year\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["build", "--with-changes", "--format", "html", "--editions", str(editions),
         "--templates", str(templates), "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    page = next(out.glob("*.html")).read_text(encoding="utf-8")
    annex = page[page.index('id="changes"') :]
    assert "No new progress reported (nothing new this year" in annex
    assert "Stalled (" not in annex


def test_public_sentences_name_figures_by_label_with_no_ids_or_percentages() -> None:
    fell = change(state(33700), state(26200))
    assert (
        public_line(fell, "Stalled", "")
        == "Learners: fell from 33,700 learners to 26,200 learners."
    )
    new = MetricItem(recommendation="G2", id="g2-fellows", value=120, qualifier=None,
                     unit="fellows", text="120 fellows", label="trained 120 fellows",
                     as_of="2024-01")  # fmt: skip
    assert public_line(new, "Stalled", "") == (
        "New figure: Trained 120 fellows: 120 fellows (as of January 2024)."
    )
    assert public_removed_line("removed_metrics", new) == (
        "No longer reported: trained 120 fellows (120 fellows)."
    )
    renamed = InitiativeRename(recommendation="G3", old_id="genotes", new_id="genotes-online",
                               old_name="GeNotes", new_name="GeNotes Online", similarity=0.8,
                               matched_by="id")  # fmt: skip
    assert public_line(renamed, "Stalled", "") == "GeNotes is now called GeNotes Online."
    stalled = Stalled(recommendation="E1", reasons=["no new initiative"], similarity=1.0)
    assert public_line(stalled, "No progress reported", "no new initiative") == (
        "No progress reported: no new initiative."
    )
    assert public_removed_line("new_metrics", new) is None
    mention = InitiativeMention(recommendation="E14", id="genotes", name="GeNotes",
                                elsewhere=["G3", "E1"])  # fmt: skip
    assert (
        public_line(mention, "Stalled", "")
        == "Now also mentions GeNotes, reported under G3 and E1."
    )
    assert public_removed_line("unmentioned_initiatives", mention) == (
        "No longer mentions GeNotes, still reported under G3 and E1."
    )
