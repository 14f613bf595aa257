"""The store: data folder, atomic saves, locking, cache, migrations, backups, summary."""

from __future__ import annotations

import errno
import os
import stat
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

import ketacheck.store.storage as storage_module
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.settings import Settings
from ketacheck.store import backups, fileio, paths
from ketacheck.store.errors import (
    BadBackupError,
    JournalTooNewError,
    JournalUnreadableError,
    JournalWriteError,
    RecordNotFoundError,
    StoreError,
)
from ketacheck.store.fileio import atomic_write
from ketacheck.store.journal import Journal
from ketacheck.store.locking import InterProcessLock
from ketacheck.store.migrations import CURRENT_SCHEMA_VERSION, STEPS, migrate, schema_version
from ketacheck.store.overview_reader import read_overview
from ketacheck.store.restore import restore

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
BASE = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


# --------------------------------------------------------------------------- helpers


def checkin_dict(n: int, **changes: Any) -> dict[str, Any]:
    """Fixed, valid stored check-in number ``n`` (``at`` is ``BASE`` + n minutes)."""
    data: dict[str, Any] = {
        "id": f"c{n:031x}",
        "at": (BASE + timedelta(minutes=n)).isoformat(),
        "infusion_id": None,
        "dizziness": 2,
        "nausea": 1,
        "vomited": False,
        "fluids_glasses": 3,
        "electrolytes": True,
        "mood": 6,
        "note": f"check-in {n}",
    }
    data.update(changes)
    return data


def checkin(n: int, **changes: Any) -> CheckIn:
    return CheckIn.from_dict(checkin_dict(n, **changes))


def infusion(n: int, start: datetime = BASE - timedelta(days=1)) -> Infusion:
    return Infusion.from_dict(
        {
            "id": f"i{n:031x}",
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=45)).isoformat(),
            "note": f"infusion {n}",
        }
    )


def raw(path: Path) -> dict[str, Any]:
    """The journal file exactly as stored."""
    return orjson.loads(path.read_bytes())


def stored_ids(path: Path, table: str) -> list[str]:
    return sorted(doc["id"] for doc in raw(path).get(table, {}).values())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def open_journal(data_dir: Path, today: date = TODAY) -> Journal:
    return Journal.open(data_dir, today)


@pytest.fixture
def data_dir(isolated_data_dir: Path) -> Path:
    return isolated_data_dir


@pytest.fixture
def journal_path(data_dir: Path) -> Path:
    return data_dir / paths.JOURNAL_NAME


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every time the storage parses the journal file."""
    calls: list[Path] = []
    real = storage_module.parse_journal

    def counting(path: Path, payload: bytes) -> Any:
        calls.append(path)
        return real(path, payload)

    monkeypatch.setattr(storage_module, "parse_journal", counting)
    return calls


def disk_full(*_args: Any, **_kwargs: Any) -> Any:
    raise OSError(errno.ENOSPC, "No space left on device")


def v1_journal_bytes(*checkins: CheckIn) -> bytes:
    """A journal at the current schema version holding ``checkins``."""
    tables = {
        "meta": {"1": {"schema_version": CURRENT_SCHEMA_VERSION}},
        "checkins": {str(i + 1): c.to_dict() for i, c in enumerate(checkins)},
    }
    return orjson.dumps(tables)


# --------------------------------------------------------------------------- data folder


class TestResolveDataDir:
    def test_cli_value_beats_environment(self, tmp_path: Path) -> None:
        env = {paths.ENV_VAR: str(tmp_path / "from-env")}
        assert paths.resolve_data_dir(tmp_path / "from-cli", env) == tmp_path / "from-cli"
        assert paths.resolve_data_dir(str(tmp_path / "s"), env) == tmp_path / "s"

    def test_environment_beats_platform(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(paths, "platform_data_dir", lambda: tmp_path / "platform")
        env = {paths.ENV_VAR: str(tmp_path / "from-env")}
        assert paths.resolve_data_dir(None, env) == tmp_path / "from-env"

    def test_uses_process_environment_by_default(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "process-env"))
        assert paths.resolve_data_dir() == tmp_path / "process-env"

    @pytest.mark.parametrize("env", [{}, {paths.ENV_VAR: ""}])
    def test_platform_folder_when_nothing_given(
        self, env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(paths, "platform_data_dir", lambda: tmp_path / "platform")
        assert paths.resolve_data_dir(None, env) == tmp_path / "platform"
        assert paths.resolve_data_dir("", env) == tmp_path / "platform"

    def test_home_is_expanded(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("HOME", str(tmp_path))
        assert paths.resolve_data_dir("~/kc") == tmp_path / "kc"
        assert paths.resolve_data_dir(None, {paths.ENV_VAR: "~/env"}) == tmp_path / "env"


# --------------------------------------------------------------------------- basics


class TestCreateAndRoundTrip:
    def test_open_creates_private_folder_and_versioned_journal(
        self, data_dir: Path, journal_path: Path
    ) -> None:
        assert not data_dir.exists()
        journal = open_journal(data_dir)
        assert mode(data_dir) == 0o700
        assert mode(journal_path) == 0o600
        assert mode(data_dir / paths.LOCK_NAME) == 0o600
        assert raw(journal_path)["meta"] == {"1": {"schema_version": CURRENT_SCHEMA_VERSION}}
        assert journal.checkins() == []
        assert journal.infusions() == []
        assert journal.settings() == Settings()
        journal.close()

    def test_records_round_trip_through_the_file(self, data_dir: Path, journal_path: Path) -> None:
        journal = open_journal(data_dir)
        first, second = checkin(1), checkin(2, mood=3, self_harm_thoughts=False)
        journal.add_checkin(second)
        journal.add_checkin(first)
        inf = infusion(1)
        journal.add_infusion(inf)
        settings = Settings(care_team_name="Clinic", care_team_phone="555-0100", onboarded=True)
        journal.save_settings(settings)
        journal.close()

        assert stored_ids(journal_path, "checkins") == [first.id, second.id]
        assert stored_ids(journal_path, "infusions") == [inf.id]

        again = open_journal(data_dir)
        # add_infusion linked the check-ins that follow it.
        # Moving to an infusion works a check-in's alerts out again (the hours since it
        # decide them); every answer is as it was saved.
        linked = [c.to_dict() | {"infusion_id": None, "alerts": []} for c in again.checkins()]
        assert linked == [first.to_dict() | {"alerts": []}, second.to_dict() | {"alerts": []}]
        assert [c.infusion_id for c in again.checkins()] == [inf.id, inf.id]
        assert again.infusions() == [inf]
        assert again.settings() == settings
        again.close()

    def test_update_and_delete(self, data_dir: Path, journal_path: Path) -> None:
        journal = open_journal(data_dir)
        journal.add_checkin(checkin(1))
        journal.add_checkin(checkin(2))
        journal.update_checkin(checkin(1, mood=9))
        journal.delete_checkin(checkin(2).id)
        assert [d["mood"] for d in raw(journal_path)["checkins"].values()] == [9]
        with pytest.raises(RecordNotFoundError):
            journal.delete_checkin("nope")
        before = journal_path.read_bytes()
        with pytest.raises(RecordNotFoundError):
            journal.update_checkin(checkin(77))
        assert journal_path.read_bytes() == before
        assert [c.mood for c in open_journal(data_dir).checkins()] == [9]

    def test_two_journal_objects_lose_nothing(self, data_dir: Path, journal_path: Path) -> None:
        """Each write re-reads what another writer saved in between (no stale cache)."""
        one, two = open_journal(data_dir), open_journal(data_dir)
        one.add_checkin(checkin(1))
        two.add_checkin(checkin(2))
        one.add_checkin(checkin(3))
        two.add_infusion(infusion(1))
        one.add_checkin(checkin(4))
        assert stored_ids(journal_path, "checkins") == [checkin(n).id for n in (1, 2, 3, 4)]
        assert stored_ids(journal_path, "infusions") == [infusion(1).id]
        assert len(one.checkins()) == len(two.checkins()) == 4


# --------------------------------------------------------------------------- permissions


class TestPermissions:
    def test_existing_open_folder_is_tightened(self, data_dir: Path) -> None:
        data_dir.mkdir(mode=0o755)
        os.chmod(data_dir, 0o755)
        open_journal(data_dir).close()
        assert mode(data_dir) == 0o700

    def test_existing_world_readable_journal_is_tightened_unchanged(
        self, data_dir: Path, journal_path: Path
    ) -> None:
        data_dir.mkdir()
        payload = v1_journal_bytes(checkin(1))
        journal_path.write_bytes(payload)
        os.chmod(journal_path, 0o644)
        journal = open_journal(data_dir)
        assert mode(journal_path) == 0o600
        assert journal_path.read_bytes() == payload
        assert [c.id for c in journal.checkins()] == [checkin(1).id]

    def test_every_file_written_is_private(self, data_dir: Path, journal_path: Path) -> None:
        journal = open_journal(data_dir)
        journal.add_checkin(checkin(1))
        journal.overview()
        assert mode(journal_path) == 0o600
        assert mode(data_dir / paths.SUMMARY_NAME) == 0o600
        assert mode(backups.backup_dir(data_dir)) == 0o700
        assert [mode(p) for p in backups.list_backups(data_dir)] == [0o600]

    def test_replaced_journal_stays_private(self, data_dir: Path, journal_path: Path) -> None:
        journal = open_journal(data_dir)
        os.chmod(journal_path, 0o644)  # someone loosened it after open
        journal.add_checkin(checkin(1))
        assert mode(journal_path) == 0o600


# --------------------------------------------------------------------------- atomic writes


class TestAtomicWrite:
    def test_writes_temp_in_same_folder_fsyncs_then_replaces(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        target = tmp_path / "file.json"
        target.write_bytes(b"old")
        events: list[tuple[str, Any]] = []
        real_fsync, real_replace = os.fsync, os.replace

        def fsync(fd: int) -> None:
            events.append(("fsync", os.fstat(fd).st_ino))
            real_fsync(fd)

        def replace(src: Any, dst: Any) -> None:
            src, dst = Path(src), Path(dst)
            # At the moment of the swap the temporary file is complete and beside the target.
            events.append(("replace", src.stat().st_ino))
            assert src.parent == dst.parent == tmp_path
            assert src.read_bytes() == b"new contents"
            assert dst.read_bytes() == b"old"
            real_replace(src, dst)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)
        atomic_write(target, b"new contents")

        assert target.read_bytes() == b"new contents"
        kinds = [kind for kind, _ in events]
        assert kinds == ["fsync", "replace", "fsync"]  # file, swap, then the folder
        assert events[0][1] == events[1][1]  # the file synced is the file swapped in
        assert events[2][1] == tmp_path.stat().st_ino
        assert sorted(p.name for p in tmp_path.iterdir()) == ["file.json"]

    @pytest.mark.parametrize("failure", [OSError(errno.EIO, "I/O error"), KeyboardInterrupt()])
    def test_failure_before_swap_keeps_old_file_and_no_temp(
        self, failure: BaseException, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        target = tmp_path / "file.json"
        target.write_bytes(b"old")

        def boom(*_args: Any) -> None:
            raise failure

        monkeypatch.setattr(os, "replace", boom)
        with pytest.raises(type(failure)):
            atomic_write(target, b"new")
        assert target.read_bytes() == b"old"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["file.json"]

    def test_interrupted_journal_save_keeps_old_journal(
        self, data_dir: Path, journal_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        journal = open_journal(data_dir)
        journal.add_checkin(checkin(1))
        before = journal_path.read_bytes()

        def interrupted(*_args: Any) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(fileio.os, "replace", interrupted)
        with pytest.raises(KeyboardInterrupt):
            journal.add_checkin(checkin(2))
        monkeypatch.undo()
        assert journal_path.read_bytes() == before
        assert [c.id for c in journal.checkins()] == [checkin(1).id]
        assert not [p for p in data_dir.iterdir() if p.name.endswith(".tmp")]
        journal.add_checkin(checkin(3))
        assert stored_ids(journal_path, "checkins") == [checkin(1).id, checkin(3).id]


# --------------------------------------------------------------------------- failed saves


class TestFailedWrites:
    def test_disk_full_reports_and_changes_nothing(
        self, data_dir: Path, journal_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        journal = open_journal(data_dir)
        journal.add_checkin(checkin(1))
        before = journal_path.read_bytes()
        summary_before = (data_dir / paths.SUMMARY_NAME).read_bytes()

        monkeypatch.setattr(storage_module, "atomic_write", disk_full)
        with pytest.raises(JournalWriteError) as caught:
            journal.add_checkin(checkin(2))
        message = str(caught.value)
        assert str(journal_path) in message
        assert "the disk is full" in message
        assert "nothing was changed" in message
        assert isinstance(caught.value, StoreError)

        assert journal_path.read_bytes() == before
        assert (data_dir / paths.SUMMARY_NAME).read_bytes() == summary_before
        # The failed change is not served from memory, by this object or anyone else.
        assert [c.id for c in journal.checkins()] == [checkin(1).id]
        assert read_overview(data_dir, TODAY).checkin_count == 1

        monkeypatch.undo()
        journal.add_checkin(checkin(3))
        assert stored_ids(journal_path, "checkins") == [checkin(1).id, checkin(3).id]

    def test_failed_edit_is_not_kept_in_memory(
        self, data_dir: Path, journal_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """TinyDB edits the cached documents in place, so a failed save must drop them."""
        journal = open_journal(data_dir)
        journal.add_checkin(checkin(1, mood=6))
        journal.add_infusion(infusion(1, BASE + timedelta(days=3)))
        before = journal_path.read_bytes()
        monkeypatch.setattr(storage_module, "atomic_write", disk_full)
        with pytest.raises(JournalWriteError):
            journal.update_checkin(checkin(1, mood=1))
        with pytest.raises(JournalWriteError):
            journal.delete_infusion(infusion(1).id)
        with pytest.raises(JournalWriteError):
            journal.save_settings(Settings(onboarded=True))
        assert journal_path.read_bytes() == before
        assert [c.mood for c in journal.checkins()] == [6]
        assert [i.id for i in journal.infusions()] == [infusion(1).id]
        assert journal.settings() == Settings()

    @pytest.mark.parametrize(
        ("code", "reason"),
        [
            (errno.ENOSPC, "the disk is full"),
            (errno.EACCES, "permission denied"),
            (errno.EROFS, "the disk is read-only"),
        ],
    )
    def test_reason_is_plain(
        self,
        code: int,
        reason: str,
        data_dir: Path,
        journal_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        journal = open_journal(data_dir)
        before = journal_path.read_bytes()

        def fail(*_args: Any, **_kwargs: Any) -> None:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(storage_module, "atomic_write", fail)
        with pytest.raises(JournalWriteError, match=reason):
            journal.add_checkin(checkin(1))
        assert journal_path.read_bytes() == before

    def test_failed_import_is_all_or_nothing(
        self, data_dir: Path, journal_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        journal = open_journal(data_dir)
        journal.add_checkin(checkin(1))
        before = journal_path.read_bytes()
        monkeypatch.setattr(storage_module, "atomic_write", disk_full)
        with pytest.raises(JournalWriteError):
            journal.import_records([infusion(1)], [checkin(2), checkin(3)])
        assert journal_path.read_bytes() == before
        assert [c.id for c in journal.checkins()] == [checkin(1).id]
        assert journal.infusions() == []


# --------------------------------------------------------------------------- the cache


class TestCache:
    def test_unchanged_file_is_not_parsed_again(
        self, data_dir: Path, parse_calls: list[Path]
    ) -> None:
        open_journal(data_dir).add_checkin(checkin(1))  # made by another object
        journal = open_journal(data_dir)
        assert [c.id for c in journal.checkins()] == [checkin(1).id]
        assert len(parse_calls) <= 2
        parse_calls.clear()
        for _ in range(3):
            assert [c.id for c in journal.checkins()] == [checkin(1).id]
            journal.infusions()
            journal.settings()
        journal.add_checkin(checkin(2))  # its own save needs no re-parse either
        assert [c.id for c in journal.checkins()] == [checkin(1).id, checkin(2).id]
        assert parse_calls == []

    def test_change_by_another_writer_is_seen(
        self, data_dir: Path, parse_calls: list[Path]
    ) -> None:
        reader, writer = open_journal(data_dir), open_journal(data_dir)
        assert reader.checkins() == []
        assert writer.checkins() == []
        writer.add_checkin(checkin(1))
        parse_calls.clear()
        assert [c.id for c in reader.checkins()] == [checkin(1).id]
        assert len(parse_calls) == 1
        assert [c.id for c in reader.checkins()] == [checkin(1).id]
        assert len(parse_calls) == 1

    def test_in_place_edit_with_new_size_or_mtime_is_seen(
        self, data_dir: Path, journal_path: Path
    ) -> None:
        journal = open_journal(data_dir)
        journal.add_checkin(checkin(1, mood=6))
        assert [c.mood for c in journal.checkins()] == [6]
        # Same inode, same size, only the bytes and the mtime differ.
        payload = journal_path.read_bytes()
        old = journal_path.stat()
        edited = payload.replace(b'"mood":6', b'"mood":8')
        assert len(edited) == len(payload) and edited != payload
        with open(journal_path, "r+b") as handle:
            handle.write(edited)
        os.utime(journal_path, ns=(old.st_atime_ns, old.st_mtime_ns + 1_000_000))
        assert journal_path.stat().st_ino == old.st_ino
        assert [c.mood for c in journal.checkins()] == [8]
        # Same inode, different size.
        with open(journal_path, "wb") as handle:
            handle.write(v1_journal_bytes(checkin(1, mood=2), checkin(2)))
        assert [c.mood for c in journal.checkins()] == [2, 6]


# --------------------------------------------------------------------------- locking


class TestLock:
    def test_save_waits_for_the_lock(self, data_dir: Path, journal_path: Path) -> None:
        journal = open_journal(data_dir)
        other = InterProcessLock(data_dir / paths.LOCK_NAME)
        other.acquire()
        errors: list[BaseException] = []

        def save() -> None:
            try:
                journal.add_checkin(checkin(1))
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        thread = threading.Thread(target=save)
        try:
            thread.start()
            time.sleep(0.3)
            assert thread.is_alive(), "the save did not wait for the lock"
            assert stored_ids(journal_path, "checkins") == []
        finally:
            other.release()
        thread.join(timeout=10)
        assert not thread.is_alive()
        assert errors == []
        assert stored_ids(journal_path, "checkins") == [checkin(1).id]

    def test_lock_is_reentrant_and_released(self, data_dir: Path) -> None:
        data_dir.mkdir()
        lock = InterProcessLock(data_dir / paths.LOCK_NAME)
        with lock.held(), lock.held():
            pass
        other = InterProcessLock(data_dir / paths.LOCK_NAME)
        done = threading.Event()

        def take() -> None:
            with other.held():
                done.set()

        thread = threading.Thread(target=take)
        thread.start()
        assert done.wait(5), "the lock was not released"
        thread.join(5)


# --------------------------------------------------------------------------- migrations


V0_CHECKIN = {k: v for k, v in checkin_dict(1).items() if k != "fluids_glasses"} | {"fluids": 4}


def v0_bytes() -> bytes:
    return orjson.dumps(
        {
            "infusions": {"1": infusion(1).to_dict()},
            "checkins": {"1": V0_CHECKIN, "2": checkin_dict(2, fluids_glasses=0)},
            "settings": {"1": {"care_team_name": "Clinic"}},
        },
        option=orjson.OPT_INDENT_2,
    )


class TestMigrations:
    def test_schema_version(self) -> None:
        assert schema_version({}) == 0
        assert schema_version({"checkins": {}}) == 0
        assert schema_version({"meta": {"1": {"schema_version": 1}}}) == 1
        assert schema_version({"meta": {"1": {"schema_version": True}}}) == 0
        assert schema_version({"meta": {"1": {"schema_version": "1"}}}) == 0

    def test_migrate_v1_to_v2_adds_questionnaires_and_keeps_the_rest(self) -> None:
        v1 = {"meta": {"1": {"schema_version": 1}}, "checkins": {"a": checkin_dict(1)}}
        upgraded = STEPS[1](v1)
        assert upgraded["questionnaires"] == {}
        assert upgraded["checkins"] == v1["checkins"]

    def test_migrate_v0_to_v1_pure(self) -> None:
        tables = orjson.loads(v0_bytes())
        original = orjson.loads(v0_bytes())
        upgraded = migrate(tables)
        assert tables == original  # the input is left alone
        assert schema_version(upgraded) == CURRENT_SCHEMA_VERSION
        assert upgraded["meta"] == {"1": {"schema_version": CURRENT_SCHEMA_VERSION}}
        assert upgraded["questionnaires"] == {}
        assert upgraded["checkins"]["1"]["fluids_glasses"] == 4
        assert "fluids" not in upgraded["checkins"]["1"]
        assert upgraded["checkins"]["2"]["fluids_glasses"] == 0
        assert upgraded["infusions"] == original["infusions"]
        assert upgraded["settings"] == original["settings"]
        both = {"checkins": {"1": checkin_dict(1, fluids_glasses=2) | {"fluids": 9}}}
        assert migrate(both)["checkins"]["1"]["fluids_glasses"] == 2

    def test_open_upgrades_v0_and_keeps_the_original(
        self, data_dir: Path, journal_path: Path
    ) -> None:
        data_dir.mkdir()
        original = v0_bytes()
        journal_path.write_bytes(original)
        os.chmod(journal_path, 0o644)

        journal = open_journal(data_dir)
        keep = data_dir / "journal.json.v0-before-upgrade"
        assert keep.read_bytes() == original
        assert mode(keep) == 0o600
        assert mode(journal_path) == 0o600

        stored = raw(journal_path)
        assert stored["meta"] == {"1": {"schema_version": CURRENT_SCHEMA_VERSION}}
        assert stored["checkins"]["1"]["fluids_glasses"] == 4
        assert "fluids" not in stored["checkins"]["1"]
        assert [c.fluids_glasses for c in journal.checkins()] == [4, 0]
        assert [i.id for i in journal.infusions()] == [infusion(1).id]
        assert journal.settings().care_team_name == "Clinic"

        # Opening again changes neither the upgraded journal nor the kept original.
        journal.close()
        upgraded = journal_path.read_bytes()
        again = open_journal(data_dir)
        assert journal_path.read_bytes() == upgraded
        again.add_checkin(checkin(3))
        assert keep.read_bytes() == original
        assert stored_ids(journal_path, "checkins") == [checkin(n).id for n in (1, 2, 3)]

    def test_failed_upgrade_leaves_v0_journal(
        self, data_dir: Path, journal_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        data_dir.mkdir()
        journal_path.write_bytes(v0_bytes())
        monkeypatch.setattr(storage_module, "atomic_write", disk_full)
        with pytest.raises(JournalWriteError):
            open_journal(data_dir)
        assert journal_path.read_bytes() == v0_bytes()
        monkeypatch.undo()
        assert [c.fluids_glasses for c in open_journal(data_dir).checkins()] == [4, 0]

    def test_newer_journal_is_refused_and_untouched(
        self, data_dir: Path, journal_path: Path
    ) -> None:
        data_dir.mkdir()
        payload = orjson.dumps(
            {"meta": {"1": {"schema_version": CURRENT_SCHEMA_VERSION + 1}}, "checkins": {}}
        )
        journal_path.write_bytes(payload)
        with pytest.raises(JournalTooNewError) as caught:
            open_journal(data_dir)
        assert str(journal_path) in str(caught.value)
        assert f"format {CURRENT_SCHEMA_VERSION + 1}" in str(caught.value)
        with pytest.raises(JournalTooNewError):
            read_overview(data_dir, TODAY)
        assert journal_path.read_bytes() == payload
        assert sorted(p.name for p in data_dir.iterdir()) == ["journal.json", "journal.lock"]


# --------------------------------------------------------------------------- unreadable


def _truncated() -> bytes:
    whole = v1_journal_bytes(checkin(1), checkin(2))
    return whole[: len(whole) // 2]


UNREADABLE = {
    "empty": b"",
    "whitespace": b"  \n\t",
    "nul bytes": b"\x00" * 512,
    "truncated": _truncated(),
    "garbage": b"\xff\xfe\x00garbage\x9c",
    "text": b"hello, this is not json",
    "array": b"[1, 2, 3]",
    "null": b"null",
    "number": b"42",
    "string": b'"journal"',
    "table not an object": b'{"checkins": []}',
    "document not an object": b'{"checkins": {"1": 5}}',
}


class TestUnreadableJournal:
    @pytest.mark.parametrize("payload", list(UNREADABLE.values()), ids=list(UNREADABLE))
    def test_open_refuses_and_leaves_file_alone(
        self, payload: bytes, data_dir: Path, journal_path: Path
    ) -> None:
        data_dir.mkdir()
        journal_path.write_bytes(payload)
        for _ in range(2):  # a second attempt must not find a fresh empty journal
            with pytest.raises(JournalUnreadableError) as caught:
                open_journal(data_dir)
            assert str(journal_path) in str(caught.value)
            assert caught.value.path == journal_path
            assert journal_path.read_bytes() == payload
        with pytest.raises(JournalUnreadableError):
            read_overview(data_dir, TODAY)
        assert journal_path.read_bytes() == payload
        assert sorted(p.name for p in data_dir.iterdir()) == ["journal.json", "journal.lock"]

    def test_corrupted_after_use_ignores_old_summary(
        self, data_dir: Path, journal_path: Path
    ) -> None:
        journal = open_journal(data_dir)
        journal.add_checkin(checkin(1))
        assert (data_dir / paths.SUMMARY_NAME).exists()
        journal.close()
        good = journal_path.read_bytes()
        journal_path.write_bytes(good[: len(good) - 7])
        with pytest.raises(JournalUnreadableError):
            read_overview(data_dir, TODAY)
        with pytest.raises(JournalUnreadableError):
            open_journal(data_dir)
        assert journal_path.read_bytes() == good[: len(good) - 7]

    def test_a_folder_in_its_place(self, data_dir: Path, journal_path: Path) -> None:
        journal_path.mkdir(parents=True)
        (journal_path / "inside").write_bytes(b"x")
        with pytest.raises(JournalUnreadableError) as caught:
            open_journal(data_dir)
        assert str(journal_path) in str(caught.value)
        assert journal_path.is_dir()
        assert (journal_path / "inside").read_bytes() == b"x"

    def test_permission_denied(
        self, data_dir: Path, journal_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        data_dir.mkdir()
        payload = v1_journal_bytes(checkin(1))
        journal_path.write_bytes(payload)
        real_open = os.open

        def guarded(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if Path(os.fsdecode(path)) == journal_path:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", guarded)
        with pytest.raises(JournalUnreadableError) as caught:
            open_journal(data_dir)
        assert str(journal_path) in str(caught.value)
        assert "permission denied" in str(caught.value)
        with pytest.raises(JournalUnreadableError):
            read_overview(data_dir, TODAY)
        monkeypatch.undo()
        assert journal_path.read_bytes() == payload
        assert [c.id for c in open_journal(data_dir).checkins()] == [checkin(1).id]

    def test_invalid_record_is_reported_by_name(self, data_dir: Path, journal_path: Path) -> None:
        data_dir.mkdir()
        payload = orjson.dumps(
            {
                "meta": {"1": {"schema_version": CURRENT_SCHEMA_VERSION}},
                "checkins": {"1": checkin_dict(1, mood=42)},
            }
        )
        journal_path.write_bytes(payload)
        journal = open_journal(data_dir)
        with pytest.raises(JournalUnreadableError, match="mood") as caught:
            journal.checkins()
        assert checkin(1).id in str(caught.value)
        assert journal_path.read_bytes() == payload


# --------------------------------------------------------------------------- backups


class TestBackups:
    def test_one_backup_a_day_of_the_journal_as_opened(
        self, data_dir: Path, journal_path: Path
    ) -> None:
        day1, day2 = TODAY, TODAY + timedelta(days=1)
        journal = open_journal(data_dir, day1)
        journal.add_checkin(checkin(1))
        journal.add_checkin(checkin(2))
        first = backups.backup_path(data_dir, day1)
        assert backups.list_backups(data_dir) == [first]
        assert raw(first).get("checkins", {}) == {}  # made when the journal was new
        journal.close()

        at_open = journal_path.read_bytes()
        journal = open_journal(data_dir, day2)
        second = backups.backup_path(data_dir, day2)
        assert second.read_bytes() == at_open
        journal.add_checkin(checkin(3))
        assert second.read_bytes() == at_open  # not redone later the same day
        assert backups.list_backups(data_dir) == [second, first]

    def test_fourteen_newest_are_kept(self, data_dir: Path) -> None:
        days = [TODAY + timedelta(days=n) for n in range(20)]
        for n, day in enumerate(days):
            journal = open_journal(data_dir, day)
            journal.add_checkin(checkin(n))
            journal.close()
        kept = backups.list_backups(data_dir)
        assert kept == [backups.backup_path(data_dir, d) for d in reversed(days[-14:])]
        assert len(list(backups.backup_dir(data_dir).iterdir())) == 14
        # The newest holds the journal as it was when that day began.
        assert len(raw(kept[0])["checkins"]) == 19

    def test_backup_failure_does_not_break_open_or_save(
        self, data_dir: Path, journal_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The journal is read and saved even when the daily copy can't be made."""
        open_journal(data_dir, TODAY).add_checkin(checkin(1))
        monkeypatch.setattr(backups, "atomic_write", disk_full)
        tomorrow = TODAY + timedelta(days=1)
        journal = open_journal(data_dir, tomorrow)
        assert [c.id for c in journal.checkins()] == [checkin(1).id]
        journal.add_checkin(checkin(2))  # saved: must not be reported as a failure
        assert stored_ids(journal_path, "checkins") == [checkin(1).id, checkin(2).id]
        monkeypatch.undo()
        journal.add_checkin(checkin(3))
        assert backups.backup_path(data_dir, tomorrow).exists()


class TestRestore:
    def _history(self, data_dir: Path) -> Path:
        """Two days of use (three check-ins); returns day 2's backup (two check-ins)."""
        journal = open_journal(data_dir, TODAY)
        journal.add_checkin(checkin(1))
        journal.add_checkin(checkin(2))
        journal.close()
        journal = open_journal(data_dir, TODAY + timedelta(days=1))
        journal.add_checkin(checkin(3))
        journal.overview()
        journal.close()
        return backups.backup_path(data_dir, TODAY + timedelta(days=1))

    def test_restore_sets_aside_and_uses_newest_good_backup(
        self, data_dir: Path, journal_path: Path
    ) -> None:
        good_backup = self._history(data_dir)
        # A newer backup that is itself damaged is skipped.
        bad_backup = backups.backup_path(data_dir, TODAY + timedelta(days=2))
        bad_backup.write_bytes(b'{"checkins": {"1": ')
        broken = journal_path.read_bytes()[:40]
        journal_path.write_bytes(broken)

        result = restore(data_dir, NOW)
        assert result.restored_from == good_backup
        assert result.set_aside == data_dir / "journal.json.unreadable-20261123T150000"
        assert result.set_aside.read_bytes() == broken
        assert journal_path.read_bytes() == good_backup.read_bytes()
        assert mode(journal_path) == 0o600

        # The old summary (three check-ins) must not be used for the restored journal.
        assert read_overview(data_dir, TODAY).checkin_count == 2
        journal = open_journal(data_dir, TODAY + timedelta(days=2))
        assert [c.id for c in journal.checkins()] == [checkin(1).id, checkin(2).id]

    def test_no_good_backup_raises_and_changes_nothing(
        self, data_dir: Path, journal_path: Path
    ) -> None:
        data_dir.mkdir()
        journal_path.write_bytes(b"garbage")
        backups.backup_dir(data_dir).mkdir()
        backups.backup_path(data_dir, TODAY).write_bytes(b"")
        with pytest.raises(StoreError) as caught:
            restore(data_dir, NOW)
        assert "no good backup" in str(caught.value)
        assert journal_path.read_bytes() == b"garbage"
        assert sorted(p.name for p in data_dir.iterdir()) == ["backups", "journal.json"]

    def test_start_empty_sets_aside(self, data_dir: Path, journal_path: Path) -> None:
        data_dir.mkdir()
        journal_path.write_bytes(b"\x00garbage")
        result = restore(data_dir, NOW, start_empty=True)
        assert result.restored_from is None
        assert result.set_aside is not None
        assert result.set_aside.read_bytes() == b"\x00garbage"
        # An empty journal replaced it in one step: there is never a moment without one.
        assert schema_version(raw(journal_path)) == CURRENT_SCHEMA_VERSION
        journal = open_journal(data_dir)
        assert journal.checkins() == []
        assert result.set_aside.read_bytes() == b"\x00garbage"

    def test_explicit_bad_source_is_refused(self, data_dir: Path, journal_path: Path) -> None:
        data_dir.mkdir()
        journal_path.write_bytes(b"garbage")
        bad = data_dir / "elsewhere.json"
        bad.write_bytes(b"[]")
        with pytest.raises(BadBackupError, match="not a ketacheck journal"):
            restore(data_dir, NOW, source=bad)
        assert journal_path.read_bytes() == b"garbage"
        with pytest.raises(StoreError):
            restore(data_dir, NOW, source=data_dir / "missing.json")
        assert journal_path.read_bytes() == b"garbage"


# --------------------------------------------------------------------------- summary


class TestSummary:
    def _journal_with(self, data_dir: Path, count: int) -> Journal:
        journal = open_journal(data_dir)
        journal.add_infusion(infusion(1, BASE - timedelta(hours=1)))
        for n in range(count):
            journal.add_checkin(checkin(n))
        return journal

    def test_no_journal_means_empty_overview_and_nothing_created(self, data_dir: Path) -> None:
        overview = read_overview(data_dir, TODAY)
        assert overview.exists is False
        assert overview.checkin_count == 0
        assert not data_dir.exists()

    def test_matching_summary_is_used_without_parsing(
        self, data_dir: Path, parse_calls: list[Path]
    ) -> None:
        self._journal_with(data_dir, 3).close()
        parse_calls.clear()
        overview = read_overview(data_dir, TODAY)
        assert parse_calls == []
        assert overview.checkin_count == 3
        assert overview.last_checkin == checkin(2)
        assert [i.id for i in overview.infusions] == [infusion(1).id]

    def test_stale_summary_is_ignored(self, data_dir: Path, parse_calls: list[Path]) -> None:
        journal = self._journal_with(data_dir, 1)
        summary = data_dir / paths.SUMMARY_NAME
        old = summary.read_bytes()
        journal.add_checkin(checkin(5))
        summary.write_bytes(old)  # as if the save that followed never updated it
        parse_calls.clear()
        overview = read_overview(data_dir, TODAY)
        assert overview.checkin_count == 2
        assert overview.last_checkin is not None and overview.last_checkin.id == checkin(5).id
        assert parse_calls  # the journal itself was read
        # ...and the summary is good again for next time.
        parse_calls.clear()
        assert read_overview(data_dir, TODAY).checkin_count == 2
        assert parse_calls == []

    @pytest.mark.parametrize(
        "garble",
        [
            "empty",
            "truncated",
            "not an object",
            "wrong format",
            "wrong identity",
        ],
    )
    def test_garbled_summary_falls_back_to_journal(
        self, garble: str, data_dir: Path, parse_calls: list[Path]
    ) -> None:
        self._journal_with(data_dir, 2).close()
        summary_path = data_dir / paths.SUMMARY_NAME
        good = summary_path.read_bytes()
        summary = orjson.loads(good)
        if garble == "empty":
            payload = b""
        elif garble == "truncated":
            payload = good[: len(good) // 2]
        elif garble == "not an object":
            payload = b"[1, 2]"
        elif garble == "wrong format":
            payload = orjson.dumps(summary | {"format": 999, "checkin_count": 999})
        else:
            payload = orjson.dumps(summary | {"journal_identity": [0, 0, 0, 0], "checkin_count": 9})
        summary_path.write_bytes(payload)
        parse_calls.clear()
        overview = read_overview(data_dir, TODAY)
        assert overview.checkin_count == 2
        assert [c.id for c in overview.recent_checkins] == [checkin(0).id, checkin(1).id]
        assert [i.id for i in overview.infusions] == [infusion(1).id]
        assert parse_calls

    def test_summary_never_claims_a_newer_journal(
        self, data_dir: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A save landing while an overview is being built must not hide behind the summary."""
        reader = open_journal(data_dir)
        writer = open_journal(data_dir)
        writer.add_checkin(checkin(1))  # the reader's cached copy is now old
        real = storage_module.parse_journal
        armed = [True]

        def parse_then_someone_saves(path: Path, payload: bytes) -> Any:
            tables = real(path, payload)
            if armed[0]:
                armed[0] = False
                writer.add_checkin(checkin(2))  # another window saves right now
            return tables

        monkeypatch.setattr(storage_module, "parse_journal", parse_then_someone_saves)
        snapshot = reader.overview()
        assert snapshot.checkin_count == 1
        assert armed == [False]
        monkeypatch.undo()
        overview = read_overview(data_dir, TODAY)
        assert overview.checkin_count == 2
        assert overview.last_checkin is not None
        assert overview.last_checkin.id == checkin(2).id

    def test_fallback_closes_what_it_opens(self, data_dir: Path) -> None:
        self._journal_with(data_dir, 1).close()
        summary = data_dir / paths.SUMMARY_NAME
        fd_dir = Path("/proc/self/fd")
        read_overview(data_dir, TODAY)
        before = len(list(fd_dir.iterdir()))
        for _ in range(20):
            summary.unlink()
            assert read_overview(data_dir, TODAY).checkin_count == 1
        assert len(list(fd_dir.iterdir())) <= before + 2
