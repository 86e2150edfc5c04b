"""`diff --format json` as Python's json module writes it (indent 2, characters unescaped), also
for the figures and texts whose spelling differs between JSON writers."""

from __future__ import annotations

import json

from topolreport.diff import diff_editions
from topolreport.model import Edition, Entry, Metric

from factories import small_edition


def next_edition(**entries: Entry) -> Edition:
    """The small edition with some entries replaced (by code)."""
    edition = small_edition("2025-02").model_copy(deep=True)
    edition.entries = [entries.get(e.code, e) for e in edition.entries]
    return edition


def _with_figure(value: float, text: str) -> Entry:
    metric = Metric(
        id="d1-share",
        value=value,
        qualifier=None,
        unit="share",
        text=text,
        label=f"a share of {text}",
        as_of="2025-02",
    )
    return Entry(code="D1", narrative=f"A share of {text}.", metrics=[metric])


def test_small_figures_and_a_small_threshold_are_written_as_python_writes_them() -> None:
    old = next_edition(D1=_with_figure(0.00002, "0.00002"))
    new = next_edition(D1=_with_figure(0.000005, "0.000005"))
    text = diff_editions(old, new, stalled_threshold=0.00001).to_json()
    assert '"stalled_threshold": 1e-05,' in text
    assert '"value": 2e-05,' in text
    assert '"value": 5e-06,' in text
    assert json.loads(text)["metric_changes"][0]["new"]["value"] == 0.000005


def test_text_beyond_ascii_and_control_characters_are_written_as_python_writes_them() -> None:
    old = next_edition(D1=Entry(code="D1", narrative="Café owners’ “data” — 10% ✓"))
    new = next_edition(D1=Entry(code="D1", narrative='Café owners’ “data” — 12% ✓ \\ "q"'))
    text = diff_editions(old, new).to_json()
    assert '"old": "Café owners’ “data” — ",' in text
    assert '"new": "\\\\ \\"q\\""' in text
    assert "\\u" not in text
    assert text.endswith("}\n")
    assert text.startswith('{\n  "from": "2025-02",\n  "to": "2025-02",\n')


def test_the_json_reads_back_to_the_same_changes() -> None:
    changes = diff_editions(small_edition(), next_edition(D1=_with_figure(3.5, "3.5")))
    assert json.loads(changes.to_json()) == changes.model_dump(mode="json")
