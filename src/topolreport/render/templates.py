"""Where the renderers find their templates, styles, fonts and the Word reference document.

By default the templates installed with the package (the project's `templates/` folder, shipped
as `topolreport.templates`); `--templates DIR` points elsewhere (a rebranded copy). Renderers
read nothing outside this folder.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ..characters import html_references
from ..errors import InputError
from ..files import read_bytes_within, refuse_irregular_tree

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..diff.wording import Vocabulary

HTML_TEMPLATE = "report.html.j2"
SHARED_CSS = "report.css"
PRINT_CSS = "print.css"
SCREEN_CSS = "screen.css"
REFERENCE_DOCX = "reference.docx"
_TEMPLATE_LIMIT = 16 * 1024 * 1024
LAYOUT_FILE = "layout.yaml"  # optional switches of what the documents show


@functools.cache
def default_templates_dir() -> Path:
    """The templates installed with the package, as a folder on disk."""
    folder = resources.files("topolreport.templates")
    if isinstance(folder, Path):
        return folder
    # Installed inside a zip: Jinja, WeasyPrint and python-docx need real files. (as_file
    # unpacks only single files before Python 3.12.)
    unpacked = Path(tempfile.mkdtemp(prefix="topolreport-templates-"))
    atexit.register(shutil.rmtree, unpacked, ignore_errors=True)
    unpack(folder, unpacked)
    return unpacked


def unpack(source: Traversable, target: Path) -> None:
    """Copy the tree under `source` into the folder `target`."""
    for item in source.iterdir():
        if item.is_dir():
            if item.name != "__pycache__":
                (target / item.name).mkdir()
                unpack(item, target / item.name)
        else:
            (target / item.name).write_bytes(item.read_bytes())


@dataclass(frozen=True)
class Templates:
    folder: Path

    @classmethod
    def at(cls, folder: Path | None = None) -> Templates:
        folder = (folder or default_templates_dir()).resolve()
        if not folder.is_dir():
            raise InputError(
                "templates folder not found",
                file=folder,
                hint="pass --templates DIR, a folder holding report.html.j2, *.css and "
                "reference.docx",
            )
        # Jinja, WeasyPrint, matplotlib and python-docx each open files of the folder their
        # own way: a folder holding only folders and regular files gives none of them a link
        # out of the tree, or a FIFO to hang on.
        refuse_irregular_tree(folder, what="the templates folder")
        return cls(folder)

    def path(self, name: str) -> Path:
        path = self.folder / name
        if not path.is_file():
            raise InputError(
                "template missing", file=path, hint=f"copy it from {default_templates_dir()}"
            )
        return path

    def read_bytes(self, name: str) -> bytes:
        """A file of the folder ("fonts/x.ttf"), never through a link (at any step), a FIFO
        or a device, even one put there after the folder was looked over."""
        return read_bytes_within(self.folder, name, limit=_TEMPLATE_LIMIT)

    def read_text(self, name: str) -> str:
        data = self.read_bytes(name)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise InputError("not UTF-8 text", file=self.folder / name, line=line) from None

    def environment(self, **options: Any) -> Environment:
        """The Jinja environment of the folder's templates: every value autoescaped, and the
        invisible characters prose may hold written as character references (see
        characters.py), so no page carries one raw."""
        from jinja2 import Environment, StrictUndefined, select_autoescape
        from markupsafe import Markup, escape

        def finalize(value: object) -> object:
            if isinstance(value, Markup) or not isinstance(value, str):
                return value
            return Markup(html_references(str(escape(value))))

        return Environment(
            loader=_folder_loader(self),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            finalize=finalize,
            **options,
        )

    @contextmanager
    def in_use(self, name: str) -> Iterator[None]:
        """Report a template that can't be used (bad Jinja, a reference.docx that is no Word
        document) as bad input naming it, not as an internal error."""
        try:
            yield
        except Exception as exc:
            problem = self._unusable(exc, name)
            if problem is None:
                raise
            raise problem from None

    def _unusable(self, exc: Exception, name: str) -> InputError | None:
        """The bad input `exc` means, if it is a template's fault. Only the libraries already
        loaded can have raised it: a Word build never imports Jinja2 to find out."""
        if "jinja2" in sys.modules:
            from jinja2 import TemplateError, TemplateSyntaxError

            if isinstance(exc, TemplateSyntaxError):
                file = Path(exc.filename) if exc.filename else self.folder / name
                return InputError(f"template error: {exc.message}", file=file, line=exc.lineno)
            if isinstance(exc, TemplateError):
                return InputError(f"template error: {exc.message}", file=self.folder / name)
        unusable: tuple[type[Exception], ...] = (zipfile.BadZipFile,)
        if "docx" in sys.modules:
            from docx.opc.exceptions import PackageNotFoundError

            unusable += (PackageNotFoundError,)
        if "lxml.etree" in sys.modules:
            from lxml.etree import XMLSyntaxError

            unusable += (XMLSyntaxError,)
        if isinstance(exc, unusable):
            return InputError(f"not a usable template ({exc})", file=self.folder / name)
        return None

    def key_figures(self) -> bool:
        """Whether each recommendation gets a key figures table (`key_figures:` in
        layout.yaml; off when the file or the key is absent)."""
        path = self.folder / LAYOUT_FILE
        if not os.path.lexists(path):
            return False
        text = self.read_text(LAYOUT_FILE)  # a regular file of the folder, or a refusal
        try:
            data = _switches(text)
        except ValueError:
            raise InputError("cannot read it as YAML", file=path) from None
        if not isinstance(data, dict):
            raise InputError("expected a mapping of switches", file=path)
        value = data.get("key_figures", False)
        if not isinstance(value, bool):
            raise InputError("key_figures must be true or false", file=path, field="key_figures")
        return value

    def vocabulary(self) -> Vocabulary:
        """The public terms of published documents (vocabulary.yaml)."""
        # Imported here: only the documents that word changes read it, and a plain build
        # never loads the diff.
        from ..diff.wording import VOCABULARY_FILE, read_vocabulary

        self.read_bytes(VOCABULARY_FILE)  # a regular file of the folder, or a clear refusal
        return read_vocabulary(self.path(VOCABULARY_FILE))


@functools.lru_cache(maxsize=8)
def _switches(text: str) -> object:
    """layout.yaml's content read as YAML 1.2 (by the snapshots' own fast loader, which
    also refuses a key given twice), once per content: each format of a build asks."""
    import yaml

    from ..store.fast_yaml import load_fast

    try:
        return load_fast(text) or {}
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None


def _folder_loader(templates: Templates) -> Any:
    """A Jinja loader reading through `Templates.read_text`: FileSystemLoader would follow
    a link out of the folder. (Jinja is imported only when a page is rendered.)"""
    from jinja2 import BaseLoader, TemplateNotFound

    class FolderLoader(BaseLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            parts = PurePosixPath(template).parts
            if not parts or ".." in parts or template.startswith("/"):
                raise TemplateNotFound(template)
            path = templates.folder / template
            if not os.path.lexists(path):
                raise TemplateNotFound(template)
            return templates.read_text(template), str(path), lambda: True

    return FolderLoader()
