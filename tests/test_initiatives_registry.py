"""The registry of initiatives on the real 2023 report: generic link texts, organisations and
awards are never initiatives, and each initiative the narratives name in several ways is one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from topolreport.cli import cli
from topolreport.errors import InputError
from topolreport.extract import partner_names
from topolreport.importers.report_text import ImportResult, import_report_text
from topolreport.initiatives import Matcher, load_registry
from topolreport.initiatives.load import read_registry, registry_yaml
from topolreport.initiatives.names import name_key, not_a_name
from topolreport.model import Edition
from topolreport.store import load_catalogue, load_edition

from factories import SOURCE_2023

REPO = Path(__file__).resolve().parents[1]
SOURCE = SOURCE_2023
EDITIONS = REPO / "editions"

GENERIC = {
    ("OD1", "guide"),
    ("OD9", "guide"),
    ("E4", "report"),
    ("E7", "toolkit"),
    ("AIR2", "catalogue"),
    ("OD2", "collection"),
    ("E1", "a policy"),
    ("G6", "research paper"),
    ("DM1", "two types of information on coronavirus"),
    ("DM1", "HSJ Award 2020"),
}
ORGANISATIONS = {
    ("E1", "Directorate of Innovation, Digital and Transformation"),
    ("DM4/AIR5", "Health Innovation Network"),
}
# Each group names one initiative, wherever and however often the narratives use the names.
ALIAS_GROUPS = [
    {"NHS Digital Academy", "Digital Academy", "Digital Academy programme"},
    {"Scientist Training Programme", "Scientific Training Programmes"},
    {"GEP", "Genomics Education Programme"},
    {"Health and Digital Literacy partnership", "Health and Digital Literacy Partnership"},
    {"Genomic Laboratory Hub", "Genomic Laboratory Hubs"},
    {"Clinical Data Science", "Clinical Data Science programme"},
    {
        "Digital Health Leadership",
        "Digital Health Leadership programme",
        "Digital Health Leaders Programme",
    },
    {"Knowledge for Healthcare Learning Academy", "NHS Knowledge for Healthcare Learning Academy"},
]


def mentions(edition: Edition) -> set[tuple[str, str]]:
    return {(entry.code, i.name) for entry in edition.entries for i in entry.initiatives}


def ids_by_name(edition: Edition) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for entry in edition.entries:
        for initiative in entry.initiatives:
            found.setdefault(initiative.name, set()).add(initiative.id)
    return found


@pytest.fixture(scope="module")
def fresh() -> ImportResult:
    """The real text imported with no registry at all: the importer decides alone."""
    return import_report_text(SOURCE, "2023-02", None)


@pytest.fixture(scope="module")
def reviewed() -> ImportResult:
    """The real text imported against the committed, hand-reviewed registry."""
    return import_report_text(SOURCE, "2023-02", load_catalogue(EDITIONS), load_registry(EDITIONS))


@pytest.fixture(scope="module")
def committed() -> Edition:
    return load_edition(EDITIONS, "2023-02")


def test_generic_link_texts_and_awards_are_never_initiatives(
    fresh: ImportResult, reviewed: ImportResult, committed: Edition
) -> None:
    for edition in (fresh.edition, reviewed.edition, committed):
        assert not GENERIC & mentions(edition)
        names = {name for _, name in mentions(edition)}
        assert not {name for _, name in GENERIC} & names
    # The importer says what it left out, entry by entry.
    assert 'DM1: "HSJ Award 2020" is an award, not an initiative' in fresh.left_out
    assert 'OD1: "guide" is a lone common noun' in fresh.left_out


def test_organisations_are_partners_not_initiatives(
    fresh: ImportResult, reviewed: ImportResult, committed: Edition
) -> None:
    for edition in (fresh.edition, reviewed.edition, committed):
        names = {name for _, name in mentions(edition)}
        assert not {name for _, name in ORGANISATIONS} & names
        assert not {"University Technical Colleges", "NHS Leadership Academy"} & names
    for result in (fresh, reviewed):
        partners = {p.name for p in result.registry.partners}
        assert {name for _, name in ORGANISATIONS} <= partners
        assert [r.name for r in result.registry.recognitions] == ["HSJ Award 2020"]
    # Without a registry, the words around a name tell a partner: "Partnering with the …".
    assert (
        'DM4/AIR5: "Health Innovation Network" is an organisation the work is done with'
        in fresh.left_out
    )


def test_each_alias_group_is_one_initiative_across_all_entries(
    reviewed: ImportResult, committed: Edition
) -> None:
    matcher = Matcher(reviewed.registry)
    for group in ALIAS_GROUPS:
        placed = [matcher.place(name) for name in group]
        assert None not in placed, group
        ids = {p.initiative.id for p in placed if p is not None and p.initiative is not None}
        assert len(ids) == 1, (group, ids)
        for edition in (reviewed.edition, committed):
            by_name = ids_by_name(edition)
            used = [name for name in group if name in by_name]
            assert used, group
            assert set().union(*(by_name[name] for name in used)) == ids, group


def test_one_entry_lists_an_initiative_once_however_often_named(committed: Edition) -> None:
    dm3 = committed.entry("DM3")
    g4 = committed.entry("G4")
    assert dm3 is not None and g4 is not None
    assert [i.id for i in dm3.initiatives].count("nhs-digital-academy") == 1
    assert [i.name for i in g4.initiatives if i.id == "scientist-training-programme"] == [
        "Scientist Training Programme"
    ]
    for entry in committed.entries:
        ids = [i.id for i in entry.initiatives]
        assert len(ids) == len(set(ids)), entry.code


def test_the_committed_edition_is_what_the_registry_makes_of_the_text(
    reviewed: ImportResult, committed: Edition
) -> None:
    assert [e.initiatives for e in reviewed.edition.entries] == [
        e.initiatives for e in committed.entries
    ]
    known = {item.id for item in reviewed.registry.initiatives}
    assert {i.id for e in committed.entries for i in e.initiatives} <= known
    assert [i.id for i in reviewed.registry.initiatives if i.status == "proposed"] == []


def test_without_a_registry_each_alias_group_is_one_proposal(fresh: ImportResult) -> None:
    by_name = ids_by_name(fresh.edition)
    for group in ALIAS_GROUPS:
        ids = set().union(*(by_name.get(name, set()) for name in group))
        assert len(ids) == 1, (group, ids)
    # A spelling met only under looser matching is recorded, for a person to confirm.
    proposal = fresh.registry.get(by_name["Scientist Training Programme"].pop())
    assert proposal is not None and proposal.aliases == ["Scientific Training Programmes"]
    # Everything it found waits for a person: proposed, with the edition it came from.
    assert fresh.registry.initiatives
    assert {i.status for i in fresh.registry.initiatives} == {"proposed"}
    assert {i.first_edition for i in fresh.registry.initiatives} == {"2023-02"}


def test_names_meet_under_case_plural_prefix_and_suffix() -> None:
    same = [
        ("NHS Digital Academy programmes", "Digital Academy"),
        ("The Learning Hub", "learning hub"),
        ("Genomic Laboratory Hubs", "Genomic Laboratory Hub"),
        ("Health & Digital Literacy Partnership", "health and digital literacy partnership"),
    ]
    for a, b in same:
        assert name_key(a) == name_key(b), (a, b)
    assert name_key("Digital Readiness programme") != name_key("Digital Readiness Education")


def test_an_acronym_finds_the_one_initiative_it_abbreviates() -> None:
    registry = load_registry(EDITIONS)
    assert registry is not None
    registry.initiatives = [i for i in registry.initiatives if "GEP" not in i.aliases] + [
        i.model_copy(update={"aliases": []}) for i in registry.initiatives if "GEP" in i.aliases
    ]
    placed = Matcher(registry).place("GEP")
    assert placed is not None and placed.initiative is not None
    assert placed.initiative.id == "genomics-education-programme"


def test_a_bad_registry_names_file_line_and_field(tmp_path: Path) -> None:
    file = tmp_path / "initiatives.yaml"
    file.write_text(
        "initiatives:\n"
        "  - id: learning-hub\n"
        "    name: Learning Hub\n"
        "    kind: platform\n"
        "  - id: genotes\n"
        "    name: GeNotes\n"
        "    kind: programme\n"
        "    colour: blue\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_registry(file)
    assert [str(p) for p in caught.value.problems] == [
        f"{file}:8: initiatives.1.colour: unknown field (misspelt?)"
    ]
    file.write_text(
        "initiatives:\n"
        "  - id: learning-hub\n"
        "    name: Learning Hub\n"
        "    kind: platform\n"
        "partners:\n"
        "  - name: The Learning Hubs\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_registry(file)
    assert [str(p) for p in caught.value.problems] == [
        f"{file}:4: initiatives.0.kind: 'platform' is not one of the kinds (programme, tool or "
        "resource, publication, partnership or network)",
        f"{file}:6: partners.0.name: 'The Learning Hubs' is also a name of initiatives "
        "'Learning Hub'",
    ]
    # Through the command line: one line per problem, exit code 2, no traceback.
    shutil.copy(EDITIONS / "catalogue.yaml", tmp_path / "catalogue.yaml")
    result = CliRunner().invoke(
        cli, ["import", str(SOURCE), "--edition", "2023-02", "--editions", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {file}:4: initiatives.0.kind:")
    assert not (tmp_path / "2023-02").exists()


def test_a_first_import_leaves_every_initiative_for_review(tmp_path: Path) -> None:
    """With no registry yet, the import starts one in which everything is proposed, and the
    check warns (TR080) about each mention, at its line in the entry's file, until decided."""
    folder = tmp_path / "editions"
    runner = CliRunner()
    result = runner.invoke(
        cli, ["import", str(SOURCE), "--edition", "2023-02", "--editions", str(folder)]
    )
    assert result.exit_code == 0, result.stderr
    registry = load_registry(folder)
    assert registry is not None and registry.initiatives
    result = runner.invoke(cli, ["check", "--editions", str(folder), "--format", "json"])
    assert result.exit_code == 0  # a warning: the edition still passes
    edition = load_edition(folder, "2023-02")
    findings = [f for f in json.loads(result.stdout)["editions"][0]["findings"]]
    waiting = [f for f in findings if f["rule"] == "TR080"]
    assert len(waiting) == sum(len(entry.initiatives) for entry in edition.entries)
    first = waiting[0]
    assert first["severity"] == "warning"
    assert first["message"] == (
        "entry P1: 'Genomics Education Programme' (genomics-education-programme) is proposed, "
        "not yet reviewed"
    )
    lines = Path(first["file"]).read_text(encoding="utf-8").splitlines()
    assert lines[first["line"] - 1].strip() == "- id: genomics-education-programme"


def test_what_a_name_alone_says_it_is_not() -> None:
    assert not_a_name("guide") == "a lone common noun"
    assert not_a_name("a policy") == "a lone common noun"
    assert not_a_name("research paper") == "common nouns only"
    assert not_a_name("competency frameworks") == "common nouns only"
    assert not_a_name("two types of information on coronavirus") == "a description, not a name"
    assert not_a_name("HSJ Award 2020") == "an award, not an initiative"
    assert not_a_name("University Technical Colleges") == "an organisation, not an initiative"
    for name in ("nursing educator toolkit", "learning space policy", "GeNotes", "Learning Hub"):
        assert not_a_name(name) is None, name


def test_a_body_the_work_is_done_with_is_told_by_the_words_before_it() -> None:
    narrative = (
        "Partnering with the [Health Innovation Network](#) to build a pathway. The programme "
        "was redesigned to align with the Mary Seacole programme, in collaboration with Arts "
        "Council England."
    )
    names = ["Health Innovation Network", "Mary Seacole programme", "Arts Council England"]
    assert partner_names(narrative, names) == {"Health Innovation Network", "Arts Council England"}


def test_the_committed_registry_is_written_as_the_program_writes_it() -> None:
    """Loading and saving change nothing: a person's edit shows in git as just that edit."""
    file = EDITIONS / "initiatives.yaml"
    registry = read_registry(file)
    assert registry_yaml(registry) == file.read_text(encoding="utf-8")
    assert len(registry.initiatives) == 49
    assert {i.first_edition for i in registry.initiatives} == {"2023-02"}
    gep = registry.get("genomics-education-programme")
    assert gep is not None and gep.owner == "GEP" and gep.aliases == ["GEP"]
