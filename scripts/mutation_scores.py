"""Print the mutation score of each module from mutmut's results (run by `nox -s mutants`).

mutmut keeps one `mutants/<path>.meta` file per mutated module, mapping each mutant to the exit
code of its test run: 1 or 3 is a kill, 0 a survivor, None not yet run. A timeout counts as a
kill (the mutant made the tests hang), "no tests" as a survivor (nothing checks that line).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

KILLED = {1, 3, 24, -24, 36, 37, 152, 255}
SURVIVED = {0, 5, 33}


def scores(root: Path) -> list[tuple[str, Counter[str]]]:
    found = []
    for meta in sorted(root.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].values()
        if not codes:
            continue
        count: Counter[str] = Counter()
        for code in codes:
            if code is None:
                count["not run"] += 1
            elif code in KILLED:
                count["killed"] += 1
            elif code in SURVIVED:
                count["survived"] += 1
            else:
                count["other"] += 1
        module = meta.relative_to(root).as_posix().removesuffix(".meta")
        found.append((module, count))
    return found


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "mutants/src")
    print(f"{'module':36} {'killed':>7} {'survived':>9} {'not run':>8} {'score':>6}")
    for module, count in scores(root):
        if count["killed"] + count["survived"] == 0:
            continue  # not run this time
        run = count["killed"] + count["survived"]
        print(
            f"{module:36} {count['killed']:7} {count['survived']:9} {count['not run']:8}"
            f" {100 * count['killed'] / run:5.1f}%"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
