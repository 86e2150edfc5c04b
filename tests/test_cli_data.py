"""`topolreport export`, `show` and `schema` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from topolreport.schema import stale_schemas

from cli_runner import run
from factories import save_editions, small_edition

REPO = Path(__file__).resolve().parents[1]


def test_export_json_validates_against_the_schema(editions: Path) -> None:
    code, out, _ = run("export", "2024-02", "--editions", str(editions))
    assert code == 0
    document = json.loads(out)
    schema = json.loads((REPO / "schema" / "edition.schema.json").read_text())
    jsonschema.validate(document, schema)
    assert [e["code"] for e in document["entries"]] == ["D1", "D2/AI1", "S1"]
    assert document["entries"][0]["metrics"][0]["value"] == 2000


def test_export_yaml_to_a_file_never_overwrites_without_force(
    editions: Path, tmp_path: Path
) -> None:
    target = tmp_path / "edition.yaml"
    assert (
        run(
            "export", "2024-02", "--format", "yaml", "-o", str(target), "--editions", str(editions)
        )[0]
        == 0
    )
    document = YAML(typ="safe").load(target.read_text())
    assert document["catalogue"]["review"] == "Example Review"
    target.write_text("keep me")
    code, _, err = run("export", "2024-02", "-o", str(target), "--editions", str(editions))
    assert code == 2 and "already exists" in err and "--force" in err
    assert target.read_text() == "keep me"


def test_show_prints_an_entry_readably(editions: Path) -> None:
    code, out, _ = run("show", "2024-02", "D1", "--editions", str(editions))
    assert code == 0
    assert "Data should be shared safely." in out
    assert "Data Hub" in out and "d1-users" in out and "2,000" in out


def test_show_finds_a_joint_entry_by_either_half(editions: Path) -> None:
    code, out, _ = run("show", "2024-02", "ai1", "--editions", str(editions))
    assert code == 0 and "Posts should have protected time." in out


def test_show_outline_defaults_to_the_newest_edition(tmp_path: Path) -> None:
    older = small_edition("2023-02").model_copy(update={"date": "2023-02"}, deep=True)
    older.entries = older.entries[:1]
    # The newer saved first, so that the folder's order is not the answer.
    editions = save_editions(tmp_path / "editions", small_edition("2024-02"), older)
    code, out, _ = run("show", "--editions", str(editions))
    assert code == 0
    assert "Data Panel" in out and "D2/AI1" in out
    assert "2024-02 (2024-02)" in out and "3 entries" in out
    assert "2023-02" not in out


@pytest.mark.parametrize(
    "args, expected",
    [
        (["show", "2099-01"], "unknown edition '2099-01'"),
        (["show", "2024-02", "Z9"], "no entry for 'Z9'"),
        (["export", "nope"], "unknown edition 'nope'"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(
    editions: Path, args: list[str], expected: str
) -> None:
    code, out, err = run(*args, "--editions", str(editions))
    assert code == 2
    assert expected in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def test_malformed_yaml_value_is_reported_with_file_and_line(editions: Path) -> None:
    meta = editions / "2024-02" / "edition.yaml"
    meta.write_text(meta.read_text().replace("date: 2024-02", "date: [2024"))
    code, _, err = run("export", "2024-02", "--editions", str(editions))
    assert code == 2
    assert str(meta) in err and "not valid YAML" in err
    assert "Traceback" not in err


def test_committed_schemas_are_current() -> None:
    assert stale_schemas(REPO / "schema") == [], "run `topolreport schema` to refresh schema/"


def test_schema_command_writes_every_schema(tmp_path: Path) -> None:
    code, _, _ = run("schema", "--out", str(tmp_path))
    assert code == 0
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == [
        "catalogue.schema.json",
        "changeset.schema.json",
        "edition-file.schema.json",
        "edition.schema.json",
        "entry.schema.json",
        "initiatives.schema.json",
    ]
    # What the command writes is what is committed and reviewed in schema/.
    for name in written:
        assert (tmp_path / name).read_text() == (REPO / "schema" / name).read_text()
    edition = json.loads((tmp_path / "edition.schema.json").read_text())
    assert {"id", "title", "date", "catalogue"} <= set(edition["required"])
    (tmp_path / "entry.schema.json").write_text("{}")
    code, _, err = run("schema", "--out", str(tmp_path), "--check")
    assert code == 1 and "entry.schema.json" in err


def test_show_outline_gives_each_entry_one_line_within_the_width(tmp_path: Path) -> None:
    edition = small_edition("2024-02")
    edition.entries[0].wording = "A recommendation worded at length, " * 10 + "to the end."
    editions = save_editions(tmp_path / "editions", edition)
    code, out, _ = run("show", "2024-02", "--editions", str(editions), env={"COLUMNS": "72"})
    assert code == 0
    lines = out.splitlines()
    assert all(len(line) <= 72 for line in lines)
    for entry in edition.entries:
        row = next(line for line in lines if line.split("│")[0].strip() == entry.code)
        cells = [cell.strip() for cell in row.split("│")]
        assert cells[2:] == [str(len(entry.initiatives)), str(len(entry.metrics))]
    long_row = next(line for line in lines if line.startswith(f" {edition.entries[0].code} "))
    assert "A recommendation worded at length" in long_row and long_row.rstrip().count("…") == 1
    assert "to the end." not in out
