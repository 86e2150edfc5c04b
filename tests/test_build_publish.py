"""Build outputs and their manifest are published as one unit: a build stopped between
renames leaves files the manifest accepts, and the next plain build completes the set."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from topolreport.render import build as build_module
from topolreport.render.build import MANIFEST, build
from topolreport.render.templates import Templates
from topolreport.store import load_edition

from cli_runner import run


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_build_stopped_between_renames_leaves_a_set_the_next_build_accepts(
    editions: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    edition = load_edition(editions, "2024-02")
    templates = Templates.at()
    first = build(edition, ("docx", "html"), out, templates)
    old = {output.path.name: _digest(output.path) for output in first}

    edition.title = "Example Review: Progress, revised"
    published: list[Path] = []
    real = build_module.publish_staged

    def stop_after_one(temp: Path, path: Path) -> None:
        if published:
            raise KeyboardInterrupt  # as a kill would, between two renames
        real(temp, path)
        published.append(path)

    monkeypatch.setattr(build_module, "publish_staged", stop_after_one)
    with pytest.raises(KeyboardInterrupt):
        build(edition, ("docx", "html"), out, templates)
    monkeypatch.undo()

    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["pending"]) == sorted(old)
    for name in old:  # each file whole: its old bytes or its new, and the manifest takes both
        accepted = manifest["files"][name]
        assert isinstance(accepted, list) and len(accepted) == 2
        assert _digest(out / name) in accepted
    assert _digest(published[0]) != old[published[0].name]
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]

    # The next plain build (no force) replaces its own files and ends the pending state.
    code, _, err = run("build", "2024-02", "--format", "docx,html", "--out", str(out),
                       "--editions", str(editions))  # fmt: skip
    assert code == 0, err
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert "pending" not in manifest
    assert {name: _digest(out / name) for name in old} == manifest["files"]


def test_a_full_disk_while_staging_replaces_nothing(
    editions: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    edition = load_edition(editions, "2024-02")
    templates = Templates.at()
    build(edition, ("docx", "html"), out, templates)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    staged: list[Path] = []
    real = build_module.stage_file

    def full_after_one(path: Path, data: bytes) -> Path:
        if staged:
            from topolreport.errors import InputError

            raise InputError("cannot write: No space left on device", file=path)
        temp = real(path, data)
        staged.append(temp)
        return temp

    edition.title = "Example Review: Progress, revised"
    monkeypatch.setattr(build_module, "stage_file", full_after_one)
    with pytest.raises(Exception, match="No space left"):
        build(edition, ("docx", "html"), out, templates)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
