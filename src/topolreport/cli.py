"""The `topolreport` command: a thin click group over the library.

Commands live in `topolreport.commands.*` and are imported only when run, so that
`topolreport check` never pays for importing WeasyPrint.
"""

from __future__ import annotations

import gc
import importlib
import sys
from typing import Any

import click

from . import __version__
from .errors import InputError

# command name -> ("module:attribute" of its click command, its one-line help).
# `topolreport --help` lists commands from here without importing them; a test keeps each
# help equal to the command's own first sentence.
COMMANDS: dict[str, tuple[str, str]] = {
    "import": (
        "topolreport.commands.importing:import_command",
        "Import SOURCE (the report as extracted text) as edition ID.",
    ),
    "check": (
        "topolreport.commands.checking:check_command",
        "Check editions are fit to publish: every recommendation has an entry, "
        "cross-references resolve, abbreviations are defined, links have targets, metrics "
        "are complete.",
    ),
    "export": (
        "topolreport.commands.exporting:export_command",
        "Write EDITION (with its catalogue) as one document that validates against "
        "schema/edition.schema.json, or the tracker of one or more editions as xlsx or CSV.",
    ),
    "show": (
        "topolreport.commands.showing:show_command",
        "Print EDITION's outline (the newest edition by default), or the entry for CODE.",
    ),
    "schema": (
        "topolreport.commands.exporting:schema_command",
        "Write the JSON Schemas of the snapshot files (for editor validation).",
    ),
    "new": (
        "topolreport.commands.drafting:new_command",
        "Start edition NEW_ID from OLD_ID: every entry carried forward, to be reviewed.",
    ),
    "confirm": (
        "topolreport.commands.drafting:confirm_command",
        "Mark entries of EDITION as reviewed and unchanged (by CODE, or all of --owner's, with "
        "who and when), or with --metadata the edition's publisher, signatory and date.",
    ),
    "status": (
        "topolreport.commands.drafting:status_command",
        "How far EDITION (the newest by default) is: entries reviewed, by panel and owner.",
    ),
    "diff": (
        "topolreport.commands.diffing:diff_command",
        "What changed from edition OLD to edition NEW, recommendation by recommendation.",
    ),
    "history": (
        "topolreport.commands.diffing:history_command",
        "CODE's initiatives and metrics edition by edition, oldest first, and for how many "
        "editions up to the newest it has been stalled.",
    ),
    "forms": (
        "topolreport.commands.forms:forms_command",
        "Write one Word form per owner (or panel) holding their entries of EDITION.",
    ),
    "collect": (
        "topolreport.commands.forms:collect_command",
        "Read returned forms in DIR back into EDITION, showing each change before writing it.",
    ),
    "build": (
        "topolreport.commands.building:build_command",
        "Build EDITION (the newest by default) as Word, PDF and HTML documents.",
    ),
    "initiatives": (
        "topolreport.commands.initiatives:initiatives_command",
        "The review's initiatives (editions/initiatives.yaml): list them, see where each is "
        "mentioned, and accept, merge, rename or drop what an import proposed.",
    ),
    "site": (
        "topolreport.commands.publishing:site_command",
        "Build the review site: every edition's documents, a page per recommendation and per "
        "edition, and the changes between editions.",
    ),
    "assess": (
        "topolreport.commands.assessing:assess_command",
        "Set the editorial status of CODE... in EDITION, with who, when and why.",
    ),
}


def _system_refusal(exc: OSError) -> InputError:
    reason = exc.strerror or type(exc).__name__
    return InputError(f"cannot read or write: {reason}", file=exc.filename)


def _printable(text: str) -> str:
    from .terminal import printable  # imported when an error is shown: `--help` stays light

    return printable(text)


class ReportedError(click.ClickException):
    """An InputError on its way out: one line per problem on stderr, exit code 2."""

    exit_code = 2

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error

    def show(self, file: Any = None) -> None:
        stream = file or sys.stderr
        for problem in self.error.problems or []:
            click.echo(f"error: {_printable(str(problem))}", file=stream)
        if not self.error.problems:
            click.echo("error: bad input", file=stream)


class InternalError(click.ClickException):
    """A bug, not bad input: exit code 3, so CI never mistakes it for findings (1)."""

    exit_code = 3

    def __init__(self, error: Exception) -> None:
        super().__init__(f"{type(error).__name__}: {error}")

    def show(self, file: Any = None) -> None:
        click.echo(
            f"internal error: {_printable(self.message)} (a bug in topolreport; run with "
            "--debug for the traceback)",
            file=file or sys.stderr,
        )


# Raised by click itself to stop or exit; not bugs.
_CLICK_FLOW = (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, _, attribute = COMMANDS[cmd_name][0].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their one-line helps from the table, shortened as click would,
        so that `--help` imports no command module."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [
            (name, click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit))
            for name in names
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            raise ReportedError(exc) from None
        except _CLICK_FLOW:
            raise
        except OSError as exc:
            # The system refused (a read-only folder, a full disk, a name over 255 bytes):
            # the command could not run, which is exit 2 with one line, not a bug.
            if ctx.params.get("debug"):
                raise
            raise ReportedError(_system_refusal(exc)) from None
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            raise InternalError(exc) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="topolreport")
@click.option(
    "--debug",
    is_flag=True,
    envvar="TOPOLREPORT_DEBUG",
    help="Show the traceback of an internal error.",
)
def cli(debug: bool) -> None:
    """Keep each edition of a review's progress report as data; compare, check and publish it."""


def main() -> None:
    try:
        cli(prog_name="topolreport")
    finally:
        # The process ends here and the system takes back its memory whole. Frozen objects are
        # skipped by the collections the interpreter makes as it shuts down, which otherwise
        # walk every object left (about a tenth of a second after a build).
        gc.freeze()
