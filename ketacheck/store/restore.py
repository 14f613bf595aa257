"""Restoring the journal: a good backup, a chosen file, or a new empty journal.

Restore never loses what the journal holds. A journal that opens fine is replaced only
when the patient asks for that on purpose (``force``). The old journal gets a second name
first (a hard link, else a copy), and only then is the new one put in its place with one
atomic rename: a full disk or a kill at any moment leaves a journal, old or new. Which
backup is good, and which is newest, is decided in :mod:`ketacheck.store.backups`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import orjson

from ketacheck.store.backups import (
    BackupSummary,
    backup_day,
    backup_dir,
    newest_good_backup,
    read_contents,
    read_tables,
    summarize_tables,
)
from ketacheck.store.codec import EnvelopeError, decode, encode
from ketacheck.store.errors import (
    BadBackupError,
    JournalTooNewError,
    JournalUnreadableError,
    JournalWriteError,
    RestoreRefusedError,
    StoreError,
    UnsafePathError,
)
from ketacheck.store.fileio import (
    atomic_write,
    check_data_folder,
    describe_os_error,
    ensure_data_folder,
    fsync_dir,
    read_nofollow,
)
from ketacheck.store.locking import InterProcessLock
from ketacheck.store.migrations import CURRENT_SCHEMA_VERSION, with_version
from ketacheck.store.paths import (
    JOURNAL_NAME,
    LOCK_NAME,
    REPLACED_MARKER,
    SUMMARY_NAME,
    UNREADABLE_MARKER,
)
from ketacheck.store.salvage import Salvage, merge, salvage_journal
from ketacheck.store.storage import Tables


class RestoreResult:
    """What ``restore`` did.

    Attributes:
        restored_from: The backup put in place, or None for a new, empty journal.
        set_aside: Where the previous journal was kept, if there was one.
        restored: What the journal now holds.
        previous: What the previous journal held; None if it could not be read or
            there was none (see ``previous_state``).
        previous_state: ``fine``, ``unreadable`` or ``missing``.
        taken_on: The day the backup was taken (from its name, else its file date).
        salvaged: What was recovered from the unreadable journal itself, if it was.
        from_backup: What the backup added to what was recovered (with ``salvaged``).
    """

    __slots__ = (
        "from_backup",
        "previous",
        "previous_state",
        "restored",
        "restored_from",
        "salvaged",
        "set_aside",
        "taken_on",
    )

    def __init__(
        self,
        restored_from: Path | None,
        set_aside: Path | None,
        restored: BackupSummary | None = None,
        previous: BackupSummary | None = None,
        previous_state: str = "missing",
        taken_on: date | None = None,
    ) -> None:
        self.restored_from = restored_from
        self.set_aside = set_aside
        self.restored = restored or BackupSummary()
        self.previous = previous
        self.previous_state = previous_state
        self.taken_on = taken_on
        self.salvaged: Salvage | None = None
        self.from_backup: dict[str, int] = {}

    def __repr__(self) -> str:
        return f"RestoreResult({self.restored_from!r}, {self.set_aside!r})"


def _journal_state(journal: Path, now: datetime) -> tuple[str, BackupSummary | None, str]:
    """(``fine``, ``too-new``, ``unreadable`` or ``missing``; what it holds; why)."""
    try:
        payload = read_nofollow(journal)
    except FileNotFoundError:
        return "missing", None, ""
    except UnsafePathError:
        raise
    except OSError as exc:
        return "unreadable", None, describe_os_error(exc)
    try:
        return "fine", read_contents(journal, payload, now), ""
    except JournalTooNewError as exc:
        return "too-new", None, str(exc)
    except JournalUnreadableError as exc:
        return "unreadable", None, exc.reason


def _refuse(journal: Path, state: str, contents: BackupSummary | None, why: str) -> None:
    how = (
        "To roll back to a backup on purpose, run 'ketacheck restore --from FILE --force' "
        "('ketacheck restore --list' shows the backups)."
    )
    if state == "too-new":
        raise RestoreRefusedError(
            f"{why[0].lower()}{why[1:].rstrip('.')}, so restore left it as it is. {how}"
        )
    held = f" ({contents.describe()})" if contents is not None else ""
    raise RestoreRefusedError(
        f"the journal at {journal} opens fine{held}, so restore left it as it is. {how}"
    )


def _source_contents(source: Path, now: datetime) -> tuple[bytes, BackupSummary]:
    try:
        info = os.stat(source)
        if not stat.S_ISREG(info.st_mode):
            raise BadBackupError(source, "it is not a regular file")
        payload = source.read_bytes()
    except OSError as exc:
        raise BadBackupError(source, describe_os_error(exc)) from None
    try:
        return payload, read_contents(source, payload, now)
    except JournalTooNewError as exc:
        raise BadBackupError(source, f"it was saved by a newer ketacheck ({exc})") from None
    except JournalUnreadableError as exc:
        raise BadBackupError(source, exc.reason) from None


def _aside_name(journal: Path, marker: str, now: datetime) -> Path:
    base = f"{JOURNAL_NAME}.{marker}-{now:%Y%m%dT%H%M%S}"
    candidate = journal.with_name(base)
    counter = 2
    while os.path.lexists(candidate):
        candidate = journal.with_name(f"{base}-{counter}")
        counter += 1
    return candidate


def _keep_aside(journal: Path, aside: Path) -> None:
    """Give the journal a second name, ``aside``; the journal itself stays where it is.

    A hard link needs no space and keeps the file byte for byte; where links are not
    possible the bytes are copied. A folder in the journal's place is renamed (it was
    never a journal, so nothing is lost while the new one is put there).

    Raises:
        StoreError: neither worked; nothing was changed.
    """
    made = False
    try:
        if stat.S_ISDIR(os.lstat(journal).st_mode):
            os.rename(journal, aside)
            return
        try:
            os.link(journal, aside)  # the journal is never a link: checked before
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                raise
            atomic_write(aside, read_nofollow(journal))
        made = True
        fsync_dir(journal.parent)
    except OSError as exc:
        if made:
            with contextlib.suppress(OSError):
                aside.unlink()
        raise StoreError(
            f"couldn't keep a copy of the journal at {journal} ({describe_os_error(exc)}), "
            "so restore changed nothing"
        ) from None


def restore(
    data_dir: Path,
    now: datetime,
    source: Path | None = None,
    start_empty: bool = False,
    force: bool = False,
) -> RestoreResult:
    """Put a good backup (or, with ``start_empty``, an empty journal) in the journal's place.

    Args:
        data_dir: The data folder.
        now: The current time (aware), for naming the file kept aside.
        source: The file to restore from; by default the good backup holding the newest
            entry.
        start_empty: Put a new, empty journal in place instead of a backup.
        force: Replace even a journal that opens fine.

    Raises:
        RestoreRefusedError: the journal opens fine and ``force`` was not given, or both
            ``source`` and ``start_empty`` were (bad usage: nothing was changed).
        BadBackupError: ``source`` is not a journal whose every record is valid.
        StoreError: there is no good backup, or the old journal couldn't be kept aside.
        JournalWriteError: the new journal couldn't be written (the old one is in place).
    """
    if source is not None and start_empty:
        raise RestoreRefusedError(
            "give either --from FILE or --start-empty, not both; nothing was changed"
        )
    check_data_folder(data_dir, journal_may_be_missing=True)
    journal = data_dir / JOURNAL_NAME
    state, previous, why = _journal_state(journal, now)
    if state in ("fine", "too-new") and not force:
        _refuse(journal, state, previous, why)
    salvaged = None
    if state == "unreadable" and not start_empty:
        salvaged = salvage_journal(journal)
    base, restored, source, taken_on = _replacement(data_dir, now, source, start_empty, salvaged)
    plain, from_backup = base, {}
    if salvaged is not None and salvaged.anything:
        base_tables = _tables(base, journal, now)
        merged = merge(base_tables, salvaged)
        from_backup = _added(base_tables, salvaged)
        restored = summarize_tables(merged, journal, now)
        plain = orjson.dumps(with_version(merged, CURRENT_SCHEMA_VERSION))
    if not data_dir.exists():  # a restore --from into a new folder
        ensure_data_folder(data_dir)
    aside = _put_in_place(data_dir, journal, encode(data_dir, plain), state, now)
    result = RestoreResult(source, aside, restored, previous, state, taken_on)
    result.salvaged, result.from_backup = salvaged, from_backup
    return result


def _tables(plain: bytes, path: Path, now: datetime) -> Tables:
    """A good journal's tables at today's schema."""
    return read_tables(path, plain, now)[0]


def _added(base: Tables, salvaged: Salvage) -> dict[str, int]:
    """How many records of each table the backup holds that the damaged journal did not."""
    return {
        table: sum(1 for key in docs if key not in salvaged.tables.get(table, {}))
        for table, docs in base.items()
    }


def _replacement(
    data_dir: Path, now: datetime, source: Path | None, start_empty: bool, salvaged: Salvage | None
) -> tuple[bytes, BackupSummary, Path | None, date | None]:
    """The new journal's plain bytes, what they hold, the file they came from and its day.

    Raises:
        BadBackupError: ``source`` is not a journal whose every record is valid.
        StoreError: no ``source`` was given, there is no good backup, and nothing could
            be recovered from the journal itself.
    """
    empty = orjson.dumps(with_version({}, CURRENT_SCHEMA_VERSION))
    if start_empty:
        return empty, BackupSummary({"infusions": 0, "checkins": 0}), None, None
    if source is not None:
        payload, restored = _source_contents(source, now)
        taken_on = backup_day(source) or (
            datetime.fromtimestamp(os.stat(source).st_mtime, UTC).astimezone().date()
        )
        return _plain(source, payload), restored, source, taken_on
    found = newest_good_backup(data_dir, now)
    if found is None and salvaged is not None and salvaged.records:
        return empty, BackupSummary({"infusions": 0, "checkins": 0}), None, None
    if found is None:
        raise StoreError(
            f"there is no good backup in {backup_dir(data_dir)}. To set the unreadable "
            "journal aside and start a new one, run 'ketacheck restore --start-empty'."
        )
    source, restored = found
    return _plain(source, read_nofollow(source)), restored, source, backup_day(source)


def _plain(path: Path, payload: bytes) -> bytes:
    """A good journal file's plain bytes (decrypted if it is sealed)."""
    try:
        return decode(path, payload)
    except EnvelopeError as exc:  # checked a moment ago; changed since
        raise BadBackupError(path, str(exc)) from None


def _put_in_place(
    data_dir: Path, journal: Path, payload: bytes | bytearray, state: str, now: datetime
) -> Path | None:
    """Keep the old journal aside, then write ``payload`` in its place; where it went.

    Raises:
        StoreError: the old journal couldn't be kept aside; nothing was changed.
        JournalWriteError: the new journal couldn't be written (the old one is in place).
    """
    # Under the journal lock, so no other ketacheck saves into the file being replaced.
    with InterProcessLock(data_dir / LOCK_NAME).held():
        aside = None
        if os.path.lexists(journal):
            marker = REPLACED_MARKER if state in ("fine", "too-new") else UNREADABLE_MARKER
            aside = _aside_name(journal, marker, now)
            _keep_aside(journal, aside)
        try:
            atomic_write(journal, payload)
        except OSError as exc:
            if aside is not None and not os.path.lexists(journal):
                os.rename(aside, journal)  # the folder case: put it back as it was
            elif aside is not None:
                with contextlib.suppress(OSError):
                    aside.unlink()
            raise JournalWriteError(journal, describe_os_error(exc)) from None
        # The summary described the old journal; the new one's identity differs anyway.
        with contextlib.suppress(OSError):
            (data_dir / SUMMARY_NAME).unlink()
    return aside
