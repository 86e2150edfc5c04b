"""The draft's review gate: `check` warns about entries nobody looked at, `check --final` fails."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cli_runner import run

REPO = Path(__file__).resolve().parents[1]


def test_final_check_names_every_entry_not_yet_reviewed(tmp_path: Path) -> None:
    editions = tmp_path / "editions"
    shutil.copytree(REPO / "editions", editions)
    where = ["--editions", str(editions)]
    assert run("new", "2024-02", "--from", "2023-02", *where)[0] == 0

    status = json.loads(run("status", "2024-02", "--format", "json", *where)[1])
    assert (status["reviewed"], status["total"]) == (0, 43)

    for code, old, new in [
        ("G2", "33,700 learners", "41,200 learners"),
        ("E4", "(E3)", "(E3 and E1)"),
    ]:
        path = editions / "2024-02" / "entries" / f"{code}.md"
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))
    assert (
        run("confirm", "2024-02", "AIR1", "--reason", "Still only a cross-reference", *where)[0]
        == 0
    )

    status = json.loads(run("status", "2024-02", "--format", "json", *where)[1])
    assert (status["reviewed"], status["total"]) == (3, 43)
    others = [code for code in status["outstanding"]]
    assert len(others) == 40 and not {"G2", "E4", "AIR1"} & set(others)

    code, out, _ = run("check", "2024-02", "--final", "--format", "json", *where)
    assert code == 1
    findings = json.loads(out)["editions"][0]["findings"]
    not_reviewed = [f for f in findings if f["rule"] == "TR061"]
    assert sorted(f["message"].split(":")[0] for f in not_reviewed) == sorted(others)
    assert all(f["severity"] == "error" and f["file"].endswith(".md") for f in not_reviewed)
    assert not any(f["rule"] == "TR060" for f in findings)

    # While drafting, the same is only a warning and the gate passes.
    code, out, _ = run("check", "2024-02", "--format", "json", *where)
    assert code == 0
    findings = json.loads(out)["editions"][0]["findings"]
    assert len([f for f in findings if f["rule"] == "TR060"]) == 40
    assert not any(f["rule"] == "TR061" for f in findings)
