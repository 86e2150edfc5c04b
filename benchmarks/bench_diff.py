"""How long `diff_editions` takes as editions grow: 50, 500 and 5,000 recommendations.

Editions are generated in memory: each entry a few paragraphs in the report's style, with
linked initiatives and figures, and its initiatives and metrics found by the importer's own
extraction. The second edition changes a fifth of the entries (figures up or down, an
initiative added or renamed, a sentence reworded) and leaves the rest as they were.

    python benchmarks/bench_diff.py     # the best of 7 runs for each size, and the growth

Targets: 5,000 recommendations under 2 s; time from 500 to 5,000 growing less than 12 times.
"""

from __future__ import annotations

import random
import sys
import time

from topolreport.diff import diff_editions
from topolreport.extract import extract_initiatives, extract_metrics, link_texts
from topolreport.model import Catalogue, Edition, Entry, Panel, Recommendation

SIZES = (50, 500, 5_000)
RUNS = 7
CHANGED = 0.2
PANELS = 6

PROGRAMMES = [
    "Learning Hub",
    "Digital Academy",
    "Genomics Education Programme",
    "Digital Boards Programme",
    "Topol Digital Fellowships",
    "Library Carpentry",
    "Clinical Data Science programme",
    "Digital Health Champions Network",
    "Knowledge Mobilisation Framework",
    "Blended Learning programme",
]
UNITS = ["learners", "users", "page views", "NHS staff", "trust boards", "Fellows", "modules"]
OPENINGS = [
    "HEE's national team has worked with partners across the system to",
    "The programme continues to support the workforce and has begun to",
    "Working with Royal Colleges and regulators, the team plans to",
    "Local NHS knowledge and library services are helping staff to",
]
AIMS = [
    "develop digital skills and confidence in using new technologies",
    "embed genomics into routine care through education and training",
    "share learning from early adopters with organisations across the NHS",
    "improve health and digital literacy among patients and citizens",
]


def narrative(rng: random.Random, code: str) -> str:
    paragraphs = []
    for _ in range(rng.randint(2, 4)):
        name = rng.choice(PROGRAMMES)
        unit = rng.choice(UNITS)
        value = rng.randint(20, 90_000)
        paragraphs.append(
            f"{rng.choice(OPENINGS)} {rng.choice(AIMS)}. The [{name}](#) has now reached "
            f"over {value:,} {unit} to date, and {rng.choice(AIMS)} (see also {code})."
        )
    return "\n\n".join(paragraphs)


def entry(code: str, text: str, names: set[str], as_of: str) -> Entry:
    return Entry(
        code=code,
        narrative=text,
        initiatives=extract_initiatives(text, names),
        metrics=extract_metrics(text, code, as_of),
    )


def edition(edition_id: str, texts: dict[str, str], catalogue: Catalogue) -> Edition:
    names = {name for text in texts.values() for name in link_texts(text)}
    return Edition(
        id=edition_id,
        title="Generated review: progress",
        date=edition_id,
        catalogue=catalogue,
        entries=[entry(code, text, names, edition_id) for code, text in texts.items()],
    )


def edited(rng: random.Random, text: str) -> str:
    """A next year's version of one entry: figures moved, a name changed, a line added."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if word.replace(",", "").isdigit() and rng.random() < 0.7:
            words[i] = f"{max(1, int(int(word.replace(',', '')) * rng.uniform(0.7, 1.6))):,}"
    text = " ".join(words)
    if rng.random() < 0.3:
        text = text.replace("](#)", " Online](#)", 1)
    if rng.random() < 0.4:
        text += f"\n\nThe new [{rng.choice(PROGRAMMES)} Pilot](#) launched this year."
    return text


def pair(size: int, seed: int = 1) -> tuple[Edition, Edition]:
    rng = random.Random(seed)
    # Codes as the model allows them (letters, then up to three digits): A1 … A999, B0 …
    codes = [f"{chr(65 + n // 1000)}R{n % 1000}" for n in range(1, size + 1)]
    per_panel = -(-size // PANELS)
    catalogue = Catalogue(
        review="Generated review",
        panels=[
            Panel(
                id=f"panel-{p}",
                title=f"Panel {p}",
                heading=f"Recommendations from panel {p}",
                recommendations=[
                    Recommendation(code=code, text=f"Recommendation {code} should be met.")
                    for code in codes[p * per_panel : (p + 1) * per_panel]
                ],
            )
            for p in range(PANELS)
        ],
    )
    old_texts = {code: narrative(rng, code) for code in codes}
    new_texts = {
        code: edited(rng, text) if rng.random() < CHANGED else text
        for code, text in old_texts.items()
    }
    return (
        edition("2023-02", old_texts, catalogue),
        edition("2024-02", new_texts, catalogue),
    )


def main() -> int:
    pairs = {size: pair(size) for size in SIZES}
    summaries = {size: diff_editions(*pairs[size]).summary for size in SIZES}
    # Runs of each size take turns, so that whatever else the machine is doing weighs on
    # every size alike; the best run of each is the one least disturbed.
    times = dict.fromkeys(SIZES, float("inf"))
    for _ in range(RUNS):
        for size in SIZES:
            start = time.perf_counter()
            diff_editions(*pairs[size])
            times[size] = min(times[size], time.perf_counter() - start)
    for size in SIZES:
        summary = summaries[size]
        print(
            f"{size:>6,} recommendations: {times[size]:.3f} s (best of {RUNS}); "
            f"{summary.changes:,} changes, {summary.metric_changes:,} metrics moved, "
            f"{summary.stalled:,} stalled"
        )
    ratio = times[5_000] / times[500]
    print(f"growth from 500 to 5,000: x{ratio:.1f} (linear would be x10)")
    ok = times[5_000] < 2.0 and ratio < 12
    print("targets (5,000 under 2 s, growth under x12):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
