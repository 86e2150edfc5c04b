"""Time `topolreport build` as whole processes beside the tools it is judged against, and each
format's rendering within one process.

    python benchmarks/bench_build.py [--editions editions] [--edition 2023-02] [--repeat 7]

Whole processes, timed from outside, the runs taking turns (median of `--repeat` runs each):

- `topolreport build --format docx` beside `pandoc -f markdown -t docx` on a Markdown rendering
  of the same report (title, foreword, every panel and entry with its recommendation and
  narrative, summary, abbreviations); the target is under 2×;
- `topolreport build` (every format) beside a bare Python script that runs WeasyPrint on the
  same print HTML (`weasyprint.HTML(string=…, base_url=…).write_pdf()`); the target is under
  1.3×.

The runs keep Python's compiled bytecode between them, as Python does by default (one run of
each comes first, untimed); `--no-bytecode-cache` times them as the environment has it instead
(where PYTHONDONTWRITEBYTECODE is set, every run then compiles topolreport's modules again,
which costs the Word build about a tenth of its time).

Then, within this process after a warm-up (imports not counted), the best of `--repeat` runs
of: build docx, build pdf, build html, build all formats, plain WeasyPrint on the print HTML,
and the structure pass (render/pdf_structure.py) alone on WeasyPrint's tagged PDF.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from topolreport.model import Edition
from topolreport.render.build import build
from topolreport.render.html import render_html
from topolreport.render.pdf_structure import finish_structure
from topolreport.render.templates import Templates
from topolreport.render.viewmodel import build_view
from topolreport.store import load_edition

DOCX_TARGET = 2.0  # docx-only build / pandoc md -> docx
ALL_TARGET = 1.3  # build of every format / bare WeasyPrint script

# The bare script: what any Python program printing this HTML with WeasyPrint must pay.
BARE_WEASYPRINT = """\
import sys
from pathlib import Path

import weasyprint

html = Path(sys.argv[1]).read_text(encoding="utf-8")
weasyprint.HTML(string=html, base_url=sys.argv[2]).write_pdf(sys.argv[3])
"""


def command() -> list[str]:
    """The `topolreport` installed beside this Python, else the module run by it."""
    script = Path(sys.executable).with_name("topolreport")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "topolreport"]


def markdown_report(edition: Edition) -> str:
    """The report as one Markdown document, in the built documents' order."""
    parts = [f"% {edition.title}\n% {edition.publisher}\n% {edition.date}"]
    if edition.foreword is not None:
        parts += ["# Foreword", edition.foreword.text]
    parts.append(f"# {edition.progress_heading}")
    wordings = edition.catalogue.wordings()
    for panel, entries in edition.panel_entries():
        if not entries:
            continue
        parts.append(f"## {panel.heading if panel is not None else 'Other recommendations'}")
        for entry in entries:
            parts += [
                f"### {entry.code}. {edition.recommendation_text(entry, wordings)}",
                entry.narrative,
            ]
    parts += ["# Summary", edition.summary]
    if edition.abbreviations:
        rows = [f"| {a.abbr} | {a.meaning} |" for a in edition.abbreviations]
        parts += ["# Abbreviations", "| Abbreviation | Meaning |\n|---|---|\n" + "\n".join(rows)]
    return "\n\n".join(parts) + "\n"


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def process_environment(tmp: Path, bytecode_cache: bool) -> dict[str, str]:
    """The environment the timed processes run in. Python keeps the bytecode it compiles
    each module to, by default: with `bytecode_cache`, the runs do so (in a folder of their
    own, PYTHONPYCACHEPREFIX, so the checkout is left as it was) even where the environment
    says not to (PYTHONDONTWRITEBYTECODE, under which every run compiles topolreport's
    modules again from source)."""
    env = dict(os.environ)
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def process_times(
    repeat: int, runs: dict[str, list[str]], env: dict[str, str]
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall-clock and CPU times (user + system) of each command run as a process. The
    commands take turns, so that a busy moment of the machine weighs on all of them rather
    than on one; CPU time varies less than wall-clock time on a busy machine."""
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for argv in runs.values():  # warm the file cache, font caches and bytecode caches
        subprocess.run(argv, capture_output=True, check=True, env=env)
    for _ in range(repeat):
        for name, argv in runs.items():
            start, start_cpu = time.perf_counter(), _children_cpu()
            subprocess.run(argv, capture_output=True, check=True, env=env)
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(_children_cpu() - start_cpu)
    return wall, cpu


def best_times(repeat: int, runs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Best time of each run within this process, the runs taking turns."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: min(found) for name, found in times.items()}


def whole_processes(
    args: argparse.Namespace, edition: Edition, print_html: str, base_url: str, tmp: Path
) -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        sys.exit("pandoc is not installed: it is what the Word build is measured against")
    (tmp / "report.md").write_text(markdown_report(edition), encoding="utf-8")
    (tmp / "print.html").write_text(print_html, encoding="utf-8")
    (tmp / "bare_weasyprint.py").write_text(BARE_WEASYPRINT, encoding="utf-8")
    build_argv = [*command(), "build", edition.id, "--editions", str(args.editions), "--force"]
    runs = {
        "topolreport build --format docx": [
            *build_argv,
            *("--format", "docx", "--out", str(tmp / "docx")),
        ],
        "pandoc md -> docx": [
            *(pandoc, "-f", "markdown", "-t", "docx"),
            *("-o", str(tmp / "pandoc.docx"), str(tmp / "report.md")),
        ],
        "topolreport build": [*build_argv, "--out", str(tmp / "all")],
        "bare weasyprint script": [
            sys.executable,
            str(tmp / "bare_weasyprint.py"),
            *(str(tmp / "print.html"), base_url, str(tmp / "bare.pdf")),
        ],
    }
    env = process_environment(tmp, args.bytecode_cache)
    wall, cpu = process_times(args.repeat, runs, env)
    median = {name: statistics.median(found) for name, found in wall.items()}
    median_cpu = {name: statistics.median(found) for name, found in cpu.items()}
    print(f"whole processes, edition {edition.id}, median of {args.repeat} runs")
    if args.bytecode_cache:
        print("  bytecode kept between runs, as Python does by default")
    else:
        kept = "kept" if "PYTHONDONTWRITEBYTECODE" not in os.environ else "not kept"
        print(f"  bytecode as this environment has it: {kept} (PYTHONDONTWRITEBYTECODE)")
    print(f"  {'':<32} {'wall clock (min-max)':>26}  {'CPU':>7}")
    for name, found in wall.items():
        spread = f"({min(found):.3f}-{max(found):.3f})"
        print(f"  {name:<32} {median[name]:7.3f} s {spread:>17}  {median_cpu[name]:5.3f} s")
    for build_name, other, target in (
        ("topolreport build --format docx", "pandoc md -> docx", DOCX_TARGET),
        ("topolreport build", "bare weasyprint script", ALL_TARGET),
    ):
        ratio = median[build_name] / median[other]
        verdict = "within" if ratio < target else "OVER"
        print(
            f"  {build_name} / {other} = {ratio:.2f} wall clock (target < {target}: "
            f"{verdict}), {median_cpu[build_name] / median_cpu[other]:.2f} CPU"
        )


def in_process(
    args: argparse.Namespace,
    edition: Edition,
    templates: Templates,
    print_html: str,
    base_url: str,
    tmp: Path,
) -> None:
    import weasyprint  # imported up front: the comparison is of rendering, not of imports

    def plain_weasyprint() -> bytes:
        return weasyprint.HTML(string=print_html, base_url=base_url).write_pdf()

    tagged = weasyprint.HTML(string=print_html, base_url=base_url).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )

    def structure_pass() -> bytes:
        return finish_structure(tagged, language=edition.language)

    out = tmp / "in-process"

    def build_formats(formats: tuple[str, ...]) -> Callable[[], object]:
        return lambda: build(edition, formats, out, templates, force=True)

    plain_weasyprint()  # warm-up: fonts, caches
    build_formats(("docx", "pdf", "html"))()
    results = best_times(
        args.repeat,
        {
            "build docx": build_formats(("docx",)),
            "build pdf": build_formats(("pdf",)),
            "build html": build_formats(("html",)),
            "build all": build_formats(("docx", "pdf", "html")),
            "plain weasyprint": plain_weasyprint,
            "structure pass": structure_pass,
        },
    )
    print(f"within one process (imports not counted), best of {args.repeat}")
    for name, seconds in results.items():
        print(f"  {name:<18} {seconds:7.3f} s")
    ratio = results["build all"] / results["plain weasyprint"]
    print(f"  build all / plain weasyprint = {ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editions", type=Path, default=Path("editions"))
    parser.add_argument("--edition", default=None)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--whole-only", action="store_true", help="skip the within-one-process timings"
    )
    parser.add_argument(
        "--no-bytecode-cache",
        dest="bytecode_cache",
        action="store_false",
        help="time the processes as the environment has them, even where it says not to keep "
        "compiled bytecode (PYTHONDONTWRITEBYTECODE): each run then compiles topolreport's "
        "modules again",
    )
    args = parser.parse_args()
    args.editions = args.editions.resolve()

    edition = load_edition(args.editions, args.edition)
    templates = Templates.at()
    print_html = render_html(build_view(edition), templates, print_version=True)
    base_url = templates.folder.as_uri() + "/"
    with tempfile.TemporaryDirectory(prefix="bench-build-") as folder:
        tmp = Path(folder)
        whole_processes(args, edition, print_html, base_url, tmp)
        if not args.whole_only:
            in_process(args, edition, templates, print_html, base_url, tmp)


if __name__ == "__main__":
    main()
