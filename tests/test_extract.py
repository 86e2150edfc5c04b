"""Metrics and initiatives proposed from narratives: the figures a reader would quote."""

from __future__ import annotations

import pytest

from topolreport.extract import extract_initiatives, extract_metrics, propose_owners, slug
from topolreport.importers import ImportResult
from topolreport.model import Edition, Metric


@pytest.fixture(scope="module")
def edition(imported_2023: ImportResult) -> Edition:
    return imported_2023.edition


def _metric(edition: Edition, code: str, text: str) -> Metric:
    entry = edition.entry(code)
    assert entry is not None
    matches = [m for m in entry.metrics if m.text == text]
    assert matches, f"{code}: no metric {text!r} in {[m.text for m in entry.metrics]}"
    return matches[0]


# (entry, text as written, value, qualifier, unit)
EXPECTED = [
    ("G2", "33,700 learners", 33700, None, "learners"),
    ("G2", "66,000 learners", 66000, None, "learners"),
    ("G2", "145,000 times", 145000, None, "views"),
    ("G2", "10,300 users", 10300, None, "users"),
    ("G2", "c5,000 UK learners", 5000, "about", "UK learners"),
    ("G2", "33 curricula", 33, None, "curricula"),
    ("G3", "over 4,000 page views", 4000, "over", "page views"),
    ("G3", "over 1,000 users", 1000, "over", "users"),
    ("G3", "over 2 million registered users", 2_000_000, "over", "registered users"),
    ("G3", "450+ elearning programmes", 450, "plus", "elearning programmes"),
    ("G4", "2,449 NHS staff", 2449, None, "NHS staff"),
    ("G4", "11,389 modules", 11389, None, "modules"),
    ("G4", "59 individuals", 59, None, "individuals"),
    ("G4", "239 individuals", 239, None, "individuals"),
    ("G5", "68 trainees", 68, None, "trainees"),
    ("G6", "circa 46,000", 46000, "about", "workforce"),
    ("G6", "circa 78,000", 78000, "about", "workforce"),
    ("G7", "over 80 trust boards", 80, "over", "trust boards"),
    ("G8", "over 2,600 visitors", 2600, "over", "visitors"),
    ("G8", "8,500 page views", 8500, None, "page views"),
    ("DM2", "around 100 Fellows", 100, "about", "Fellows"),
    ("DM3", "Over 400 digital change leaders", 400, "over", "digital change leaders"),
    ("DM4/AIR5", "around 100 Fellows", 100, "about", "Fellows"),
    ("DM4/AIR5", "c100 people", 100, "about", "people"),
    ("E1", "Over 70 NHS knowledge and library specialists", 70, "over", None),
    ("E3", "over 2200 alumni", 2200, "over", "alumni"),
]


@pytest.mark.parametrize(("code", "text", "value", "qualifier", "unit"), EXPECTED)
def test_report_figures_are_read_with_qualifier_and_unit(
    edition: Edition, code: str, text: str, value: int, qualifier: str | None, unit: str | None
) -> None:
    metric = _metric(edition, code, text)
    assert metric.value == value
    assert metric.qualifier == qualifier
    if unit is not None:
        assert metric.unit == unit
    assert metric.as_of == "2023-02"


def test_the_two_over_90_percent_findings_are_two_metrics(edition: Edition) -> None:
    od2 = edition.entry("OD2")
    assert od2 is not None
    percent = [m for m in od2.metrics if m.unit == "percent"]
    assert [(m.id, m.value, m.qualifier, m.text) for m in percent] == [
        ("od2-percent", 90, "over", "over 90%"),
        ("od2-percent-2", 90, "over", "over 90%"),
    ]
    assert "understanding of successful" in percent[0].label
    assert "confidence" in percent[1].label


def test_metric_ids_are_made_of_code_and_unit(edition: Edition) -> None:
    ids = [m.id for entry in edition.entries for m in entry.metrics]
    assert len(ids) == len(set(ids))
    assert {"g2-learners", "g2-learners-2", "g2-views", "dm4-air5-fellows", "g3-users"} <= set(ids)
    # Only the value changes next year: the id does not.
    narrative = "completed by 33,700 learners to date."
    [this_year] = extract_metrics(narrative, "G2", "2023-02")
    [next_year] = extract_metrics(narrative.replace("33,700", "41,250"), "G2", "2024-02")
    assert this_year.id == next_year.id == "g2-learners"
    assert next_year.value == 41250


def test_metric_text_is_found_again_in_the_narrative_and_labelled(edition: Edition) -> None:
    for entry in edition.entries:
        for metric in entry.metrics:
            assert metric.text in entry.narrative
            assert metric.text in metric.label or metric.text.replace("](#)", "") in metric.label
            assert len(metric.label.split()) > len(metric.text.split())
    label = _metric(edition, "G2", "33,700 learners").label
    assert label == "completed by 33,700 learners to date"


def test_only_the_report_figures_are_metrics(edition: Edition) -> None:
    # The 28 figures above (two per OD2 percentage, two for the G6 range) and nothing else:
    # no years, codes, ranges, levels or durations.
    assert sum(len(entry.metrics) for entry in edition.entries) == 28
    values = {m.value for entry in edition.entries for m in entry.metrics}
    assert not values & {2019, 2020, 2021, 2022, 2023, 2030, 2014, 15, 10, 60, 7, 14, 19, 2, 3}


@pytest.mark.parametrize(
    "text",
    [
        "launched in June 2022 and running to 2030.",
        "Since 2014/15 and in 2021-22 the programme grew.",
        "a 10-minute session, a 2-hour lecture and a 60-credit, level 7, PgCert",
        "young people between 14-19 into health careers",
        "codes such as G3 and DM4/AIR5, the COVID-19 pandemic, 3D printing",
        "Tier one is specialty specific; the PG Cert starts later",
        "the GMS has grown over the last 2 years",
        "a further 100 to follow",
        "see the [report](https://example.org/2023/report-45000-learners)",
    ],
)
def test_non_metrics_are_left_out(text: str) -> None:
    assert extract_metrics(text, "G2", "2023-02") == []


def test_qualifier_spellings() -> None:
    text = (
        "more than 12 learners; approximately 30 nurses; up to 40 places; at least 5 trusts; "
        "c. 60 staff; about 70 users; 80+ resources; over 3.5 million views."
    )
    got = [(m.value, m.qualifier, m.unit) for m in extract_metrics(text, "E1", None)]
    assert got == [
        (12, "over", "learners"),
        (30, "about", "nurses"),
        (40, "up to", "places"),
        (5, "at least", "trusts"),
        (60, "about", "staff"),
        (70, "about", "users"),
        (80, "plus", "resources"),
        (3_500_000, "over", "views"),
    ]


def _initiative_names(edition: Edition) -> dict[str, list[str]]:
    return {entry.code: [i.name for i in entry.initiatives] for entry in edition.entries}


def test_named_initiatives_are_found(edition: Edition) -> None:
    names = _initiative_names(edition)
    assert "GeNotes" in names["G3"]
    assert "GeNotes" in names["E1"]  # mentioned without its link, known from G3
    assert "Learning Hub" in names["P1"] and "Learning Hub" in names["G3"]
    assert "Digital Boards Programme" in names["OD2"]
    assert "Knowledge for Healthcare Leadership Programme" in names["OD2"]
    assert "Topol Digital Fellowships" in names["DM4/AIR5"]
    assert "Topol Digital Fellowships" in names["OD1"]  # written "Topol Digital fellowships"
    assert "Library Carpentry" in names["E1"] and "Library Carpentry" in names["E3"]
    assert "Digital Readiness programme" in names["G4"]
    assert "NHS Digital Academy" in names["DM2"]
    assert "Digital Graduate Pathway" in names["DM4/AIR5"]
    assert "Health and Digital Literacy partnership" in names["P1"]
    assert "Health and Digital Literacy Compact" in names["P2"]
    assert "Clinical Pathway Initiative" in names["G4"]


def test_initiative_ids_urls_and_order(edition: Edition) -> None:
    g3 = edition.entry("G3")
    assert g3 is not None
    by_id = {i.id: i for i in g3.initiatives}
    assert by_id["genotes"].name == "GeNotes" and by_id["genotes"].url is None
    assert by_id["learning-hub"].name == "Learning Hub"
    od2 = edition.entry("OD2")
    assert od2 is not None
    assert "digital-boards-programme" in [i.id for i in od2.initiatives]
    for entry in edition.entries:
        ids = [i.id for i in entry.initiatives]
        assert len(ids) == len(set(ids))
    # In order of first appearance; the link text "collection" names nothing, and the NHS
    # Leadership Academy is a body G7 says the work links with: a partner.
    assert [i.name for i in od2.initiatives] == [
        "NHS Digital Academy",
        "Digital Boards Programme",
        "Knowledge for Healthcare Leadership Programme",
        "Mary Seacole programme",
    ]


def test_initiatives_keep_link_targets_and_skip_noise() -> None:
    narrative = (
        "The [Learning Hub](https://learninghub.nhs.uk) and [GeNotes](#). "
        "The Network provides support. Developed in partnership with NHS Providers. "
        "HEE's Digital Readiness programme runs the Workforce Partnership Board. "
        "The Learning Hub again."
    )
    got = [(i.id, i.name, i.url) for i in extract_initiatives(narrative, {"Learning Hub"})]
    assert got == [
        ("learning-hub", "Learning Hub", "https://learninghub.nhs.uk"),
        ("genotes", "GeNotes", None),
        ("digital-readiness-programme", "Digital Readiness programme", None),
    ]


def test_slug() -> None:
    assert slug("Learning Hub") == "learning-hub"
    assert slug("HEE's Digital, AI and Robotics") == "hees-digital-ai-and-robotics"
    assert slug("DM4/AIR5") == "dm4-air5"


def test_owners() -> None:
    assert propose_owners("HEE's Technology Enhanced Learning (TEL) team") == ["TEL"]
    assert propose_owners("the Genomics Education Programme and the NHS Digital Academy") == [
        "Digital Readiness",
        "GEP",
    ]
    assert propose_owners("HEE NSHCS and the national KLS team; the Learning Hub") == [
        "KLS",
        "NSHCS",
        "TEL",
    ]
    assert propose_owners("Nothing owned here.") == []
