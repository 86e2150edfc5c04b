"""The one date policy: SOURCE_DATE_EPOCH when set and valid, else the edition's month."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from topolreport.cli import cli
from topolreport.dates import document_date, source_date_epoch_set, source_epoch
from topolreport.errors import InputError
from topolreport.store import save_catalogue, save_edition

from factories import small_edition


def test_unset_or_empty_means_the_first_of_the_month() -> None:
    assert document_date("2023-02", {}) == datetime(2023, 2, 1, tzinfo=UTC)
    assert document_date("2023-02", {"SOURCE_DATE_EPOCH": "  "}) == datetime(2023, 2, 1, tzinfo=UTC)
    assert source_epoch({}) is None


def test_epoch_is_taken_as_seconds_since_1970_utc() -> None:
    assert source_epoch({"SOURCE_DATE_EPOCH": "0"}) == datetime(1970, 1, 1, tzinfo=UTC)
    assert document_date("2023-02", {"SOURCE_DATE_EPOCH": " 86400 "}) == datetime(
        1970, 1, 2, tzinfo=UTC
    )


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5", "+5", "1e9", "99999999999999999999"])
def test_a_bad_epoch_is_an_input_error_naming_the_variable(value: str) -> None:
    with pytest.raises(InputError) as raised:
        source_epoch({"SOURCE_DATE_EPOCH": value})
    assert "SOURCE_DATE_EPOCH" in str(raised.value)
    assert repr(value) in str(raised.value)


def test_setting_the_variable_for_one_call_puts_it_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with source_date_epoch_set(datetime(2024, 2, 1, tzinfo=UTC)):
        assert os.environ["SOURCE_DATE_EPOCH"] == "1706745600"
    assert "SOURCE_DATE_EPOCH" not in os.environ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "12")
    with source_date_epoch_set(datetime(2024, 2, 1, tzinfo=UTC)):
        assert os.environ["SOURCE_DATE_EPOCH"] == "1706745600"
    assert os.environ["SOURCE_DATE_EPOCH"] == "12"


def test_forms_refuse_a_bad_epoch_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edition = small_edition()
    save_catalogue(edition.catalogue, tmp_path / "editions")
    save_edition(edition, tmp_path / "editions")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    out = tmp_path / "forms"
    args = ["forms", edition.id, "--out", str(out), "--editions", str(tmp_path / "editions")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())
