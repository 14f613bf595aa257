"""Daily copies of the journal, kept beside it for about two weeks, and restoring one."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ketacheck.store.errors import JournalUnreadableError, StoreError
from ketacheck.store.fileio import InterProcessLock, atomic_write, ensure_private_dir
from ketacheck.store.paths import BACKUP_DIR_NAME, JOURNAL_NAME, LOCK_NAME
from ketacheck.store.storage import parse_journal

KEEP_BACKUPS = 14
_PREFIX = "journal-"


def backup_dir(data_dir: Path) -> Path:
    """The folder that holds the daily backups."""
    return data_dir / BACKUP_DIR_NAME


def backup_path(data_dir: Path, day: date) -> Path:
    """Where the backup for ``day`` goes."""
    return backup_dir(data_dir) / f"{_PREFIX}{day.isoformat()}.json"


def list_backups(data_dir: Path) -> list[Path]:
    """Backups, newest first."""
    folder = backup_dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{_PREFIX}*.json"), reverse=True)


def ensure_daily_backup(data_dir: Path, journal: Path, today: date) -> Path | None:
    """Copy the journal into today's backup if there isn't one yet; prune old ones.

    Best effort: if the copy can't be made (disk full...), opening and saving the journal
    still work, and the copy is tried again on the next open or save.
    """
    target = backup_path(data_dir, today)
    if target.exists() or not journal.exists():
        return None
    try:
        ensure_private_dir(backup_dir(data_dir))
        atomic_write(target, journal.read_bytes(), durable=False)
    except OSError:
        return None
    for old in list_backups(data_dir)[KEEP_BACKUPS:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


@dataclass(frozen=True)
class RestoreResult:
    """What ``restore`` did: which backup it used and where the old journal went."""

    restored_from: Path | None
    set_aside: Path | None


def newest_good_backup(data_dir: Path) -> Path | None:
    """The newest backup that parses as a journal."""
    for candidate in list_backups(data_dir):
        try:
            parse_journal(candidate, candidate.read_bytes())
        except (OSError, JournalUnreadableError):
            continue
        return candidate
    return None


def restore(
    data_dir: Path, now: datetime, source: Path | None = None, start_empty: bool = False
) -> RestoreResult:
    """Put a good backup (or, with ``start_empty``, nothing) in place of the journal.

    The current journal, if any, is renamed aside byte-for-byte, never deleted.

    Raises:
        StoreError: if there is no good backup to restore and ``start_empty`` is False.
    """
    journal = data_dir / JOURNAL_NAME
    if source is None and not start_empty:
        source = newest_good_backup(data_dir)
        if source is None:
            raise StoreError(
                f"there is no good backup in {backup_dir(data_dir)}. To set the unreadable "
                "journal aside and start a new one, run 'ketacheck restore --start-empty'."
            )
    payload = b""
    if source is not None:
        try:
            payload = source.read_bytes()
        except OSError as exc:
            raise StoreError(f"can't read {source}: {exc.strerror}") from None
        parse_journal(source, payload)
    # Under the journal lock, so no other ketacheck saves into the file being replaced.
    ensure_private_dir(data_dir)
    with InterProcessLock(data_dir / LOCK_NAME).held():
        set_aside = None
        if journal.exists():
            set_aside = journal.with_name(f"{JOURNAL_NAME}.unreadable-{now:%Y%m%dT%H%M%S}")
            counter = 2
            while set_aside.exists():
                set_aside = journal.with_name(
                    f"{JOURNAL_NAME}.unreadable-{now:%Y%m%dT%H%M%S}-{counter}"
                )
                counter += 1
            import shutil

            shutil.move(journal, set_aside)
        if source is not None:
            atomic_write(journal, payload)
    return RestoreResult(source, set_aside)
