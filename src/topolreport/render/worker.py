"""A second process that renders the slowest format while this one does the rest.

A build of every format spends most of its time in WeasyPrint: over half a second to import
it and over a second to lay out the PDF, against a few tenths for importing the model, loading
the edition and writing the Word and HTML documents. A child forked when the command starts
imports the renderer while this process loads the edition, then renders its format while this
one renders the others (benchmarks/bench_build.py). What the child is sent holds nothing of
the model (the PDF's print HTML, Word's detached view), so it never imports pydantic. Only
bytes come back: the child writes no file, so the build still publishes all its files at
once or none.

Fork, not spawn: a fresh interpreter would import everything again (a build through
multiprocessing's spawn took 2.5 s against 1.6 s in turn). The child is used only where it can
help and is safe: on POSIX, with more than one CPU for this process, and while this process runs
no other thread (a child forked from a threaded process can deadlock on a lock another thread
held). Anywhere else the format is rendered in this process, as before; the bytes are the same.
"""

from __future__ import annotations

import importlib
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from ..errors import InputError

if TYPE_CHECKING:
    from .templates import Templates

# The modules each format's renderer needs: the child imports them before the job comes.
_WARM_UP = {
    "pdf": ("topolreport.render.pdf",),
    "docx": ("topolreport.render.docx", "topolreport.text"),  # text: the Markdown parser
}

# A job: the templates, the template a failure may be blamed on (see Templates.in_use), and
# a function ("module:name", so that naming it imports nothing here) with its arguments.
Job = tuple["Templates", str, str, tuple[Any, ...]]


def run_job(job: Job) -> Any:
    """Do `job` in this process."""
    templates, template, function, args = job
    module, _, name = function.partition(":")
    with templates.in_use(template):
        return getattr(importlib.import_module(module), name)(*args)


class RendererStopped(RuntimeError):
    """The child process ended without sending its result (killed, or out of memory)."""


class RenderWorker:
    """One forked child, for one format: `send` it a job once, then take its `result`."""

    def __init__(self, fmt: str, pid: int, to_child: int, from_child: int) -> None:
        self.format = fmt
        self._pid = pid
        self._to_child: int | None = to_child
        self._from_child: int | None = from_child

    @property
    def pid(self) -> int:
        """The child's process id (0 once it is gone)."""
        return self._pid

    def send(self, job: Job) -> None:
        """Hand the child its job (it starts at once; this process goes on)."""
        assert self._to_child is not None, "a worker takes one job"
        stream = os.fdopen(self._to_child, "wb")
        self._to_child = None
        # A child that died has closed its end: `result` says how it ended.
        with suppress(BrokenPipeError), stream:
            pickle.dump(job, stream, protocol=pickle.HIGHEST_PROTOCOL)

    def result(self) -> Any:
        """What the job returned; the child's bad-input error is raised here as this
        process's, any other failure as a RuntimeError carrying the child's traceback."""
        assert self._from_child is not None, "a worker's result is taken once"
        with os.fdopen(self._from_child, "rb") as stream:
            self._from_child = None
            data = stream.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if not data:
            raise RendererStopped(
                f"the {self.format.upper()} renderer stopped before it finished ({_ended(status)})"
            )
        outcome, value = pickle.loads(data)
        if outcome == "ok":
            return value
        if outcome == "input":
            raise InputError(problems=value)
        error = RuntimeError(f"the {self.format.upper()} renderer failed: {value[0]}")
        error.add_note(value[1])  # the child's traceback, shown by --debug
        raise error

    def close(self) -> None:
        """Stop the child if it is still at work (the build failed before its result was
        taken) and release the pipes."""
        for fd in (self._to_child, self._from_child):
            if fd is not None:
                with suppress(OSError):
                    os.close(fd)
        self._to_child = self._from_child = None
        if self._pid:
            with suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            with suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
            self._pid = 0


def _ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        with suppress(ValueError):
            return f"killed by {signal.Signals(number).name}"
        return f"killed by signal {number}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def can_fork() -> bool:
    """Whether a second process can help here and is safe to fork (see the module notes)."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cpus or 1) > 1


@contextmanager
def render_worker(fmt: str | None) -> Iterator[RenderWorker | None]:
    """A child warming up to render `fmt`, or None where none would help (no format, one
    CPU, a threaded process); the child is gone when the block ends."""
    if fmt not in _WARM_UP or not can_fork():
        yield None
        return
    worker = _start(fmt)
    try:
        yield worker
    finally:
        worker.close()


def _start(fmt: str) -> RenderWorker:
    job_read, job_write = os.pipe()
    result_read, result_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the command
        code = 1
        try:
            os.close(job_write)
            os.close(result_read)
            _serve(fmt, job_read, result_write)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flush of buffers copied from the parent
    os.close(job_read)
    os.close(result_write)
    return RenderWorker(fmt, pid, job_write, result_read)


def _serve(fmt: str, job_read: int, result_write: int) -> None:
    """In the child: import the renderer, wait for the job, run it, send back its outcome."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C reaches both: the child just ends
    unready: BaseException | None = None
    try:
        for module in _WARM_UP[fmt]:
            importlib.import_module(module)
    except Exception as exc:  # WeasyPrint without Pango, say: reported with the job's outcome
        unready = exc
    with os.fdopen(job_read, "rb") as stream:
        data = stream.read()
    if not data:
        return  # the build stopped before it had a job for us
    outcome: tuple[str, Any]
    try:
        if unready is not None:
            raise unready
        outcome = ("ok", run_job(pickle.loads(data)))
    except InputError as exc:
        outcome = ("input", list(exc.problems))
    except Exception as exc:
        outcome = ("error", (f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    with os.fdopen(result_write, "wb") as stream:
        pickle.dump(outcome, stream, protocol=pickle.HIGHEST_PROTOCOL)
