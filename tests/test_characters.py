"""Which characters report text may hold: the first forbidden one is found, whether the text
is ASCII or not, and named as a control or a format character."""

import pytest

from topolreport.characters import first_forbidden


@pytest.mark.parametrize(
    ("text", "prose", "expected"),
    [
        ("plain \x07 text", False, (6, "holds the control character U+0007")),
        ("£5 \x1b[31m red", False, (3, "holds the control character U+001B")),
        ("next line\x85", True, (9, "holds the control character U+0085")),
        (
            "abc\u202edef",
            True,
            (3, "holds the format character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ),
        ("soft\u00adhyphen", True, None),
        ("soft\u00adhyphen", False, (4, "holds the format character U+00AD (SOFT HYPHEN)")),
        ("tab\tand\nlines\r\n", False, None),
        ("\u00ad then \x00", True, (7, "holds the control character U+0000")),
    ],
)
def test_the_first_forbidden_character_is_found_and_named(text, prose, expected):
    assert first_forbidden(text, prose=prose) == expected
