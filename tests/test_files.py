"""files.py: whole writes, no overwrite without force, folder swaps, and regular-file reads."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from topolreport import files
from topolreport.errors import InputError


def test_symlink_to_passwd_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "foreword.md"
    link.symlink_to("/etc/passwd")
    with pytest.raises(InputError) as caught:
        files.read_text(link)
    assert caught.value.file == link
    assert "symbolic link" in str(caught.value)
    assert "root:" not in str(caught.value)


def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "summary.md"
    os.mkfifo(fifo)
    # Run in a child with a hard timeout: a read that blocks on the FIFO fails the test
    # instead of hanging the suite.
    code = (
        "import sys; from pathlib import Path; from topolreport import files\n"
        "from topolreport.errors import InputError\n"
        "try:\n    files.read_text(Path(sys.argv[1]))\n"
        "except InputError as exc:\n    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == f"{fifo}: a FIFO, not a regular file; only regular files are read"


def test_device_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="a device"):
        files.read_bytes(Path("/dev/zero"))
    with pytest.raises(InputError, match="a folder"):
        files.read_bytes(tmp_path)


def test_over_size_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "entry.md"
    big.write_bytes(b"x" * (files.MAX_SNAPSHOT_BYTES + 1))
    with pytest.raises(InputError, match="too large") as caught:
        files.read_text(big)
    assert caught.value.file == big
    exact = tmp_path / "exact.md"
    exact.write_bytes(b"y" * files.MAX_SNAPSHOT_BYTES)
    assert len(files.read_text(exact)) == files.MAX_SNAPSHOT_BYTES


def test_bad_utf8_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "edition.yaml"
    bad.write_bytes(b"title: ok\ndate: \xff\n")
    with pytest.raises(InputError, match="not UTF-8") as caught:
        files.read_text(bad)
    assert (caught.value.file, caught.value.line) == (bad, 2)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        files.read_text(tmp_path / "nothing.md")


def test_no_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    files.write_text_atomic(target, "first\n")
    with pytest.raises(InputError, match="already exists"):
        files.write_text_atomic(target, "second\n")
    assert target.read_text() == "first\n"
    files.write_text_atomic(target, "second\n", force=True)
    assert target.read_text() == "second\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_publishing_a_new_file_refuses_a_name_taken_meanwhile(tmp_path: Path) -> None:
    # The check at the start passed; another writer took the name before the rename.
    temp = tmp_path / ".report.tmp"
    temp.write_text("mine\n")
    target = tmp_path / "report.txt"
    target.write_text("theirs\n")
    with pytest.raises(FileExistsError):
        files._publish_new_file(temp, target)
    assert target.read_text() == "theirs\n"


def test_force_never_replaces_a_symlink_or_device(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    link = tmp_path / "out.html"
    link.symlink_to(victim)
    with pytest.raises(InputError, match="symbolic link"):
        files.write_text_atomic(link, "x", force=True)
    assert link.is_symlink() and victim.read_text() == "keep\n"
    with pytest.raises(InputError, match="a device"):
        files.write_text_atomic(Path("/dev/null"), "x", force=True)
    with pytest.raises(InputError, match="a folder"):
        files.write_text_atomic(tmp_path, "x", force=True)


def _folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "edition.yaml").write_text(text)
    (path / "entries").mkdir()
    (path / "entries" / "P1.md").write_text(text)
    return path


def _whole(path: Path) -> str:
    one = (path / "edition.yaml").read_text()
    assert (path / "entries" / "P1.md").read_text() == one
    return one


def test_exchange_leaves_old_or_new_whole(tmp_path: Path) -> None:
    if sys.platform == "linux":  # the one-step swap, not the fallback, is what runs here
        assert files._renameat2() is not None
    target = _folder(tmp_path / "2024-02", "old")
    with files.staging_dir(tmp_path, "2024-02") as staging:
        (staging / "edition.yaml").write_text("new")
        (staging / "entries").mkdir()
        (staging / "entries" / "P1.md").write_text("new")
        assert _whole(target) == "old"
        files.publish_dir(staging, target, replace=True)
        assert _whole(target) == "new"
        assert _whole(staging) == "old"  # the old folder, for the caller to drop
    assert [p.name for p in tmp_path.iterdir()] == ["2024-02"]


def test_fallback_swap_and_recovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "_renameat2", lambda: None)  # a system without renameat2
    target = _folder(tmp_path / "2024-02", "old")
    staging = _folder(tmp_path / f"{files.STAGING_PREFIX}2024-02-0a0b0c0d", "new")
    files.exchange(staging, target)
    assert (_whole(target), _whole(staging)) == ("new", "old")

    # A run killed between the fallback's two renames: only the backup holds the edition.
    backup = tmp_path / f"{files.BACKUP_PREFIX}2024-02-1a2b3c4d"
    os.rename(target, backup)
    assert sorted(files.recover(tmp_path)) == [
        f"removed {staging.name}",
        f"restored 2024-02 from {backup.name}",
    ]
    assert _whole(target) == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-02"]


@pytest.mark.parametrize("whole_filesystem", [True, False])
def test_a_published_folder_is_synced_one_way_or_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole_filesystem: bool
) -> None:
    if whole_filesystem and files._syncfs() is None:
        pytest.skip("no syncfs that reports write-back errors (Linux 5.8 on) here")
    if not whole_filesystem:
        monkeypatch.setattr(files, "_syncfs", lambda: None)  # no syncfs: a fsync each
    synced: list[int] = []
    fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or fsync(fd))
    target = tmp_path / "2024-02"
    with files.staging_dir(tmp_path, "2024-02") as staging:
        (staging / "edition.yaml").write_text("new")
        (staging / "entries").mkdir()
        (staging / "entries" / "P1.md").write_text("new")
        files.publish_dir(staging, target, replace=False)
    assert _whole(target) == "new"
    # Two files and two folders, then the parent folder after the rename.
    assert len(synced) == (1 if whole_filesystem else 5)


def test_recover_drops_a_backup_whose_folder_is_whole(tmp_path: Path) -> None:
    _folder(tmp_path / "2024-02", "new")
    _folder(tmp_path / f"{files.BACKUP_PREFIX}2024-02-1a2b3c4d", "old")
    files.recover(tmp_path)
    assert _whole(tmp_path / "2024-02") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["2024-02"]


def test_new_name_is_not_taken_over(tmp_path: Path) -> None:
    target = _folder(tmp_path / "2024-02", "theirs")
    with files.staging_dir(tmp_path, "2024-02") as staging, pytest.raises(FileExistsError):
        files.publish_dir(staging, target, replace=False)
    assert _whole(target) == "theirs"


def test_staging_folder_has_ordinary_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        with files.staging_dir(tmp_path, "x") as staging:
            assert staging.stat().st_mode & 0o777 == 0o755
            assert staging.name.startswith(".topolreport-staging-x-")
    finally:
        os.umask(umask)


def test_a_held_lock_refuses_a_second_holder_naming_the_first(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from topolreport import files\n"
            "with files.editions_lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True); time.sleep(60)\n",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(InputError) as caught, files.editions_lock(tmp_path, timeout=0.2):
            pass
        assert str(caught.value) == (
            f"{tmp_path}/ is being changed by another topolreport (pid {holder.pid}); try again"
        )
    finally:
        holder.kill()
        holder.wait()
    with files.editions_lock(tmp_path, timeout=5):  # a dead holder's lock is gone
        pass


def test_where_a_folder_cannot_be_locked_a_lock_file_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on NFS, where flock on a folder opened read-only fails.
    unlockable = (
        "import errno, filelock\n"
        "def refuse(fd, **kw):\n"
        "    raise OSError(errno.EBADF, 'Bad file descriptor')\n"
        "filelock.lock_descriptor = refuse\n"
    )
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            unlockable
            + "import sys, time; from pathlib import Path; from topolreport import files\n"
            "with files.editions_lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True); time.sleep(60)\n",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    import filelock

    def refuse(fd: int, **_: object) -> bool:
        raise OSError(errno.EBADF, "Bad file descriptor")

    monkeypatch.setattr(filelock, "lock_descriptor", refuse)  # the same refusal here
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert (tmp_path / files.LOCK_FILE).is_file()
        with pytest.raises(InputError) as caught, files.editions_lock(tmp_path, timeout=0.2):
            pass
        assert f"(pid {holder.pid}); try again" in str(caught.value)
    finally:
        holder.kill()
        holder.wait()


def test_a_read_within_a_folder_follows_no_link_at_any_step(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    (root / "fonts").mkdir(parents=True)
    (root / "fonts" / "a.ttf").write_bytes(b"font")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.ttf").write_bytes(b"secret")
    assert files.read_bytes_within(root, "fonts/a.ttf") == b"font"
    (root / "linked").symlink_to(outside, target_is_directory=True)
    (root / "passwd").symlink_to("/etc/passwd")
    for name, said in [("linked/a.ttf", "symbolic link"), ("passwd", "symbolic link"),
                       ("../outside/a.ttf", "inside"), ("/etc/passwd", "inside"),
                       ("fonts/missing.ttf", "not found")]:  # fmt: skip
        with pytest.raises(InputError, match=said):
            files.read_bytes_within(root, name)


def test_a_folder_holding_a_link_fifo_or_socket_anywhere_is_refused(tmp_path: Path) -> None:
    import socket

    root = tmp_path / "templates"
    (root / "site" / "deep").mkdir(parents=True)
    (root / "site" / "deep" / "ok.css").write_text("p {}\n", encoding="utf-8")
    files.refuse_irregular_tree(root, what="the templates folder")
    for make, kind in [
        (lambda p: p.symlink_to("/etc/passwd"), "symbolic link"),
        (lambda p: os.mkfifo(p), "FIFO"),
        (lambda p: socket.socket(socket.AF_UNIX).bind(str(p)), "socket"),
    ]:
        odd = root / "site" / "deep" / "odd"
        make(odd)
        with pytest.raises(InputError, match=f"{kind}.*templates folder") as caught:
            files.refuse_irregular_tree(root, what="the templates folder")
        assert caught.value.problems[0].file == odd
        odd.unlink()


def test_the_lock_shows_its_holders_own_error_when_the_folder_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(self: Path, missing_ok: bool = False) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    refused = pytest.raises(InputError, match="cannot write: Read-only file system")
    with refused as caught, files.editions_lock(tmp_path):
        monkeypatch.setattr(Path, "unlink", read_only)  # as on a read-only mount
        raise InputError("cannot write: Read-only file system", file=tmp_path / "2024-02")
    assert caught.value.file == tmp_path / "2024-02"
