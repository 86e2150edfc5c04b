"""Files written whole or not at all, folders swapped whole, and reads of regular files only.

Every layer that writes to disk goes through here, so the promises hold in one place:

- a file is written to a temporary file beside it, fsynced, then renamed into place, and its
  folder fsynced, so a reader or a crash sees the old bytes or the new, never a mix;
- without ``force`` nothing is overwritten, even by a file created a moment before (the
  finished temporary file is hard-linked to its name, which fails if the name is taken);
- a folder is built under a staging name, made durable (one ``syncfs`` on Linux, else an
  fsync of each file and folder) and then swapped with the old one in one step
  (``renameat2(RENAME_EXCHANGE)`` on Linux), so its name always holds a whole folder, after a
  crash too;
- a read opens without following symlinks, refuses FIFOs and devices, and caps the size.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import math
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from .errors import InputError

MAX_SNAPSHOT_BYTES = 1024 * 1024  # a snapshot file is prose and YAML: 1 MiB is generous
# The files the whole review shares (its catalogue, its initiative registry) grow with the
# number of recommendations: the real report's catalogue is about 10 KiB, so 16 MiB holds a
# review a hundred times its size with room. Each entry's file keeps the 1 MiB cap.
MAX_REVIEW_FILE_BYTES = 16 * 1024 * 1024
STAGING_PREFIX = ".topolreport-staging-"
BACKUP_PREFIX = ".topolreport-backup-"

LOCK_OWNER_FILE = ".topolreport-lock-owner"
LOCK_FILE = ".topolreport-lock"  # only where a folder cannot be locked itself
LOCK_WAIT_SECONDS = 10.0
MAX_LOCK_WAIT_SECONDS = 3600.0  # however long TOPOLREPORT_LOCK_TIMEOUT asks for

_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


# ---------------------------------------------------------------------------------------------
# Reading


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse(path: Path, mode: int) -> InputError:
    return InputError(f"{_kind(mode)}, not a regular file; only regular files are read", file=path)


def read_bytes(path: Path, *, limit: int = MAX_SNAPSHOT_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is an InputError.

    The file is opened without following a symlink and without blocking (a FIFO would
    otherwise hang the open), then checked to be a regular file before a byte is read."""
    return _read_open(path, path, limit)


def _read_open(name: str | Path, path: Path, limit: int, dir_fd: int | None = None) -> bytes:
    """Open `name` (relative to `dir_fd` when given) as `read_bytes` does; `path` names it."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags, dir_fd=dir_fd)
    except FileNotFoundError:
        raise InputError("file not found", file=path) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the last part of the path is a symlink
            raise _refuse(path, stat.S_IFLNK) from None
        raise InputError(f"cannot read: {exc.strerror}", file=path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(path, info.st_mode)
        if info.st_size > limit:
            raise InputError(f"too large ({info.st_size} bytes; at most {limit})", file=path)
        chunks = []
        size = 0
        while size <= limit:  # read to the end, not trusting the size the file had at open
            chunk = os.read(fd, min(65536, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise InputError(f"too large (more than {limit} bytes)", file=path)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=path) from None
    finally:
        os.close(fd)


def read_text(path: Path, *, limit: int = MAX_SNAPSHOT_BYTES) -> str:
    """A regular file's text, decoded as UTF-8 (see `read_bytes` for what is refused)."""
    data = read_bytes(path, limit=limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=path, line=line
        ) from None


def read_bytes_within(root: Path, relative: str, *, limit: int = MAX_SNAPSHOT_BYTES) -> bytes:
    """The bytes of the regular file `relative` (a "/"-separated path) under the folder
    `root`, opened step by step without following a symlink at any step, so no link, even
    one of its folders, leads out of `root`; see `read_bytes` for what else is refused."""
    path = root.joinpath(*relative.split("/"))
    parts = relative.split("/")
    if not relative or relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise InputError("not a file inside the folder", file=path)
    flags = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    directory = getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(root, os.O_RDONLY | directory | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=root) from None
    try:
        for index, part in enumerate(parts[:-1]):
            step = root.joinpath(*parts[: index + 1])
            try:
                inner = os.open(part, flags | directory, dir_fd=fd)
            except FileNotFoundError:
                raise InputError("file not found", file=path) from None
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise _refuse(step, _lstat_mode(step)) from None
                raise InputError(f"cannot read: {exc.strerror}", file=step) from None
            os.close(fd)
            fd = inner
        return _read_open(parts[-1], path, limit, dir_fd=fd)
    finally:
        os.close(fd)


def _lstat_mode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return stat.S_IFLNK  # gone meanwhile: it was the link the open refused


def is_regular_file(path: Path) -> bool:
    """True for a regular file that is not reached through a symlink at its last step."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def is_plain_dir(path: Path) -> bool:
    """True for a folder that is not a symlink to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def refuse_irregular_tree(folder: Path, *, what: str, limit: int = 10_000) -> None:
    """Refuse a folder holding anything but folders and regular files (a symlink, FIFO,
    device or socket), naming the first found: a folder whose files other libraries read
    (fonts, images, templates) can then hold no way out of itself."""
    stack = [folder]
    seen = 0
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                children = sorted(listing, key=lambda child: child.name)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", file=current) from None
        for child in children:
            seen += 1
            if seen > limit:
                raise InputError(f"more than {limit} files in {what}", file=folder)
            try:
                mode = child.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                raise InputError(f"cannot read: {exc.strerror}", file=Path(child.path)) from None
            if stat.S_ISDIR(mode):
                stack.append(Path(child.path))
            elif not stat.S_ISREG(mode):
                raise InputError(
                    f"{_kind(mode)}, not a regular file; only regular files inside {what} are read",
                    file=Path(child.path),
                )


# ---------------------------------------------------------------------------------------------
# Writing files


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new name in `folder` durable (a no-op where folders can't be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with suppress(OSError):  # some filesystems refuse fsync on a folder; nothing to do then
            os.fsync(fd)
    finally:
        os.close(fd)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_temp(folder: Path, name: str, data: bytes) -> Path:
    """A new temporary file in `folder` holding `data`, synced, with ordinary permissions."""
    for _ in range(100):
        temp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - a hundred collisions of 32 random bits
        raise InputError("cannot create a temporary file", file=folder)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, _default_mode())  # the mode any newly written file would get
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _not_replaceable(path: Path) -> InputError | None:
    """Why `path` must not be replaced by a file, if it must not (a folder, link or device)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return InputError(f"cannot write: {exc.strerror}", file=path)
    if stat.S_ISREG(mode):
        return None
    return InputError(f"{_kind(mode)}; only a regular file is ever replaced", file=path)


def write_bytes_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write a file whole or not at all; never overwrite without force, even under a race.

    Only a regular file is ever replaced: a symlink, device or folder in the way is refused.
    The file gets the permissions any newly written file would (a temporary file's are
    private)."""
    refusal = _not_replaceable(path)
    if refusal is not None:
        raise refusal
    if not force and os.path.lexists(path):
        raise InputError("already exists", file=path, hint="use --force to overwrite it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = _write_temp(path.parent, path.name, data)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", file=path) from None
    try:
        if force:
            os.replace(temp, path)
        else:
            _publish_new_file(temp, path)
    except FileExistsError:
        raise InputError("already exists", file=path, hint="use --force to overwrite it") from None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", file=path) from None
    finally:
        temp.unlink(missing_ok=True)
    fsync_dir(path.parent)


def stage_file(path: Path, data: bytes) -> Path:
    """A finished, synced temporary file beside `path` holding `data`, for `publish_staged`.

    Staging every file of a set before renaming any means a full disk or a refused name stops
    the set before anything is replaced."""
    refusal = _not_replaceable(path)
    if refusal is not None:
        raise refusal
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _write_temp(path.parent, path.name, data)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", file=path) from None


def publish_staged(temp: Path, path: Path) -> None:
    """Rename a file from `stage_file` over `path` (a regular file or nothing) in one step."""
    refusal = _not_replaceable(path)
    if refusal is not None:
        temp.unlink(missing_ok=True)
        raise refusal
    try:
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror}", file=path) from None


def remove_staged(path: Path) -> None:
    """Remove the temporary files a killed run left beside `path` (`.NAME.xxxxxxxx.tmp`)."""
    with suppress(OSError):
        for child in path.parent.iterdir():
            name = child.name
            if (
                name.startswith(f".{path.name}.")
                and name.endswith(".tmp")
                and is_regular_file(child)
            ):
                child.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str, *, force: bool = False) -> None:
    """Write a text file (UTF-8, LF line ends) whole or not at all."""
    write_bytes_atomic(path, text.encode("utf-8"), force=force)


def _publish_new_file(temp: Path, path: Path) -> None:
    """Give the finished `temp` the name `path` only if that name is free (FileExistsError)."""
    try:
        os.link(temp, path)  # fails with EEXIST if the name was taken meanwhile
    except FileExistsError:
        raise
    except OSError:
        rename_noreplace(temp, path)  # a filesystem without hard links


# ---------------------------------------------------------------------------------------------
# Renaming and swapping folders


@functools.cache
def _renameat2() -> Any:
    """libc's renameat2, or None where there is none (not Linux, or an old C library)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the process's own symbols: libc is among them
        function = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _call_renameat2(source: Path, target: Path, flags: int) -> bool:
    """True when done; False when the system or filesystem can't (the caller falls back)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(target))


def rename_noreplace(source: Path, target: Path) -> None:
    """Rename `source` to `target`, raising FileExistsError if `target` exists.

    Atomic where the OS offers no-replace renames; elsewhere it checks first, which callers
    make safe by holding the editions lock."""
    if _call_renameat2(source, target, _RENAME_NOREPLACE):
        return
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, "File exists", str(target))
    os.rename(source, target)


def exchange(staging: Path, target: Path) -> None:
    """Swap two existing folders in one step: `target` gets the new, `staging` the old.

    At every instant `target` names a whole folder. Where the OS can't swap, the old folder
    is first moved to a backup name that `recover` restores if the run dies between renames."""
    if _call_renameat2(staging, target, _RENAME_EXCHANGE):
        fsync_dir(target.parent)
        return
    backup = target.with_name(f"{BACKUP_PREFIX}{target.name}-{secrets.token_hex(4)}")
    os.rename(target, backup)
    os.rename(staging, target)
    os.rename(backup, staging)  # the old folder goes where the caller will remove it
    fsync_dir(target.parent)


@contextmanager
def staging_dir(parent: Path, name: str) -> Iterator[Path]:
    """A new private folder in `parent` to build `name` in; removed afterwards, whatever it holds.

    Its name starts with a dot and a fixed prefix, so no listing of editions takes it for one,
    and `recover` knows it for a leftover."""
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f"{STAGING_PREFIX}{name}-{secrets.token_hex(4)}"
    staging.mkdir(mode=0o777)  # ordinary permissions per umask, unlike mkdtemp's 0700
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@functools.cache
def _syncfs() -> Any:
    """libc's syncfs where it reports write-back errors (Linux 5.8 on), else None."""
    release = re.match(r"(\d+)\.(\d+)", os.uname().release) if hasattr(os, "uname") else None
    if release is None or (int(release[1]), int(release[2])) < (5, 8):
        return None  # before 5.8, syncfs said nothing of a failed write-back: fsync each file
    try:
        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError, TypeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int
    return function


def _sync_filesystem(folder: Path) -> bool:
    """True when the filesystem holding `folder` was synced whole; False when it can't be."""
    syncfs = _syncfs()
    if syncfs is None:
        return False
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        if syncfs(fd) == 0:
            return True
    finally:
        os.close(fd)
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):
        return False
    raise OSError(code, os.strerror(code), str(folder))


def sync_tree(folder: Path) -> None:
    """Make every file and folder under `folder` durable, so a rename publishes whole content.

    On Linux one syncfs of the folder's filesystem does it (it writes back every dirty file
    and folder there, these among them, and reports a failed write-back as fsync would):
    thousands of fsyncs, each waiting for a journal commit of its own, took seconds for an
    edition of thousands of entries. Elsewhere each file and folder is fsynced."""
    if _sync_filesystem(folder):
        return
    for root, _dirs, names in os.walk(folder):
        for name in names:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(root))


def publish_dir(staging: Path, target: Path, *, replace: bool) -> None:
    """Put the finished folder `staging` in place at `target`.

    A new name is taken only if still free (FileExistsError otherwise); an existing folder is
    swapped whole when `replace`. The old folder is left at `staging` for the caller to drop."""
    sync_tree(staging)
    if replace and os.path.lexists(target):
        exchange(staging, target)
    else:
        rename_noreplace(staging, target)
        fsync_dir(target.parent)


def recover(parent: Path) -> list[str]:
    """Put right what a killed run left in `parent`; the names of what was restored or removed.

    A backup whose folder is missing is restored (the run died between the two renames of a
    fallback swap); any other backup or staging folder is an abandoned copy and is removed.
    Call it only while holding the editions lock, so no live run's staging folder is taken."""
    done: list[str] = []
    try:
        children = sorted(parent.iterdir())
    except OSError:
        return done
    for child in children:
        if child.name.startswith(BACKUP_PREFIX) and is_plain_dir(child):
            original = parent / child.name[len(BACKUP_PREFIX) :].rsplit("-", 1)[0]
            if not os.path.lexists(original):
                os.rename(child, original)
                done.append(f"restored {original.name} from {child.name}")
                continue
        elif not (child.name.startswith(STAGING_PREFIX) and is_plain_dir(child)):
            continue
        shutil.rmtree(child, ignore_errors=True)
        done.append(f"removed {child.name}")
    if done:
        fsync_dir(parent)
    return done


# ---------------------------------------------------------------------------------------------
# Network shares

# Filesystems whose locks or renames may not hold between machines (see docs/editions-folder.md).
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "fuse.sshfs", "davfs"}
)
MOUNTS_FILE = Path("/proc/mounts")


def _unescape_mount(field: str) -> str:
    # /proc/mounts writes a space in a mount point as \040 (and tab, newline, backslash alike).
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def network_filesystem(path: Path, mounts: Path = MOUNTS_FILE) -> str | None:
    """The type of network filesystem `path` is on (e.g. "nfs4", "cifs"), or None when it
    is local or the system does not say (no /proc/mounts outside Linux)."""
    try:
        text = read_text(mounts, limit=4 * MAX_SNAPSHOT_BYTES)
    except InputError:
        return None
    target = os.path.realpath(path)
    best, best_type = "", ""
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape_mount(fields[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type if best_type in NETWORK_FILESYSTEMS else None


# ---------------------------------------------------------------------------------------------
# The editions lock


def _lock_owner(folder: Path) -> str:
    try:
        text = read_text(folder / LOCK_OWNER_FILE, limit=32).strip()
    except InputError:
        return "unknown"
    return text if text.isdigit() else "unknown"


def _busy(folder: Path) -> InputError:
    shown = str(folder).rstrip("/") + "/"
    return InputError(
        f"{shown} is being changed by another topolreport (pid {_lock_owner(folder)}); try again"
    )


def _wait_for_descriptor(fd: int, folder: Path, wait: float) -> bool:
    """Lock `fd` within `wait` seconds; False where its filesystem can't lock a folder."""
    from filelock import lock_descriptor

    deadline = time.monotonic() + wait
    try:
        while not lock_descriptor(fd, blocking=False):
            if time.monotonic() >= deadline:
                raise _busy(folder)
            time.sleep(0.05)
    except OSError:  # e.g. NFS, whose locks need a file open for writing
        return False
    return True


@contextmanager
def _lock_folder(folder: Path, wait: float) -> Iterator[None]:
    """Lock the folder's own descriptor or, where the filesystem can't, a lock file in it."""
    from filelock import FileLock, Timeout, unlock_descriptor

    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise InputError(f"cannot lock: {exc.strerror}", file=folder) from None
    try:
        locked = _wait_for_descriptor(fd, folder, wait)
    except BaseException:
        os.close(fd)
        raise
    if locked:
        try:
            yield
        finally:
            unlock_descriptor(fd)
            os.close(fd)
        return
    os.close(fd)
    lock = FileLock(str(folder / LOCK_FILE), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise _busy(folder) from None
    except OSError as exc:
        raise InputError(f"cannot lock: {exc.strerror}", file=folder / LOCK_FILE) from None
    try:
        yield
    finally:
        lock.release()


def prepare_editions_lock() -> None:
    """Import what `editions_lock` takes its lock with, for a caller with time to spare
    before it locks (a build waiting for its worker)."""
    import filelock  # noqa: F401


@contextmanager
def editions_lock(folder: Path, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock on `folder` for a whole read-decide-write; wait a bounded time for it.

    The lock is taken on the folder's own descriptor (flock, through filelock), so no lock
    file is left in the editions folder or in git, and the OS drops it when its holder dies.
    The holder's pid is kept in a file beside the editions only while it holds the lock, to
    say who holds it."""
    wait = LOCK_WAIT_SECONDS if timeout is None else timeout
    env_wait = os.environ.get("TOPOLREPORT_LOCK_TIMEOUT")
    if timeout is None and env_wait:
        with suppress(ValueError):
            given = float(env_wait)
            if math.isfinite(given):  # "inf" or "nan" would wait for ever or not at all
                wait = min(max(0.0, given), MAX_LOCK_WAIT_SECONDS)
    with _lock_folder(folder, wait):
        owner = folder / LOCK_OWNER_FILE
        try:
            with suppress(InputError):  # the pid only names the holder in a waiter's message
                write_text_atomic(owner, f"{os.getpid()}\n", force=True)
            yield
        finally:
            with suppress(OSError):  # a read-only folder: its own error is the one to show
                owner.unlink(missing_ok=True)
