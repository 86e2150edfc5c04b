"""The diff's judgments on whole editions and on one moved figure, pinned on small hand-made
editions: each expected value is written out by hand, as a reviewer reading the two would say."""

from __future__ import annotations

from topolreport.diff.engine import metric_change
from topolreport.model import Metric


def _metric(value: float, qualifier: str | None = None, unit: str = "users") -> Metric:
    return Metric(
        id="d1-users",
        value=value,
        qualifier=qualifier,
        unit=unit,
        label="the hub has users",
        text=f"{value} {unit}",
        as_of="2024-02",
    )


def test_a_figure_that_rose_is_up_by_its_difference_and_share() -> None:
    change = metric_change("D1", _metric(2000), _metric(2500))
    assert (change.direction, change.absolute, change.relative) == ("up", 500, 0.25)
    assert change.regression is False
    assert change.recommendation == "D1" and change.id == "d1-users"
    assert (change.old.value, change.new.value) == (2000, 2500)
    assert change.fields == ["text", "value"]
