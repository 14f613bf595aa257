"""Low-level file helpers: atomic replacement, private permissions, refusing links.

Everything in the data folder is ketacheck's own. Nothing here follows a symbolic link
inside it (files are opened with ``O_NOFOLLOW``, or checked with ``lstat`` first), and a
folder that another user owns, or can write to, is refused before anything is read.
The lock that keeps two writers apart is in :mod:`ketacheck.store.locking`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from ketacheck.store.errors import (
    JournalMissingError,
    StoreError,
    UnsafeFolderError,
    UnsafePathError,
)
from ketacheck.store.paths import (
    BACKUP_DIR_NAME,
    DIR_MODE,
    DRAFT_DIR_NAME,
    FILE_MODE,
    JOURNAL_NAME,
    KEYS_NAME,
    LOCK_NAME,
    PLAIN_NAME,
    SET_ASIDE_MARKERS,
    SUMMARY_NAME,
)

#: What tells one version of a file from another: device, inode, size, modification time.
Identity = tuple[int, int, int, int]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CHECK_OWNER = hasattr(os, "geteuid")

#: The names in the data folder that must never be symbolic links.
_OWN_NAMES = (
    JOURNAL_NAME,
    LOCK_NAME,
    SUMMARY_NAME,
    BACKUP_DIR_NAME,
    DRAFT_DIR_NAME,
    KEYS_NAME,
    PLAIN_NAME,
)


def describe_os_error(exc: OSError) -> str:
    """A short plain reason for an operating-system error."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    return exc.strerror or type(exc).__name__


def open_nofollow(path: Path, flags: int = os.O_RDONLY, mode: int = FILE_MODE) -> int:
    """``os.open`` that refuses a symbolic link at ``path``.

    Raises:
        UnsafePathError: ``path`` is a symbolic link (its target is never touched).
        OSError: any other reason the file can't be opened.
    """
    try:
        return os.open(path, flags | _NOFOLLOW | _CLOEXEC, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP and os.path.islink(path):
            raise UnsafePathError(path) from None
        raise


def read_nofollow(path: Path) -> bytes:
    """The bytes of the file at ``path``, refusing a symbolic link (see :func:`open_nofollow`)."""
    fd = open_nofollow(path)
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def refuse_link(path: Path) -> bool:
    """Whether ``path`` exists; raises :class:`UnsafePathError` if it is a symbolic link."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # reported, with its reason, when the file itself is opened
    if stat.S_ISLNK(info.st_mode):
        raise UnsafePathError(path)
    return True


def set_aside_journal(data_dir: Path) -> Path | None:
    """A journal that ``restore`` (or an older ketacheck) renamed aside, if there is one."""
    for marker in SET_ASIDE_MARKERS:
        for found in sorted(data_dir.glob(f"{JOURNAL_NAME}.{marker}-*")):
            return found
    return None


def check_data_folder(data_dir: Path, *, journal_may_be_missing: bool = False) -> bool:
    """Refuse a data folder that is not the app's own; returns whether it exists.

    Cheap enough for every ``status``: one ``stat`` and a few ``lstat`` calls.

    Raises:
        UnsafeFolderError: another user owns the folder, or others can write to it.
        UnsafePathError: the journal, lock, summary, backups or drafts is a symbolic link.
        JournalMissingError: there is no journal, but an earlier one was set aside
            beside it (unless ``journal_may_be_missing``, which only ``restore`` uses).
    """
    try:
        info = os.stat(data_dir)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # reported when the journal itself is opened
    if not stat.S_ISDIR(info.st_mode):
        return True  # reported when the journal itself is opened
    if _CHECK_OWNER and info.st_uid != os.geteuid():
        raise UnsafeFolderError(
            data_dir,
            f"belongs to another user (uid {info.st_uid})",
            "Use a folder of your own (--data-dir DIR).",
        )
    if _CHECK_OWNER and stat.S_IMODE(info.st_mode) & 0o022:
        raise UnsafeFolderError(
            data_dir,
            f"can be changed by other users (its mode is {stat.S_IMODE(info.st_mode):04o})",
            f"If it is yours, make it private with: chmod 700 {data_dir}",
        )
    found = {name: refuse_link(data_dir / name) for name in _OWN_NAMES}
    if found[DRAFT_DIR_NAME]:
        with contextlib.suppress(OSError):
            for draft in (data_dir / DRAFT_DIR_NAME).glob("*.json"):
                refuse_link(draft)
    if not found[JOURNAL_NAME] and not journal_may_be_missing:
        aside = set_aside_journal(data_dir)
        if aside is not None:
            raise JournalMissingError(data_dir / JOURNAL_NAME, aside)
    return True


def ensure_data_folder(data_dir: Path) -> None:
    """Create the data folder if needed, check it is the app's own, and make it private.

    Raises:
        UnsafeFolderError, UnsafePathError, JournalMissingError: see
            :func:`check_data_folder`.
    """
    data_dir.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    check_data_folder(data_dir)
    tighten(data_dir, DIR_MODE)


def ensure_private_dir(path: Path) -> None:
    """Create the folder ``path`` inside the data folder if needed, readable by its owner only.

    Raises:
        UnsafePathError: ``path`` is a symbolic link.
    """
    try:
        path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    except FileExistsError:
        refuse_link(path)
        raise
    refuse_link(path)
    tighten(path, DIR_MODE)


def tighten(path: Path, mode: int) -> None:
    """Remove permissions beyond ``mode`` from ``path`` if it has any; never follows a link.

    Best effort (a read-only disk keeps its permissions), except for a link.

    Raises:
        UnsafePathError: ``path`` is a symbolic link.
    """
    try:
        fd = open_nofollow(path, os.O_RDONLY | _NONBLOCK)
    except StoreError:
        raise
    except OSError:
        return
    try:
        current = stat.S_IMODE(os.fstat(fd).st_mode)
        if current & ~mode:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, current & mode)
            else:  # pragma: no cover - Windows, where there are no such links to follow
                os.chmod(path, current & mode)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable (a no-op where directories can't be synced)."""
    if sys.platform == "win32":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(
    path: Path,
    payload: bytes | bytearray | Iterable[bytes | memoryview],
    *,
    durable: bool = True,
) -> os.stat_result:
    """Replace ``path`` with ``payload`` so that a crash leaves the old or the new file.

    The bytes (or chunks of them, written as they come, for a file too big to hold whole)
    go to a temporary file in the same folder, are flushed and fsynced, and the temporary
    file is renamed over ``path`` (a link at ``path`` is replaced, never followed). A
    failure while the chunks are made leaves ``path`` as it was. Returns the new file's
    stat.
    """
    import tempfile  # loaded on the first save: `ketacheck status` writes nothing

    directory = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    chunks = [payload] if isinstance(payload, bytes | bytearray) else payload
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_dir(directory)
    return os.lstat(path)


def remove_stale_temporaries(directory: Path, older_than: float | None = None) -> None:
    """Delete temporary files a crash left mid-save.

    Call it while holding the lock, or give ``older_than`` (seconds) so that a file
    another process is writing right now is left alone.
    """
    cutoff = None if older_than is None else time.time() - older_than
    for leftover in directory.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if cutoff is None or os.lstat(leftover).st_mtime < cutoff:
                leftover.unlink()


def identity_of(stat: os.stat_result) -> Identity:
    """What tells one version of the journal file from another."""
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
