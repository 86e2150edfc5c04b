"""The `topolreport` group: `--help` lists every command from the table in cli.py without
importing any, and an internal error exits 3."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from topolreport.cli import COMMANDS, cli
from topolreport.store import save_catalogue, save_edition

from factories import small_edition


def test_help_lists_every_command_with_its_one_line_help() -> None:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    listed = result.stdout.split("Commands:\n", 1)[1].splitlines()
    assert [row.split()[0] for row in listed] == [
        "build", "check", "collect", "confirm", "diff", "export", "forms", "history",
        "import", "initiatives", "new", "schema", "show", "site", "status",
    ]  # fmt: skip
    # click lines the helps up after the longest name ("initiatives")
    assert "  import       Import SOURCE (the report as extracted text) as edition ID." in listed
    assert (
        "  diff         What changed from edition OLD to edition NEW, recommendation by "
        "recommendation." in listed
    )
    for name, (_, help_text) in COMMANDS.items():
        assert f"  {name:<11}  {help_text}" in listed


def test_long_helps_are_shortened_as_click_shortens_them() -> None:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=80)
    assert "  check        Check editions are fit to publish: every recommendation has...\n" in (
        result.stdout
    )


def test_the_table_says_what_each_command_says_of_itself() -> None:
    ctx = click.Context(cli)
    for name, (_, help_text) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name
        assert command.get_short_help_str(limit=1000) == help_text, name


def test_help_imports_no_command_module() -> None:
    script = (
        "import sys; from click.testing import CliRunner; from topolreport.cli import cli; "
        "result = CliRunner().invoke(cli, ['--help']); assert result.exit_code == 0; "
        "print(sorted(m for m in sys.modules if m.startswith('topolreport.')))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['topolreport.cli', 'topolreport.errors']"


def test_an_internal_error_exits_3_and_debug_shows_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from topolreport.commands import checking

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(checking, "check_editions", broken)
    edition = small_edition()
    save_catalogue(edition.catalogue, tmp_path)
    save_edition(edition, tmp_path)
    result = CliRunner().invoke(cli, ["check", "--editions", str(tmp_path)])
    assert result.exit_code == 3  # never 1, which says "findings"
    assert result.stderr == (
        "internal error: ZeroDivisionError: division by zero (a bug in topolreport; run with "
        "--debug for the traceback)\n"
    )
    result = CliRunner().invoke(cli, ["--debug", "check", "--editions", str(tmp_path)])
    assert isinstance(result.exception, ZeroDivisionError)
