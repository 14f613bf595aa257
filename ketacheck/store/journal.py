"""The journal: every infusion, check-in and setting, in one TinyDB file.

All access goes through :class:`Journal`. Each change runs as one read-modify-write under
an inter-process lock and lands as a single atomic file replacement, so a second window,
a CLI command in another terminal, a crash or a full disk never loses or corrupts an entry.
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from tinydb import Query
from tinydb.table import Document, Table

from ketacheck.core.alert_records import (
    CHECKIN_SOURCE,
    QUESTIONNAIRE_SOURCE,
    AlertRecord,
    kept_records,
    most_severe_first,
)
from ketacheck.core.clock import to_iso
from ketacheck.core.contents import JournalContents
from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import Settings
from ketacheck.store import backups
from ketacheck.store.errors import (
    JournalTooNewError,
    JournalUnreadableError,
    RecordNotFoundError,
)
from ketacheck.store.fileio import (
    InterProcessLock,
    atomic_write,
    check_data_folder,
    ensure_data_folder,
    remove_stale_temporaries,
    tighten,
)
from ketacheck.store.migrations import (
    CURRENT_SCHEMA_VERSION,
    migrate,
    schema_version,
    with_version,
)
from ketacheck.store.paths import FILE_MODE, JOURNAL_NAME, LOCK_NAME, SUMMARY_NAME
from ketacheck.store.storage import Identity, SafeJSONStorage, Tables, identity_of
from ketacheck.store.summary import (
    build_summary,
    read_summary,
    summary_with_checkin,
    write_summary,
)

INFUSIONS = "infusions"
CHECKINS = "checkins"
QUESTIONNAIRES = "questionnaires"
ALERTS = "alerts"
SETTINGS = "settings"

T = TypeVar("T")

#: How many changes this process has landed in a journal, so that an error after a save
#: is never reported as "nothing was changed".
_commits = 0


def commits_landed() -> int:
    """How many journal changes this process has saved so far."""
    return _commits


def _count_commit() -> None:
    global _commits
    _commits += 1


@dataclass(frozen=True)
class Overview:
    """What the status command and the home screen need, without every old check-in.

    Attributes:
        settings: The patient's settings.
        infusions: Every infusion, oldest first.
        recent_checkins: The newest check-ins (up to 50), oldest first.
        checkin_count: How many check-ins the journal holds.
        baseline_mood: The mean mood of check-ins made before the first infusion.
        exists: False when no journal has been created yet.
        questionnaires: Every PHQ-9 and GAD-7 result, oldest first.
        open_alerts: Every alert the patient has not yet resolved, most severe first.
    """

    settings: Settings
    infusions: list[Infusion]
    recent_checkins: list[CheckIn]
    checkin_count: int
    baseline_mood: float | None
    exists: bool = True
    questionnaires: list[QuestionnaireResult] = field(default_factory=list)
    open_alerts: list[AlertRecord] = field(default_factory=list)

    @property
    def last_checkin(self) -> CheckIn | None:
        """The newest check-in, if any."""
        return self.recent_checkins[-1] if self.recent_checkins else None


def _convert(kind: str, doc: dict[str, Any], parse: Callable[[dict[str, Any]], T], path: Path) -> T:
    if not isinstance(doc, dict):
        raise JournalUnreadableError(path, f"a {kind} is not a record")
    try:
        return parse(doc)
    except ValidationError as exc:
        record = doc.get("id", "?")
        raise JournalUnreadableError(path, f"{kind} {record}: {exc}") from None


#: Every table of records: what a record is called in messages, and how it is checked.
#: Restore checks each record of a backup with these, as the journal would read it.
RECORD_TABLES: dict[str, tuple[str, Callable[[dict[str, Any]], object]]] = {
    INFUSIONS: ("infusion", Infusion.from_dict),
    CHECKINS: ("check-in", CheckIn.from_dict),
    QUESTIONNAIRES: ("questionnaire", QuestionnaireResult.from_dict),
    ALERTS: ("alert", AlertRecord.from_dict),
    SETTINGS: ("settings", Settings.from_dict),
}


def overview_from_summary(summary: dict[str, Any], path: Path) -> Overview:
    """Turn a stored summary (raw dicts) into checked records."""
    return Overview(
        settings=_convert("settings", summary.get("settings") or {}, Settings.from_dict, path),
        infusions=[_convert("infusion", d, Infusion.from_dict, path) for d in summary["infusions"]],
        recent_checkins=[
            _convert("check-in", d, CheckIn.from_dict, path) for d in summary["recent_checkins"]
        ],
        checkin_count=int(summary["checkin_count"]),
        baseline_mood=summary.get("baseline_mood"),
        questionnaires=[
            _convert("questionnaire", d, QuestionnaireResult.from_dict, path)
            for d in summary["questionnaires"]
        ],
        open_alerts=most_severe_first(
            _convert("alert", d, AlertRecord.from_dict, path) for d in summary["open_alerts"]
        ),
    )


def read_overview(data_dir: Path, today: date) -> Overview:
    """The overview, from the summary file when it matches the journal, else the journal.

    Creates nothing when there is no journal yet, and never waits for a writer.
    """
    path = data_dir / JOURNAL_NAME
    check_data_folder(data_dir)
    try:
        identity = identity_of(os.lstat(path))
    except FileNotFoundError:
        return Overview(Settings(), [], [], 0, None, exists=False)
    except OSError:
        identity = None
    summary = read_summary(data_dir / SUMMARY_NAME, identity)
    if summary is not None:
        try:
            return overview_from_summary(summary, path)
        except JournalUnreadableError:
            pass  # a damaged summary costs a full read, never a wrong answer
    journal = Journal.open(data_dir, today)
    try:
        return journal.overview()
    finally:
        journal.close()  # release the file it keeps open (the TUI calls this repeatedly)


class JournalTable(Table):
    """A TinyDB table keyed by each record's own stable id instead of a running number.

    No process has to scan the table for the next free number, two processes can never
    pick the same one, and TinyDB's per-save key conversion is a no-op for strings.
    """

    document_id_class = str  # type: ignore[assignment]


class Journal:
    """The patient's journal in ``data_dir``. Open it with :meth:`open`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / JOURNAL_NAME
        self._summary_path = data_dir / SUMMARY_NAME
        self._today: date | None = None
        self._summary: dict[str, Any] | None = None
        self._base_identity: Identity | None = None
        self._added_checkin: dict[str, Any] | None = None
        self._added_alerts: list[dict[str, Any]] = []
        self._lock = InterProcessLock(data_dir / LOCK_NAME)
        # One journal object may be used by the interface and by worker threads at once:
        # a reader must never see a change that is still being made.
        self._thread_lock = threading.RLock()
        self._storage = SafeJSONStorage(self.path, on_commit=self._after_commit)

    @classmethod
    def open(cls, data_dir: Path, today: date) -> Journal:
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
        summary = read_summary(self._summary_path, self._storage.current_identity())
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
        if (
            self._added_checkin is not None
            and summary is not None
            and summary["journal_identity"] == list(self._base_identity or ())
        ):
            summary = summary_with_checkin(
                summary, self._added_checkin, identity, self._added_alerts
            )
        else:
            summary = build_summary(tables, identity)
        self._summary = summary
        write_summary(self._summary_path, summary)
        if self._today is not None:
            backups.ensure_daily_backup(self.data_dir, self.path, self._today)

    def close(self) -> None:
        """Release file handles."""
        self._storage.close()

    def identity(self) -> Identity | None:
        """The identity of the journal file on disk: it changes whenever anyone saves."""
        return self._storage.current_identity()

    def _table(self, name: str) -> Table:
        # A fresh Table each time, so nothing TinyDB caches per Table can go stale when
        # another process changes the file.
        return JournalTable(self._storage, name, cache_size=0)

    def _insert(self, table_name: str, docs: Iterable[dict[str, Any]]) -> None:
        self._table(table_name).insert_multiple(Document(doc, doc_id=doc["id"]) for doc in docs)

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

    def _tables(self) -> Tables:
        return self._storage.read() or {}

    def _docs(self, name: str) -> Iterable[dict[str, Any]]:
        return self._tables().get(name, {}).values()

    def infusions(self) -> list[Infusion]:
        """Every infusion, oldest first."""
        with self._thread_lock:
            found = [
                _convert("infusion", d, Infusion.from_dict, self.path)
                for d in self._docs(INFUSIONS)
            ]
        return sorted(found, key=lambda inf: inf.started_at)

    def checkins(self) -> list[CheckIn]:
        """Every check-in, oldest first."""
        with self._thread_lock:
            found = [
                _convert("check-in", d, CheckIn.from_dict, self.path) for d in self._docs(CHECKINS)
            ]
        return sorted(found, key=lambda c: c.at)

    def settings(self) -> Settings:
        """The saved settings (defaults if none were saved)."""
        with self._thread_lock:
            doc = next(iter(self._docs(SETTINGS)), {})
            return _convert("settings", doc, Settings.from_dict, self.path)

    def overview(self) -> Overview:
        """The overview of this journal as it is now on disk."""
        with self._thread_lock:
            return self._overview()

    def _overview(self) -> Overview:
        identity = self._storage.current_identity()
        summary = self._summary
        if (
            summary is not None
            and identity is not None
            and summary["journal_identity"] == list(identity)
        ):
            try:
                return overview_from_summary(summary, self.path)
            except JournalUnreadableError:
                pass  # a damaged summary: rebuild it from the journal itself
        summary = build_summary(self._tables(), identity or (0, 0, 0, 0))
        if identity is not None:
            self._summary = summary
            write_summary(self._summary_path, summary)
        return overview_from_summary(summary, self.path)

    def save_settings(self, settings: Settings) -> None:
        """Replace the saved settings."""
        with self._change():
            self._put_settings(settings)

    def _put_settings(self, settings: Settings) -> None:
        table = self._table(SETTINGS)
        table.truncate()
        table.insert(Document(settings.to_dict(), doc_id=SETTINGS))  # type: ignore[arg-type]

    def add_infusion(self, infusion: Infusion) -> None:
        """Add an infusion and link the check-ins that now follow it."""
        with self._change():
            self._insert(INFUSIONS, [infusion.to_dict()])
            self._relink_checkins()

    def update_infusion(self, infusion: Infusion) -> None:
        """Save changes to an existing infusion."""
        with self._change():
            self._replace(INFUSIONS, infusion.id, infusion.to_dict())
            self._relink_checkins()

    def delete_infusion(self, infusion_id: str) -> None:
        """Delete an infusion; its check-ins are kept and linked to the one before it."""
        with self._change():
            self._remove(INFUSIONS, infusion_id)
            self._relink_checkins()

    def add_checkin(self, checkin: CheckIn) -> None:
        """Add a check-in, and open a record for each serious alert it raised."""
        doc = checkin.to_dict()
        with self._change():
            self._insert(CHECKINS, [doc])
            self._added_alerts = self._open_alerts_of(CHECKIN_SOURCE, checkin.id, checkin)
            self._added_checkin = doc

    def update_checkin(self, checkin: CheckIn) -> None:
        """Save changes to an existing check-in.

        An alert the new answers raise is opened; one they no longer raise stays as it
        is, open or resolved: only the patient closes an alert.
        """
        with self._change():
            self._replace(CHECKINS, checkin.id, checkin.to_dict())
            self._open_alerts_of(CHECKIN_SOURCE, checkin.id, checkin)

    def _open_alerts_of(
        self, source_kind: str, source_id: str, record: CheckIn | QuestionnaireResult
    ) -> list[dict[str, Any]]:
        """Store an open record for each kept alert of ``record`` not already stored."""
        known = self._tables().get(ALERTS, {})
        new = [
            alert.to_dict()
            for alert in kept_records(record.alerts, source_kind, source_id, record.at)
            if alert.id not in known
        ]
        if new:
            self._insert(ALERTS, new)
        return new

    def alerts(self) -> list[AlertRecord]:
        """Every kept alert, open or resolved, most severe first."""
        with self._thread_lock:
            return most_severe_first(
                _convert("alert", d, AlertRecord.from_dict, self.path) for d in self._docs(ALERTS)
            )

    def resolve_alert(self, alert_id: str, how: str, at: datetime, where: str) -> AlertRecord:
        """Close the open alert ``alert_id``: the patient has acted on it.

        Raises:
            RecordNotFoundError: there is no open alert with that id.
            ValidationError: ``how`` is empty or too long.
        """
        with self._change():
            doc = self._tables().get(ALERTS, {}).get(alert_id)
            if doc is None:
                raise RecordNotFoundError(f"there is no alert with id {alert_id}")
            record = _convert("alert", doc, AlertRecord.from_dict, self.path)
            if not record.is_open:
                raise RecordNotFoundError(f"alert {alert_id} was already resolved")
            closed = record.resolved(at, how, where)
            self._replace(ALERTS, alert_id, closed.to_dict())
        return closed

    def delete_checkin(self, checkin_id: str) -> None:
        """Delete a check-in."""
        with self._change():
            self._remove(CHECKINS, checkin_id)

    def import_records(
        self,
        infusions: list[Infusion],
        checkins: list[CheckIn],
        settings: Settings | None = None,
    ) -> tuple[int, int]:
        """Add infusions and check-ins whose ids are new (see :meth:`import_all`).

        Returns:
            How many infusions and check-ins were added.
        """
        counts = self.import_all(infusions, checkins, [], settings)
        return counts[0], counts[1]

    def import_all(
        self,
        infusions: list[Infusion],
        checkins: list[CheckIn],
        questionnaires: list[QuestionnaireResult],
        settings: Settings | None = None,
        alerts: Iterable[AlertRecord] = (),
    ) -> tuple[int, int, int]:
        """Add records whose ids are new, all in one atomic change.

        ``settings``, when given, replace the journal's (the caller asks the patient first).
        ``alerts`` (already
        checked against the rules by the caller) keep their history; every serious alert a
        new check-in or questionnaire raised and the file did not carry is opened.

        Returns:
            How many infusions, check-ins and questionnaire results were added.
        """
        with self._change():
            tables = self._tables()
            added = []
            for name, records in (
                (INFUSIONS, infusions),
                (CHECKINS, checkins),
                (QUESTIONNAIRES, questionnaires),
            ):
                known = {d.get("id") for d in tables.get(name, {}).values()}
                new = [record.to_dict() for record in records if record.id not in known]
                if new:
                    self._insert(name, new)
                added.append(len(new))
            known_alerts = set(tables.get(ALERTS, {}))
            carried = [a.to_dict() for a in alerts if a.id not in known_alerts]
            if carried:
                self._insert(ALERTS, carried)
            for checkin in checkins:
                self._open_alerts_of(CHECKIN_SOURCE, checkin.id, checkin)
            for result in questionnaires:
                self._open_alerts_of(QUESTIONNAIRE_SOURCE, result.id, result)
            if settings is not None:
                self._put_settings(settings)
        return added[0], added[1], added[2]

    def contents(self) -> JournalContents:
        """Everything in the journal, read at one moment."""
        with self._thread_lock:
            return JournalContents(
                self.settings(),
                self.infusions(),
                self.checkins(),
                self.questionnaires(),
                self.alerts(),
            )

    def questionnaires(self) -> list[QuestionnaireResult]:
        """Every PHQ-9 and GAD-7 result, oldest first."""
        with self._thread_lock:
            found = [
                _convert("questionnaire", d, QuestionnaireResult.from_dict, self.path)
                for d in self._docs(QUESTIONNAIRES)
            ]
        return sorted(found, key=lambda r: r.at)

    def add_questionnaire(self, result: QuestionnaireResult) -> None:
        """Add a completed questionnaire, and open a record for each serious alert."""
        with self._change():
            self._insert(QUESTIONNAIRES, [result.to_dict()])
            self._open_alerts_of(QUESTIONNAIRE_SOURCE, result.id, result)

    def _replace(self, table_name: str, record_id: str, doc: dict[str, Any]) -> None:
        updated = self._table(table_name).update(doc, Query().id == record_id)
        if not updated:
            raise RecordNotFoundError(f"no record with id {record_id} in {table_name}")

    def _remove(self, table_name: str, record_id: str) -> None:
        removed = self._table(table_name).remove(Query().id == record_id)
        if not removed:
            raise RecordNotFoundError(f"no record with id {record_id} in {table_name}")

    def _relink_checkins(self) -> None:
        """Point every check-in at the latest infusion that started before it.

        Works on the stored strings (UTC ISO times sort as text), so logging an infusion
        stays quick with years of check-ins, and lands as one update.
        """
        infusions = self.infusions()
        starts = [to_iso(inf.started_at) for inf in infusions]
        wanted: dict[str, str | None] = {}
        for doc_id, doc in self._tables().get(CHECKINS, {}).items():
            index = bisect_right(starts, str(doc.get("at")))
            infusion_id = infusions[index - 1].id if index else None
            if doc.get("infusion_id") != infusion_id:
                wanted[doc_id] = infusion_id

        def relink(doc: dict[str, Any]) -> None:
            doc["infusion_id"] = wanted[doc["id"]]

        if wanted:
            self._table(CHECKINS).update(relink, doc_ids=list(wanted))  # type: ignore[arg-type]
