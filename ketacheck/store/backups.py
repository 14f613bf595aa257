"""Daily copies of the journal, kept beside it for about two weeks, and restoring one.

Three promises:

* Restore never loses what the journal holds. A journal that opens fine is replaced only
  when the patient asks for that on purpose (``force``). The old journal gets a second
  name first (a hard link, else a copy), and only then is the new one put in its place
  with one atomic rename: a full disk or a kill at any moment leaves a journal, old or new.
* A backup is judged by what it holds, not by its name: every record is checked as the
  journal checks it, and the one holding the newest entry wins. A clock once set to 2099
  spoils nothing: neither a backup's name nor an entry dated in the future makes it
  preferred, and backups named in the future are the first to be pruned.
* Pruning deletes only what ketacheck wrote: regular files, owned by this user, private
  (0600), named ``journal-YYYY-MM-DD.json``, in a real ``backups`` folder (never a link).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ketacheck.core.words import plural
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
    InterProcessLock,
    atomic_write,
    check_data_folder,
    describe_os_error,
    ensure_data_folder,
    ensure_private_dir,
    fsync_dir,
    read_nofollow,
    refuse_link,
    remove_stale_temporaries,
)
from ketacheck.store.paths import (
    BACKUP_DIR_NAME,
    FILE_MODE,
    JOURNAL_NAME,
    LOCK_NAME,
    REPLACED_MARKER,
    SUMMARY_NAME,
    UNREADABLE_MARKER,
)
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


class JournalContents:
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
        return f"JournalContents({self.counts!r}, {self.newest_entry!r}, {self.future_entries})"

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


def read_contents(path: Path, payload: bytes, now: datetime) -> JournalContents:
    """Check every record of the journal ``payload`` exactly as the journal checks it.

    Raises:
        JournalUnreadableError: it is not a journal, or a record is invalid (named).
        JournalTooNewError: a newer ketacheck wrote it.
    """
    from ketacheck.store.journal import RECORD_TABLES, _convert
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
    horizon = now + FUTURE_SLACK
    counts: dict[str, int] = {}
    newest: datetime | None = None
    future = 0
    for table, (kind, parse) in RECORD_TABLES.items():
        docs: Any = tables.get(table, {})
        counts[table] = len(docs)
        for doc in docs.values():
            record = _convert(kind, doc, parse, path)
            for name in _TIMES:
                moment = getattr(record, name, None)
                if not isinstance(moment, datetime):
                    continue
                if moment > horizon:
                    future += 1
                elif newest is None or moment > newest:
                    newest = moment
    return JournalContents(counts, newest, future)


def _read_backup(path: Path, now: datetime) -> JournalContents | None:
    try:
        return read_contents(path, read_nofollow(path), now)
    except (OSError, StoreError):
        return None


def newest_good_backup(
    data_dir: Path, now: datetime | None = None
) -> tuple[Path, JournalContents] | None:
    """The good backup holding the newest entry, with what it holds.

    Every record of every candidate is checked, and entries dated in the future are not
    counted. Between backups whose newest entries are the same, one named after today is
    not preferred; then the one holding more wins, then the later name.
    """
    now = now or datetime.now(UTC)
    today = now.astimezone().date()
    best: tuple[tuple[Any, ...], Path, JournalContents] | None = None
    for path, day in _our_backups(data_dir):
        contents = _read_backup(path, now)
        if contents is None:
            continue
        oldest = datetime.min.replace(tzinfo=UTC)
        key = (contents.newest_entry or oldest, day <= today, contents.entries, day)
        if best is None or key > best[0]:
            best = (key, path, contents)
    return None if best is None else (best[1], best[2])


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
    """

    __slots__ = (
        "previous",
        "previous_state",
        "restored",
        "restored_from",
        "set_aside",
        "taken_on",
    )

    def __init__(
        self,
        restored_from: Path | None,
        set_aside: Path | None,
        restored: JournalContents | None = None,
        previous: JournalContents | None = None,
        previous_state: str = "missing",
        taken_on: date | None = None,
    ) -> None:
        self.restored_from = restored_from
        self.set_aside = set_aside
        self.restored = restored or JournalContents()
        self.previous = previous
        self.previous_state = previous_state
        self.taken_on = taken_on

    def __repr__(self) -> str:
        return f"RestoreResult({self.restored_from!r}, {self.set_aside!r})"


def _journal_state(journal: Path, now: datetime) -> tuple[str, JournalContents | None, str]:
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


def _refuse(journal: Path, state: str, contents: JournalContents | None, why: str) -> None:
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


def _source_contents(source: Path, now: datetime) -> tuple[bytes, JournalContents]:
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
    from ketacheck.store.migrations import CURRENT_SCHEMA_VERSION, with_version

    if source is not None and start_empty:
        raise RestoreRefusedError(
            "give either --from FILE or --start-empty, not both; nothing was changed"
        )
    check_data_folder(data_dir, journal_may_be_missing=True)
    journal = data_dir / JOURNAL_NAME
    state, previous, why = _journal_state(journal, now)
    if state in ("fine", "too-new") and not force:
        _refuse(journal, state, previous, why)
    taken_on: date | None = None
    if start_empty:
        import orjson

        payload = orjson.dumps(with_version({}, CURRENT_SCHEMA_VERSION))
        restored = JournalContents({"infusions": 0, "checkins": 0})
    elif source is not None:
        payload, restored = _source_contents(source, now)
        taken_on = backup_day(source) or (
            datetime.fromtimestamp(os.stat(source).st_mtime, UTC).astimezone().date()
        )
    else:
        found = newest_good_backup(data_dir, now)
        if found is None:
            raise StoreError(
                f"there is no good backup in {backup_dir(data_dir)}. To set the unreadable "
                "journal aside and start a new one, run 'ketacheck restore --start-empty'."
            )
        source, restored = found
        payload = read_nofollow(source)
        taken_on = backup_day(source)
    if not data_dir.exists():  # a restore --from into a new folder
        ensure_data_folder(data_dir)
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
    return RestoreResult(source, aside, restored, previous, state, taken_on)
