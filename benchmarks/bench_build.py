"""Time `build` of an edition per format, and plain WeasyPrint on the build's own HTML.

    python benchmarks/bench_build.py [--editions editions] [--edition 2023-02] [--repeat 5]

Prints the best of `--repeat` runs for each: build docx, build pdf, build html, build all
formats, and `weasyprint.HTML(string=…, base_url=…).write_pdf()` on the same print HTML, then
the ratio build-all / plain WeasyPrint (the target is under 1.3), and the structure pass
(render/pdf_structure.py) alone on WeasyPrint's tagged PDF. Everything runs in this process
after a warm-up, so imports are not counted for either side.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from topolreport.render.build import build
from topolreport.render.html import render_html
from topolreport.render.pdf_structure import finish_structure
from topolreport.render.templates import Templates
from topolreport.render.viewmodel import build_view
from topolreport.store import load_edition


def best_times(repeat: int, runs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Best time of each run; the runs take turns, so that a busy moment of the machine
    weighs on all of them rather than on one."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: min(found) for name, found in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editions", type=Path, default=Path("editions"))
    parser.add_argument("--edition", default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    edition = load_edition(args.editions, args.edition)
    templates = Templates.at()
    import weasyprint  # imported up front: the comparison is of rendering, not of imports

    print_html = render_html(build_view(edition), templates, print_version=True)
    base_url = templates.folder.as_uri() + "/"

    def plain_weasyprint() -> bytes:
        return weasyprint.HTML(string=print_html, base_url=base_url).write_pdf()

    tagged = weasyprint.HTML(string=print_html, base_url=base_url).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )

    def structure_pass() -> bytes:
        return finish_structure(tagged, language=edition.language)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

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

    print(f"edition {edition.id}, best of {args.repeat}")
    for name, seconds in results.items():
        print(f"  {name:<18} {seconds:7.3f} s")
    ratio = results["build all"] / results["plain weasyprint"]
    print(f"  build all / plain weasyprint = {ratio:.2f} (target < 1.3)")


if __name__ == "__main__":
    main()
