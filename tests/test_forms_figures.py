"""Figures written with a scale or a sign ("over 2 million", "450+", "over 90%") kept in step
between a form's metrics table and its narrative, through `collect`; expected texts by hand."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from test_forms import run, workspace  # noqa: F401  (the fixture)
from test_forms_merge import _collect, _retype
from topolreport.forms.figures import in_step
from topolreport.model import Metric
from topolreport.store import load_edition

GEP = "2024-02-gep.docx"  # G3 is GEP's, NSHCS's and TEL's
KLS = "2024-02-kls.docx"  # OD2 is KLS's and Digital Readiness's


def _cell(form: Path, label: str, column: int, value: str, nth: int = 0) -> None:
    """Type `value` in `column` of the nth metrics row whose "what it counts" is `label`."""
    document = Document(str(form))
    rows = [r for t in document.tables for r in t.rows if r.cells[0].text == label]
    rows[nth].cells[column].text = value
    document.save(str(form))


G3_USERS = (
    "HEE TEL team's elearning for healthcare hub now has over 2 million registered users "
    "accessing its 450+ elearning programmes"
)
G3_PROGRAMMES = (
    "hub now has over 2 million registered users accessing its 450+ elearning programmes"
)


def _no_tr042(editions: Path) -> None:
    code, out, _ = run("check", "2024-02", "--editions", str(editions))
    assert "TR042" not in out, out


def test_a_value_in_millions_changed_in_the_table_is_written_in_millions(workspace: Path) -> None:  # noqa: F811
    forms, editions = workspace / "forms", workspace / "editions"
    _cell(forms / GEP, G3_USERS, 1, "2,500,000")
    _cell(forms / GEP, G3_PROGRAMMES, 1, "1,200")
    code, out, err = _collect(workspace)
    assert code == 0, err
    g3 = load_edition(editions, "2024-02").entry("G3")
    assert g3 is not None
    assert (
        "hub now has over 2.5 million registered users accessing its 1,200+ elearning programmes."
        in g3.narrative
    )
    metrics = {m.id: m for m in g3.metrics}
    users, programmes = metrics["g3-registered-users"], metrics["g3-elearning-programmes"]
    assert (users.value, users.text) == (2500000, "over 2.5 million registered users")
    assert users.label == (
        "HEE TEL team's elearning for healthcare hub now has over 2.5 million registered users "
        "accessing its 1,200+ elearning programmes"
    )
    assert (programmes.value, programmes.text) == (1200, "1,200+ elearning programmes")
    assert programmes.label == (
        "hub now has over 2.5 million registered users accessing its 1,200+ elearning programmes"
    )
    _no_tr042(editions)


def test_a_value_the_scale_would_round_is_written_out(workspace: Path) -> None:  # noqa: F811
    forms, editions = workspace / "forms", workspace / "editions"
    _cell(forms / GEP, G3_USERS, 1, "2345678")
    code, out, err = _collect(workspace)
    assert code == 0, err
    g3 = load_edition(editions, "2024-02").entry("G3")
    assert g3 is not None
    assert "hub now has over 2,345,678 registered users accessing" in g3.narrative
    users = {m.id: m for m in g3.metrics}["g3-registered-users"]
    assert (users.value, users.text) == (2345678, "over 2,345,678 registered users")
    _no_tr042(editions)


def test_a_value_in_millions_changed_in_the_narrative_is_read_to_the_table(workspace: Path) -> None:  # noqa: F811
    forms, editions = workspace / "forms", workspace / "editions"
    _retype(forms / GEP, "over 2 million registered", "over 2.4 million registered")
    code, out, err = _collect(workspace)
    assert code == 0, err
    g3 = load_edition(editions, "2024-02").entry("G3")
    assert g3 is not None
    users = {m.id: m for m in g3.metrics}["g3-registered-users"]
    assert (users.value, users.text) == (2400000, "over 2.4 million registered users")
    assert "~ metric g3-registered-users value: 2000000 -> 2400000" in out
    _no_tr042(editions)


def test_one_of_two_percentages_written_alike_changes_in_its_own_place(workspace: Path) -> None:  # noqa: F811
    forms, editions = workspace / "forms", workspace / "editions"
    second = (
        "it had increased their understanding of successful digital transformation, and over 90% "
        "said it increased confidence in the board's ability"
    )
    _cell(forms / KLS, second, 1, "95")
    code, out, err = _collect(workspace)
    assert code == 0, err
    od2 = load_edition(editions, "2024-02").entry("OD2")
    assert od2 is not None
    assert (
        "showed that over 90% said it had increased their understanding of successful digital "
        "transformation, and over 95% said it increased confidence" in od2.narrative
    )
    metrics = {m.id: m for m in od2.metrics}
    assert (metrics["od2-percent"].value, metrics["od2-percent"].text) == (90, "over 90%")
    assert (metrics["od2-percent-2"].value, metrics["od2-percent-2"].text) == (95, "over 95%")
    assert metrics["od2-percent-2"].label == second.replace("over 90%", "over 95%")
    assert "over 90% said it had increased" in metrics["od2-percent"].label
    _no_tr042(editions)


def test_a_scaled_figure_whose_two_sides_disagree_is_a_conflict(workspace: Path) -> None:  # noqa: F811
    forms, editions = workspace / "forms", workspace / "editions"
    before = load_edition(editions, "2024-02").entry("G3")
    _retype(forms / GEP, "over 2 million registered", "over 2.4 million registered")
    _cell(forms / GEP, G3_USERS, 1, "2,500,000")
    code, out, err = _collect(workspace)
    assert code == 1
    assert "G3: conflict in the figure g3-registered-users: its table and narrative disagree" in err
    assert "2024-02-gep.docx (table): 2,500,000" in err
    assert "2024-02-gep.docx (narrative): over 2.4 million registered users" in err
    assert load_edition(editions, "2024-02").entry("G3") == before


def test_both_sides_changed_alike_in_different_scales_agree(workspace: Path) -> None:  # noqa: F811
    forms, editions = workspace / "forms", workspace / "editions"
    _retype(forms / GEP, "over 2 million registered", "over 2.5 million registered")
    _cell(forms / GEP, G3_USERS, 1, "2,500,000")
    code, out, err = _collect(workspace)
    assert code == 0, err
    g3 = load_edition(editions, "2024-02").entry("G3")
    assert g3 is not None
    users = {m.id: m for m in g3.metrics}["g3-registered-users"]
    assert (users.value, users.text) == (2500000, "over 2.5 million registered users")
    _no_tr042(editions)


def _figure(metric_id: str, value: float, text: str, unit: str = "GBP") -> Metric:
    return Metric(id=metric_id, value=value, unit=unit, label=text, text=text, as_of="2023-02")


def test_money_in_billions_and_a_circa_figure_follow_the_table() -> None:
    narrative = "A grant of £1.5 billion was made; c5,000 UK learners enrolled."
    grant = _figure("e1-gbp", 1_500_000_000, "£1.5 billion")
    learners = _figure("e1-uk-learners", 5000, "c5,000 UK learners", "UK learners")
    issued = {grant.id: grant, learners.id: learners}
    changed = [
        grant.model_copy(update={"value": 2_000_000_000}),
        learners.model_copy(update={"value": 6100}),
    ]
    text, metrics, disagreements = in_step(narrative, changed, narrative, issued)
    assert text == "A grant of £2 billion was made; c6,100 UK learners enrolled."
    assert [(m.value, m.text, m.label) for m in metrics] == [
        (2_000_000_000, "£2 billion", "£2 billion"),
        (6100, "c6,100 UK learners", "c6,100 UK learners"),
    ]
    assert disagreements == []


def test_money_in_billions_changed_in_the_narrative_gives_the_table_its_value() -> None:
    narrative = "A grant of £1.5 billion was made."
    grant = _figure("e1-gbp", 1_500_000_000, "£1.5 billion")
    edited = "A grant of £1.75 billion was made."
    text, metrics, _ = in_step(edited, [grant], narrative, {grant.id: grant})
    assert text == edited
    assert [(m.value, m.text) for m in metrics] == [(1_750_000_000, "£1.75 billion")]


def test_a_qualifier_changed_with_its_figure_in_the_narrative_reaches_the_table(
    workspace: Path,  # noqa: F811
) -> None:
    forms, editions = workspace / "forms", workspace / "editions"
    _retype(forms / GEP, "over 2 million registered", "about 2.4 million registered")
    code, out, err = _collect(workspace)
    assert code == 0, err
    g3 = load_edition(editions, "2024-02").entry("G3")
    assert g3 is not None
    users = {m.id: m for m in g3.metrics}["g3-registered-users"]
    assert (users.value, users.qualifier, users.text) == (
        2400000,
        "about",
        "about 2.4 million registered users",
    )
    _no_tr042(editions)


def test_a_qualifier_changed_in_the_table_is_rewritten_in_the_narrative(
    workspace: Path,  # noqa: F811
) -> None:
    forms, editions = workspace / "forms", workspace / "editions"
    _cell(forms / GEP, G3_USERS, 2, "about")
    code, out, err = _collect(workspace)
    assert code == 0, err
    g3 = load_edition(editions, "2024-02").entry("G3")
    assert g3 is not None
    assert "hub now has about 2 million registered users accessing its 450+" in g3.narrative
    users = {m.id: m for m in g3.metrics}["g3-registered-users"]
    assert (users.value, users.qualifier, users.text) == (
        2000000,
        "about",
        "about 2 million registered users",
    )
    _no_tr042(editions)


def test_a_qualifier_added_in_the_narrative_reaches_the_table() -> None:
    issued_text = "Modules completed by 33,700 learners to date."
    learners = _figure("g2-learners", 33700, "33,700 learners", "learners")
    edited = "Modules completed by over 33,700 learners to date."
    text, metrics, disagreements = in_step(edited, [learners], issued_text, {learners.id: learners})
    assert text == edited
    assert [(m.value, m.qualifier, m.text, m.label) for m in metrics] == [
        (33700, "over", "over 33,700 learners", "over 33,700 learners")
    ]
    assert disagreements == []


def test_a_qualifier_added_in_the_table_is_written_into_the_narrative() -> None:
    issued_text = "Modules completed by 33,700 learners to date."
    learners = _figure("g2-learners", 33700, "33,700 learners", "learners")
    changed = [learners.model_copy(update={"qualifier": "about"})]
    text, metrics, _ = in_step(issued_text, changed, issued_text, {learners.id: learners})
    assert text == "Modules completed by about 33,700 learners to date."
    assert [(m.value, m.qualifier, m.text) for m in metrics] == [
        (33700, "about", "about 33,700 learners")
    ]


def test_a_qualifier_added_to_a_figure_in_a_form_reaches_the_snapshot(
    workspace: Path,  # noqa: F811
) -> None:
    forms, editions = workspace / "forms", workspace / "editions"
    _retype(forms / GEP, "completed by 33,700 learners", "completed by over 33,700 learners")
    code, out, err = _collect(workspace)
    assert code == 0, err
    g2 = load_edition(editions, "2024-02").entry("G2")
    assert g2 is not None
    learners = {m.id: m for m in g2.metrics}["g2-learners"]
    assert (learners.value, learners.qualifier, learners.text) == (
        33700,
        "over",
        "over 33,700 learners",
    )
    assert "completed by over 33,700 learners to date." in g2.narrative
    _no_tr042(editions)
