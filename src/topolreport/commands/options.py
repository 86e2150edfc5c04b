"""Options shared by every command, so they read and behave the same everywhere."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..characters import forbidden_character

# The model and the store are imported where they are used: a command's options are read
# before it starts, and `build` starts its PDF renderer before the model is imported.

editions_option = click.option(
    "--editions",
    "editions_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("editions"),
    show_default=True,
    envvar="TOPOLREPORT_EDITIONS",
    help="Folder holding the catalogue and one folder per edition.",
)

force_option = click.option("--force", is_flag=True, help="Overwrite what is already there.")


def templates_option(what: str) -> Callable[[_Command], _Command]:
    """`--templates DIR`: a rebranded copy of the templates; `what` says what the command reads
    from it. Without it, the templates installed with topolreport."""
    return click.option(
        "--templates",
        "templates_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=f"{what} (default: the templates installed with topolreport).",
    )


def emit_text(text: str, output: Path | None, force: bool) -> None:
    """A report to standard output, or written whole to --output (never over a file
    without --force)."""
    if output is None:
        sys.stdout.write(text)
    else:
        from ..store import write_text_atomic

        write_text_atomic(output, text, force=force)
        click.echo(f"wrote {output}", err=True)


STDOUT = "-"
_Command = TypeVar("_Command", bound=Callable[..., Any])


def _output_path(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    # "-" is standard output, as in every Unix tool; "./-" still names a file called "-".
    if value is None:
        return None
    if value == STDOUT:
        ctx.meta["output_to_stdout"] = True
        return None
    return Path(value)


def output_option(
    help: str = "File to write; standard output when not given or '-'.",
) -> Callable[[_Command], _Command]:
    """`--output/-o FILE`: a file written whole (never over anything but a regular file), or
    standard output for '-'."""
    return click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False),
        callback=_output_path,
        help=help,
    )


def output_to_stdout() -> bool:
    """True when the command's --output was '-'."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get("output_to_stdout"))


def finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """A click callback refusing nan, which passes FloatRange (every comparison with it is
    false)."""
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value!r} is not a number", ctx=ctx, param=param)
    return value


class Fraction(click.FloatRange):
    """A number from 0 to 1 written as metric values are (digits 0-9 and a decimal point,
    at most six places): float() would take "0_0.5", "nan" or "٠.٥"."""

    def __init__(self) -> None:
        super().__init__(0.0, 1.0)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, float):  # the default
            return value
        from ..model import parse_number

        try:
            number = parse_number(str(value))
        except ValueError as exc:
            self.fail(f"{str(value)[:40]!r} {exc}", param, ctx)
        if not 0 <= number <= 1:
            self.fail(f"{str(value)[:40]!r} is not between 0 and 1", param, ctx)
        return float(number)


def plain_text(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback refusing text no report may hold (control characters, lone
    surrogates): it would end up in a snapshot or a document."""
    why = forbidden_character(value) if value is not None else None
    if why is not None:
        raise click.BadParameter(why, ctx=ctx, param=param)
    return value
