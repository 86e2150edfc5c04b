"""Elements, text and children in the schema's order: what every other module builds on."""

from __future__ import annotations

import functools
import re

from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser
from lxml import etree

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Characters XML 1.0 cannot carry (a narrative pasted from elsewhere may hold them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@functools.cache
def _tag(tag: str) -> tuple[str, dict[str, str]]:
    """ "w:p" -> its Clark name and the namespace it declares (a document makes thousands of
    elements from a few dozen tags: each is spelled out once)."""
    prefixed = NamespacePrefixedTag(tag)
    return prefixed.clark_name, prefixed.nsmap


@functools.cache
def _attribute(key: str) -> str:
    return qn(key if ":" in key else f"w:{key}")


def element(tag: str, **attrs: str) -> etree._Element:
    """`tag` ("w:p") with attributes in the order given; a name without a prefix is "w:".
    Made as python-docx's OxmlElement makes it (its parser gives the element its class)."""
    name, namespaces = _tag(tag)
    made: etree._Element = oxml_parser.makeelement(name, nsmap=namespaces)
    for key, value in attrs.items():
        made.set(_attribute(key), value)
    return made


def child(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """A new last child of `parent`."""
    made = element(tag, **attrs)
    parent.append(made)
    return made


def set_text(holder: etree._Element, text: str) -> etree._Element:
    """Give a w:t, w:delText or w:instrText its text, kept as written: leading and trailing
    spaces survive (`xml:space="preserve"`), characters XML cannot carry are dropped."""
    holder.text = _NOT_XML.sub("", text)
    holder.set(XML_SPACE, "preserve")
    return holder


@functools.cache
def _ranks(order: tuple[str, ...]) -> dict[str, int]:
    return {qn(tag): index for index, tag in enumerate(order)}


def insert_in_order(
    parent: etree._Element, new: etree._Element, order: tuple[str, ...]
) -> etree._Element:
    """Insert `new` among `parent`'s children where the schema's sequence `order` puts it:
    before the first child that comes later in `order`. Children `order` does not name
    (extensions such as w14:…) count as coming last."""
    rank = _ranks(order)
    own = rank[new.tag]
    for existing in parent:
        if rank.get(existing.tag, len(order)) > own:
            existing.addprevious(new)
            return new
    parent.append(new)
    return new


def replace_in_order(
    parent: etree._Element, new: etree._Element, order: tuple[str, ...]
) -> etree._Element:
    """Put `new` in `parent` in the schema's order, replacing any child with its tag (an
    element that may occur once)."""
    for old in parent.findall(new.tag):
        parent.remove(old)
    return insert_in_order(parent, new, order)
