"""`build`: an edition's Word, PDF and HTML documents, written into an output folder.

The view model is built once and rendered per format. WeasyPrint takes most of the time
(about 1.3 s to lay out the 2023 edition, against 0.06 s for Word and 0.03 s for HTML, and over
half a second to import), so the command starts a child process for the PDF before it loads
the edition (worker.py): the child imports WeasyPrint meanwhile and renders the PDF while this
process renders Word and HTML. A Word-only build gives Word to the child the same way: it is
sent the view, detached from the model, and reads the narratives' Markdown as it writes. Each
format imports only what it renders with: WeasyPrint for the PDF, Jinja2 for the PDF and HTML,
python-docx for Word. Nothing is written until every format has rendered.

Generated files may be replaced by the next build: the folder keeps a small manifest of what
the build wrote (name and SHA-256). A file the manifest does not know, or one edited since it
was written, is only replaced with `force`.

A build holds the lock on its output folder, so two builds into one folder take turns. Its
files are published as one unit: every file is first staged beside its name (a full disk
stops the build there, with nothing replaced); then the manifest is written accepting both
the old and the new bytes of each file and marked pending; then each file is renamed into
place; last, the manifest is written as final. A build killed midway leaves every file whole,
a manifest that names both possible contents, and `pending` saying the set is incomplete;
the next build accepts its own files and completes the set.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..files import (
    editions_lock,
    prepare_editions_lock,
    publish_staged,
    read_bytes,
    remove_staged,
    stage_file,
    write_bytes_atomic,
)
from ..model import Edition
from ..slugs import file_stem
from .formats import LaidOutPdf
from .glyphs import PrintedText, printed_texts
from .templates import HTML_TEMPLATE, REFERENCE_DOCX, Templates
from .viewmodel import ReportView, Section, build_view
from .worker import Job, RenderWorker, run_job

MANIFEST = ".topolreport-build.json"
REVIEW = "review"  # the review copy's key among the outputs (a Word document, see review.py)

# (format, event) with event "start" or "done"; lets a command show progress.
ProgressHook = Callable[[str, str], None]


@dataclass(frozen=True)
class Output:
    format: str
    path: Path
    size: int
    pages: int | None  # known for the PDF only
    changed: bool  # False when the file already held exactly these bytes


@dataclass(frozen=True)
class _Rendered:
    format: str
    data: bytes
    pages: int | None


@dataclass(frozen=True)
class ReviewRequest:
    """Also build the review copy: the edition with its changes since `old` tracked."""

    old: Edition
    author: str | None = None


def output_paths(stem: str, formats: tuple[str, ...], out_dir: Path) -> dict[str, Path]:
    return {fmt: out_dir / f"{stem}.{fmt}" for fmt in formats}


def build(
    edition: Edition,
    formats: tuple[str, ...],
    out_dir: Path,
    templates: Templates,
    *,
    annexes: tuple[Section, ...] = (),
    force: bool = False,
    progress: ProgressHook | None = None,
    review: ReviewRequest | None = None,
    earlier: Sequence[Edition] = (),
    worker: RenderWorker | None = None,
) -> list[Output]:
    """Render `edition` in `formats` (and its review copy when `review` is given) and write
    the files into `out_dir`; `earlier` editions give its figures' trend charts. `worker`, a
    process started by `render_worker`, renders its format meanwhile."""
    hook = progress or (lambda fmt, event: None)
    stem = file_stem(edition.title, edition.id)
    paths = output_paths(stem, formats, out_dir)
    if review is not None:
        from .review import review_file_name

        paths[REVIEW] = out_dir / review_file_name(stem, review.old.id)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("is a file, not a folder", file=out_dir, field="--out")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create: {exc.strerror}", file=out_dir, field="--out") from None
    # Refuse before any work: a file we did not write is not replaced without --force.
    _check_overwrites(paths, _current_manifest(out_dir), force)
    # What the PDF prints, checked against the templates' fonts where it is rendered.
    texts = printed_texts(edition) if "pdf" in formats else []
    # Built without reading a narrative's Markdown: each renderer reads it when it writes it.
    view = build_view(edition, annexes, earlier=earlier)
    rendered = _render(view, formats, templates, hook, worker, texts)
    if review is not None:
        from .review import render_review_docx

        hook(REVIEW, "start")
        with templates.in_use(REFERENCE_DOCX):
            data = render_review_docx(
                review.old, edition, templates, author=review.author, annexes=annexes
            )
        rendered[REVIEW] = _Rendered(REVIEW, data, None)
        hook(REVIEW, "done")
    with editions_lock(out_dir):
        # Decided again under the lock: another build or a person may have written since.
        manifest = _current_manifest(out_dir)
        _check_overwrites(paths, manifest, force)
        return _publish(rendered, paths, manifest, out_dir)


def _current_manifest(out_dir: Path) -> dict[str, set[str]]:
    """The manifest's accepted digests for files still there (forgetting files removed)."""
    return {
        name: digests
        for name, digests in _read_manifest(out_dir).items()
        if (out_dir / name).is_file()
    }


def _publish(
    rendered: dict[str, _Rendered],
    paths: dict[str, Path],
    manifest: dict[str, set[str]],
    out_dir: Path,
) -> list[Output]:
    """Stage every file, then swap them in under a pending manifest (see the module notes)."""
    outputs: list[Output] = []
    staged: dict[Path, Path] = {}
    try:
        for fmt, path in paths.items():
            result = rendered[fmt]
            remove_staged(path)  # what a killed build left
            changed = _digest_of(path) != _sha256(result.data)
            if changed:
                staged[path] = stage_file(path, result.data)
            outputs.append(Output(fmt, path, len(result.data), result.pages, changed))
        new = {path.name: _sha256(rendered[fmt].data) for fmt, path in paths.items()}
        pending = {name: manifest.get(name, set()) | {digest} for name, digest in new.items()}
        if staged:
            _write_manifest(out_dir, {**manifest, **pending}, pending=sorted(pending))
        for path, temp in staged.items():
            publish_staged(temp, path)
        staged.clear()
        _write_manifest(out_dir, {**manifest, **{n: {d} for n, d in new.items()}})
    finally:
        for temp in staged.values():
            temp.unlink(missing_ok=True)
    return outputs


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest_of(path: Path) -> str | None:
    """The SHA-256 of a regular file at `path`, or None when there is none to compare."""
    try:
        return _sha256(read_bytes(path, limit=1 << 30))
    except InputError:
        return None


def _render(
    view: ReportView,
    formats: tuple[str, ...],
    templates: Templates,
    hook: ProgressHook,
    worker: RenderWorker | None,
    texts: list[PrintedText],
) -> dict[str, _Rendered]:
    """Each format's bytes; the worker's format is rendered by it meanwhile (see worker.py)."""
    rendered: dict[str, _Rendered] = {}
    delegate = worker if worker is not None and worker.format in formats else None
    if delegate is not None:
        hook(delegate.format, "start")
        delegate.send(_job(delegate.format, view, templates, texts, elsewhere=True))
    for fmt in formats:
        if delegate is None or fmt != delegate.format:
            hook(fmt, "start")
            job = _job(fmt, view, templates, texts, elsewhere=False)
            rendered[fmt] = _received(fmt, run_job(job))
            hook(fmt, "done")
    if delegate is not None:
        # Imported while the worker renders, not after: what publishing and the PDF's
        # structure pass need.
        prepare_editions_lock()
        if delegate.format == "pdf":
            from . import pdf_structure  # noqa: F401
        rendered[delegate.format] = _received(delegate.format, delegate.result())
        hook(delegate.format, "done")
    return {fmt: rendered[fmt] for fmt in formats}


_DOCX = "topolreport.render.docx"


def _job(
    fmt: str, view: ReportView, templates: Templates, texts: list[PrintedText], *, elsewhere: bool
) -> Job:
    """What rendering `fmt` takes, done by a worker (`elsewhere`) or here. A worker is sent
    nothing of the model, so that its process never imports it: the print HTML for the PDF,
    and for Word the view detached from the model's records, its narratives still Markdown
    (this process then never imports the Markdown parser)."""
    if fmt == "docx" and elsewhere:
        switch = templates.key_figures()
        sent = (view.detached(switch), templates, switch)
        return templates, REFERENCE_DOCX, f"{_DOCX}:render_sent_docx", sent
    if fmt == "docx":
        return templates, REFERENCE_DOCX, f"{_DOCX}:render_docx", (view, templates)
    if fmt == "pdf":
        from .html import render_html

        with templates.in_use(HTML_TEMPLATE):
            html = render_html(view, templates, print_version=True)
        pdf_args = (html, templates, view.created, texts)
        return templates, HTML_TEMPLATE, "topolreport.render.pdf:layout_pdf", pdf_args
    return templates, HTML_TEMPLATE, "topolreport.render.build:encoded_html", (view, templates)


def encoded_html(view: ReportView, templates: Templates) -> bytes:
    """The screen HTML's bytes (the HTML format's job)."""
    from .html import render_html

    return render_html(view, templates).encode("utf-8")


def _received(fmt: str, result: bytes | LaidOutPdf) -> _Rendered:
    """A renderer's result as a rendered file: bytes, or the laid-out PDF given the structure
    PDF/UA asks for (what WeasyPrint's tagging leaves undone: artifacts, links, split
    elements)."""
    if isinstance(result, bytes):
        return _Rendered(fmt, result, None)
    from .pdf_structure import finish_structure

    return _Rendered(fmt, finish_structure(result.data, language=result.language), result.pages)


def _read_manifest(out_dir: Path) -> dict[str, set[str]]:
    """File name -> the digests a build may have left it with (two while a build is pending)."""
    try:
        data = json.loads(read_bytes(out_dir / MANIFEST).decode("utf-8"))
    except (InputError, ValueError):
        return {}  # missing or unreadable: trust nothing in the folder, as if it were new
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    manifest: dict[str, set[str]] = {}
    for name, digest in files.items():
        digests = digest if isinstance(digest, list) else [digest]
        manifest[str(name)] = {str(d) for d in digests}
    return manifest


def _write_manifest(
    out_dir: Path, manifest: dict[str, set[str]], *, pending: list[str] | None = None
) -> None:
    files: dict[str, str | list[str]] = {
        name: sorted(digests)[0] if len(digests) == 1 else sorted(digests)
        for name, digests in sorted(manifest.items())
    }
    data: dict[str, object] = {"files": files}
    if pending:
        data["pending"] = pending  # a build is midway: these files may be old or new
    text = json.dumps(data, indent=2) + "\n"
    write_bytes_atomic(out_dir / MANIFEST, text.encode("utf-8"), force=True)


def _check_overwrites(paths: dict[str, Path], manifest: dict[str, set[str]], force: bool) -> None:
    problems = []
    for path in paths.values():
        if path.parent.exists() and not path.parent.is_dir():
            problems.append(Problem("is a file, not a folder", path.parent, field="--out"))
            break
        if path.is_dir():
            problems.append(Problem("is a folder, not a file", path))
        elif (
            not force
            and os.path.lexists(path)
            and _digest_of(path) not in manifest.get(path.name, set())
        ):
            problems.append(
                Problem(
                    "already exists and was not written by `topolreport build` "
                    "(or was edited since)",
                    path,
                    hint="use --force to replace it",
                )
            )
    if problems:
        raise InputError(problems=problems)
