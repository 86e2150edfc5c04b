"""The editions folder's lock, held by every command that writes under it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError
from ..files import editions_lock, recover
from .layout import require_dir


@contextmanager
def writing_editions(editions_dir: Path, *, create: bool = False) -> Iterator[None]:
    """Hold the editions lock for a whole read-decide-write.

    Once the lock is held no other run is midway, so what a killed run left (a staging
    folder, or an edition's old copy under a backup name) is put right first."""
    if create:
        try:
            editions_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create: {exc.strerror}", file=editions_dir) from None
    require_dir(editions_dir)
    with editions_lock(editions_dir):
        recover(editions_dir)
        yield
