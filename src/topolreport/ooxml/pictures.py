"""Pictures' alt text, which python-docx's API cannot set."""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree


def describe_picture(paragraph: etree._Element, alt: str) -> None:
    """Give the pictures in `paragraph` their alt text (wp:docPr/@descr), which Word and
    screen readers read."""
    for properties in paragraph.iter(qn("wp:docPr")):
        properties.set("descr", alt)
