"""`build`: an edition's Word, PDF and HTML documents, written into an output folder.

The view model is built once and rendered per format, one format after the other: WeasyPrint
takes over 95% of the time (about 1.3 s for the 2023 edition, against 0.06 s for Word and
0.03 s for HTML), so rendering Word beside it in another process saves nothing and costs a
second import of WeasyPrint (measured: build of all formats 2.5 s that way, against 1.6 s in
turn; benchmarks/bench_build.py). WeasyPrint is imported only when a PDF is asked for.
Nothing is written until every format has rendered; each file is then written atomically.

Generated files may be replaced by the next build: the folder keeps a small manifest of what
the build wrote (name and SHA-256). A file the manifest does not know, or one edited since it
was written, is only replaced with `force`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..model import Edition
from ..store import write_bytes_atomic
from .html import render_html
from .templates import Templates
from .viewmodel import ReportView, Section, build_view

FORMATS = ("docx", "pdf", "html")
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


def parse_formats(text: str) -> tuple[str, ...]:
    """ "pdf,docx" -> ("docx", "pdf"): known formats, each once, in a fixed order."""
    asked = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [part for part in asked if part not in FORMATS]
    if unknown or not asked:
        raise InputError(
            f"unknown format {', '.join(unknown) or repr(text)}",
            field="--format",
            hint=f"choose from {', '.join(FORMATS)}, separated by commas",
        )
    return tuple(fmt for fmt in FORMATS if fmt in asked)


def output_paths(view: ReportView, formats: tuple[str, ...], out_dir: Path) -> dict[str, Path]:
    return {fmt: out_dir / f"{view.file_stem}.{fmt}" for fmt in formats}


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
) -> list[Output]:
    """Render `edition` in `formats` (and its review copy when `review` is given) and write
    the files into `out_dir`; `earlier` editions give its figures' trend charts."""
    hook = progress or (lambda fmt, event: None)
    view = build_view(edition, annexes, earlier=earlier)
    paths = output_paths(view, formats, out_dir)
    if review is not None:
        from .review import review_file_name

        paths[REVIEW] = out_dir / review_file_name(view, review.old.id)
    manifest = {
        name: digest
        for name, digest in _read_manifest(out_dir).items()
        if (out_dir / name).is_file()  # forget files removed since
    }
    # Refuse before any work: a file we did not write is not replaced without --force.
    _check_overwrites(paths, manifest, force)

    rendered = _render(view, formats, templates, hook)
    if review is not None:
        from .review import render_review_docx

        hook(REVIEW, "start")
        data = render_review_docx(
            review.old, edition, templates, author=review.author, annexes=annexes
        )
        rendered[REVIEW] = _Rendered(REVIEW, data, None)
        hook(REVIEW, "done")
    outputs = []
    for fmt in paths:
        result, path = rendered[fmt], paths[fmt]
        changed = not (path.is_file() and path.read_bytes() == result.data)
        if changed:
            write_bytes_atomic(path, result.data, force=True)
        manifest[path.name] = hashlib.sha256(result.data).hexdigest()
        outputs.append(Output(fmt, path, len(result.data), result.pages, changed))
    _write_manifest(out_dir, manifest)
    return outputs


def _render(
    view: ReportView, formats: tuple[str, ...], templates: Templates, hook: ProgressHook
) -> dict[str, _Rendered]:
    rendered: dict[str, _Rendered] = {}
    for fmt in formats:
        hook(fmt, "start")
        if fmt == "docx":
            from .docx import render_docx

            rendered[fmt] = _Rendered(fmt, render_docx(view, templates), None)
        elif fmt == "pdf":
            from .pdf import render_pdf  # WeasyPrint: imported only when a PDF is asked for

            pdf = render_pdf(
                render_html(view, templates, print_version=True), templates, view.created
            )
            rendered[fmt] = _Rendered(fmt, pdf.data, pdf.pages)
        else:
            rendered[fmt] = _Rendered(fmt, render_html(view, templates).encode("utf-8"), None)
        hook(fmt, "done")
    return rendered


def _read_manifest(out_dir: Path) -> dict[str, str]:
    path = out_dir / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # unreadable: trust nothing in the folder, as if it were new
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(name): str(digest) for name, digest in files.items()}


def _write_manifest(out_dir: Path, manifest: dict[str, str]) -> None:
    text = json.dumps({"files": dict(sorted(manifest.items()))}, indent=2) + "\n"
    write_bytes_atomic(out_dir / MANIFEST, text.encode("utf-8"), force=True)


def _check_overwrites(paths: dict[str, Path], manifest: dict[str, str], force: bool) -> None:
    problems = []
    for path in paths.values():
        if path.parent.exists() and not path.parent.is_dir():
            problems.append(Problem("is a file, not a folder", path.parent, field="--out"))
            break
        if path.is_dir():
            problems.append(Problem("is a folder, not a file", path))
        elif not force and path.exists() and manifest.get(path.name) != _digest(path):
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


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
