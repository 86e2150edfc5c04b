"""Small hand-made editions for tests that do not need the real report."""

from __future__ import annotations

from topolreport.model import (
    Abbreviation,
    Catalogue,
    Edition,
    Entry,
    Foreword,
    Initiative,
    Metric,
    Panel,
    Recommendation,
    Signatory,
)


def small_catalogue() -> Catalogue:
    return Catalogue(
        review="Example Review",
        panels=[
            Panel(
                id="data",
                title="Data Panel",
                heading="Recommendations from the Data Panel",
                recommendations=[
                    Recommendation(code="D1", text="Data should be shared safely."),
                    Recommendation(code="D2/AI1", text="Posts should have protected time."),
                ],
            ),
            Panel(
                id="skills",
                title="Skills",
                heading="Skills recommendations",
                recommendations=[Recommendation(code="S1", text="Everyone should learn.")],
            ),
        ],
    )


def small_edition(edition_id: str = "2024-02") -> Edition:
    return Edition(
        id=edition_id,
        title="Example Review: Progress",
        date="2024-02",
        publisher="Example Body",
        licence="Contains public sector information licensed under the Open Government Licence.",
        foreword=Foreword(
            text="We made progress.\n\n- One thing\n- Another",
            signatory=Signatory(name="A Person", role="Director", organisation="Example Body"),
        ),
        summary="Much done; more to do.",
        abbreviations=[Abbreviation(abbr="NHS", meaning="National Health Service")],
        catalogue=small_catalogue(),
        entries=[
            Entry(
                code="D1",
                narrative="The [Data Hub](#) now has over 2,000 users. See also S1.",
                owners=["TEL"],
                initiatives=[Initiative(id="data-hub", name="Data Hub")],
                metrics=[
                    Metric(
                        id="d1-users",
                        value=2000,
                        qualifier="over",
                        unit="users",
                        label="the Data Hub now has over 2,000 users",
                        text="over 2,000 users",
                        as_of="2024-02",
                    )
                ],
            ),
            Entry(code="D2/AI1", narrative="See D1."),
            Entry(code="S1", narrative="Courses run.\n\n- Course A\n- Course B"),
        ],
    )
