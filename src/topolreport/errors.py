"""Errors a user can act on: each names the file, the line and the field at fault."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    file: Path | None = None
    line: int | None = None  # 1-based
    field: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{field}{self.message}{hint}"


class InputError(Exception):
    """Bad input: the command stops with exit code 2 and one line per problem."""

    def __init__(
        self,
        message: str | None = None,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        found = list(problems or [])
        if message is not None:
            found.insert(
                0,
                Problem(
                    message,
                    Path(file) if file is not None else None,
                    line,
                    field,
                    hint,
                ),
            )
        self.problems: list[Problem] = found
        super().__init__("\n".join(str(p) for p in found))

    @property
    def file(self) -> Path | None:
        return self.problems[0].file if self.problems else None

    @property
    def line(self) -> int | None:
        return self.problems[0].line if self.problems else None

    @property
    def field(self) -> str | None:
        return self.problems[0].field if self.problems else None
