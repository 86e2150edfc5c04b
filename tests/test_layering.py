"""The house's floors: a module imports only from its own floor or below, never upwards, and a
new top-level module must be given a floor here before it can be imported by anything."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "topolreport"

FLOORS: dict[str, int] = {
    # ground: the model and what everyone shares
    **dict.fromkeys(
        [
            "errors",
            "codes",
            "text",
            "slugs",
            "dates",
            "files",
            "stable_zip",
            "ooxml",
            "model",
            "terminal",
            "characters",
        ],
        0,
    ),
    # the snapshot on disk, narrative extraction, the next edition
    **dict.fromkeys(["store", "extract", "crossrefs", "drafting", "document", "initiatives"], 1),
    # rules, changes, contributor forms, importers, the tracker
    **dict.fromkeys(["checks", "diff", "forms", "importers", "tracker"], 2),
    # documents, spreadsheets and schemas
    **dict.fromkeys(["render", "schema", "export"], 3),
    # the command line
    **dict.fromkeys(["commands", "cli", "__main__", "__init__"], 4),
}


def _module(path: Path) -> list[str]:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts


def _imports() -> list[tuple[Path, list[str], list[str]]]:
    """(file, importing module's parts, imported module's parts) for each relative import."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        package = module if path.name == "__init__.py" else module[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - (node.level - 1)]
                targets = [base + node.module.split(".")] if node.module else []
                if not node.module:
                    targets = [base + [alias.name] for alias in node.names]
                found.extend((path, module, target) for target in targets)
    return found


def test_every_top_level_module_has_a_floor() -> None:
    tops = {_module(path)[0] for path in PACKAGE.rglob("*.py")}
    assert sorted(tops - set(FLOORS)) == []


def test_nothing_imports_upwards() -> None:
    upward = [
        f"{path.relative_to(PACKAGE)}: {'.'.join(importer)} -> {'.'.join(target)}"
        for path, importer, target in _imports()
        if target and target[0] in FLOORS and FLOORS[target[0]] > FLOORS[importer[0]]
    ]
    assert upward == []


def test_render_reads_the_changeset_never_the_diff_reports() -> None:
    borrowed = [
        f"{path.relative_to(PACKAGE)} imports {'.'.join(target)}"
        for path, importer, target in _imports()
        if importer[0] == "render" and target[:2] == ["diff", "reports"]
    ]
    assert borrowed == []


def test_the_model_and_the_importers_know_nothing_of_rendering() -> None:
    leaks = [
        f"{path.relative_to(PACKAGE)} imports {'.'.join(target)}"
        for path, importer, target in _imports()
        if importer[0] in {"model", "importers", "extract", "store"} and target[0] == "render"
    ]
    assert leaks == []
