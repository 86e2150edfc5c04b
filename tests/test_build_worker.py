"""The second process a build renders its slowest format in (render/worker.py): the same bytes
as rendering in turn, every failure of the child reported as the command's own, and no child
left behind when the build stops early."""

from __future__ import annotations

import io
import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from topolreport.errors import InputError
from topolreport.render import worker as worker_module
from topolreport.render.build import build
from topolreport.render.docx import render_docx
from topolreport.render.templates import Templates
from topolreport.render.viewmodel import build_view
from topolreport.render.worker import RendererStopped, render_worker
from topolreport.store import load_edition

from cli_runner import run

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def two_cpus() -> None:
    if len(os.sched_getaffinity(0)) < 2:
        pytest.fail("these tests need two CPUs: the build uses a second process only then")


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    ("formats", "slowest"), [(("docx", "pdf", "html"), "pdf"), (("docx",), "docx")]
)
def test_a_worker_renders_the_same_bytes_as_this_process(
    tmp_path: Path, formats: tuple[str, ...], slowest: str
) -> None:
    edition = load_edition(REPO / "editions", "2023-02")
    templates = Templates.at()
    build(edition, formats, tmp_path / "here", templates)
    with render_worker(slowest) as worker:
        assert worker is not None and worker.format == slowest
        outputs = build(edition, formats, tmp_path / "worker", templates, worker=worker)
    assert [output.format for output in outputs] == list(formats)
    here, there = _files(tmp_path / "here"), _files(tmp_path / "worker")
    assert sorted(here) == sorted(there)
    assert len(here) == len(formats) + 1  # and the build's manifest
    for name in here:
        assert here[name] == there[name], name
    if slowest == "pdf":
        assert [o.pages for o in outputs if o.format == "pdf"] == [23]


def test_bad_input_found_by_the_worker_is_bad_input_here(tmp_path: Path) -> None:
    with render_worker("docx") as worker:
        assert worker is not None
        worker.send(
            (
                Templates.at(),
                "reference.docx",
                "topolreport.render.formats:parse_formats",
                ("tiff",),
            )
        )
        with pytest.raises(InputError) as caught:
            worker.result()
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("--format", "unknown format tiff")
    ]


def test_the_word_worker_renders_the_detached_view_without_the_model(tmp_path: Path) -> None:
    """What a Word build sends its worker holds none of the model's records: a fresh process
    renders it without importing the model or pydantic, to the bytes this process writes
    from the view itself, key figures tables included."""
    templates = Templates.at()
    view = build_view(load_edition(REPO / "editions", "2023-02"))
    expected = render_docx(view, templates, key_figures=True)
    sent = tmp_path / "job.pickle"
    sent.write_bytes(pickle.dumps((view.detached(True), templates)))
    script = (
        "import pickle, sys\n"
        "from topolreport.render.docx import render_sent_docx\n"
        f"view, templates = pickle.loads(open({str(sent)!r}, 'rb').read())\n"
        "sys.stdout.buffer.write(render_sent_docx(view, templates, True))\n"
        "model = {'pydantic', 'topolreport.model'}\n"
        "print(sorted(m for m in sys.modules if m in model), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr.decode().strip() == "[]"
    assert result.stdout == expected
    rows = [
        [cell.text for cell in row.cells]
        for table in docx.Document(io.BytesIO(expected)).tables
        for row in table.rows
    ]
    assert ["Figure", "Value", "As of", "Change since the last edition"] in rows


def test_a_failure_in_the_worker_names_it_and_keeps_its_traceback() -> None:
    with render_worker("pdf") as worker:
        assert worker is not None
        worker.send((Templates.at(), "report.html.j2", "json:loads", ("{",)))
        with pytest.raises(RuntimeError) as caught:
            worker.result()
    assert str(caught.value).startswith("the PDF renderer failed: JSONDecodeError: ")
    notes = "".join(getattr(caught.value, "__notes__", []))
    assert "Traceback (most recent call last)" in notes and "json/decoder.py" in notes


def test_a_worker_that_dies_is_reported_with_how_it_ended() -> None:
    with render_worker("docx") as worker:
        assert worker is not None
        worker.send((Templates.at(), "reference.docx", "os:_exit", (7,)))
        with pytest.raises(
            RendererStopped,
            match=r"^the DOCX renderer stopped before it finished \(exit status 7\)$",
        ):
            worker.result()
    with render_worker("docx") as worker:
        assert worker is not None
        worker.send((Templates.at(), "reference.docx", "signal:raise_signal", (signal.SIGKILL,)))
        with pytest.raises(RendererStopped, match=r"\(killed by SIGKILL\)$"):
            worker.result()


def test_a_build_that_stops_before_rendering_leaves_no_process_behind() -> None:
    with render_worker("pdf") as worker:
        assert worker is not None
        pid = worker.pid
        os.kill(pid, 0)  # alive, warming up
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # gone and reaped: not even a zombie is left


def test_the_command_stopping_on_bad_input_reaps_its_worker(tmp_path: Path) -> None:
    before = _children()
    code, _, stderr = run(
        "build", "1999-01", "--editions", str(REPO / "editions"), "--out", str(tmp_path)
    )
    assert code == 2 and "unknown edition '1999-01'" in stderr
    assert _children() == before
    assert list(tmp_path.iterdir()) == []


def _children() -> set[int]:
    """This process's child processes, running or not yet reaped."""
    me = str(os.getpid())
    found = set()
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            found.add(int(status.parent.name))
    return found


def test_with_one_cpu_no_worker_is_started() -> None:
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})
    try:
        with render_worker("pdf") as worker:
            assert worker is None
    finally:
        os.sched_setaffinity(0, allowed)


def test_a_renderer_that_cannot_be_imported_fails_the_build_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # As when WeasyPrint's libraries are missing: the child's import fails before any job.
    monkeypatch.setitem(worker_module._WARM_UP, "pdf", ("topolreport.no_such_renderer",))
    editions = str(REPO / "editions")
    code, _, stderr = run("build", "--editions", editions, "--out", str(tmp_path / "out"))
    assert code == 3, stderr
    assert "the PDF renderer failed: ModuleNotFoundError: No module named " in stderr
    assert "Traceback" not in stderr
    assert list((tmp_path / "out").iterdir()) == []  # nothing written, Word and HTML included
