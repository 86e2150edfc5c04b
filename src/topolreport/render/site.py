"""`site`: every edition, every recommendation and every change, as a static site.

Each edition's documents are built into the site by `build` itself (the same view model,
templates and renderers); the changes between consecutive editions come from the diff's
ChangeSets. The site is built whole in a staging folder beside the target, then swapped into
place in one step, so the target always holds a whole site, old or new (to a reader; after a
power cut, build it again).

A site folder holds a manifest of its files (name and SHA-256). A non-empty folder without
one, or with files the manifest does not know or that were edited since, is not replaced
without `force`: it was not made by `site`, or someone has put work in it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..diff.changes import ChangeSet
from ..diff.engine import diff_editions
from ..errors import InputError
from ..files import exchange, fsync_dir, is_plain_dir, rename_noreplace, staging_dir
from ..initiatives.model import Registry
from ..model import Edition
from .build import build
from .formats import FORMATS
from .site_pages import SITE_TEMPLATES, Document, EditionPage, SitePages
from .site_records import build_records
from .templates import Templates
from .viewmodel import build_view

MANIFEST = ".topolreport-site.json"
GENERATOR = "topolreport site"

# (step, detail): lets a command show progress ("edition", "2023-02"), ("pages", "").
SiteProgress = Callable[[str, str], None]


@dataclass(frozen=True)
class SiteResult:
    folder: Path
    pages: int  # HTML pages
    files: int  # every file, documents and assets included
    size: int


def build_site(
    editions: Sequence[Edition],
    out_dir: Path,
    templates: Templates,
    *,
    formats: tuple[str, ...] = FORMATS,
    force: bool = False,
    progress: SiteProgress | None = None,
    keep: Sequence[Path] = (),
    registry: Registry | None = None,
) -> SiteResult:
    """Build the site of `editions` (oldest first) into `out_dir`, replacing it whole; a
    folder holding any of `keep` (the editions) is never replaced, even with `force`. With
    the review's `registry`, initiatives are told apart by it, as `diff` tells them apart."""
    if not editions:
        raise InputError("no editions to publish", field="--editions")
    hook = progress or (lambda step, detail: None)
    check_target(out_dir, force, keep)
    for name in SITE_TEMPLATES:  # a missing template is reported before any work
        templates.path(name)
    vocabulary = templates.vocabulary()
    with staging_dir(out_dir.parent, out_dir.name) as staging:
        edition_pages = []
        for index, edition in enumerate(editions):
            hook("edition", edition.id)
            previous = editions[index - 1] if index else None
            changeset = (
                diff_editions(previous, edition, registry=registry)
                if previous is not None
                else None
            )
            earlier = editions[:index]  # the figures' trend charts, as `build` draws them
            folder = staging / "editions" / edition.id
            documents = _documents(edition, formats, folder, templates, earlier)
            view = build_view(edition, earlier=earlier)
            edition_pages.append(EditionPage(edition, view, documents, changeset, previous))
        hook("pages", "")
        changesets: list[ChangeSet] = [p.changeset for p in edition_pages if p.changeset]
        records = build_records(editions, changesets, registry)
        pages = SitePages(templates, edition_pages, records, vocabulary).pages()
        for path, data in pages:
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        files = _manifest_files(staging)
        manifest = {"generator": GENERATOR, "files": files}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _swap_in(staging, out_dir)
    size = sum((out_dir / name).stat().st_size for name in files)
    html = sum(1 for path, _ in pages if path.endswith(".html"))
    return SiteResult(out_dir, html, len(files), size)


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Put the finished site in place in one step (the old one is left in `staging`, which is
    then removed). Unlike an edition, the files are not fsynced one by one: a site is made again
    from the editions at will, and fsyncing thousands of pages took over half the time of a
    site of 500 recommendations (benchmarks/bench_site.py). The rename itself is made durable."""
    if os.path.lexists(out_dir):
        exchange(staging, out_dir)
    else:
        rename_noreplace(staging, out_dir)
        fsync_dir(out_dir.parent)


def _documents(
    edition: Edition,
    formats: tuple[str, ...],
    folder: Path,
    templates: Templates,
    earlier: Sequence[Edition],
) -> list[Document]:
    """The edition's documents, built by `build` into its folder of the site."""
    if not formats:
        return []
    outputs = build(edition, formats, folder, templates, earlier=earlier)
    # The build's own bookkeeping (its manifest, any lock file) is not published: the site's
    # manifest lists the documents.
    for leftover in sorted(folder.iterdir()):
        if leftover.name.startswith(".") and leftover.is_file():
            leftover.unlink()
    return [Document(o.format, o.path.name, o.size) for o in outputs]


def _manifest_files(folder: Path) -> dict[str, str]:
    files = {}
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            relative = path.relative_to(folder).as_posix()
            if relative != MANIFEST:
                files[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(files.items()))


def _read_manifest(folder: Path) -> dict[str, str] | None:
    """The files a site folder's manifest lists, or None when it has no readable one."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != GENERATOR:
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    return {str(name): str(digest) for name, digest in files.items()}


def check_target(out_dir: Path, force: bool, keep: Sequence[Path] = ()) -> None:
    """Refuse a target the site may not replace (see the module's note)."""
    if not os.path.lexists(out_dir):
        return
    if not is_plain_dir(out_dir):
        raise InputError("is not a folder", file=out_dir, field="--out")
    target = out_dir.resolve()
    for kept in keep:
        if kept.resolve().is_relative_to(target):
            raise InputError(
                f"holds {kept}: replacing it would delete it",
                file=out_dir,
                field="--out",
                hint="build the site into a folder of its own, e.g. --out site",
            )
    if force or not any(out_dir.iterdir()):
        return
    listed = _read_manifest(out_dir)
    if listed is None:
        raise InputError(
            "is not empty and was not made by `topolreport site`",
            file=out_dir,
            field="--out",
            hint="choose another --out, or use --force to replace the folder whole",
        )
    for name, digest in _manifest_files(out_dir).items():
        if listed.get(name) != digest:
            what = "was edited since the site was built" if name in listed else "is not the site's"
            raise InputError(
                what,
                file=out_dir / name,
                field="--out",
                hint="move it out of the site folder, or use --force to replace the folder whole",
            )
