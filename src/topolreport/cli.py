"""The `topolreport` command: a thin click group over the library.

Commands live in `topolreport.commands.*` and are imported only when run, so that
`topolreport check` never pays for importing WeasyPrint.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from . import __version__
from .errors import InputError

# command name -> "module:attribute" of its click command
COMMANDS: dict[str, str] = {
    "import": "topolreport.commands.importing:import_command",
    "check": "topolreport.commands.checking:check_command",
    "export": "topolreport.commands.exporting:export_command",
    "show": "topolreport.commands.showing:show_command",
    "schema": "topolreport.commands.exporting:schema_command",
    "new": "topolreport.commands.drafting:new_command",
    "confirm": "topolreport.commands.drafting:confirm_command",
    "status": "topolreport.commands.drafting:status_command",
    "diff": "topolreport.commands.diffing:diff_command",
    "history": "topolreport.commands.diffing:history_command",
    "forms": "topolreport.commands.forms:forms_command",
    "collect": "topolreport.commands.forms:collect_command",
    "build": "topolreport.commands.building:build_command",
    "assess": "topolreport.commands.assessing:assess_command",
}


class ReportedError(click.ClickException):
    """An InputError on its way out: one line per problem on stderr, exit code 2."""

    exit_code = 2

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error

    def show(self, file: Any = None) -> None:
        stream = file or sys.stderr
        for problem in self.error.problems or []:
            click.echo(f"error: {problem}", file=stream)
        if not self.error.problems:
            click.echo("error: bad input", file=stream)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            raise ReportedError(exc) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="topolreport")
def cli() -> None:
    """Keep each edition of a review's progress report as data; compare, check and publish it."""


def main() -> None:
    cli(prog_name="topolreport")
