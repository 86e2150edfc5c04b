"""`topolreport check`: the CI gate over one, several or all editions."""

from __future__ import annotations

import os
from contextlib import nullcontext
from pathlib import Path

import click
from click.core import ParameterSource

from ..checks import CheckOptions, CheckReport, check_editions
from ..checks.baseline import (
    BASELINE_FILE,
    apply_baseline,
    baseline_text,
    is_baseline,
    read_baseline,
)
from ..checks.formats import FORMATS, JUNIT_WARNINGS, is_check_report, print_text, render
from ..checks.runner import rule_named
from ..errors import InputError
from ..store import edition_ids, resolve_edition_id, write_text_atomic, writing_editions
from .options import editions_option, force_option, output_option


@click.command("check")
@click.argument("edition_ids", nargs=-1, metavar="[EDITION]...")
@click.option("--all", "all_editions", is_flag=True, help="Check every edition in --editions.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for workflow annotations (and the step "
    "summary when $GITHUB_STEP_SUMMARY is set), junit for CI test reports.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option("--errors-only", is_flag=True, help="Run only the rules whose findings are errors.")
@click.option(
    "--rule",
    "rules",
    multiple=True,
    metavar="CODE",
    help="Run only this rule (a code such as TR010, or a name); repeat for several.",
)
@click.option(
    "--final",
    is_flag=True,
    help="Pre-publication pass: also fail while any entry carried forward is neither edited "
    "nor confirmed.",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Do not report the findings accepted in this file [default: {BASELINE_FILE} in "
    "--editions, when it exists].",
)
@click.option("--no-baseline", is_flag=True, help="Report every finding, ignoring any baseline.")
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Accept every finding of this run: write them to FILE as a baseline (replacing an "
    "earlier baseline there).",
)
@click.option(
    "--junit-warnings",
    type=click.Choice(JUNIT_WARNINGS),
    default="skipped",
    show_default=True,
    help="How --format junit shows a rule with only warnings: a skipped or a failed test case, "
    "with the warnings as its message.",
)
@output_option(
    "Write the report to this file instead of standard output ('-') (replacing a report "
    "check wrote earlier; any other file only with --force)."
)
@editions_option
@force_option
def check_command(
    edition_ids: tuple[str, ...],
    all_editions: bool,
    fmt: str,
    strict: bool,
    errors_only: bool,
    rules: tuple[str, ...],
    final: bool,
    baseline: Path | None,
    no_baseline: bool,
    write_baseline: Path | None,
    junit_warnings: str,
    output: Path | None,
    editions_dir: Path,
    force: bool,
) -> None:
    """Check editions are fit to publish: every recommendation has an entry, cross-references
    resolve, abbreviations are defined, links have targets, metrics are complete.

    Checks the newest edition unless EDITIONs or --all are given. Exit status: 0 when nothing
    fails, 1 when there are errors (or warnings, with --strict), 2 on bad usage, 3 on an
    internal error. The rules, the baseline and how to switch a rule off for an edition are
    in docs/checks.md.
    """
    ctx = click.get_current_context()
    if errors_only and strict:
        raise click.UsageError("--errors-only leaves warnings out; --strict fails on them")
    if baseline is not None and no_baseline:
        raise click.UsageError("give --baseline or --no-baseline, not both")
    if fmt != "junit" and ctx.get_parameter_source("junit_warnings") is ParameterSource.COMMANDLINE:
        raise click.UsageError("--junit-warnings is for --format junit")
    options = CheckOptions(
        strict=strict,
        opt_in=frozenset({"final"} if final else ()),
        only=frozenset(_rule_codes(rules)),
        errors_only=errors_only,
    )
    ids = _chosen(editions_dir, edition_ids, all_editions)
    report = check_editions(editions_dir, ids, options)
    accepted_file = None if no_baseline else _baseline_file(editions_dir, baseline)
    if write_baseline is not None:
        # Inside the editions folder the baseline is read, merged and written under the
        # editions lock, as every writer there is: two runs at once keep both.
        inside = write_baseline.resolve().parent == editions_dir.resolve()
        with writing_editions(editions_dir) if inside else nullcontext():
            _write_baseline(report, editions_dir, write_baseline, force)
        accepted_file = write_baseline
    if accepted_file is not None:
        report = apply_baseline(report, read_baseline(accepted_file), accepted_file, editions_dir)

    summary = fmt == "github" and _write_step_summary(report)
    if output is not None:
        replace = force or is_check_report(output)
        text = render(report, fmt, junit_warnings=junit_warnings, step_summary=summary)
        write_text_atomic(output, text, force=replace)
        failing = sum(len(e.errors) for e in report.editions)
        click.echo(
            f"wrote {output}: {'failed' if report.failed else 'passed'} "
            f"({failing} errors, {sum(len(e.warnings) for e in report.editions)} warnings)",
            err=True,
        )
    elif fmt == "text":
        from rich.console import Console

        print_text(report, Console(highlight=False, soft_wrap=True))
    else:
        text = render(report, fmt, junit_warnings=junit_warnings, step_summary=summary)
        click.echo(text, nl=False)
    if report.failed:
        ctx.exit(1)


def _rule_codes(names: tuple[str, ...]) -> list[str]:
    codes = []
    for name in names:
        rule = rule_named(name)
        if rule is None:
            raise click.BadParameter(
                f"{name!r} is not a rule (the codes are in docs/checks.md, e.g. TR010)",
                param_hint="--rule",
            )
        codes.append(rule.code)
    return codes


def _baseline_file(editions_dir: Path, asked: Path | None) -> Path | None:
    """The baseline asked for, else the editions folder's own when it has one."""
    if asked is not None:
        return asked
    default = editions_dir / BASELINE_FILE
    # lexists: a link, FIFO or device in the baseline's place is refused, not passed over
    return default if os.path.lexists(default) else None


def _write_baseline(report: CheckReport, editions_dir: Path, target: Path, force: bool) -> None:
    """Write every finding of the run to `target`, keeping what an earlier baseline there
    accepted for editions and rules this run did not check."""
    earlier = is_baseline(target)
    text = baseline_text(report, editions_dir, read_baseline(target) if earlier else ())
    write_text_atomic(target, text, force=force or earlier)
    found = report.findings
    errors = sum(1 for finding in found if finding.severity == "error")
    click.echo(
        f"wrote {target}: {len(found)} findings accepted ({errors} errors, "
        f"{len(found) - errors} warnings)",
        err=True,
    )


def _write_step_summary(report: CheckReport) -> bool:
    """Add every finding to the GitHub Actions step summary when running in one."""
    from ..checks.github import step_summary

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    try:
        with open(target, "a", encoding="utf-8") as stream:  # GitHub's file: appended to
            stream.write(step_summary(report))
    except OSError as error:
        click.echo(f"warning: could not write the step summary {target}: {error}", err=True)
        return False
    return True


def _chosen(editions_dir: Path, asked: tuple[str, ...], all_editions: bool) -> list[str]:
    if asked and all_editions:
        raise click.UsageError("name editions or give --all, not both")
    if all_editions:
        found = edition_ids(editions_dir)
        if not found:
            raise InputError(
                "no editions to check", file=editions_dir, hint="run `topolreport import` first"
            )
        return found
    if not asked:
        return [resolve_edition_id(editions_dir, None)]
    return list(dict.fromkeys(resolve_edition_id(editions_dir, e) for e in asked))
