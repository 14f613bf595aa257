"""Low-level file helpers: atomic replacement, private permissions, an inter-process lock."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ketacheck.store.paths import DIR_MODE, FILE_MODE


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` if needed and make it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    tighten(path, DIR_MODE)


def tighten(path: Path, mode: int) -> None:
    """Remove group and other permissions from ``path`` if it has any."""
    with contextlib.suppress(OSError):
        current = path.stat().st_mode & 0o777
        if current & ~mode:
            os.chmod(path, current & mode)


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable (a no-op where directories can't be synced)."""
    if sys.platform == "win32":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, payload: bytes, *, durable: bool = True) -> os.stat_result:
    """Replace ``path`` with ``payload`` so that a crash leaves the old or the new file.

    The bytes go to a temporary file in the same folder, are flushed and fsynced, and the
    temporary file is renamed over ``path``. Returns the new file's stat.
    """
    directory = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
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
    return path.stat()


def remove_stale_temporaries(directory: Path) -> None:
    """Delete temporary files a crash left mid-save. Call only while holding the lock."""
    for leftover in directory.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


class InterProcessLock:
    """An exclusive lock on a file, shared by every ketacheck process using the folder.

    Re-entrant within one object, so a transaction can hold it across several writes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._depth = 0

    def acquire(self) -> None:
        """Block until this process holds the lock."""
        if self._depth:
            self._depth += 1
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            _lock_fd(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._depth = 1

    def release(self) -> None:
        """Give the lock back."""
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                _unlock_fd(fd)
            finally:
                os.close(fd)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the body of a ``with`` block."""
        self.acquire()
        try:
            yield
        finally:
            self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)

    def _unlock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
