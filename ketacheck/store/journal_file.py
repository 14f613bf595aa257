"""The journal's file: opening it, and landing each change as one atomic replacement.

:class:`JournalFile` creates, checks and upgrades the file on opening, and runs every
change as one read-modify-write under the inter-process lock. After each change it keeps
the summary beside the journal, and today's backup, in step. It knows tables and
documents, not records: :class:`~ketacheck.store.journal.Journal` adds those.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from ketacheck.store import backups, codec
from ketacheck.store.errors import JournalTooNewError, RecordNotFoundError
from ketacheck.store.fileio import (
    Identity,
    atomic_write,
    ensure_data_folder,
    remove_stale_temporaries,
    tighten,
)
from ketacheck.store.locking import InterProcessLock
from ketacheck.store.migrations import (
    CURRENT_SCHEMA_VERSION,
    migrate,
    schema_version,
    with_version,
)
from ketacheck.store.paths import FILE_MODE, JOURNAL_NAME, LOCK_NAME, SUMMARY_NAME
from ketacheck.store.storage import SafeJSONStorage, Tables
from ketacheck.store.summary import (
    build_summary,
    summary_with_alerts,
    summary_with_checkin,
    write_summary,
)
from ketacheck.store.summary_format import read_summary

if TYPE_CHECKING:
    from ketacheck.store.overview import Overview
    from ketacheck.store.tables import JournalTable

#: How many changes this process has landed in a journal, so that an error after a save
#: is never reported as "nothing was changed".
_commits = 0


def commits_landed() -> int:
    """How many journal changes this process has saved so far."""
    return _commits


def _count_commit() -> None:
    global _commits
    _commits += 1


class JournalFile:
    """The journal file in ``data_dir``, as tables of documents. Open it with :meth:`open`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / JOURNAL_NAME
        self._summary_path = data_dir / SUMMARY_NAME
        self._today: date | None = None
        self._summary: dict[str, Any] | None = None
        # The overview last made from ``_summary``, with the summary it was made from.
        self._overview_made: tuple[dict[str, Any], Overview] | None = None
        self._base_identity: Identity | None = None
        # Set by a change that adds one check-in (and the alerts it opened), so that the
        # summary can be brought up to date instead of rebuilt from every entry.
        self._added_checkin: dict[str, Any] | None = None
        self._added_alerts: list[dict[str, Any]] = []
        # Set by a change that only opened, updated or closed alerts (``_added_alerts``).
        self._alerts_only = False
        self._lock = InterProcessLock(data_dir / LOCK_NAME)
        # One journal object may be used by the interface and by worker threads at once:
        # a reader must never see a change that is still being made.
        self._thread_lock = threading.RLock()
        self._storage = SafeJSONStorage(self.path, on_commit=self._after_commit)

    @classmethod
    def open(cls, data_dir: Path, today: date) -> Self:
        """Open (creating, checking and if needed migrating) the journal in ``data_dir``.

        Args:
            data_dir: The data folder; created private (0700) if missing.
            today: The local date, for naming the daily backup.

        Only creating or upgrading the journal waits for another ketacheck that is saving;
        opening one to read takes the lock only if it is free (or not at all, on a
        read-only disk), so a suspended writer never stalls a reader.

        Raises:
            JournalUnreadableError: the file is garbled, truncated, empty or unreadable;
                it is left exactly as it was.
            JournalTooNewError: a newer ketacheck wrote it.
            JournalMissingError: there is no journal, but an earlier one was set aside.
            UnsafePathError: a file of the journal's is a symbolic link.
            UnsafeFolderError: the folder is another user's, or others can write to it.
        """
        ensure_data_folder(data_dir)
        journal = cls(data_dir)
        journal._today = today
        if journal._lock.try_acquire():
            try:
                journal._load(may_write=True)
            finally:
                journal._lock.release()
        elif not journal._load(may_write=False):
            with journal._lock.held():
                journal._load(may_write=True)
        return journal

    def _load(self, may_write: bool) -> bool:
        """Check the journal (creating or upgrading it only if ``may_write``).

        Returns False, having changed nothing, if it must be written and may not.
        """
        if may_write:  # only the lock holder may tidy up
            tighten(self._lock.path, FILE_MODE)
            remove_stale_temporaries(self.data_dir)
        if os.path.lexists(self.path):
            tighten(self.path, FILE_MODE)
        # A summary made from this very file proves it was written whole by ketacheck
        # at this schema version, so start-up need not parse years of entries.
        # msgspec is loaded already (the record types): its parser spares start-up
        # loading the standard library's json, or orjson (which loads json too).
        from msgspec.json import decode

        summary = read_summary(self._summary_path, self._storage.current_identity(), decode)
        if summary is not None and summary.get("schema_version") == CURRENT_SCHEMA_VERSION:
            self._summary = summary
            if self._today is not None:
                backups.ensure_daily_backup(self.data_dir, self.path, self._today)
            return True
        tables = self._storage.read()
        if tables is None or schema_version(tables) < CURRENT_SCHEMA_VERSION:
            if not may_write:
                return False
            if tables is None:
                self._storage.write(with_version({}, CURRENT_SCHEMA_VERSION))
                return True
        self._upgrade(tables)
        return True

    def _upgrade(self, tables: Tables) -> None:
        version = schema_version(tables)
        if version > CURRENT_SCHEMA_VERSION:
            raise JournalTooNewError(self.path, version)
        if version < CURRENT_SCHEMA_VERSION:
            keep = self.path.with_name(f"{JOURNAL_NAME}.v{version}-before-upgrade")
            if not keep.exists():
                atomic_write(keep, self.path.read_bytes())
            self._storage.write(migrate(tables))
        elif self._today is not None:
            backups.ensure_daily_backup(self.data_dir, self.path, self._today)

    def _after_commit(self, tables: Tables, identity: Identity) -> None:
        summary = self._summary
        in_step = summary is not None and summary["journal_identity"] == list(
            self._base_identity or ()
        )
        if summary is not None and in_step and self._added_checkin is not None:
            summary = summary_with_checkin(
                summary, self._added_checkin, identity, self._added_alerts
            )
        elif summary is not None and in_step and self._alerts_only:
            summary = summary_with_alerts(summary, identity, self._added_alerts)
        else:
            summary = build_summary(tables, identity)
        self._summary = summary
        write_summary(self._summary_path, summary)
        if self._today is not None:
            backups.ensure_daily_backup(self.data_dir, self.path, self._today)
        if codec.writes_sealed(self.data_dir):
            self._keep_plain_file(in_step)

    def _keep_plain_file(self, in_step: bool) -> None:
        """Keep ``plain.json`` in step at little cost: alerts change no reminder, and a
        new check-in only answers the check-in reminders it makes unnecessary."""
        from ketacheck.store.plain_file import after_checkin, made_today

        if self._today is not None and in_step and made_today(self.data_dir, self._today):
            if self._alerts_only:
                return
            if self._added_checkin is not None:
                after_checkin(self.data_dir, str(self._added_checkin.get("at")))
                return
        self.refresh_plain_file()

    def refresh_plain_file(self) -> None:
        """With encryption on, rewrite ``plain.json`` (reminder times and the crisis
        line: what must stay readable while the journal is locked). Best effort."""
        from ketacheck.store.errors import JournalUnreadableError
        from ketacheck.store.overview import overview_from_summary
        from ketacheck.store.plain_file import write_plain_file

        if self._summary is None or self._today is None:
            return
        try:
            overview = overview_from_summary(self._summary, self.path)
        except JournalUnreadableError:
            return
        write_plain_file(self.data_dir, overview, self._today)

    def close(self) -> None:
        """Release file handles."""
        self._storage.close()

    def identity(self) -> Identity | None:
        """The identity of the journal file on disk: it changes whenever anyone saves."""
        return self._storage.current_identity()

    def _table(self, name: str) -> JournalTable:
        from ketacheck.store.tables import JournalTable  # TinyDB, on the first change

        return JournalTable(self._storage, name)

    def _insert(self, table_name: str, docs: Iterable[dict[str, Any]]) -> None:
        """Add new records, each keyed by its own id, in one write of their table.

        As TinyDB's ``insert_multiple`` did, but without converting every key of the
        table twice, and telling the storage which records are new, so that only they
        are encoded: a save stays quick with years of check-ins.

        Raises:
            ValueError: a record with one of those ids is already there.
        """
        tables = self._tables()
        base = tables.get(table_name, {})
        table = dict(base)
        added = []
        for doc in docs:
            if doc["id"] in table:
                raise ValueError(f"Document with ID {doc['id']} already exists")
            table[doc["id"]] = dict(doc)
            added.append(doc["id"])
        self._storage.write({**tables, table_name: table}, grown=(table_name, base, added))

    @contextmanager
    def _change(self) -> Iterator[None]:
        """Hold the lock and land every write inside as one atomic file replacement."""
        with self._thread_lock, self._lock.held():
            self._base_identity = self._storage.current_identity()
            self._storage.begin()
            try:
                yield
                self._storage.commit()
                _count_commit()
            except BaseException:
                self._storage.rollback()
                raise
            finally:
                self._added_checkin = None
                self._added_alerts = []
                self._alerts_only = False

    def _tables(self) -> Tables:
        return self._storage.read() or {}

    def _docs(self, name: str) -> Iterable[dict[str, Any]]:
        return self._tables().get(name, {}).values()

    def _replace(self, table_name: str, record_id: str, doc: dict[str, Any]) -> None:
        if not self._table(table_name).replace_record(record_id, doc):
            raise RecordNotFoundError(f"no record with id {record_id} in {table_name}")

    def _remove(self, table_name: str, record_id: str) -> None:
        if not self._table(table_name).remove_record(record_id):
            raise RecordNotFoundError(f"no record with id {record_id} in {table_name}")
