"""Initiative names a returned form newly links go through the review's initiative registry:
a name it knows under its registry id, a new one added to it as proposed, a partner left out;
the preview says which. Expected entries and registry lines written by hand."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from lxml import etree

from formfiles import edit_body, fragment, paragraph_with, run_xml
from test_forms import run, workspace  # noqa: F401  (the fixture)
from test_forms_merge import _retype
from topolreport.initiatives import load_registry
from topolreport.model import Initiative
from topolreport.store import load_edition

G3_LAST = "HEE NSHCS is also working with partners to deliver an increasing number"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _add_linked_sentence(form: Path, names: list[tuple[str, str]], after: str = G3_LAST) -> None:
    """A paragraph after the one holding `after` (G3's last) linking each (name, address),
    as Insert > Hyperlink makes them."""
    document = Document(str(form))
    rids = [
        document.part.relate_to(address, f"{R_NS}/hyperlink", is_external=True)
        for _, address in names
    ]
    document.save(str(form))

    def add(root: etree._Element) -> None:
        parts = [run_xml("Leads joined ")]
        for (name, _), rid in zip(names, rids, strict=True):
            parts.append(
                f'<w:hyperlink xmlns:r="{R_NS}" r:id="{rid}">{run_xml(name)}</w:hyperlink>'
            )
            parts.append(run_xml(" and "))
        parts[-1] = run_xml(".")
        paragraph_with(root, after).addnext(fragment("<w:p>" + "".join(parts) + "</w:p>"))

    edit_body(form, add)


def test_newly_linked_names_are_placed_in_the_registry(workspace: Path) -> None:  # noqa: F811
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    before = load_edition(editions, "2024-02").entry("G3")
    assert before is not None
    _add_linked_sentence(
        form,
        [
            ("HEE Digital Academy", "https://example.org/academy"),
            ("Genomics Passport", "https://example.org/passport"),
            ("Health Innovation Network", "https://example.org/hin"),
        ],
    )
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--dry-run", "--editions", str(editions)
    )
    assert code == 0, err
    preview = out
    assert (
        "+ initiative HEE Digital Academy: the registry's 'NHS Digital Academy' "
        "(nhs-digital-academy)" in out
    )
    assert (
        "+ initiative Genomics Passport: new to the registry, proposed as genomics-passport "
        "(`topolreport initiatives accept genomics-passport` once checked)" in out
    )
    assert (
        "'Health Innovation Network' not added as an initiative: a partner in the registry" in out
    )
    assert load_registry(editions).get("genomics-passport") is None  # a dry run writes nothing

    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 0, err
    assert out.replace("updated", "").count("+ initiative") == preview.count("+ initiative")
    after = load_edition(editions, "2024-02").entry("G3")
    assert after is not None
    assert after.initiatives == [
        *before.initiatives,
        Initiative(
            id="nhs-digital-academy", name="HEE Digital Academy", url="https://example.org/academy"
        ),
        Initiative(
            id="genomics-passport", name="Genomics Passport", url="https://example.org/passport"
        ),
    ]
    registry = load_registry(editions)
    assert registry is not None
    passport = registry.get("genomics-passport")
    assert passport is not None
    assert (passport.name, passport.status, passport.first_edition, passport.names) == (
        "Genomics Passport",
        "proposed",
        "2024-02",
        {"2024-02": "Genomics Passport"},
    )
    assert [p.name for p in registry.partners].count("Health Innovation Network") == 1
    code, out, _ = run("check", "2024-02", "--editions", str(editions))
    assert "'Genomics Passport' (genomics-passport) is proposed, not yet reviewed" in out
    assert "nhs-digital-academy) is not in the registry" not in out


def test_a_conflicted_entry_adds_nothing_to_the_registry(workspace: Path) -> None:  # noqa: F811
    editions, forms = workspace / "editions", workspace / "forms"
    registry = (editions / "initiatives.yaml").read_text()
    _add_linked_sentence(forms / "2024-02-gep.docx", [("Genomics Passport", "https://a.org")])
    _retype(forms / "2024-02-tel.docx", "an increasing number", "a growing number")
    code, out, err = run("collect", "2024-02", str(forms), "--editions", str(editions))
    assert code == 1
    assert "G3 not written" in err
    assert "+ initiative Genomics Passport" in out  # shown, as the form proposes it
    assert (editions / "initiatives.yaml").read_text() == registry


def test_a_newly_linked_name_the_entry_lists_already_adds_nothing(workspace: Path) -> None:  # noqa: F811
    editions, form = workspace / "editions", workspace / "forms" / "2024-02-gep.docx"
    before = load_edition(editions, "2024-02").entry("G2")
    assert before is not None
    _add_linked_sentence(
        form,
        [("HEE Digital Academy", "https://example.org/academy")],
        after="reviewed 33 curricula",
    )
    code, out, err = run(
        "collect", "2024-02", str(workspace / "forms"), "--editions", str(editions)
    )
    assert code == 0, err
    assert (
        "'HEE Digital Academy' is the registry's 'NHS Digital Academy' (nhs-digital-academy), "
        "which the entry lists already" in out
    )
    after = load_edition(editions, "2024-02").entry("G2")
    assert after is not None and after.initiatives == before.initiatives
