"""Developer sessions: `nox -s tests`, `nox -s lint`, `nox -s typecheck`, and `nox -s mutants`
(mutation testing, not part of CI)."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite against an editable install."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting."""
    session.install("ruff>=0.5")
    session.run("ruff", "check", "src", "tests", "benchmarks", "noxfile.py", "setup.py")
    session.run("ruff", "format", "--check", "src", "tests", "benchmarks", "noxfile.py", "setup.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy: strict on the model and the store, checked everywhere else."""
    session.install("-e", ".[dev]")
    session.run("mypy", "src")


# Mutated one module at a time (mutmut runs only the tests that reach each mutated function,
# from the selection in pyproject.toml's [tool.mutmut]); `nox -s mutants -- topolreport.extract`
# runs one.
MUTATED = [
    "topolreport.diff.stalled",
    "topolreport.diff.matching",
    "topolreport.diff.engine",
    "topolreport.diff.edition_parts",
    "topolreport.diff.words",
    "topolreport.diff.grouping",
    "topolreport.diff.status",
    "topolreport.diff.history",
    "topolreport.diff.kinds",
    "topolreport.forms.collect",
    "topolreport.forms.read",
    "topolreport.forms.figures",
    "topolreport.forms.merge",
    "topolreport.forms.carried",
    "topolreport.forms.layout",
    "topolreport.forms.write",
    "topolreport.extract",
    "topolreport.checks.entries",
    "topolreport.checks.references",
]


@nox.session
def mutants(session: nox.Session) -> None:
    """mutmut on the diff, the forms reader, the extractor and the entry and cross-reference
    checks; prints the score per module.
    Survivors: `mutmut results`, `mutmut show NAME`; equivalent ones are in docs/mutation.md."""
    session.install("-e", ".[test]", "mutmut>=3.3")
    for module in session.posargs or MUTATED:
        session.run("mutmut", "run", f"{module}.*", success_codes=[0, 1])
    session.run("python", "scripts/mutation_scores.py", "mutants/src")
