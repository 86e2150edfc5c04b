"""The one date policy: what date a built document carries.

Reproducible builds set SOURCE_DATE_EPOCH (seconds since 1970, UTC) and expect every output
to carry that instant; without it a document carries the first day of its edition's month,
never the clock, so that building the same inputs twice gives the same bytes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime

from .errors import InputError

VARIABLE = "SOURCE_DATE_EPOCH"
_SECONDS_RE = re.compile(r"[0-9]+")


def source_epoch(environ: Mapping[str, str] | None = None) -> datetime | None:
    """The instant SOURCE_DATE_EPOCH names, or None when it is unset or empty.

    A value that is not a whole number of seconds, or too large to be a date, is an InputError
    naming the variable."""
    environ = os.environ if environ is None else environ
    epoch = environ.get(VARIABLE, "").strip()
    if not epoch:
        return None
    if not _SECONDS_RE.fullmatch(epoch):
        raise InputError(
            f"{VARIABLE}={epoch!r} is not a whole number of seconds since 1970", field=VARIABLE
        )
    try:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    except (ValueError, OverflowError, OSError):
        too_large = f"{VARIABLE}={epoch!r} is too large to be a date"
        raise InputError(too_large, field=VARIABLE) from None


def document_date(month: str, environ: Mapping[str, str] | None = None) -> datetime:
    """The date a document of the edition of `month` ("2023-02") carries: SOURCE_DATE_EPOCH
    when set, else the first day of that month."""
    epoch = source_epoch(environ)
    if epoch is not None:
        return epoch
    year, number = month.split("-")
    return datetime(int(year), int(number), 1, tzinfo=UTC)


@contextmanager
def source_date_epoch_set(when: datetime) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to `when` for the duration, then put back as it was.

    Only for a library that reads the date from the environment and offers no argument for it
    (WeasyPrint's font subsetting stamps the current time otherwise); everything of ours is
    given the date directly."""
    previous = os.environ.get(VARIABLE)
    os.environ[VARIABLE] = str(int(when.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ[VARIABLE]
        else:
            os.environ[VARIABLE] = previous
