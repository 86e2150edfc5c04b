"""Developer sessions: `nox -s tests`, `nox -s lint`, `nox -s typecheck`."""

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
