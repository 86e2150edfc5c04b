"""JSON Schemas exported from the model, for editors validating YAML as people type.

`schema/` in the repository holds these files; a test fails when they fall behind the model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .diff.changes import ChangeSet
from .initiatives.model import Registry
from .model import Catalogue, Edition, Entry
from .store import EditionFile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _with_header(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    return {"$schema": SCHEMA_DIALECT, **schema, "title": title, "description": description}


def entry_front_matter_schema() -> dict[str, Any]:
    schema = Entry.model_json_schema()
    # The narrative is the Markdown body below the front matter, not a YAML key.
    schema["properties"].pop("narrative", None)
    schema["required"] = [name for name in schema.get("required", []) if name != "narrative"]
    return schema


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema, for every file shape the project reads or writes."""
    return {
        "catalogue.schema.json": _with_header(
            Catalogue.model_json_schema(),
            "Catalogue",
            "editions/catalogue.yaml: the review's panels and recommendations.",
        ),
        "edition-file.schema.json": _with_header(
            EditionFile.model_json_schema(),
            "Edition file",
            "editions/<id>/edition.yaml: an edition's title, date, signatory, abbreviations.",
        ),
        "entry.schema.json": _with_header(
            entry_front_matter_schema(),
            "Entry front matter",
            "The YAML front matter of editions/<id>/entries/<CODE>.md.",
        ),
        "initiatives.schema.json": _with_header(
            Registry.model_json_schema(),
            "Registry of initiatives",
            "editions/initiatives.yaml: the review's initiatives, their names and kinds, and "
            "the partners and recognitions that are not initiatives.",
        ),
        "edition.schema.json": _with_header(
            Edition.model_json_schema(),
            "Edition",
            "A whole edition as one document, as `topolreport export` writes it.",
        ),
        "changeset.schema.json": _with_header(
            ChangeSet.model_json_schema(mode="serialization"),
            "Change set",
            "What changed between two editions, as `topolreport diff --format json` writes it.",
        ),
    }


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def stale_schemas(directory: Path) -> list[str]:
    """Names of schema files in `directory` that are missing or differ from the model."""
    stale = []
    for name, schema in schemas().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != schema_text(schema):
            stale.append(name)
    return stale
