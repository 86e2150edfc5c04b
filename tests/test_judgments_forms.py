"""What reading and collecting a returned form decide, pinned on forms written for a small
hand-made edition, edited as a lead would (in python-docx, as a word processor saves them) or
made by hand as read back: each expected value is written out by hand."""

from __future__ import annotations

import copy
import functools
import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from formfiles import W_NS, fragment, replace_part, run_xml, who
from topolreport.errors import InputError
from topolreport.forms.carried import Issued
from topolreport.forms.collect import EntryChange, collect, describe
from topolreport.forms.read import FormComment, FormEntry, Outside, ReturnedForm, read_form
from topolreport.forms.write import write_form
from topolreport.model import Edition, Entry, Initiative, Review, ReviewComment
from topolreport.ooxml.tracked import Revision

from factories import small_edition

WHEN = datetime(2024, 2, 1, tzinfo=UTC)
D1_TEXT = "The [Data Hub](#) now has over 2,000 users. See also S1."
S1_BLOCKS = [("paragraph", "Courses run."), ("bullet", "Course A"), ("bullet", "Course B")]


# --- forms as read back, made by hand ------------------------------------------------------


def _issued(edition: Edition, *codes: str, name: str = "TEL") -> Issued:
    entries: dict[str, dict[str, Any]] = {}
    for entry in edition.entries:
        if entry.code in codes:
            entries[entry.code] = {
                "narrative": entry.narrative,
                "metrics": [m.model_dump(mode="json") for m in entry.metrics],
                "fixed": [],
            }
    return Issued(edition.id, name, "", "", [], entries)


def row(
    counts: str = "the Data Hub now has over 2,000 users",
    value: str = "2000",
    qualifier: str = "over",
    unit: str = "users",
    as_of: str = "2024-02",
    written: str = "over 2,000 users",
    source: str = "",
    issued: str = "0",
) -> dict[str, str]:
    return {
        "what it counts": counts,
        "value": value,
        "qualifier": qualifier,
        "unit": unit,
        "as of": as_of,
        "as written": written,
        "source": source,
        "issued": issued,
    }


def d1(blocks: list[tuple[str, str]] | None = None, *rows: dict[str, str]) -> FormEntry:
    return FormEntry(
        "D1",
        blocks if blocks is not None else [("paragraph", D1_TEXT)],
        list(rows) if rows else [row()],
        has_narrative=True,
    )


def s1(blocks: list[tuple[str, str]] | None = None, ticked: bool = False) -> FormEntry:
    return FormEntry(
        "S1",
        blocks if blocks is not None else list(S1_BLOCKS),
        [],
        has_narrative=True,
        unchanged_ticked=ticked,
    )


def returned(
    *entries: FormEntry,
    name: str = "TEL",
    edition: Edition | None = None,
    **extra: Any,
) -> ReturnedForm:
    edition = edition or small_edition()
    issued = _issued(edition, *(e.code for e in entries), name=name)
    return ReturnedForm(Path(f"{name.lower()}.docx"), issued, list(entries), **extra)


def changed(edition: Edition, *forms: ReturnedForm, **options: Any) -> dict[str, Entry]:
    return {c.code: c.new for c in collect(edition, list(forms), **options).written}


def problems(edition: Edition, *forms: ReturnedForm) -> list[str]:
    with pytest.raises(InputError) as caught:
        collect(edition, list(forms))
    return [problem.message for problem in caught.value.problems]


# --- the metrics table ----------------------------------------------------------------------


def test_a_form_returned_as_issued_changes_nothing() -> None:
    edition = small_edition()
    result = collect(edition, [returned(d1(), s1())])
    assert result.changes == [] and result.notes == [] and result.outside == []


def test_a_value_is_read_with_its_thousands_commas_and_spaces() -> None:
    edition = small_edition()
    form = returned(d1(None, row(value="2,500", written="over 2,500 users")))
    (metric,) = changed(edition, form)["D1"].metrics
    assert metric.value == 2500 and isinstance(metric.value, int)
    assert metric.text == "over 2,500 users" and metric.id == "d1-users"
    form = returned(d1(None, row(value="1 200.5", written="over 1,200.5 users")))
    (metric,) = changed(edition, form)["D1"].metrics
    assert metric.value == 1200.5


def test_a_value_that_is_no_number_names_the_entry_and_the_row() -> None:
    form = returned(d1(None, row(), row(value="lots", issued="")))
    assert problems(small_edition(), form) == [
        "D1: metrics table row 3: value 'lots' is not a number"
        ": must be written with digits 0-9, e.g. 33700, 33,700 or 2.5"
    ]
    form = returned(d1(None, row(value="many")))
    assert problems(small_edition(), form) == [
        "D1: metrics table row 2: value 'many' is not a number"
        ": must be written with digits 0-9, e.g. 33700, 33,700 or 2.5"
    ]


def test_a_qualifier_is_read_in_any_case_and_an_unknown_one_is_refused() -> None:
    edition = small_edition()
    (metric,) = changed(edition, returned(d1(None, row(qualifier="About"))))["D1"].metrics
    assert metric.qualifier == "about"
    (metric,) = changed(edition, returned(d1(None, row(qualifier=""))))["D1"].metrics
    assert metric.qualifier is None
    assert problems(edition, returned(d1(None, row(qualifier="roughly")))) == [
        "D1: metrics table row 2: qualifier 'roughly' is not one of "
        "about, at least, over, plus, under, up to"
    ]


def test_every_qualifier_a_lead_may_choose_is_taken() -> None:
    edition = small_edition()
    for qualifier in ("about", "plus", "up to", "at least", "under"):
        form = returned(d1(None, row(qualifier=qualifier.upper())))
        (metric,) = changed(edition, form)["D1"].metrics
        assert metric.qualifier == qualifier


def test_a_row_the_lead_added_is_a_new_figure_with_an_id_from_code_and_unit() -> None:
    edition = small_edition()
    added = row("posts were filled", "12", "", "posts", "2024-01", "12 posts", "", "")
    again = row("more posts were filled", "3", "", "posts", "", "", "https://x.org", "")
    metrics = changed(edition, returned(d1(None, row(), added, again)))["D1"].metrics
    assert [(m.id, m.value, m.unit) for m in metrics] == [
        ("d1-users", 2000, "users"),
        ("d1-posts", 12, "posts"),
        ("d1-posts-2", 3, "posts"),
    ]
    assert (metrics[1].as_of, metrics[1].source, metrics[1].label) == (
        "2024-01",
        None,
        "posts were filled",
    )
    # Nothing typed under "as written" or "as of": the value is the text, no month.
    assert (metrics[2].text, metrics[2].as_of, metrics[2].source) == ("3", None, "https://x.org")


def test_three_new_figures_of_one_unit_are_numbered_on() -> None:
    edition = small_edition()
    rows = [row(f"beds {n}", str(n), "", "beds", "", f"{n} beds", "", "") for n in (1, 2, 3)]
    metrics = changed(edition, returned(d1(None, row(), *rows)))["D1"].metrics
    assert [m.id for m in metrics] == ["d1-users", "d1-beds", "d1-beds-2", "d1-beds-3"]


def test_a_new_figure_whose_unit_has_no_letters_is_named_as_the_importer_names_it() -> None:
    edition = small_edition()
    added = row("of posts filled", "40", "", "%", "", "40%", "", "")
    metrics = changed(edition, returned(d1(None, row(), added)))["D1"].metrics
    assert [m.id for m in metrics] == ["d1-users", "d1-item"]


def test_a_new_figure_never_takes_the_id_of_one_in_the_snapshot() -> None:
    edition = small_edition()
    added = row("the Data Hub has users in Wales", "40", "", "users", "", "40 users", "", "")
    metrics = changed(edition, returned(d1(None, row(), added)))["D1"].metrics
    assert [m.id for m in metrics] == ["d1-users", "d1-users-2"]


def test_a_row_whose_bookmark_was_lost_is_known_by_its_label_or_its_words() -> None:
    edition = small_edition()
    by_label = row(value="2500", written="over 2,500 users", issued="")
    (metric,) = changed(edition, returned(d1(None, by_label)))["D1"].metrics
    assert (metric.id, metric.value) == ("d1-users", 2500)
    by_words = row(counts="Data Hub users", value="2500", issued="")
    (metric,) = changed(edition, returned(d1(None, by_words)))["D1"].metrics
    assert (metric.id, metric.value, metric.label) == ("d1-users", 2500, "Data Hub users")
    # The label typed as the words as written: still the same figure.
    by_text = row(counts="over 2,000 users", issued="")
    (metric,) = changed(edition, returned(d1(None, by_text)))["D1"].metrics
    assert (metric.id, metric.label) == ("d1-users", "over 2,000 users")


def test_a_bookmark_out_of_range_or_used_twice_is_not_believed() -> None:
    edition = small_edition()
    stray = row(counts="posts", value="5", unit="posts", written="5 posts", issued="7")
    metrics = changed(edition, returned(d1(None, row(), stray)))["D1"].metrics
    assert [m.id for m in metrics] == ["d1-users", "d1-posts"]
    # A row copied with its hidden bookmark: the copy is a new figure.
    copy = row(counts="Wales users", value="40", written="40 users")
    metrics = changed(edition, returned(d1(None, row(), copy)))["D1"].metrics
    assert [(m.id, m.value) for m in metrics] == [("d1-users", 2000), ("d1-users-2", 40)]


def test_a_row_deleted_removes_its_figure() -> None:
    edition = small_edition()
    form = returned(FormEntry("D1", [("paragraph", D1_TEXT)], [], has_narrative=True))
    assert changed(edition, form)["D1"].metrics == []


def test_a_field_a_figure_may_not_hold_names_the_row_and_field() -> None:
    form = returned(d1(None, row(as_of="2024-13")))
    assert problems(small_edition(), form) == [
        "D1: metrics table row 2: as_of: '2024-13' is not a month written YYYY-MM"
    ]
    form = returned(d1(None, row(unit="")))
    (message,) = problems(small_edition(), form)
    assert message.startswith("D1: metrics table row 2: unit: ")


def test_a_row_kept_by_its_bookmark_alone_is_the_figure_it_was_issued_with() -> None:
    edition = small_edition()
    rewritten = row(counts="Data Hub users in 2024", value="2500", written="2,500 users")
    (metric,) = changed(edition, returned(d1(None, rewritten)))["D1"].metrics
    assert (metric.id, metric.value, metric.text) == ("d1-users", 2500, "2,500 users")


def test_a_row_with_no_bookmark_at_all_is_known_by_its_label() -> None:
    edition = small_edition()
    bare = row(value="2500", written="over 2,500 users")
    del bare["issued"]
    (metric,) = changed(edition, returned(d1(None, bare)))["D1"].metrics
    assert (metric.id, metric.value) == ("d1-users", 2500)


def test_a_bookmark_just_past_the_issued_figures_is_not_believed() -> None:
    edition = small_edition()
    stray = row(counts="posts", value="5", unit="posts", written="5 posts", issued="1")
    metrics = changed(edition, returned(d1(None, row(), stray)))["D1"].metrics
    assert [m.id for m in metrics] == ["d1-users", "d1-posts"]


def test_a_row_whose_words_match_no_issued_figure_is_a_new_one() -> None:
    edition = small_edition()
    other = row(counts="posts filled", value="5", unit="posts", written="5 posts", issued="")
    metrics = changed(edition, returned(d1(None, other)))["D1"].metrics
    assert [(m.id, m.value) for m in metrics] == [("d1-posts", 5)]


def test_two_rows_that_lost_their_bookmarks_are_not_both_the_one_figure() -> None:
    edition = small_edition()
    first = row(value="2500", written="over 2,500 users", issued="")
    second = row(value="40", written="over 2,000 users", issued="")
    metrics = changed(edition, returned(d1(None, first, second)))["D1"].metrics
    assert [(m.id, m.value) for m in metrics] == [("d1-users", 2500), ("d1-users-2", 40)]


def test_every_bad_row_is_reported_and_names_the_form() -> None:
    rows = [row(qualifier="nearly"), row(value="x"), row(value="y", issued=""), row(unit="")]
    form = returned(d1(None, *rows))
    with pytest.raises(InputError) as caught:
        collect(small_edition(), [form])
    assert [(p.message[:32], p.file) for p in caught.value.problems] == [
        ("D1: metrics table row 2: qualifi", Path("tel.docx")),
        ("D1: metrics table row 3: value '", Path("tel.docx")),
        ("D1: metrics table row 4: value '", Path("tel.docx")),
        ("D1: metrics table row 5: unit: S", Path("tel.docx")),
    ]


# --- the narrative --------------------------------------------------------------------------


def test_a_narrative_edit_arrives_and_blank_blocks_are_dropped() -> None:
    edition = small_edition()
    blocks = [("paragraph", "  Courses run well. "), ("paragraph", "   "), *S1_BLOCKS[1:]]
    new = changed(edition, returned(s1(blocks)))["S1"]
    assert new.narrative == "Courses run well.\n\n- Course A\n- Course B"


def test_an_untouched_narrative_keeps_its_markdown_exactly() -> None:
    edition = small_edition()
    edition.entries[0].narrative = "The [Data Hub](#) now has over 2,000 users.\n\n* See S1."
    blocks = [("paragraph", "The [Data Hub](#) now has over 2,000 users."), ("bullet", "See S1.")]
    form = returned(d1(blocks, row(source="https://x.org")), edition=edition)
    new = changed(edition, form)["D1"]
    assert new.narrative == "The [Data Hub](#) now has over 2,000 users.\n\n* See S1."
    assert new.metrics[0].source == "https://x.org"


def test_a_newly_linked_name_is_a_new_initiative_and_an_old_link_is_not() -> None:
    edition = small_edition()
    text = "Courses run with the [Skills Academy](https://s.org) and the [Data Hub](#)."
    new = changed(edition, returned(s1([("paragraph", text)])))["S1"]
    assert [(i.id, i.name, i.url) for i in new.initiatives] == [
        ("skills-academy", "Skills Academy", "https://s.org"),
        ("data-hub", "Data Hub", None),  # named by D1; new to S1
    ]
    # D1 linked the Data Hub already: renaming nothing, it is not new again.
    text = D1_TEXT.replace("See also S1.", "The [Data Hub](#) grew.")
    new = changed(edition, returned(d1([("paragraph", text)])))["D1"]
    assert [i.id for i in new.initiatives] == ["data-hub"]


def test_a_name_the_old_narrative_linked_is_not_registered_again() -> None:
    edition = small_edition()
    edition.entries[2].narrative = "Courses run by [NHS Digital](#)."
    new_text = "Courses run by [NHS Digital](#) and [Skills Hub](#)."
    new = changed(edition, returned(s1([("paragraph", new_text)]), edition=edition))["S1"]
    assert [i.name for i in new.initiatives] == ["Skills Hub"]


def test_an_initiative_known_by_another_id_is_not_new() -> None:
    edition = small_edition()
    edition.entries[2].initiatives = [Initiative(id="i-7", name="Skills Hub")]
    new_text = "Courses run by the [Skills Hub](#)."
    new = changed(edition, returned(s1([("paragraph", new_text)])))["S1"]
    assert [(i.id, i.name) for i in new.initiatives] == [("i-7", "Skills Hub")]
    edition.entries[2].initiatives = [Initiative(id="skills-hub", name="The Hub of Skills")]
    new = changed(edition, returned(s1([("paragraph", new_text)])))["S1"]
    assert [(i.id, i.name) for i in new.initiatives] == [("skills-hub", "The Hub of Skills")]


def test_a_programme_named_without_a_link_is_not_registered_by_a_form() -> None:
    edition = small_edition()
    new_text = "Courses run by the Wessex Skills Programme."
    new = changed(edition, returned(s1([("paragraph", new_text)])))["S1"]
    assert new.initiatives == []


# --- merging several forms --------------------------------------------------------------------


def test_two_forms_editing_different_blocks_both_arrive() -> None:
    edition = small_edition()
    tel = returned(s1([("paragraph", "Courses run well."), *S1_BLOCKS[1:]]), name="TEL")
    kls = returned(s1([*S1_BLOCKS[:2], ("bullet", "Course C")]), name="KLS")
    result = collect(edition, [tel, kls])
    (change,) = result.written
    assert change.new.narrative == "Courses run well.\n\n- Course A\n- Course C"
    assert change.forms == [Path("tel.docx"), Path("kls.docx")]
    assert change.form == Path("tel.docx")


def test_overlapping_edits_are_a_conflict_naming_both_forms() -> None:
    edition = small_edition()
    tel = returned(s1([("paragraph", "Courses ran."), *S1_BLOCKS[1:]]), name="TEL")
    kls = returned(s1([("paragraph", "Courses stopped."), *S1_BLOCKS[1:]]), name="KLS")
    result = collect(edition, [tel, kls])
    assert result.written == []
    (change,) = result.conflicted
    (conflict,) = change.conflicts
    assert conflict.where == "narrative, where it read: Courses run."
    assert conflict.versions == [("tel.docx", "Courses ran."), ("kls.docx", "Courses stopped.")]


def test_a_deletion_against_an_edit_names_who_deleted() -> None:
    edition = small_edition()
    tel = returned(s1([*S1_BLOCKS[1:]]), name="TEL")
    kls = returned(s1([("paragraph", "Courses stopped."), *S1_BLOCKS[1:]]), name="KLS")
    (change,) = collect(edition, [tel, kls]).conflicted
    (conflict,) = change.conflicts
    assert conflict.versions == [("tel.docx", "(nothing)"), ("kls.docx", "Courses stopped.")]


def test_a_preferred_form_settles_a_conflict_either_way() -> None:
    edition = small_edition()
    tel = returned(s1([("paragraph", "Courses ran."), *S1_BLOCKS[1:]]), name="TEL")
    kls = returned(s1([("paragraph", "Courses stopped."), *S1_BLOCKS[1:]]), name="KLS")
    for preferred, first in (("kls.docx", "Courses stopped."), ("tel.docx", "Courses ran.")):
        new = changed(edition, tel, kls, prefer={preferred})
        assert new["S1"].narrative == first + "\n\n- Course A\n- Course B"


def test_an_edit_in_the_snapshot_meanwhile_clashes_with_the_form_unless_forced() -> None:
    edition = small_edition()
    form = returned(s1([("paragraph", "Courses ran."), *S1_BLOCKS[1:]]))
    edition.entries[2].narrative = "Courses stopped.\n\n- Course A\n- Course B"
    (change,) = collect(edition, [form]).conflicted
    assert change.conflicts[0].versions == [
        ("the snapshot", "Courses stopped."),
        ("tel.docx", "Courses ran."),
    ]
    assert changed(edition, form, force=True)["S1"].narrative.startswith("Courses ran.")
    assert changed(edition, form, prefer={"the snapshot"}) == {}


def test_a_snapshot_edit_and_a_form_edit_clash_naming_the_snapshot_after_the_form() -> None:
    edition = small_edition()
    tel = returned(s1([("paragraph", "Courses ran."), *S1_BLOCKS[1:]]), name="TEL")
    kls = returned(s1([("paragraph", "Courses stopped."), *S1_BLOCKS[1:]]), name="KLS")
    edition.entries[2].narrative = "Courses ran.\n\n- Course A\n- Course B"
    (change,) = collect(edition, [tel, kls]).conflicted
    assert change.conflicts[0].versions == [
        ("tel.docx and the snapshot", "Courses ran."),
        ("kls.docx", "Courses stopped."),
    ]


def test_a_figure_changed_by_two_forms_is_a_conflict_on_that_field() -> None:
    edition = small_edition()
    tel = returned(d1(None, row(value="2500", written="")), name="TEL")
    kls = returned(d1(None, row(value="3000", written="")), name="KLS")
    (change,) = collect(edition, [tel, kls]).conflicted
    value = next(c for c in change.conflicts if c.where.startswith("metric d1-users value"))
    assert value.where == "metric d1-users value, which read 2000"
    assert value.versions == [("tel.docx", "2500"), ("kls.docx", "3000")]
    assert changed(edition, tel, kls, prefer={"kls.docx"})["D1"].metrics[0].value == 3000
    assert changed(edition, tel, kls, prefer={"tel.docx"})["D1"].metrics[0].value == 2500


def test_a_figure_the_snapshot_changed_meanwhile_clashes_naming_the_snapshot() -> None:
    edition = small_edition()
    edition.entries[0].metrics[0].value = 2100
    form = returned(d1(None, row(value="2500", written="")))
    (change,) = collect(edition, [form]).conflicted
    value = next(c for c in change.conflicts if " value" in c.where)
    assert value.versions == [("the snapshot", "2100"), ("tel.docx", "2500")]
    assert changed(edition, form, force=True)["D1"].metrics[0].value == 2500


def test_a_figure_deleted_in_one_form_and_changed_in_another_shows_empty() -> None:
    edition = small_edition()
    tel = returned(FormEntry("D1", [("paragraph", D1_TEXT)], [], has_narrative=True), name="TEL")
    kls = returned(d1(None, row(value="2500", written="")), name="KLS")
    (change,) = collect(edition, [tel, kls]).conflicted
    (conflict,) = change.conflicts
    assert conflict.where.startswith("metric d1-users, which read {")
    assert conflict.versions[0] == ("tel.docx", "None")


def test_a_figure_whose_table_and_narrative_disagree_is_a_conflict() -> None:
    edition = small_edition()
    text = D1_TEXT.replace("2,000", "2,200")
    form = returned(d1([("paragraph", text)], row(value="2500", written="")))
    (change,) = collect(edition, [form]).conflicted
    (conflict,) = change.conflicts
    assert conflict.where == "figure d1-users: its table and narrative disagree"
    assert conflict.versions == [
        ("tel.docx (table)", "2,500"),
        ("tel.docx (narrative)", "over 2,200 users"),
    ]


def test_a_value_changed_in_the_table_rewrites_the_narrative() -> None:
    edition = small_edition()
    form = returned(d1(None, row(value="2500", written="")))
    new = changed(edition, form)["D1"]
    assert new.narrative == "The [Data Hub](#) now has over 2,500 users. See also S1."


def test_a_deleted_block_named_after_an_existing_one_is_no_snapshot_edit() -> None:
    # TEL's new first block reads like one the snapshot holds further down; the snapshot
    # itself was not edited, so only TEL made that side of the clash.
    edition = small_edition()
    tel = returned(s1([("bullet", "Course B"), *S1_BLOCKS[1:]]), name="TEL")
    kls = returned(s1([("paragraph", "Courses stopped."), *S1_BLOCKS[1:]]), name="KLS")
    (change,) = collect(edition, [tel, kls]).conflicted
    assert change.conflicts[0].versions == [
        ("tel.docx", "- Course B"),
        ("kls.docx", "Courses stopped."),
    ]


def test_a_figure_field_first_set_by_two_forms_shows_it_was_empty() -> None:
    edition = small_edition()
    tel = returned(d1(None, row(source="https://t.org")), name="TEL")
    kls = returned(d1(None, row(source="https://k.org")), name="KLS")
    (change,) = collect(edition, [tel, kls]).conflicted
    (conflict,) = change.conflicts
    assert conflict.where == "metric d1-users source, which read (empty)"
    assert conflict.versions == [("tel.docx", "https://t.org"), ("kls.docx", "https://k.org")]


def test_a_figure_clash_names_the_forms_and_the_snapshot_that_made_ours() -> None:
    edition = small_edition()
    edition.entries[0].metrics[0].value = 2100  # edited in the snapshot meanwhile
    issued = small_edition()
    tel = returned(d1(None, row(source="https://t.org")), name="TEL", edition=issued)
    kls = returned(d1(None, row(value="3000", written="")), name="KLS", edition=issued)
    (change,) = collect(edition, [tel, kls]).conflicted
    value = next(c for c in change.conflicts if " value" in c.where)
    assert value.versions == [("tel.docx and the snapshot", "2100"), ("kls.docx", "3000")]


def test_a_figure_added_in_a_form_never_takes_an_id_the_snapshot_added_meanwhile() -> None:
    issued = small_edition()
    issued.entries[0].metrics = []
    edition = small_edition()  # the snapshot has d1-users; the form was issued without it
    added = row("Wales users", "40", "", "users", "", "40 users", "", "")
    form = returned(d1([("paragraph", D1_TEXT)], added), edition=issued)
    metrics = changed(edition, form)["D1"].metrics
    assert [(m.id, m.value) for m in metrics] == [("d1-users", 2000), ("d1-users-2", 40)]


def test_each_forms_tracked_changes_and_comments_go_with_its_entry() -> None:
    from topolreport.ooxml.tracked import Revision

    edition = small_edition()
    inserted = Revision("insertion", "Jo", "2024-01-10", "well ")
    deleted = Revision("deletion", "Al", "2024-01-11", "A")
    elsewhere = Revision("insertion", "Jo", "2024-01-10", "x")
    tel = returned(
        s1([("paragraph", "Courses run well."), *S1_BLOCKS[1:]]),
        name="TEL",
        revisions=[("S1", inserted), ("D1", elsewhere)],
        comments=[_comment("S1"), _comment("D1")],
    )
    kls = returned(
        s1([*S1_BLOCKS[:2], ("bullet", "Course C")]),
        name="KLS",
        revisions=[("S1", deleted)],
        comments=[_comment("S1", author="Al")],
    )
    (change,) = collect(edition, [tel, kls]).written
    assert change.revisions == [(Path("tel.docx"), inserted), (Path("kls.docx"), deleted)]
    assert [(path.name, c.author) for path, c in change.comments] == [
        ("tel.docx", "Jo"),
        ("kls.docx", "Al"),
    ]


def test_a_name_mentioned_before_its_new_link_keeps_the_links_address() -> None:
    edition = small_edition()
    text = "Courses run by the Skills Hub; see the [Skills Hub](https://s.org)."
    new = changed(edition, returned(s1([("paragraph", text)])))["S1"]
    assert [(i.id, i.name, i.url) for i in new.initiatives] == [
        ("skills-hub", "Skills Hub", "https://s.org")
    ]
    # In the order they are first named, linked or not.
    text = "Nurses use GeNotes and the [Wessex Hub](#); see [GeNotes](https://g.org)."
    new = changed(edition, returned(s1([("paragraph", text)])))["S1"]
    assert [(i.name, i.url) for i in new.initiatives] == [
        ("GeNotes", "https://g.org"),
        ("Wessex Hub", None),
    ]


# --- forms that cannot be collected -----------------------------------------------------------


def test_a_form_for_another_edition_is_refused_naming_both() -> None:
    form = returned(d1(), edition=small_edition("2023-02"))
    again = returned(s1(), name="KLS", edition=small_edition("2022-02"))
    with pytest.raises(InputError) as caught:
        collect(small_edition(), [form, again])
    assert [(p.message, p.file, p.hint) for p in caught.value.problems] == [
        (
            "this form is for edition '2023-02', not '2024-02'",
            Path("tel.docx"),
            "collect it into 2023-02, or issue forms for 2024-02",
        ),
        (
            "this form is for edition '2022-02', not '2024-02'",
            Path("kls.docx"),
            "collect it into 2022-02, or issue forms for 2024-02",
        ),
    ]


def test_an_entry_the_edition_has_not_is_refused() -> None:
    edition = small_edition()
    form = returned(d1())
    form.entries.append(FormEntry("Z9", [], [], has_narrative=True))
    form.entries.append(FormEntry("Z8", [], [], has_narrative=True))
    with pytest.raises(InputError) as caught:
        collect(edition, [form])
    assert [(p.message, p.file) for p in caught.value.problems] == [
        ("Z9: no such entry in 2024-02", Path("tel.docx")),
        ("Z8: no such entry in 2024-02", Path("tel.docx")),
    ]


def test_every_bad_row_of_every_form_is_reported_at_once() -> None:
    tel = returned(d1(None, row(value="x")), name="TEL")
    kls = returned(d1(None, row(value="y")), name="KLS")
    assert problems(small_edition(), tel, kls) == [
        "D1: metrics table row 2: value 'x' is not a number"
        ": must be written with digits 0-9, e.g. 33700, 33,700 or 2.5",
        "D1: metrics table row 2: value 'y' is not a number"
        ": must be written with digits 0-9, e.g. 33700, 33,700 or 2.5",
    ]


# --- "no change this year", comments, and what a person reads -------------------------------


def test_no_change_ticked_confirms_the_entry_in_the_leads_name() -> None:
    edition = small_edition()
    form = returned(s1(ticked=True), completed_by="Jo Lead, TEL", saved_on="2024-01-20")
    result = collect(edition, [form])
    (change,) = result.written
    assert change.confirmed_by == "Jo Lead, TEL"
    review = change.new.review
    assert review is not None
    assert (review.state, review.reason, review.by, review.on) == (
        "confirmed",
        "no change this year (ticked in tel.docx)",
        "Jo Lead, TEL",
        "2024-01-20",
    )
    assert change.forms == [Path("tel.docx")] and result.notes == []
    assert describe(change) == ["confirmed unchanged by Jo Lead, TEL"]


def test_no_change_ticked_without_a_name_is_in_the_forms_name() -> None:
    (change,) = collect(small_edition(), [returned(s1(ticked=True))]).written
    assert change.confirmed_by == "TEL"


def test_no_change_ticked_on_an_edited_entry_is_ignored_with_a_note() -> None:
    edition = small_edition()
    form = returned(s1([("paragraph", "Courses ran.")], ticked=True))
    result = collect(edition, [form])
    (change,) = result.written
    assert change.confirmed_by is None and change.new.review is None
    assert result.notes == [
        "tel.docx: S1: 'no change this year' is ticked, but the entry was edited; "
        "the edits are applied and the tick is ignored"
    ]


def test_no_change_ticked_when_another_form_edited_the_entry_is_ignored() -> None:
    edition = small_edition()
    tel = returned(s1(ticked=True), name="TEL")
    kls = returned(s1([("paragraph", "Courses ran.")]), name="KLS")
    result = collect(edition, [tel, kls])
    (change,) = result.written
    assert change.confirmed_by is None and change.new.narrative == "Courses ran."
    assert len(result.notes) == 1 and result.notes[0].startswith("tel.docx: S1: ")


def test_no_change_ticked_on_an_entry_edited_since_it_was_carried_is_not_confirmed() -> None:
    edition = small_edition()
    edition.entries[2].review = Review(fingerprint="0123456789abcdef")
    result = collect(edition, [returned(s1(ticked=True))])
    assert result.changes == []
    assert result.notes == [
        "tel.docx: S1: 'no change this year' is ticked, but the entry was edited since it "
        "was carried forward; not confirmed"
    ]


def test_no_change_ticked_on_an_entry_carried_unedited_confirms_it() -> None:
    from topolreport.drafting import fingerprint

    edition = small_edition()
    entry = edition.entries[2]
    entry.review = Review(fingerprint=fingerprint(entry))
    (change,) = collect(edition, [returned(s1(ticked=True))]).written
    assert change.new.review is not None and change.new.review.state == "confirmed"
    entry.review = Review()  # carried without a fingerprint: nothing to compare
    (change,) = collect(edition, [returned(s1(ticked=True))]).written
    assert change.confirmed_by == "TEL"


def test_no_change_ticked_on_an_entry_already_confirmed_changes_nothing() -> None:
    edition = small_edition()
    edition.entries[2].review = Review(state="confirmed", reason="checked", by="Al")
    result = collect(edition, [returned(s1(ticked=True))])
    assert result.changes == [] and result.notes == []


def _comment(code: str, author: str = "Jo", passage: str = "Course A") -> FormComment:
    return FormComment(code, author, "2024-01-10T09:00:00Z", passage, "Is this still true?")


def test_a_comment_on_an_entry_is_kept_with_it_once() -> None:
    edition = small_edition()
    tel = returned(s1(), name="TEL", comments=[_comment("S1")])
    again = returned(s1(), name="TEL", comments=[_comment("S1")])
    (change,) = collect(edition, [tel, again]).written
    assert change.new.review is not None
    assert change.new.review.comments == [
        ReviewComment(
            author="Jo",
            date="2024-01-10T09:00:00Z",
            passage="Course A",
            text="Is this still true?",
            form="tel.docx",
        )
    ]
    assert describe(change)[-1] == "comment by Jo on 'Course A': Is this still true?"


def test_a_comment_keeps_what_the_entry_was_already_keeping() -> None:
    edition = small_edition()
    earlier = ReviewComment(author="Al", text="Checked.", form="old.docx")
    edition.entries[2].review = Review(state="confirmed", reason="checked", comments=[earlier])
    (change,) = collect(edition, [returned(s1(), comments=[_comment("S1")])]).written
    review = change.new.review
    assert review is not None and review.state == "confirmed" and review.reason == "checked"
    assert [c.author for c in review.comments or []] == ["Al", "Jo"]


def test_a_comment_outside_every_entry_is_a_note() -> None:
    edition = small_edition()
    form = returned(
        s1(), comments=[_comment("", author="", passage=""), _comment("", passage="Dear lead")]
    )
    result = collect(edition, [form])
    assert result.changes == []
    assert result.notes == [
        "tel.docx: comment by an unnamed author: Is this still true?",
        "tel.docx: comment by Jo on 'Dear lead': Is this still true?",
    ]


def test_text_typed_outside_the_editable_parts_is_handed_on() -> None:
    edition = small_edition()
    typed = Outside("S1", "Owners: TEL and KLS")
    other = Outside("", "Dear editor")
    tel = returned(s1(), outside=[typed])
    kls = returned(s1(), name="KLS", outside=[other])
    result = collect(edition, [tel, kls])
    assert result.outside == [(Path("tel.docx"), typed), (Path("kls.docx"), other)]


def test_describe_lists_every_change_a_person_approves() -> None:
    edition = small_edition()
    added = row("posts were filled", "12", "", "posts", "", "12 posts", "", "")
    text = D1_TEXT.replace("See also S1.", "See the [Skills Hub](#).")
    form = returned(d1([("paragraph", text)], row(value="2500", written=""), added))
    (change,) = collect(edition, [form]).written
    assert describe(change) == [
        "--- D1 (snapshot)",
        "+++ D1 (tel.docx)",
        "@@ -1 +1 @@",
        "-" + D1_TEXT,
        "+The [Data Hub](#) now has over 2,500 users. See the [Skills Hub](#).",
        "~ metric d1-users value: 2000 -> 2500",
        "~ metric d1-users label: 'the Data Hub now has over 2,000 users' -> "
        "'the Data Hub now has over 2,500 users'",
        "~ metric d1-users text: 'over 2,000 users' -> 'over 2,500 users'",
        "+ metric d1-posts: 12 posts",
        "+ initiative Skills Hub",
    ]


def test_describe_shows_a_narrative_of_several_lines_line_by_line() -> None:
    edition = small_edition()
    tel = returned(s1([("paragraph", "Courses run well."), *S1_BLOCKS[1:]]), name="TEL")
    kls = returned(s1([*S1_BLOCKS[:2], ("bullet", "Course C")]), name="KLS")
    (change,) = collect(edition, [tel, kls]).written
    assert describe(change) == [
        "--- S1 (snapshot)",
        "+++ S1 (tel.docx, kls.docx)",
        "@@ -1,4 +1,4 @@",
        "-Courses run.",
        "+Courses run well.",
        " ",
        " - Course A",
        "-- Course B",
        "+- Course C",
    ]
    change.forms = []
    assert describe(change)[1] == "+++ S1 (the forms)"


def test_describe_names_a_removed_figure_and_tracked_changes() -> None:
    from topolreport.ooxml.tracked import Revision

    edition = small_edition()
    old = edition.entries[0]
    new = old.model_copy(update={"metrics": []})
    change = EntryChange("D1", old, new, forms=[])
    change.revisions = [
        (Path("tel.docx"), Revision("insertion", "Jo", "2024-01-10", "now ")),
        (Path("kls.docx"), Revision("deletion", "", "", "  ")),
    ]
    change.comments = [(Path("kls.docx"), _comment("D1", author="", passage=""))]
    assert describe(change) == [
        "- metric d1-users",
        "tracked insertion by Jo (tel.docx): 'now '",
        "tracked deletion by an unnamed author (kls.docx)",
        "comment by an unnamed author: Is this still true?",
    ]


def test_a_change_is_written_only_without_conflicts_and_when_it_changes_something() -> None:
    entry = small_edition().entries[2]
    assert not EntryChange("S1", entry, entry).writable
    edited = entry.model_copy(update={"narrative": "Courses ran."})
    assert EntryChange("S1", entry, edited).writable


# === reading a returned form ===

D1_ROW = {
    "what it counts": "the Data Hub now has over 2,000 users",
    "value": "2,000",
    "qualifier": "over",
    "unit": "users",
    "as of": "2024-02",
    "as written": "over 2,000 users",
    "source": "",
    "issued": "0",
}


@functools.cache
def _issued_form() -> bytes:
    edition = small_edition()
    return write_form(edition, "TEL", [edition.entries[0], edition.entries[2]], WHEN)


def form(folder: Path) -> Path:
    """The form for TEL holding D1 and S1, as issued."""
    path = folder / "tel.docx"
    path.write_bytes(_issued_form())
    return path


def edited(folder: Path, change: Callable[..., None]) -> Path:
    """The form as issued, then changed in python-docx as a word processor would save it."""
    path = form(folder)
    document = Document(str(path))
    change(document)
    document.save(str(path))
    return path


def paragraph(document, text: str, nth: int = 0) -> Paragraph:  # type: ignore[no-untyped-def]
    found = [p for p in document.paragraphs if p.text.startswith(text)]
    return found[nth]


def refusal(path: Path, **options: str) -> tuple[str, Path | None, str | None]:
    """The one problem a form is refused with: message, file and hint."""
    with pytest.raises(InputError) as caught:
        read_form(path, **options)  # type: ignore[arg-type]
    (problem,) = caught.value.problems
    return problem.message, problem.file, problem.hint


def refused(path: Path, **options: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_form(path, **options)  # type: ignore[arg-type]
    error = caught.value
    return [problem.message for problem in error.problems] or [str(error)]


# --- a form read as it was sent -----------------------------------------------------------------


def test_a_form_as_sent_reads_back_as_issued(tmp_path: Path) -> None:
    returned = read_form(form(tmp_path))
    d1, s1 = returned.entries
    assert (d1.code, d1.blocks, d1.rows) == ("D1", [("paragraph", D1_TEXT)], [D1_ROW])
    assert (s1.code, s1.blocks, s1.rows) == ("S1", S1_BLOCKS, [])
    assert d1.has_narrative and s1.has_narrative
    assert not d1.unchanged_ticked and not s1.unchanged_ticked
    assert returned.completed_by == "" and returned.saved_on is None
    assert returned.outside == [] and returned.revisions == [] and returned.comments == []
    assert (returned.edition_id, returned.name) == ("2024-02", "TEL")


def test_the_day_a_form_was_saved_is_kept(tmp_path: Path) -> None:
    def save(document) -> None:  # type: ignore[no-untyped-def]
        document.core_properties.modified = datetime(2024, 3, 5, 14, 0, tzinfo=UTC)

    assert read_form(edited(tmp_path, save)).saved_on == "2024-03-05"


def test_the_name_typed_after_completed_by_is_who_completed_it(tmp_path: Path) -> None:
    def sign(document) -> None:  # type: ignore[no-untyped-def]
        paragraph(document, "Completed by").add_run("Jo Lead, TEL")

    returned = read_form(edited(tmp_path, sign))
    assert returned.completed_by == "Jo Lead, TEL" and returned.outside == []


def test_words_typed_in_the_protected_lines_are_reported_never_applied(tmp_path: Path) -> None:
    def type_in(document) -> None:  # type: ignore[no-untyped-def]
        paragraph(document, "Completed by").insert_paragraph_before("Sorry this is late.")
        paragraph(document, "Owners: TEL").add_run(" and KLS")
        heading = paragraph(document, "D1. ")
        heading.insert_paragraph_before("")  # an empty line is nothing typed

    returned = read_form(edited(tmp_path, type_in))
    assert returned.outside == [
        Outside("", "Sorry this is late."),
        Outside("D1", "Owners: TEL and KLS"),
    ]
    assert returned.entries[0].blocks == [("paragraph", D1_TEXT)]


def test_a_protected_line_typed_twice_is_reported_once(tmp_path: Path) -> None:
    def twice(document) -> None:  # type: ignore[no-untyped-def]
        owners = paragraph(document, "Owners: none recorded")
        owners._p.addnext(copy.deepcopy(owners._p))

    assert read_form(edited(tmp_path, twice)).outside == [Outside("S1", "Owners: none recorded")]


@pytest.mark.parametrize(
    "typed, ticked, outside",
    [
        ("x", True, []),
        ("Yes", True, []),
        ("\u2612", True, []),
        # words, not a mark: reported as typed (the empty box still there)
        ("not sure", False, [Outside("S1", "No change this year: \u2610not sure")]),
    ],
)
def test_a_mark_typed_in_the_no_change_box(
    tmp_path: Path, typed: str, ticked: bool, outside: list[Outside]
) -> None:
    def tick(document) -> None:  # type: ignore[no-untyped-def]
        paragraph(document, "No change this year", nth=1).add_run(typed)

    returned = read_form(edited(tmp_path, tick))
    assert [e.unchanged_ticked for e in returned.entries] == [False, ticked]
    assert returned.outside == outside


def test_list_items_are_bullets_by_style_or_by_the_toolbars_numbering(tmp_path: Path) -> None:
    def number(document) -> None:  # type: ignore[no-untyped-def]
        for text, ident in (("Courses run.", "3"), ("Course A", "0")):
            p_pr = paragraph(document, text)._p.get_or_add_pPr()
            p_pr.append(
                fragment(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{ident}"/></w:numPr>')
            )

    s1 = read_form(edited(tmp_path, number)).entries[1]
    assert s1.blocks == [
        ("bullet", "Courses run."),
        ("paragraph", "Course A"),
        ("bullet", "Course B"),
    ]


def test_paragraphs_inside_a_content_control_are_read_as_the_narrative(tmp_path: Path) -> None:
    def wrap(document) -> None:  # type: ignore[no-untyped-def]
        p = paragraph(document, "Courses run.")._p
        sdt = fragment(
            "<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtEndPr/><w:sdtContent/></w:sdt>"
        )
        p.addprevious(sdt)
        sdt.find(qn("w:sdtContent")).append(p)
        p.addprevious(fragment("<w:sdt><w:sdtPr/></w:sdt>"))  # a control holding nothing
        q = paragraph(document, "Course B")._p
        custom = fragment("<w:customXml w:element='note'><w:customXmlPr/></w:customXml>")
        q.addprevious(custom)
        custom.append(q)

    assert read_form(edited(tmp_path, wrap)).entries[1].blocks == S1_BLOCKS


# --- forms whose structure was broken -------------------------------------------------------------


def test_a_retyped_entry_heading_refuses_the_form(tmp_path: Path) -> None:
    def retype(document) -> None:  # type: ignore[no-untyped-def]
        paragraph(document, "S1. ").text = "S1 Everyone should learn."

    # What followed it is read as D1's: its table is a second one there.
    assert refused(edited(tmp_path, retype)) == [
        "D1: a second table was added",
        "S1: the entry's heading was deleted or retyped",
        "form refused; nothing was written",
    ]


def test_a_deleted_table_or_narrative_heading_refuses_the_form(tmp_path: Path) -> None:
    def break_it(document) -> None:  # type: ignore[no-untyped-def]
        heading = paragraph(document, "Progress narrative", nth=1)
        heading.style = document.styles["Normal"]
        table = document.tables[0]._tbl
        table.getparent().remove(table)

    assert refused(edited(tmp_path, break_it)) == [
        "D1: the metrics table is missing (was it deleted?)",
        "S1: the 'Progress narrative' heading is missing or retyped",
        "form refused; nothing was written",
    ]


def test_a_second_table_or_changed_columns_refuse_the_form(tmp_path: Path) -> None:
    def break_it(document) -> None:  # type: ignore[no-untyped-def]
        first = document.tables[0]._tbl
        first.addnext(copy.deepcopy(first))
        document.tables[2].rows[0].cells[1].paragraphs[0].runs[0].text = "amount"

    path = edited(tmp_path, break_it)
    assert refused(path) == [
        "D1: a second table was added",
        "S1: the metrics table's columns were changed",
        "form refused; nothing was written",
    ]
    with pytest.raises(InputError) as caught:
        read_form(path)
    columns = caught.value.problems[1]
    assert columns.file == path
    assert columns.hint == (
        "expected: what it counts | value | qualifier | unit | as of | as written | source"
    )


def test_a_row_added_to_the_table_is_a_row_issued_with_nothing(tmp_path: Path) -> None:
    def add(document) -> None:  # type: ignore[no-untyped-def]
        table = document.tables[1]
        for values in (["posts filled", "12", "", "posts", "", "12 posts", ""], [""] * 7):
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = value

    s1 = read_form(edited(tmp_path, add)).entries[1]
    assert s1.rows == [
        {
            "what it counts": "posts filled",
            "value": "12",
            "qualifier": "",
            "unit": "posts",
            "as of": "",
            "as written": "12 posts",
            "source": "",
            "issued": "",
        }
    ]


def test_a_bookmark_not_naming_an_issued_place_is_ignored(tmp_path: Path) -> None:
    def mark(document) -> None:  # type: ignore[no-untyped-def]
        cell = document.tables[0].rows[1].cells[0]._tc
        for mark in cell.iter(qn("w:bookmarkStart")):
            mark.set(qn("w:name"), "_tr_metric_x")
        cell.append(fragment('<w:p><w:bookmarkStart w:id="99" w:name="other_1"/></w:p>'))

    assert read_form(edited(tmp_path, mark)).entries[0].rows == [{**D1_ROW, "issued": ""}]


def test_a_word_document_that_is_no_form_is_refused(tmp_path: Path) -> None:
    def recategorise(document) -> None:  # type: ignore[no-untyped-def]
        document.core_properties.category = "minutes"

    assert refused(edited(tmp_path, recategorise)) == ["not a contributor form"]


def test_a_form_without_what_it_was_issued_with_is_refused(tmp_path: Path) -> None:
    path = form(tmp_path)
    properties = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties"/>'
    )
    replace_part(path, "docProps/custom.xml", properties.encode())
    assert refused(path) == [
        "this form cannot be collected: it carries no record of how it was issued"
    ]


def test_each_refusal_names_the_file_and_what_to_do(tmp_path: Path) -> None:
    def recategorise(document) -> None:  # type: ignore[no-untyped-def]
        document.core_properties.category = "minutes"

    path = edited(tmp_path, recategorise)
    assert refusal(path) == ("not a contributor form", path, "forms come from `topolreport forms`")
    path = edited(tmp_path, _track)
    assert refusal(path, revisions="refuse") == (
        "holds 1 tracked change(s); refused (--revisions refuse)",
        path,
        "accept or reject them in the word processor, or collect with --revisions accept",
    )
    big = tmp_path / "big.docx"
    with big.open("wb") as out:
        out.truncate((20 << 20) + 1)
    assert refusal(big)[1] == big


def test_a_word_document_carrying_no_record_is_refused_with_a_reason(tmp_path: Path) -> None:
    document = Document()
    document.core_properties.category = "topolreport contributor form"
    path = tmp_path / "plain.docx"
    document.save(str(path))
    assert refusal(path) == (
        "this form cannot be collected: it carries no record of how it was issued",
        path,
        "forms issued by an older version must be reissued with `topolreport forms`",
    )


def test_a_cell_of_several_lines_is_read_line_by_line(tmp_path: Path) -> None:
    def two_lines(document) -> None:  # type: ignore[no-untyped-def]
        cell = document.tables[0].rows[1].cells[6]
        cell.paragraphs[0].add_run("Hub report")
        cell.add_paragraph("page 4")

    (row,) = read_form(edited(tmp_path, two_lines)).entries[0].rows or []
    assert row["source"] == "Hub report\npage 4"


def test_a_missing_file_is_refused_in_one_line(tmp_path: Path) -> None:
    assert refused(tmp_path / "none.docx") == ["cannot be read (No such file or directory)"]


def test_a_file_larger_than_a_form_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "big.docx"
    with path.open("wb") as out:
        out.truncate((20 << 20) + 1)
    assert refused(path) == ["the file is 20 MiB, more than a form can be (20 MiB)"]
    with path.open("wb") as out:
        out.truncate(20 << 20)  # as large as a form can be: read, and found no zip
    assert refused(path) == ["not a Word document (the file is not a valid .docx zip)"]


def test_a_form_that_unpacks_past_its_limit_says_how_large_and_is_not_unpacked(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bomb.docx"
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (101 << 20))
    path.write_bytes(stream.getvalue())
    with pytest.raises(InputError) as caught:
        read_form(path)
    assert caught.value.file == path
    assert [p.message for p in caught.value.problems] == [
        "the document unpacks to 101 MiB, more than a form can be (100 MiB); refused unread"
    ]


def test_a_zip_that_is_no_word_document_is_refused_by_its_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "minutes of the board")
    with pytest.raises(InputError) as caught:
        read_form(path)
    assert caught.value.file == path
    assert [p.message for p in caught.value.problems] == ["not a Word document"]


def test_a_form_whose_xml_was_cut_short_is_refused_as_malformed(tmp_path: Path) -> None:
    path = form(tmp_path)
    with zipfile.ZipFile(path) as archive:
        body = archive.read("word/document.xml")
    replace_part(path, "word/document.xml", body[:-40])
    with pytest.raises(InputError) as caught:
        read_form(path)
    assert caught.value.file == path
    (message,) = [p.message for p in caught.value.problems]
    assert message.startswith("not a Word document: its XML is malformed (")
    assert message.endswith(")") and "line 2" in message


# --- tracked changes, comments, and what `collect` does not read --------------------------------


def _track(document) -> None:  # type: ignore[no-untyped-def]
    """Jo Bloggs inserts "now " before "Course A", tracked."""
    p = paragraph(document, "Course A")._p
    p.insert(1, fragment(f"<w:ins {who()}>{run_xml('Now ')}</w:ins>"))


def test_a_tracked_insertion_is_accepted_and_noted_in_its_entry(tmp_path: Path) -> None:
    returned = read_form(edited(tmp_path, _track))
    assert returned.entries[1].blocks[1] == ("bullet", "Now Course A")
    assert returned.revisions == [
        ("S1", Revision("insertion", "Jo Bloggs", "2024-01-10T09:00:00Z", "Now "))
    ]


def test_a_tracked_insertion_rejected_is_left_out(tmp_path: Path) -> None:
    returned = read_form(edited(tmp_path, _track), revisions="reject")
    assert returned.entries[1].blocks == S1_BLOCKS
    assert [code for code, _ in returned.revisions] == ["S1"]


def test_tracked_changes_refused_when_asked(tmp_path: Path) -> None:
    assert refused(edited(tmp_path, _track), revisions="refuse") == [
        "holds 1 tracked change(s); refused (--revisions refuse)"
    ]
    assert read_form(form(tmp_path), revisions="refuse").revisions == []


def test_a_comment_is_read_with_its_passage_author_and_entry(tmp_path: Path) -> None:
    def comment(document) -> None:  # type: ignore[no-untyped-def]
        runs = paragraph(document, "Course A").runs
        note = document.add_comment(runs, text="Is this still true?", author="Jo", initials="J")
        note._comment_elm.set(qn("w:date"), "2024-01-10T09:00:00Z")
        intro = paragraph(document, "Update form for TEL").runs
        document.add_comment(intro[:1], text="Who sent this?", author="Al", initials="A")

    found = read_form(edited(tmp_path, comment)).comments
    assert found[0] == FormComment(
        "S1", "Jo", "2024-01-10T09:00:00Z", "Course A", "Is this still true?"
    )
    assert (found[1].code, found[1].author, found[1].text) == ("", "Al", "Who sent this?")
    assert found[1].passage.startswith("Update form for TEL.")


def test_comments_without_a_range_an_anchor_an_author_or_words(tmp_path: Path) -> None:
    def comment(document) -> None:  # type: ignore[no-untyped-def]
        bullet = paragraph(document, "Course A")
        runs = bullet.runs
        bullet._p.append(fragment("<w:r><w:t/></w:r>"))  # an empty run inside the range
        note = document.add_comment(runs, text="Is this true?", author="Jo", initials="J")
        end = bullet._p.find(qn("w:commentRangeEnd"))
        bullet._p.remove(end)
        bullet._p.append(end)
        note._comment_elm.find(f"{qn('w:p')}/{qn('w:r')}").append(fragment("<w:t/>"))
        # A comment on a point in S1's narrative: a reference with no range.
        point = document.add_comment(
            paragraph(document, "Course B").runs, text="Why?", author="Al", initials="A"
        )
        body = document.element.body
        for tag in ("w:commentRangeStart", "w:commentRangeEnd"):
            for mark in list(body.iter(qn(tag))):
                if mark.get(qn("w:id")) == str(point.comment_id):
                    mark.getparent().remove(mark)
        # A comment whose anchors were all deleted, with no author or date.
        lost = document.add_comment(
            paragraph(document, "Courses run.").runs, text="Gone.", author="X", initials="X"
        )
        for mark in list(body.iter()):
            if mark.get(qn("w:id")) == str(lost.comment_id) and mark.tag.startswith(
                f"{{{W_NS}}}comment"
            ):
                mark.getparent().remove(mark)
        for name in ("w:author", "w:date", "w:initials"):
            lost._comment_elm.attrib.pop(qn(name), None)

    found = read_form(edited(tmp_path, comment)).comments
    assert [(c.code, c.author, c.passage, c.text) for c in found] == [
        ("S1", "Jo", "Course A", "Is this true?"),
        ("S1", "Al", "", "Why?"),
        ("", "", "", "Gone."),
    ]
    assert found[2].date == ""


def test_a_text_box_and_a_picture_are_reported_as_outside(tmp_path: Path) -> None:
    def draw(document) -> None:  # type: ignore[no-untyped-def]
        p = paragraph(document, "Course B")._p
        p.append(
            fragment(
                "<w:r><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml'><v:textbox>"
                "<w:txbxContent><w:p><w:r><w:t>Typed in a box</w:t></w:r></w:p>"
                "<w:p><w:r><w:t>on two lines</w:t></w:r></w:p>"
                "<w:p/></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
            )
        )
        p.append(fragment("<w:r><w:pict/></w:r>"))
        q = paragraph(document, "Courses run.")._p
        q.append(
            fragment(
                "<w:r><mc:AlternateContent xmlns:mc="
                "'http://schemas.openxmlformats.org/markup-compatibility/2006'>"
                "<mc:Choice Requires='wps'><w:drawing/></mc:Choice>"
                "<mc:Fallback><w:pict/></mc:Fallback></mc:AlternateContent></w:r>"
            )
        )
        empty = paragraph(document, "Owners: TEL")._p
        empty.append(fragment("<w:r><w:pict><w:txbxContent><w:p/></w:txbxContent></w:pict></w:r>"))

    assert read_form(edited(tmp_path, draw)).outside == [
        Outside("S1", "(a picture or shape)", "the snapshot holds text"),
        Outside("S1", "Typed in a box\non two lines", "typed in a text box"),
        Outside("S1", "(a picture or shape)", "the snapshot holds text"),
    ]


def test_a_picture_is_placed_in_the_entry_whose_heading_it_follows(tmp_path: Path) -> None:
    def draw(document) -> None:  # type: ignore[no-untyped-def]
        paragraph(document, "Update form for TEL")._p.append(fragment("<w:r><w:pict/></w:r>"))
        heading = paragraph(document, "S1. ")
        heading.runs[0].text = "S1"  # the heading typed again in two runs
        heading.add_run(". Everyone should learn.")
        paragraph(document, "Course A")._p.append(fragment("<w:r><w:pict/></w:r>"))
        _track(document)

    returned = read_form(edited(tmp_path, draw))
    assert returned.outside == [
        Outside("", "(a picture or shape)", "the snapshot holds text"),
        Outside("S1", "(a picture or shape)", "the snapshot holds text"),
    ]
    assert [code for code, _ in returned.revisions] == ["S1"]


NOTES = (
    f'<w:{{kind}}s xmlns:w="{W_NS}">'
    '<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:t>sep</w:t></w:r></w:p></w:{kind}>'
    '<w:{kind} w:id="1"><w:p><w:r><w:t>Figures from the hub.</w:t></w:r></w:p>'
    '<w:p><w:ins w:id="7" w:author="Jo"><w:r><w:t>Checked.</w:t></w:r></w:ins></w:p></w:{kind}>'
    '<w:{kind} w:type="normal" w:id="2"><w:p/></w:{kind}>'
    "</w:{kind}s>"
)


def _notes(document, kind: str, reltype: str) -> None:  # type: ignore[no-untyped-def]
    content = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml"
    xml = NOTES.replace("{{kind}}", kind).replace("{kind}", kind).encode()
    part = Part(PackURI(f"/word/{kind}s.xml"), content, xml, document.part.package)
    document.part.relate_to(part, reltype)
    for ident in ("1", "2"):
        paragraph(document, "Courses run.")._p.append(
            fragment(f'<w:r><w:{kind}Reference w:id="{ident}"/></w:r>')
        )


def test_a_footnote_or_endnote_is_reported_as_outside(tmp_path: Path) -> None:
    returned = read_form(edited(tmp_path, lambda d: _notes(d, "footnote", RT.FOOTNOTES)))
    assert returned.outside == [
        Outside("S1", "Figures from the hub.\nChecked.", "typed in a footnote")
    ]
    returned = read_form(edited(tmp_path, lambda d: _notes(d, "endnote", RT.ENDNOTES)))
    assert returned.outside == [
        Outside("S1", "Figures from the hub.\nChecked.", "typed in a endnote")
    ]
