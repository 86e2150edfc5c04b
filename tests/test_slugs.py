"""One slug for ids, anchors and file names."""

from __future__ import annotations

from topolreport.render.viewmodel import entry_anchor
from topolreport.slugs import slug


def test_slug_joins_words_and_keeps_apostrophes_inside_words() -> None:
    assert slug("HEE's Learning Hub") == "hees-learning-hub"
    assert slug("St John’s  --  Ambulance") == "st-johns-ambulance"
    assert slug("DM4/AIR5") == "dm4-air5"


def test_slug_first_words_and_fallback() -> None:
    assert slug("Topol Review: Progress on the recommendations", words=3) == "topol-review-progress"
    assert slug("!!!") == "item"
    assert slug("", fallback="form") == "form"


def test_entry_anchor_is_the_code_slugged() -> None:
    assert entry_anchor("DM4/AIR5") == "rec-dm4-air5"
