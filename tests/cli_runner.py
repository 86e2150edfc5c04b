"""The command line as a user runs it, in-process."""

from __future__ import annotations

from click.testing import CliRunner

from topolreport.cli import cli


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """`topolreport ARGS…`: its exit code, standard output and standard error."""
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr
