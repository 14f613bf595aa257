"""A TinyDB storage that is safe against crashes, full disks and a second process.

TinyDB reads and rewrites the whole file on every change. This storage:

* writes atomically (see :func:`~ketacheck.store.fileio.atomic_write`);
* keeps the parsed data, keyed by the file's identity, so an unchanged file is never
  parsed twice; the cache is dropped whenever a write fails;
* buffers writes inside a transaction so several table changes land as one file;
* encodes only the tables a change touched (see :mod:`ketacheck.store.journal_bytes`);
* never turns a file it can't parse into an empty database: it raises instead;
* never follows a symbolic link in the journal's place: it refuses it.

Locking across processes is the caller's job (:class:`~ketacheck.store.journal.Journal`
holds the lock around each read-modify-write).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ketacheck.store.codec import EnvelopeError, decode, encode_runs
from ketacheck.store.errors import JournalUnreadableError, JournalWriteError, UnsafePathError
from ketacheck.store.fileio import (
    Identity,
    atomic_write,
    describe_os_error,
    identity_of,
    open_nofollow,
)
from ketacheck.store.journal_bytes import JournalBytes

__all__ = [
    "Identity",
    "SafeJSONStorage",
    "Tables",
    "describe_os_error",
    "identity_of",
    "parse_journal",
]

Tables = dict[str, dict[str, Any]]


def parse_journal(path: Path, payload: bytes) -> Tables:
    """Parse journal bytes (decrypting them if they are sealed).

    Raises:
        JournalUnreadableError: naming the problem.
        JournalLockedError: they are sealed with a key this process was not given.
    """
    try:
        payload = decode(path, payload)
    except EnvelopeError as exc:
        raise JournalUnreadableError(path, str(exc)) from None
    if not payload.strip():
        raise JournalUnreadableError(path, "the file is empty")
    try:
        import orjson  # loaded on first use: `ketacheck status` never parses the journal

        data = orjson.loads(payload)
    except ValueError as exc:
        raise JournalUnreadableError(path, f"not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    ):
        raise JournalUnreadableError(path, "not a ketacheck journal")
    return data


class SafeJSONStorage:
    """The journal's TinyDB storage (all a TinyDB table calls is ``read`` and ``write``).
    See the module docstring."""

    def __init__(self, path: Path, on_commit: Callable[[Tables, Identity], None] | None = None):
        self.path = path
        self.on_commit = on_commit
        self._cache: Tables | None = None
        self._cache_identity: Identity | None = None
        self._pinned_fd: int | None = None
        self._pending: Tables | None = None
        self._in_transaction = False
        # The bytes last written, table by table: a save re-encodes only what changed.
        self._bytes = JournalBytes()

    def current_identity(self) -> Identity | None:
        """The identity of the file now on disk, or None if there is none."""
        try:
            return identity_of(os.lstat(self.path))
        except FileNotFoundError:
            return None

    def read(self) -> Tables | None:
        """The whole journal; parsed from disk only when the file has changed."""
        if self._in_transaction and self._pending is not None:
            return self._pending
        try:
            info = os.lstat(self.path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise JournalUnreadableError(self.path, describe_os_error(exc)) from None
        if stat.S_ISLNK(info.st_mode):
            raise UnsafePathError(self.path)
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            raise JournalUnreadableError(self.path, "it is not a regular file")
        if self._cache is not None and self._cache_identity == identity_of(info):
            return self._cache
        try:
            fd = open_nofollow(self.path)
        except OSError as exc:
            raise JournalUnreadableError(self.path, describe_os_error(exc)) from None
        try:
            with os.fdopen(os.dup(fd), "rb") as handle:
                payload = handle.read()
            data = parse_journal(self.path, payload)
        except OSError as exc:
            os.close(fd)
            raise JournalUnreadableError(self.path, describe_os_error(exc)) from None
        except BaseException:
            os.close(fd)
            raise
        self._remember(data, fd)
        return data

    def write(
        self, data: Tables, *, grown: tuple[str, dict[str, Any], list[str]] | None = None
    ) -> None:
        """Save the whole journal atomically (or buffer it inside a transaction).

        ``grown`` (name, base, keys), when given, says that ``data[name]`` is the table
        ``base`` with the records under ``keys`` added at its end, and nothing else
        changed in it: only those records are encoded (see
        :meth:`~ketacheck.store.journal_bytes.JournalBytes.grown`).
        """
        if grown is not None:
            name, base, keys = grown
            self._bytes.grown(name, base, data[name], keys)
        if self._in_transaction:
            self._pending = data
            return
        self._commit(data)

    def _commit(self, data: Tables) -> None:
        try:
            runs, written = self._bytes.encode(data)
            atomic_write(self.path, encode_runs(self.path.parent, runs))
            fd = open_nofollow(self.path)
        except OSError as exc:
            self.forget()
            raise JournalWriteError(self.path, describe_os_error(exc)) from None
        except BaseException:
            self.forget()
            raise
        identity = self._remember(data, fd)
        self._bytes.kept_from(written)
        if self.on_commit is not None:
            self.on_commit(data, identity)

    def _remember(self, data: Tables, fd: int) -> Identity:
        # Keeping the file we parsed open stops the system from reusing its inode number
        # for a later version, so an identity match really means "the file we parsed".
        self._unpin()
        self._bytes.forget()
        self._pinned_fd = fd
        self._cache = data
        self._cache_identity = identity_of(os.fstat(fd))
        return self._cache_identity

    def _unpin(self) -> None:
        if self._pinned_fd is not None:
            os.close(self._pinned_fd)
            self._pinned_fd = None

    def forget(self) -> None:
        """Drop the cached data so the next read parses the file again."""
        self._cache = None
        self._cache_identity = None
        self._bytes.forget()
        self._unpin()

    def begin(self) -> None:
        """Start buffering writes."""
        self._in_transaction = True
        self._pending = None

    def commit(self) -> None:
        """Write what was buffered, as one atomic replacement."""
        pending, self._pending = self._pending, None
        self._in_transaction = False
        if pending is not None:
            self._commit(pending)

    def rollback(self) -> None:
        """Throw away what was buffered; the file and the cache are as before."""
        self._pending = None
        self._in_transaction = False
        self.forget()

    def close(self) -> None:
        """Release the pinned file handle."""
        self.forget()
