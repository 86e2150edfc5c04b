"""What the extractor finds in a narrative: the initiatives it names and the units after a
figure, pinned on sentences written by hand with the expected answers written out."""

from __future__ import annotations

from topolreport.extract import extract_initiatives


def test_a_linked_name_is_an_initiative() -> None:
    found = extract_initiatives("The [Data Hub](#) opened.", ["Data Hub"])
    assert [(i.id, i.name) for i in found] == [("data-hub", "Data Hub")]
