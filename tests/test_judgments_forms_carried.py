"""The record a form carries of how it was issued (`forms.carried`): written as Word's custom
document properties and read back; its refusals. Expected values written out by hand."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
import zlib

import pytest
from docx import Document
from lxml import etree

from topolreport.forms.carried import (
    Issued,
    NotCarried,
    carry,
    custom_properties_xml,
    read_issued,
)

CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"


def _issued(narrative: str = "Modules completed by 33,700 learners — to date.") -> Issued:
    return Issued(
        edition="2024-02",
        name="GEP",
        due="2024-03-01",
        contact="lead@example.org",
        preamble=["Dear colleague,", "Please update your entries."],
        entries={"G2": {"narrative": narrative, "metrics": [], "fixed": ["G2 heading"]}},
    )


def _noise(lines: int) -> str:
    """Text zlib cannot shrink much, so the record needs several properties."""
    return "".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(lines))


def _xml(record: dict[str, object] | bytes, names: list[str] | None = None) -> bytes:
    raw = record if isinstance(record, bytes) else json.dumps(record).encode()
    packed = base64.b64encode(zlib.compress(raw)).decode()
    props = "".join(
        f'<property fmtid="x" pid="{i + 2}" name="{name}"><vt:lpwstr>{chunk}</vt:lpwstr></property>'
        for i, (name, chunk) in enumerate(
            zip(names or ["topolreport-issued-000"], [packed], strict=False)
        )
    )
    return (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{props}</Properties>"
    ).encode()


def test_a_record_is_read_back_as_it_was_written() -> None:
    issued = _issued()
    assert read_issued(custom_properties_xml(issued)) == issued


def test_a_long_record_is_cut_into_numbered_user_properties_of_240_characters() -> None:
    xml = custom_properties_xml(_issued(_noise(40)))
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>")
    root = etree.fromstring(xml)
    assert root.tag == f"{CUSTOM}Properties"
    props = list(root)
    assert len(props) >= 3
    for index, prop in enumerate(props):
        assert prop.tag == f"{CUSTOM}property"
        assert prop.get("fmtid") == "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
        assert prop.get("pid") == str(index + 2)
        assert prop.get("name") == f"topolreport-issued-{index:03d}"
        assert [child.tag for child in prop] == [f"{VT}lpwstr"]
    lengths = [len(prop[0].text or "") for prop in props]
    assert lengths[:-1] == [240] * (len(props) - 1)
    assert 0 < lengths[-1] <= 240
    assert read_issued(xml) == _issued(_noise(40))


def test_the_record_is_found_whatever_the_order_of_its_properties_and_beside_others() -> None:
    issued = _issued(_noise(40))
    root = etree.fromstring(custom_properties_xml(issued))
    props = list(root)
    for prop in props:
        root.remove(prop)
    other = etree.SubElement(root, f"{CUSTOM}property", name="Company", pid="99")
    etree.SubElement(other, f"{VT}lpwstr").text = "NHS England"
    for prop in reversed(props):
        root.append(prop)
    assert read_issued(etree.tostring(root)) == issued


def test_a_record_without_due_contact_or_preamble_reads_them_as_empty() -> None:
    record = {"format": 2, "edition": "2024-02", "name": "GEP", "entries": {}}
    assert read_issued(_xml(record)) == Issued("2024-02", "GEP", "", "", [], {})


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (None, "it carries no record of how it was issued"),
        (b"<Properties", "its document properties are not readable XML"),
        (
            _xml({"format": 2}, ["Company"]),
            "it carries no record of how it was issued",
        ),
        (_xml(b"not json"), "its record of how it was issued was altered"),
        (_xml({"format": 1, "edition": "2024-02"}), "it was issued by an older version of"),
        (_xml(b"[2]"), "it was issued by an older version of topolreport"),
    ],
)
def test_a_record_that_cannot_be_used_is_refused_with_its_reason(
    xml: bytes | None, reason: str
) -> None:
    with pytest.raises(NotCarried) as refused:
        read_issued(xml)
    assert str(refused.value).startswith(reason)


def test_a_record_cut_short_is_refused_as_altered() -> None:
    xml = custom_properties_xml(_issued(_noise(40)))
    cut = xml.replace(b"topolreport-issued-001", b"Company", 1)
    with pytest.raises(NotCarried, match="^its record of how it was issued was altered$"):
        read_issued(cut)


def test_a_record_up_to_32_mib_is_read_and_one_byte_more_is_refused() -> None:
    head = b'{"format": 2, "edition": "2024-02", "name": "GEP", "entries": {}, "pad": "'
    tail = b'"}'
    largest = head + b"0" * ((32 << 20) - len(head) - len(tail)) + tail
    assert len(largest) == 33_554_432
    assert read_issued(_xml(largest)).name == "GEP"
    too_large = head + b"0" * (len(largest) - len(head) - len(tail) + 1) + tail
    with pytest.raises(NotCarried, match="^its record of how it was issued was altered$"):
        read_issued(_xml(too_large))


def test_a_document_carrying_its_record_keeps_it_in_docprops_custom_xml() -> None:
    document = Document()
    issued = _issued()
    carry(document, issued)
    saved = io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as package:
        assert read_issued(package.read("docProps/custom.xml")) == issued
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("_rels/.rels").decode()
    assert (
        'PartName="/docProps/custom.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.custom-properties+xml"'
    ) in types
    assert (
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'custom-properties" Target="docProps/custom.xml"'
    ) in rels


def _record_text(xml: bytes) -> str:
    root = etree.fromstring(xml)
    packed = "".join(prop[0].text or "" for prop in root)
    return zlib.decompress(base64.b64decode(packed)).decode("utf-8")


def test_the_same_record_is_written_byte_for_byte_whatever_order_its_entries_came_in() -> None:
    entries = {"G2": {"narrative": "a"}, "D1": {"narrative": "b"}}
    one = Issued("2024-02", "GEP", "", "", [], entries)
    other = Issued("2024-02", "GEP", "", "", [], dict(reversed(entries.items())))
    assert custom_properties_xml(one) == custom_properties_xml(other)
    assert _record_text(custom_properties_xml(one)).startswith('{"contact": "", "due": ""')


def test_the_record_keeps_text_as_utf_8_not_escapes() -> None:
    text = _record_text(custom_properties_xml(_issued()))
    assert "33,700 learners — to date." in text
    assert "\\u2014" not in text


def test_the_part_is_written_with_the_namespace_prefixes_word_writes() -> None:
    xml = custom_properties_xml(_issued())
    assert (
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'docPropsVTypes"><property '
    ) in xml
    assert b"><vt:lpwstr>" in xml


def test_a_record_re_indented_beside_a_property_without_a_name_is_still_read() -> None:
    issued = _issued(_noise(40))
    root = etree.fromstring(custom_properties_xml(issued))
    etree.SubElement(root, f"{CUSTOM}property", pid="99")
    etree.indent(root, space="  ")
    assert read_issued(etree.tostring(root, pretty_print=True)) == issued
