"""Snapshot files and options as a hostile or unlucky user writes them: each is refused with
one line naming the file (or option), exit 2, no traceback, and nothing written."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from topolreport.files import network_filesystem
from topolreport.render.templates import default_templates_dir

from cli_runner import run

EDITION = "2024-02"
FAST = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _tree(folder: Path) -> dict[str, str]:
    """Every name under `folder` with its content's digest (or its kind), to see a write."""
    found = {}
    for root, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(root) / name
            relative = str(path.relative_to(folder))
            if path.is_symlink() or not path.is_file():
                found[relative] = "other"
            else:
                found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _copy(editions: Path, name: str) -> Path:
    copy = editions.parent / name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(editions, copy, symlinks=True)
    return copy


def _refused(editions: Path, *args: str, naming: str) -> str:
    """Run a command; assert exit 2, one error line naming `naming`, and nothing written."""
    before = _tree(editions)
    code, out, err = run(*args, "--editions", str(editions))
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and "internal error" not in err, err
    assert len(lines) == 1, err
    assert naming in lines[0], err
    assert _tree(editions) == before
    return lines[0]


def _entry(editions: Path, code: str = "D1") -> Path:
    return editions / EDITION / "entries" / f"{code}.md"


def _set_value(editions: Path, value: str) -> None:
    entry = _entry(editions)
    text = entry.read_text(encoding="utf-8")
    start = text.index("value: ")
    end = text.index("\n", start)
    entry.write_text(text[:start] + f"value: {value}" + text[end:], encoding="utf-8")


# --- numbers -------------------------------------------------------------------------------

_BAD_NUMBERS = st.one_of(
    st.sampled_from([".nan", ".inf", "-.inf", "1e999", "-1e999", "1_000", "0x1F", "0o17"]),
    st.sampled_from(["\u0661\u0662\u0663", "\u0967\u0968", "\uff11\uff12"]),  # non-ASCII digits
    st.integers(10**15, 10**4000).map(str),
    st.integers(-(10**4000), -(10**15)).map(str),
    st.integers(7, 12).map(lambda places: "1." + "1" * places),  # more than six decimals
)


@FAST
@given(value=_BAD_NUMBERS)
def test_a_metric_value_that_is_no_plain_finite_decimal_is_refused(
    editions: Path, value: str
) -> None:
    copy = _copy(editions, "numbers")
    _set_value(copy, value)
    line = _refused(copy, "export", EDITION, naming="D1.md")
    assert "metrics.0.value" in line


@pytest.mark.parametrize("value", ["1_0.5", "1__0.5", "-1_0.5", "1_0e3", "1_0.", "1.0_5"])
def test_an_underscore_in_a_decimal_is_refused_naming_the_line(editions: Path, value: str) -> None:
    _set_value(editions, value)
    line = _refused(editions, "export", EDITION, naming="D1.md:")
    assert "metrics.0.value" in line and "'_'" in line


@pytest.mark.parametrize(
    "value",
    ["0_0.5", "nan", "inf", "1e-1", "\u0660.\u0665", "\uff10.5", "0.1234567", "1.5", "-0.1", ""],
)
def test_a_stalled_threshold_not_written_as_a_plain_fraction_is_refused(
    editions: Path, value: str
) -> None:
    before = _tree(editions)
    code, out, err = run("diff", EDITION, EDITION, "--stalled-threshold", value, "--editions",
                         str(editions))  # fmt: skip
    assert code == 2 and "--stalled-threshold" in err and "Traceback" not in err, err
    assert out == "" and _tree(editions) == before


def test_good_metric_values_still_load_and_export_as_json(editions: Path) -> None:
    for value in ("0", "-5", "2.5", "999999999999999", "0.000001", "1.5e3"):
        _set_value(editions, value)
        code, out, err = run("export", EDITION, "--editions", str(editions))
        assert code == 0, err
        assert "NaN" not in out and "Infinity" not in out


def test_a_four_thousand_digit_value_is_refused_not_a_crash(editions: Path) -> None:
    _set_value(editions, "9" * 5000)  # beyond Python's own limit for int(str)
    _refused(editions, "show", EDITION, naming="D1.md")


# --- text ----------------------------------------------------------------------------------

_CONTROL = st.sampled_from(
    ["\x1b[2J", "\x07", "\x00", "\x1b]0;owned\x07", "\x7f", "\x9b31m", "\ufffe"]
)


@FAST
@given(control=_CONTROL, where=st.sampled_from(["title", "owner", "label", "narrative"]))
def test_control_characters_in_snapshot_text_are_refused(
    editions: Path, control: str, where: str
) -> None:
    copy = _copy(editions, "control")
    escaped = control.encode("unicode_escape").decode("ascii").replace("\\x", "\\x")
    if where == "title":
        meta = copy / EDITION / "edition.yaml"
        text = meta.read_text(encoding="utf-8")
        meta.write_text(text.replace("title: ", f'title: "A{escaped}" #', 1), encoding="utf-8")
        naming = "edition.yaml"
    elif where == "narrative":
        entry = _entry(copy)
        entry.write_text(entry.read_text(encoding="utf-8") + f"Text{control}\n", encoding="utf-8")
        naming = "D1.md"
    else:
        entry = _entry(copy)
        text = entry.read_text(encoding="utf-8")
        field = "- TEL" if where == "owner" else "label: "
        new = f'- "T{escaped}"' if where == "owner" else f'label: "x{escaped}" #'
        entry.write_text(text.replace(field, new, 1), encoding="utf-8")
        naming = "D1.md"
    line = _refused(copy, "show", EDITION, naming=naming)
    assert "control character" in line
    assert "\x1b" not in line and "\x07" not in line


# Characters that show text in another order than it is stored ("Trojan Source"), and ones
# that hide it; refused in any one-line field.
_REORDERING = st.sampled_from([chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]])
_INVISIBLE = st.sampled_from(["\u200b", "\u200e", "\u200f", "\u061c", "\u00ad", "\u2060",
                              "\ufeff", "\u200d", "\U000e0041", "\u2062"])  # fmt: skip


def _put(copy: Path, where: str, char: str) -> tuple[Path, int]:
    """Write `char` into one field of the copy's edition; the file and line it is on."""
    escaped = char.encode("unicode_escape").decode("ascii")
    if where in ("title", "publisher", "signatory"):
        file = copy / EDITION / "edition.yaml"
        key = {"title": "title: ", "publisher": "publisher: ", "signatory": "  name: "}[where]
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace(key, f'{key}"A{escaped}B" #', 1), encoding="utf-8")
    elif where == "initiative":
        file = copy / "initiatives.yaml"
        file.write_text(f'initiatives:\n  - id: x\n    name: "X{escaped}"\n', encoding="utf-8")
        return file, 3
    else:
        file = _entry(copy)
        key = {"owner": "  - TEL", "label": "    label: ", "metric text": "    text: ",
               "initiative name": "    name: ", "code": "code: "}[where]  # fmt: skip
        value = {"owner": f'  - "TEL{escaped}"', "code": f'code: "D1{escaped}" #'}.get(
            where, f'{key}"x{escaped}" #'
        )
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace(key, value, 1), encoding="utf-8")
    lines = file.read_text(encoding="utf-8").split("\n")
    return file, next(i for i, line in enumerate(lines, 1) if escaped in line)


_ONE_LINE_FIELDS = ["title", "publisher", "signatory", "owner", "label", "metric text",
                    "initiative name", "code"]  # fmt: skip


@FAST
@given(char=st.one_of(_REORDERING, _INVISIBLE), where=st.sampled_from(_ONE_LINE_FIELDS))
def test_format_characters_in_one_line_fields_are_refused_naming_file_and_line(
    editions: Path, char: str, where: str
) -> None:
    copy = _copy(editions, "format")
    file, line = _put(copy, where, char)
    said = _refused(copy, "show", EDITION, naming=f"{file.name}:{line}:")
    assert f"U+{ord(char):04X}" in said
    assert char not in said


@FAST
@given(char=_REORDERING, where=st.sampled_from(["narrative", "foreword", "summary"]))
def test_reordering_characters_in_prose_are_refused_naming_their_line(
    editions: Path, char: str, where: str
) -> None:
    copy = _copy(editions, "prose")
    file = {"narrative": _entry(copy), "foreword": copy / EDITION / "foreword.md",
            "summary": copy / EDITION / "summary.md"}[where]  # fmt: skip
    text = file.read_text(encoding="utf-8").rstrip("\n")
    file.write_text(f"{text}\n\nA line.\nThe {char}evil line.\n", encoding="utf-8")
    line = text.count("\n") + 4
    said = _refused(copy, "show", EDITION, naming=f"{file.name}:{line}:")
    assert f"U+{ord(char):04X}" in said and "format character" in said


def test_the_registry_of_initiatives_refuses_control_and_format_characters(
    editions: Path,
) -> None:
    for char in ("\x1b[2J", "\u202e"):
        copy = _copy(editions, "registry")
        file, _ = _put(copy, "initiative", char)
        said = _refused(copy, "initiatives", "list", naming=file.name)
        assert f"U+{ord(char[0]):04X}" in said


def test_invisible_characters_prose_may_hold_are_shown_escaped_and_referenced_in_html(
    editions: Path, tmp_path: Path
) -> None:
    entry = _entry(editions)
    invisible = "soft\u00adhyphen zero\u200bwidth join\u200der"
    entry.write_text(entry.read_text(encoding="utf-8") + invisible + "\n", encoding="utf-8")
    code, out, err = run("show", EDITION, "D1", "--editions", str(editions))
    assert code == 0, err
    shown = " ".join(out.split())
    assert "soft\\u00adhyphen" in shown and "zero\\u200bwidth" in shown
    assert not any(char in out for char in "\u00ad\u200b\u200d")
    out_dir = tmp_path / "out"
    code, _, err = run("build", "--format", "html", "--out", str(out_dir), "--editions",
                       str(editions))  # fmt: skip
    assert code == 0, err
    (page,) = out_dir.glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "soft&#xAD;hyphen" in html and "zero&#x200B;width" in html and "join&#x200D;er" in html
    assert not any(char in html for char in "\u00ad\u200b\u200d")


def test_a_reordering_character_in_an_option_is_refused(editions: Path) -> None:
    report = editions.parent / "r.docx"
    before = _tree(editions)
    code, _, err = run("diff", EDITION, EDITION, "--format", "docx", "-o", str(report),
                       "--author", "Ann \u202eeraht", "--editions", str(editions))  # fmt: skip
    assert code == 2 and "--author" in err and "U+202E" in err and "Traceback" not in err
    assert _tree(editions) == before and not report.exists()


def test_every_unicode_format_character_is_refused_in_a_name() -> None:
    import sys
    import unicodedata

    from topolreport.characters import forbidden_character

    formats = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert len(formats) > 150
    assert [c for c in formats if forbidden_character(f"a{c}b") is None] == []
    allowed = [c for c in formats if forbidden_character(f"a{c}b", prose=True) is None]
    assert sorted(allowed) == sorted("\u00ad\u200b\u200c\u200d\u2060")
    flag = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
    assert forbidden_character(f"England {flag}", prose=True) is None
    assert forbidden_character(f"England {flag}") is not None


def test_a_lone_surrogate_in_a_title_is_refused(editions: Path) -> None:
    meta = editions / EDITION / "edition.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("title: ", 'title: "\\ud800" #', 1), encoding="utf-8")
    _refused(editions, "export", EDITION, naming="edition.yaml")


@pytest.mark.parametrize("option", ["--author", "--reason"])
def test_control_characters_in_options_are_refused(editions: Path, option: str) -> None:
    if option == "--author":
        args = ("diff", EDITION, EDITION, "--format", "docx", "-o", str(editions.parent / "r.docx"))
    else:
        args = ("confirm", EDITION, "D1")
    if option == "--author":
        args += ("--author", "\x1b]0;x\x07")
    else:
        args += ("--reason", "fine\x1b[2J")
    before = _tree(editions)
    code, _, err = run(*args, "--editions", str(editions))
    assert code == 2 and option in err and "Traceback" not in err
    assert _tree(editions) == before
    assert not (editions.parent / "r.docx").exists()


# --- YAML shape ----------------------------------------------------------------------------


@FAST
@given(depth=st.integers(17, 1500), flow=st.booleans())
def test_yaml_nested_deeper_than_the_schema_is_refused(
    editions: Path, depth: int, flow: bool
) -> None:
    copy = _copy(editions, "deep")
    if flow:
        value = "[" * depth + "]" * depth
    else:
        value = "\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(depth)) + "  " * depth
    meta = copy / EDITION / "edition.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + f"deep: {value} x\n", encoding="utf-8")
    _refused(copy, "show", EDITION, naming="edition.yaml")


@pytest.mark.parametrize(
    ("name", "content", "naming"),
    [
        ("edition.yaml", b"", "edition.yaml"),
        ("edition.yaml", b"title: T\n\xff\xfe bad\n", "not UTF-8"),
        ("entries/D1.md", b"", "D1.md"),
        ("entries/D1.md", b"\xef\xbb\xbf---\ncode: D1\n---\nText\n", "byte-order mark"),
        ("entries/D1.md", b"---\ncode: D1\nmetrics: [\n---\n", "D1.md"),
    ],
)
def test_empty_broken_or_bom_files_give_one_line(
    editions: Path, name: str, content: bytes, naming: str
) -> None:
    (editions / EDITION / name).write_bytes(content)
    _refused(editions, "export", EDITION, naming=naming)


def test_an_empty_catalogue_gives_one_line(editions: Path) -> None:
    (editions / "catalogue.yaml").write_bytes(b"")
    code, _, err = run("export", EDITION, "--editions", str(editions))
    assert code == 2 and "catalogue.yaml" in err and "internal error" not in err


# --- names ---------------------------------------------------------------------------------


def test_an_entry_in_a_file_not_named_after_its_code_is_refused_not_dropped(
    editions: Path,
) -> None:
    entries = editions / EDITION / "entries"
    shutil.copy(entries / "D1.md", entries / "D1-copy.md")
    line = _refused(editions, "show", EDITION, naming="D1-copy.md")
    assert "D1.md" in line
    code, out, _ = run("check", EDITION, "--editions", str(editions), "--no-baseline")
    assert code == 1
    assert "TR094 entry-file-name: D1-copy.md holds the entry for D1" in out
    assert "D1.md already holds it" in out


@pytest.mark.parametrize("name", ["catalogue.yaml", "NOTICE.md", "check-baseline.json"])
def test_an_edition_id_never_names_a_file_of_the_folder(editions: Path, name: str) -> None:
    (editions / "NOTICE.md").write_text("notice\n", encoding="utf-8")
    (editions / "check-baseline.json").write_text("{}\n", encoding="utf-8")
    _refused(editions, "new", name, "--from", EDITION, "--force", naming=name)
    assert (editions / name).is_file()


def test_an_edition_id_with_a_trailing_newline_is_refused(editions: Path) -> None:
    _refused(editions, "new", "2025-02\n", "--from", EDITION, naming="edition id")


def test_dash_output_means_standard_output(
    editions: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("export", EDITION, "-o", "-", "--editions", str(editions))
    assert code == 0, err
    assert '"id": "2024-02"' in out
    assert not (tmp_path / "-").exists()
    code, out, _ = run("check", EDITION, "-o", "-", "--editions", str(editions))
    assert code in (0, 1) and EDITION in out
    assert not (tmp_path / "-").exists()


def test_output_never_replaces_a_symlink_or_device_even_with_force(
    editions: Path, tmp_path: Path
) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    for output in (link, Path("/dev/null")):
        code, _, err = run("export", EDITION, "-o", str(output), "--force", "--editions",
                           str(editions))  # fmt: skip
        assert code == 2 and "only a regular file is ever replaced" in err
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me\n"
    assert Path("/dev/null").is_char_device()


def test_a_name_over_255_bytes_gives_one_line(editions: Path, tmp_path: Path) -> None:
    code, _, err = run("export", EDITION, "-o", str(tmp_path / ("x" * 300)), "--editions",
                       str(editions))  # fmt: skip
    assert code == 2 and "File name too long" in err and len(err.strip().splitlines()) == 1


def test_nan_as_stalled_threshold_is_a_usage_error(editions: Path) -> None:
    code, _, err = run("diff", EDITION, EDITION, "--stalled-threshold", "nan", "--editions",
                       str(editions))  # fmt: skip
    assert code == 2 and "--stalled-threshold" in err and "Traceback" not in err


# --- the snapshot folder -------------------------------------------------------------------


def test_check_reports_leftovers_and_files_that_are_not_regular(editions: Path) -> None:
    folder = editions / EDITION
    (folder / "entries" / ".D1.md.0a1b2c3d.tmp").write_text("half", encoding="utf-8")
    (folder / "entries" / "S1.md").unlink()
    (folder / "entries" / "S1.md").symlink_to("/etc/passwd")
    os.mkfifo(folder / "pipe")
    code, out, err = run("check", EDITION, "--editions", str(editions), "--no-baseline")
    assert code == 1, err
    assert "TR092 leftover: .D1.md.0a1b2c3d.tmp" in out
    assert "TR093 not-regular-file: S1.md" in out
    assert "TR093 not-regular-file: pipe" in out
    assert "root:" not in out  # the linked file was never read


# --- PDF fonts and network shares ----------------------------------------------------------


@pytest.mark.parametrize("char", ["\U0001f600", "\u5b57", "\u0e01"])
def test_a_character_the_templates_fonts_lack_is_reported_before_the_pdf(
    editions: Path, tmp_path: Path, char: str
) -> None:
    entry = _entry(editions, "S1") if _entry(editions, "S1").exists() else _entry(editions)
    entry.write_text(entry.read_text(encoding="utf-8") + f"Said {char}.\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run("build", "--format", "pdf", "--out", str(out), "--editions",
                       str(editions))  # fmt: skip
    assert code == 2, err
    assert f"U+{ord(char):04X}" in err and entry.name in err
    assert not list(out.glob("*.pdf"))


def test_a_network_share_is_recognised_from_the_mount_table(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    share = tmp_path / "share point"
    (share / "editions").mkdir(parents=True)
    point = str(share).replace(" ", "\\040")
    mounts.write_text(
        f"/dev/sda1 / ext4 rw 0 0\nserver:/export {point} nfs4 rw 0 0\n", encoding="utf-8"
    )
    assert network_filesystem(share / "editions", mounts) == "nfs4"
    assert network_filesystem(tmp_path, mounts) is None


def test_owners_whose_names_slug_alike_get_distinct_form_files() -> None:
    from topolreport.forms.write import write_forms

    from factories import small_edition

    edition = small_edition()
    owners = ["R&D", "R D", "r-d"]
    for entry, owner in zip(edition.entries, owners, strict=True):
        entry.owners = [owner]
    forms = write_forms(edition, "owner")
    names = [form.filename for form in forms]
    assert len(names) == len(set(names)) == 3, names
    assert sorted(form.codes for form in forms) == sorted((e.code,) for e in edition.entries)


@pytest.mark.parametrize(
    ("name", "content", "fmt", "said"),
    [
        ("report.html.j2", "{% for x in %}\n", "html", "template error"),
        ("report.html.j2", "{{ nothing_by_this_name.x }}\n", "html", "template error"),
        ("reference.docx", "not a Word document\n", "docx", "not a usable template"),
    ],
)
def test_a_broken_template_gives_one_line_naming_it(
    editions: Path, tmp_path: Path, name: str, content: str, fmt: str, said: str
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(default_templates_dir(), templates)
    with (templates / name).open("a" if name.endswith(".j2") else "w", encoding="utf-8") as f:
        f.write(content)
    out = tmp_path / "out"
    code, _, err = run("build", "--format", fmt, "--out", str(out), "--templates",
                       str(templates), "--editions", str(editions))  # fmt: skip
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and name in err and said in err
    assert not out.exists() or not list(out.glob(f"*.{fmt}"))


def test_an_imported_text_with_a_control_character_is_refused_naming_the_line(
    tmp_path: Path,
) -> None:
    from factories import SOURCE_2023

    text = SOURCE_2023.read_text(encoding="utf-8")
    at = text.index("GeNotes")
    source = tmp_path / "source.txt"
    source.write_text(text[:at] + "\f\x1b[2J" + text[at:], encoding="utf-8")
    line = text.count("\n", 0, at) + 2  # the form feed is a line end
    editions = tmp_path / "editions"
    code, _, err = run("import", str(source), "--edition", "2023-02", "--editions", str(editions))
    assert code == 2, err
    assert f"source.txt:{line}: holds the control character U+001B" in err
    assert not (editions / "2023-02").exists()


def test_duplicate_metric_ids_are_refused_by_commands_and_found_by_check(
    editions: Path,
) -> None:
    entries = editions / EDITION / "entries"
    d1 = (entries / "D1.md").read_text(encoding="utf-8")
    metrics = d1[d1.index("metrics:") : d1.index("---", 4)]
    s1 = (entries / "S1.md").read_text(encoding="utf-8")
    (entries / "S1.md").write_text(s1.replace("metrics: []\n", metrics, 1), "utf-8")
    line = _refused(editions, "export", EDITION, naming="S1.md")
    assert "metric id 'd1-users' is already used by a metric of entry D1" in line
    code, out, _ = run("check", EDITION, "--editions", str(editions), "--no-baseline")
    assert code == 1 and "TR050 duplicate-id" in out


# --- the templates folder --------------------------------------------------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


@pytest.mark.parametrize(
    ("name", "fmt", "make"),
    [
        ("report.html.j2", "html", "passwd"),
        ("report.css", "pdf", "passwd"),
        ("site/base.html.j2", "html", "passwd"),  # a link anywhere in the folder
        ("vocabulary.yaml", "html", "passwd"),
        ("reference.docx", "docx", "outside"),
        ("fonts", "pdf", "folder"),
        ("layout.yaml", "html", "fifo"),
        ("logo.png", "pdf", "fifo"),
    ],
)
def test_a_templates_folder_holding_a_link_or_fifo_is_refused_naming_it(
    editions: Path, tmp_path: Path, name: str, fmt: str, make: str
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(default_templates_dir(), templates)
    odd = templates / name
    if odd.is_dir():
        shutil.rmtree(odd)
    else:
        odd.unlink(missing_ok=True)
    if make == "passwd":
        odd.symlink_to("/etc/passwd")
    elif make == "outside":
        odd.symlink_to(default_templates_dir() / name)  # a good file, but outside the folder
    elif make == "folder":
        odd.symlink_to(default_templates_dir() / name, target_is_directory=True)
    else:
        _fifo(odd)
    out = tmp_path / "out"
    code, output, err = run("build", "--format", fmt, "--out", str(out), "--templates",
                            str(templates), "--editions", str(editions))  # fmt: skip
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(odd) in lines[0], err
    assert ("symbolic link" if make != "fifo" else "FIFO") in lines[0]
    assert "root:" not in output + err
    assert not out.exists() or not list(out.iterdir())


# --- folders another user made unreadable ----------------------------------------------------
# The tests run as root, who reads everything: the command runs as an unprivileged user
# (nobody) on a copy in a folder every user can reach.


@pytest.fixture
def shared(editions: Path) -> Iterator[Path]:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="topolreport-shared-", dir="/tmp"))
    try:
        copy = folder / "editions"
        shutil.copytree(editions, copy)
        for root, _dirs, names in os.walk(folder):
            os.chmod(root, 0o755)
            for name in names:
                os.chmod(os.path.join(root, name), 0o644)
        yield copy
    finally:
        for root, dirs, _ in os.walk(folder):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o755)
        shutil.rmtree(folder)


def _as_another_user(*args: str) -> tuple[int, str, str]:
    """Run the command line in a child process, as nobody when the tests run as root."""
    import subprocess
    import sys

    from tools import require_tool

    who: list[str] = []
    if os.geteuid() == 0:
        who = [require_tool("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups"]
    done = subprocess.run(
        [*who, sys.executable, "-m", "topolreport", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": "/tmp", "MPLCONFIGDIR": "/tmp"},
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("mode", [0o000, 0o444])  # unreadable; listable but not searchable
@pytest.mark.parametrize("command", ["show", "export", "status", "diff", "history"])
def test_an_unreadable_entries_folder_gives_one_line_and_exit_2(
    shared: Path, mode: int, command: str
) -> None:
    entries = shared / EDITION / "entries"
    os.chmod(entries, mode)
    args = {"show": ("show", EDITION), "export": ("export", EDITION), "status": ("status",),
            "diff": ("diff", EDITION, EDITION), "history": ("history", "D1")}[command]  # fmt: skip
    code, out, err = _as_another_user(*args, "--editions", str(shared))
    assert code == 2, (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(entries) in lines[0] and "Permission denied" in lines[0], err
    assert out == ""


def test_check_of_an_unreadable_entries_folder_fails_naming_it(shared: Path) -> None:
    entries = shared / EDITION / "entries"
    os.chmod(entries, 0o000)
    code, out, err = _as_another_user("check", EDITION, "--editions", str(shared))
    assert code == 1, (code, out, err)  # a finding: the edition does not load
    assert "TR090" in out and "cannot read the entries: Permission denied" in out
    assert "failed" in out and "Traceback" not in err


@pytest.mark.parametrize("asked", [EDITION, None])
def test_an_unreadable_edition_folder_is_named_not_called_unknown(
    shared: Path, asked: str | None
) -> None:
    folder = shared / EDITION
    os.chmod(folder, 0o700)  # another user's: private to its owner
    os.chown(folder, 0, 0)
    code, out, err = _as_another_user("show", *([asked] if asked else []), "--editions",
                                      str(shared))  # fmt: skip
    assert code == 2 and out == "", err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and f"{folder}: cannot read this folder" in lines[0], err


def test_an_unreadable_newer_edition_is_not_passed_over_for_an_older(shared: Path) -> None:
    older = shared / "2023-02"
    shutil.copytree(shared / EDITION, older)
    meta = older / "edition.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("date: 2024-02", "date: 2023-02"))
    for path in (older, *older.rglob("*")):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    os.chmod(shared / EDITION, 0o000)
    code, out, err = _as_another_user("show", "--editions", str(shared))
    assert code == 2 and out == "", err
    assert str(shared / EDITION) in err and "2023-02" not in out


@pytest.mark.parametrize("name", ["check-baseline.json", "initiatives.yaml", "catalogue.yaml"])
@pytest.mark.parametrize("kind", ["fifo", "dangling link", "device"])
def test_a_kept_file_that_is_not_regular_is_refused_or_reported_never_passed_over(
    editions: Path, name: str, kind: str
) -> None:
    kept = editions / name
    kept.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(kept)
    else:
        kept.symlink_to("/dev/zero" if kind == "device" else editions / "gone.yaml")
    code, out, err = run("check", EDITION, "--editions", str(editions))
    assert "Traceback" not in err and "internal error" not in err
    if code == 2:  # refused: one line naming it
        lines = err.strip().splitlines()
        assert len(lines) == 1 and str(kept) in lines[0], err
    else:  # or reported as a finding that fails the check
        assert code == 1, out + err
        assert "TR093" in out and f"{name} is not a regular file" in out


@pytest.mark.parametrize("deep", ["[" * 3000 + "]" * 3000, "{a: " * 40 + "1" + "}" * 40])
def test_yaml_nested_past_the_limit_is_refused_before_the_located_parser_walks_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, deep: str
) -> None:
    from topolreport.errors import InputError
    from topolreport.store import yaml as store_yaml

    def never() -> None:  # the pure-Python parser: seconds over a thousand levels
        raise AssertionError("the located parser was asked to walk it")

    monkeypatch.setattr(store_yaml, "_yaml", never)
    with pytest.raises(InputError, match="nested too deeply"):
        store_yaml.parse_yaml(f"title: {deep}\n", tmp_path / "edition.yaml")
