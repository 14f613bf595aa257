"""Daily copies of the journal, kept beside it for about two weeks, and judging them.

Two promises (restoring one is :mod:`ketacheck.store.restore`'s job):

* A backup is judged by what it holds, not by its name: every record is checked as the
  journal checks it, and the one holding the newest entry wins. A clock once set to 2099
  spoils nothing: neither a backup's name nor an entry dated in the future makes it
  preferred, and backups named in the future are the first to be pruned.
* Pruning deletes only what ketacheck wrote: regular files, owned by this user, private
  (0600), named ``journal-YYYY-MM-DD.json``, in a real ``backups`` folder (never a link).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ketacheck.core.words import plural
from ketacheck.store.errors import JournalTooNewError, JournalUnreadableError, StoreError
from ketacheck.store.fileio import (
    atomic_write,
    ensure_private_dir,
    read_nofollow,
    refuse_link,
    remove_stale_temporaries,
)
from ketacheck.store.paths import BACKUP_DIR_NAME, FILE_MODE
from ketacheck.store.records import RECORD_TABLES, convert
from ketacheck.store.storage import Tables, parse_journal

KEEP_BACKUPS = 14
_PREFIX = "journal-"
_SUFFIX = ".json"
#: An entry dated later than this after "now" says nothing about how recent a backup is.
FUTURE_SLACK = timedelta(minutes=5)
#: A temporary file in the backups folder this old was left by a crash, not a writer.
_STALE_SECONDS = 600
_CHECK_OWNER = hasattr(os, "geteuid")


def backup_dir(data_dir: Path) -> Path:
    """The folder that holds the daily backups."""
    return data_dir / BACKUP_DIR_NAME


def backup_path(data_dir: Path, day: date) -> Path:
    """Where the backup for ``day`` goes."""
    return backup_dir(data_dir) / f"{_PREFIX}{day.isoformat()}.json"


def backup_day(path: Path) -> date | None:
    """The day a backup was taken, from its name; None if it is not named as one."""
    name = path.name
    stamp = name[len(_PREFIX) : -len(_SUFFIX)]
    if not (name.startswith(_PREFIX) and name.endswith(_SUFFIX)) or len(stamp) != 10:
        return None
    try:
        return date.fromisoformat(stamp)
    except ValueError:
        return None


def _written_by_ketacheck(entry: os.DirEntry[str]) -> date | None:
    """The day of a backup ketacheck wrote; None for anything else in the folder."""
    day = backup_day(Path(entry.name))
    if day is None:
        return None
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    if _CHECK_OWNER and (info.st_uid != os.geteuid() or stat.S_IMODE(info.st_mode) != FILE_MODE):
        return None
    return day


def _our_backups(data_dir: Path) -> list[tuple[Path, date]]:
    folder = backup_dir(data_dir)
    if not refuse_link(folder) or not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        return [
            (folder / entry.name, day)
            for entry in entries
            if (day := _written_by_ketacheck(entry)) is not None
        ]


def _by_recency(found: Iterable[tuple[Path, date]], today: date | None) -> list[Path]:
    """Newest first; a backup named after ``today`` counts as older than every other."""
    return [
        path
        for path, day in sorted(
            found, key=lambda pair: (today is None or pair[1] <= today, pair[1]), reverse=True
        )
    ]


def list_backups(data_dir: Path, today: date | None = None) -> list[Path]:
    """The backups ketacheck wrote, newest first (those dated after ``today`` last).

    Raises:
        UnsafePathError: the backups folder is a symbolic link.
    """
    return _by_recency(_our_backups(data_dir), today)


def ensure_daily_backup(data_dir: Path, journal: Path, today: date) -> Path | None:
    """Copy the journal into today's backup if there isn't one yet; prune old ones.

    Best effort: if the copy can't be made (disk full, read-only disk...), opening and
    saving the journal still work, and the copy is tried again on the next open or save.
    Nothing is written or pruned through a symbolic link.
    """
    target = backup_path(data_dir, today)
    if os.path.lexists(target):
        return None
    try:
        payload = read_nofollow(journal)
        ensure_private_dir(backup_dir(data_dir))
        atomic_write(target, payload, durable=False)
    except (OSError, StoreError):
        return None
    prune_backups(data_dir, today)
    return target


def prune_backups(data_dir: Path, today: date) -> None:
    """Keep the :data:`KEEP_BACKUPS` newest backups ketacheck wrote; delete no other file."""
    try:
        ours = _by_recency(_our_backups(data_dir), today)
    except (OSError, StoreError):
        return
    for old in ours[KEEP_BACKUPS:]:
        with contextlib.suppress(OSError):
            old.unlink()
    with contextlib.suppress(OSError):
        remove_stale_temporaries(backup_dir(data_dir), older_than=_STALE_SECONDS)


class BackupSummary:
    """What a journal file holds, every record checked.

    (A plain class rather than a dataclass: this module loads on every ``status``.)

    Attributes:
        counts: How many records each table holds (``infusions``, ``checkins``...).
        newest_entry: The newest moment any record was made for, ignoring moments in
            the future; None for a journal without entries.
        future_entries: How many records are dated in the future.
    """

    __slots__ = ("counts", "future_entries", "newest_entry")

    def __init__(
        self,
        counts: dict[str, int] | None = None,
        newest_entry: datetime | None = None,
        future_entries: int = 0,
    ) -> None:
        self.counts = counts or {}
        self.newest_entry = newest_entry
        self.future_entries = future_entries

    def __repr__(self) -> str:
        return f"BackupSummary({self.counts!r}, {self.newest_entry!r}, {self.future_entries})"

    @property
    def entries(self) -> int:
        """How many records it holds in all (settings aside)."""
        return sum(n for table, n in self.counts.items() if table != "settings")

    def describe(self) -> str:
        """``1 infusion and 3 check-ins`` (questionnaires and alerts only when there are some)."""
        parts = [
            plural(self.counts.get("infusions", 0), "infusion"),
            plural(self.counts.get("checkins", 0), "check-in"),
        ]
        for table, noun in (("questionnaires", "questionnaire"), ("alerts", "alert")):
            if self.counts.get(table):
                parts.append(plural(self.counts[table], noun))
        return ", ".join(parts[:-1]) + " and " + parts[-1]


_TIMES = ("at", "started_at", "raised_at")


def read_contents(path: Path, payload: bytes, now: datetime) -> BackupSummary:
    """Check every record of the journal ``payload`` exactly as the journal checks it.

    Raises:
        JournalUnreadableError: it is not a journal, or a record is invalid (named).
        JournalTooNewError: a newer ketacheck wrote it.
    """
    return read_tables(path, payload, now)[1]


def read_tables(path: Path, payload: bytes, now: datetime) -> tuple[Tables, BackupSummary]:
    """The journal ``payload`` as tables at today's schema version, every record checked
    (see :func:`read_contents`), and what it holds."""
    from ketacheck.store.migrations import CURRENT_SCHEMA_VERSION, migrate, schema_version

    tables: Tables = parse_journal(path, payload)
    version = schema_version(tables)
    if version > CURRENT_SCHEMA_VERSION:
        raise JournalTooNewError(path, version)
    if version < CURRENT_SCHEMA_VERSION:
        try:
            tables = migrate(tables)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise JournalUnreadableError(path, f"can't be upgraded ({exc})") from None
    return tables, summarize_tables(tables, path, now)


def summarize_tables(tables: Tables, path: Path, now: datetime) -> BackupSummary:
    """What ``tables`` hold, every record checked as the journal checks it.

    Raises:
        JournalUnreadableError: a record is invalid (named).
    """
    horizon = now + FUTURE_SLACK
    counts: dict[str, int] = {}
    newest: datetime | None = None
    future = 0
    for table, (kind, parse) in RECORD_TABLES.items():
        docs: Any = tables.get(table, {})
        counts[table] = len(docs)
        for doc in docs.values():
            record = convert(kind, doc, parse, path)
            for name in _TIMES:
                moment = getattr(record, name, None)
                if not isinstance(moment, datetime):
                    continue
                if moment > horizon:
                    future += 1
                elif newest is None or moment > newest:
                    newest = moment
    return BackupSummary(counts, newest, future)


def _read_backup(path: Path, now: datetime) -> BackupSummary | None:
    try:
        return read_contents(path, read_nofollow(path), now)
    except (OSError, StoreError):
        return None


def newest_good_backup(
    data_dir: Path, now: datetime | None = None
) -> tuple[Path, BackupSummary] | None:
    """The good backup holding the newest entry, with what it holds.

    Every record of every candidate is checked, and entries dated in the future are not
    counted. Between backups whose newest entries are the same, one named after today is
    not preferred; then the one holding more wins, then the later name.
    """
    now = now or datetime.now(UTC)
    today = now.astimezone().date()
    best: tuple[tuple[Any, ...], Path, BackupSummary] | None = None
    for path, day in _our_backups(data_dir):
        contents = _read_backup(path, now)
        if contents is None:
            continue
        oldest = datetime.min.replace(tzinfo=UTC)
        key = (contents.newest_entry or oldest, day <= today, contents.entries, day)
        if best is None or key > best[0]:
            best = (key, path, contents)
    return None if best is None else (best[1], best[2])
