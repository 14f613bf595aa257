"""Restore never loses what the journal holds; backups are chosen by content and pruned safely.

Issue 8, section 1. Each test drives the real command line (``ketacheck.cli.main``) or the
store API on a journal built with the store itself.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from ketacheck.core.records import CheckIn, Infusion
from ketacheck.store import backups
from ketacheck.store.errors import StoreError
from ketacheck.store.journal import Journal
from ketacheck.store.migrations import CURRENT_SCHEMA_VERSION
from ketacheck.store.restore import restore
from tests.cli_support import Result, run_cli

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
DAY1 = date(2026, 11, 22)
DAY2 = date(2026, 11, 23)
CORRUPT = b'{"meta": {"1": {"schema_version": 2}}, "checkins": {"1": {"id": "'


def checkin_doc(n: int, at: datetime | None = None, **changes: Any) -> dict[str, Any]:
    """A stored check-in, not checked: ``changes`` may make it invalid."""
    when = at or datetime(2026, 11, 22, 15, 0, tzinfo=UTC) + timedelta(minutes=n)
    data: dict[str, Any] = {
        "id": f"c{n:031x}",
        "at": when.isoformat(),
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


def checkin(n: int, at: datetime | None = None) -> CheckIn:
    return CheckIn.from_dict(checkin_doc(n, at))


def infusion(n: int, start: datetime) -> Infusion:
    return Infusion.from_dict(
        {
            "id": f"i{n:031x}",
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=45)).isoformat(),
            "note": "",
        }
    )


def journal_bytes(
    *records: CheckIn | Infusion | dict[str, Any], version: int = CURRENT_SCHEMA_VERSION
) -> bytes:
    """A journal holding ``records`` (a dict is a stored check-in, as it is)."""
    tables: dict[str, Any] = {"meta": {"1": {"schema_version": version}}}
    for record in records:
        doc = record if isinstance(record, dict) else record.to_dict()
        table = "infusions" if isinstance(record, Infusion) else "checkins"
        tables.setdefault(table, {})[doc["id"]] = doc
    return orjson.dumps(tables)


@pytest.fixture
def cli(local_zone: str) -> Callable[..., Result]:
    def run(*argv: str) -> Result:
        return run_cli(*argv, clock=lambda: NOW)

    return run


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def history(isolated_data_dir: Path) -> Path:
    """Sunday: an infusion and a check-in. Monday: two more check-ins.

    Monday's backup (taken at Monday's first open) holds the infusion and one check-in;
    the journal holds the infusion and three. Returns the data folder.
    """
    journal = Journal.open(isolated_data_dir, DAY1)
    journal.add_infusion(infusion(1, datetime(2026, 11, 22, 14, 30, tzinfo=UTC)))
    journal.add_checkin(checkin(1))
    journal.close()
    journal = Journal.open(isolated_data_dir, DAY2)
    journal.add_checkin(checkin(2))
    journal.add_checkin(checkin(3))
    journal.close()
    return isolated_data_dir


def monday(data_dir: Path) -> Path:
    return backups.backup_path(data_dir, DAY2)


def held(data_dir: Path) -> tuple[int, int]:
    journal = Journal.open(data_dir, DAY2)
    try:
        return len(journal.infusions()), len(journal.checkins())
    finally:
        journal.close()


# --- a journal that opens fine is never replaced by accident ----------------------------


def test_restore_refuses_a_journal_that_opens_fine(
    history: Path, cli: Callable[..., Result]
) -> None:
    before = snapshot(history)

    result = cli("restore")

    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        f"ketacheck: the journal at {history / 'journal.json'} opens fine (1 infusion and 3 "
        "check-ins), so restore left it as it is. To roll back to a backup on purpose, run "
        "'ketacheck restore --from FILE --force' ('ketacheck restore --list' shows the "
        "backups).\n"
    )
    assert snapshot(history) == before
    assert held(history) == (1, 3)


@pytest.mark.parametrize(
    "argv",
    [["--from", "MONDAY"], ["--start-empty"], ["--from", "MONDAY", "--start-empty"]],
)
def test_from_and_start_empty_also_need_force_on_a_good_journal(
    history: Path, cli: Callable[..., Result], argv: list[str]
) -> None:
    argv = [str(monday(history)) if a == "MONDAY" else a for a in argv]
    before = snapshot(history)

    result = cli("restore", *argv)

    assert result.code == 2
    assert "opens fine" in result.err or "not both" in result.err
    assert snapshot(history) == before


def test_forced_rollback_says_what_it_brought_back_and_keeps_the_journal(
    history: Path, cli: Callable[..., Result]
) -> None:
    old = (history / "journal.json").read_bytes()

    result = cli("restore", "--from", str(monday(history)), "--force")

    assert result.code == 0, result.err
    aside = history / "journal.json.before-restore-20261123T150000"
    assert result.lines == [
        f"Your previous journal was kept, unchanged, as {aside}",
        f"Restored the journal from {monday(history)}",
        "That backup was taken on Mon 23 Nov 2026 and holds 1 infusion and 1 check-in; "
        "the journal it replaced held 1 infusion and 3 check-ins.",
    ]
    assert aside.read_bytes() == old
    assert (history / "journal.json").read_bytes() == monday(history).read_bytes()
    assert held(history) == (1, 1)
    assert cli("status").lines[-1].startswith("Last check-in ")


def test_force_without_from_uses_the_backup_holding_the_newest_entries(
    history: Path, cli: Callable[..., Result]
) -> None:
    result = cli("restore", "--force")

    assert result.code == 0, result.err
    assert result.lines[1] == f"Restored the journal from {monday(history)}"
    assert held(history) == (1, 1)


def test_an_unreadable_journal_is_restored_without_force(
    history: Path, cli: Callable[..., Result]
) -> None:
    (history / "journal.json").write_bytes(CORRUPT)

    result = cli("restore")

    assert result.code == 0, result.err
    aside = history / "journal.json.unreadable-20261123T150000"
    assert result.lines == [
        f"Your previous journal was kept, unchanged, as {aside}",
        f"Restored the journal from {monday(history)}",
        "That backup was taken on Mon 23 Nov 2026 and holds 1 infusion and 1 check-in; "
        "the journal it replaced could not be read.",
        "Nothing whole could be recovered from the unreadable journal itself (a check-in "
        "that was cut off or damaged).",
    ]
    assert aside.read_bytes() == CORRUPT
    assert held(history) == (1, 1)


def test_a_journal_with_an_invalid_record_counts_as_unreadable(
    history: Path, cli: Callable[..., Result]
) -> None:
    bad = journal_bytes(checkin_doc(9, mood=42))
    (history / "journal.json").write_bytes(bad)

    result = cli("restore")

    assert result.code == 0, result.err
    assert (history / "journal.json.unreadable-20261123T150000").read_bytes() == bad
    assert held(history) == (1, 1)


# --- the new journal is in place before the old one is only kept aside -----------------


def test_restore_keeps_the_old_journal_as_a_second_name_not_a_move(
    history: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At no moment is there no journal.json: it is replaced, never moved away."""
    (history / "journal.json").write_bytes(CORRUPT)
    journal = history / "journal.json"
    seen: list[bool] = []
    real_replace, real_rename, real_unlink = os.replace, os.rename, os.unlink

    def watch(*args: Any, **kwargs: Any) -> Any:
        seen.append(journal.exists())

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        assert Path(src) != journal, "the journal was moved away"
        watch()
        real_replace(src, dst, **kwargs)
        watch()

    def rename(src: Any, dst: Any, **kwargs: Any) -> None:
        assert Path(src) != journal, "the journal was moved away"
        real_rename(src, dst, **kwargs)

    def unlink(path: Any, **kwargs: Any) -> None:
        assert Path(path) != journal, "the journal was deleted"
        real_unlink(path, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(os, "unlink", unlink)

    assert cli("restore").code == 0
    assert seen and all(seen)


FAULTS = ["link", "mkstemp", "fsync", "replace", "copy-aside"]


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("journal_state", ["unreadable", "fine"])
def test_a_full_disk_during_restore_never_leaves_no_journal(
    history: Path,
    cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
    journal_state: str,
) -> None:
    import tempfile

    journal = history / "journal.json"
    if journal_state == "unreadable":
        journal.write_bytes(CORRUPT)
    old = journal.read_bytes()
    new = monday(history).read_bytes()

    def disk_full(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    def no_links(*_args: Any, **_kwargs: Any) -> Any:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    if fault == "link":
        monkeypatch.setattr(os, "link", disk_full)
    elif fault == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", disk_full)
    elif fault == "fsync":
        monkeypatch.setattr(os, "fsync", disk_full)
    elif fault == "replace":
        monkeypatch.setattr(os, "replace", disk_full)
    else:  # hard links refused (as on FAT), and then the copy aside hits the full disk
        monkeypatch.setattr(os, "link", no_links)
        monkeypatch.setattr(tempfile, "mkstemp", disk_full)

    result = cli("restore", "--force")
    monkeypatch.undo()

    assert journal.exists(), f"no journal after a failed restore ({result.err})"
    asides = [p for p in history.iterdir() if p.name.startswith("journal.json.")]
    current = journal.read_bytes()
    assert current in (old, new)
    if current == new:
        assert result.code == 0
        assert any(p.read_bytes() == old for p in asides), "the old journal was lost"
    else:
        assert result.code == 1
        assert result.err.count("\n") == 1
        assert "Traceback" not in result.err
        # A failed restore changes nothing: no half-made copy is left behind.
        assert asides == []
    if journal_state == "fine" and current == old:
        assert held(history) == (1, 3)


# --- a missing journal beside a set-aside one is never "no journal yet" -----------------


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["status", "--json"],
        [
            "checkin",
            "--dizziness",
            "1",
            "--nausea",
            "1",
            "--fluids",
            "1",
            "--mood",
            "6",
            "--self-harm",
            "no",
        ],
        ["infusion", "add"],
        ["export", "-o", "-"],
    ],
)
@pytest.mark.parametrize("aside", ["unreadable-20261122T101010", "before-restore-20261122T1010"])
def test_a_missing_journal_beside_a_set_aside_one_is_an_error(
    history: Path, cli: Callable[..., Result], argv: list[str], aside: str
) -> None:
    journal = history / "journal.json"
    journal.rename(history / f"journal.json.{aside}")
    (history / "summary.json").unlink()
    before = snapshot(history)

    result = cli(*argv)

    assert result.code == 1
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"ketacheck: the journal at {journal} is missing")
    assert f"journal.json.{aside}" in result.err
    assert "ketacheck restore" in result.err
    assert not journal.exists()
    assert snapshot(history) == before


def test_a_missing_journal_with_a_stale_summary_is_still_an_error(
    history: Path, cli: Callable[..., Result]
) -> None:
    (history / "journal.json").rename(history / "journal.json.unreadable-20261122T101010")

    result = cli("status")

    assert result.code == 1
    assert "is missing" in result.err


def test_restore_brings_back_a_missing_journal(history: Path, cli: Callable[..., Result]) -> None:
    (history / "journal.json").rename(history / "journal.json.unreadable-20261122T101010")

    result = cli("restore")

    assert result.code == 0, result.err
    assert result.lines == [
        f"Restored the journal from {monday(history)}",
        "That backup was taken on Mon 23 Nov 2026 and holds 1 infusion and 1 check-in; "
        "there was no journal in its place.",
    ]
    assert held(history) == (1, 1)
    assert cli("status").code == 0


def test_start_empty_replaces_an_unreadable_journal_with_an_empty_one(
    isolated_data_dir: Path, cli: Callable[..., Result]
) -> None:
    isolated_data_dir.mkdir()
    journal = isolated_data_dir / "journal.json"
    journal.write_bytes(CORRUPT)

    result = cli("restore", "--start-empty")

    assert result.code == 0, result.err
    assert journal.exists()  # never a moment without one
    assert held(isolated_data_dir) == (0, 0)
    assert (isolated_data_dir / "journal.json.unreadable-20261123T150000").read_bytes() == CORRUPT


# --- every record is checked, as opening the journal checks it ---------------------------


def test_restore_from_a_file_of_invalid_records_is_refused(
    history: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    (history / "journal.json").write_bytes(CORRUPT)
    bad = tmp_path / "bad.json"
    bad.write_bytes(journal_bytes(checkin(7), checkin_doc(8, mood=42)))
    before = snapshot(history)

    result = cli("restore", "--from", str(bad))

    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert str(bad) in result.err
    assert checkin(8).id in result.err
    assert "mood" in result.err
    assert snapshot(history) == before


@pytest.mark.parametrize("payload", [b"[]", b"{oops", b"", b'{"checkins": {"1": 5}}'])
def test_restore_from_a_file_that_is_not_a_journal_is_refused(
    history: Path, cli: Callable[..., Result], tmp_path: Path, payload: bytes
) -> None:
    (history / "journal.json").write_bytes(CORRUPT)
    bad = tmp_path / "bad.json"
    bad.write_bytes(payload)
    before = snapshot(history)

    result = cli("restore", "--from", str(bad))

    assert result.code == 2
    assert str(bad) in result.err
    assert snapshot(history) == before


def test_restore_from_a_journal_of_a_newer_ketacheck_is_refused(
    history: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    (history / "journal.json").write_bytes(CORRUPT)
    newer = tmp_path / "newer.json"
    newer.write_bytes(journal_bytes(checkin(7), version=CURRENT_SCHEMA_VERSION + 1))

    result = cli("restore", "--from", str(newer))

    assert result.code == 2
    assert "newer ketacheck" in result.err
    assert (history / "journal.json").read_bytes() == CORRUPT


def test_the_newest_good_backup_skips_one_with_invalid_records(
    history: Path, cli: Callable[..., Result]
) -> None:
    (history / "journal.json").write_bytes(CORRUPT)
    bad = backups.backup_path(history, DAY2 + timedelta(days=1))
    bad.write_bytes(journal_bytes(checkin_doc(50, at=NOW - timedelta(hours=1), mood=42)))
    os.chmod(bad, 0o600)

    result = cli("restore")

    assert result.code == 0, result.err
    assert result.lines[1] == f"Restored the journal from {monday(history)}"


# --- backups are chosen by what they hold, and a clock set to 2099 spoils nothing ---------


def future_backup(data_dir: Path, *records: CheckIn | Infusion) -> Path:
    path = backups.backup_path(data_dir, date(2099, 1, 1))
    path.write_bytes(journal_bytes(*records))
    os.chmod(path, 0o600)
    return path


def test_a_backup_dated_in_the_future_is_not_preferred(
    history: Path, cli: Callable[..., Result]
) -> None:
    (history / "journal.json").write_bytes(CORRUPT)
    # What a run under a clock set to 2099 leaves: a copy of the journal as it then was.
    future_backup(history, infusion(1, datetime(2026, 11, 22, 14, 30, tzinfo=UTC)))

    result = cli("restore")

    assert result.code == 0, result.err
    assert result.lines[1] == f"Restored the journal from {monday(history)}"


def test_entries_dated_in_the_future_do_not_make_a_backup_newest(
    history: Path, cli: Callable[..., Result]
) -> None:
    (history / "journal.json").write_bytes(CORRUPT)
    future_backup(history, checkin(99, at=datetime(2099, 1, 1, 12, tzinfo=UTC)))

    result = cli("restore")

    assert result.code == 0, result.err
    assert result.lines[1] == f"Restored the journal from {monday(history)}"


def test_the_backup_with_the_newest_entry_wins_whatever_its_name(
    history: Path, cli: Callable[..., Result]
) -> None:
    (history / "journal.json").write_bytes(CORRUPT)
    older_name = backups.backup_path(history, date(2026, 11, 20))
    older_name.write_bytes(journal_bytes(checkin(1), checkin(2), checkin(3), checkin(4)))
    os.chmod(older_name, 0o600)

    result = cli("restore")

    assert result.code == 0, result.err
    assert result.lines[1] == f"Restored the journal from {older_name}"
    assert result.lines[2].startswith("That backup was taken on Fri 20 Nov 2026 and holds")


def test_a_future_backup_is_pruned_like_the_rest(isolated_data_dir: Path) -> None:
    data_dir = isolated_data_dir
    Journal.open(data_dir, DAY1).close()
    stray = future_backup(data_dir)
    start = date(2026, 12, 1)
    for n in range(backups.KEEP_BACKUPS):
        Journal.open(data_dir, start + timedelta(days=n)).close()
    kept = backups.list_backups(data_dir)
    assert stray not in kept
    assert not stray.exists()
    assert len(kept) == backups.KEEP_BACKUPS
    assert kept[0] == backups.backup_path(data_dir, start + timedelta(days=13))


# --- pruning deletes only what ketacheck wrote --------------------------------------------


def users_files(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for n in range(1, 21):
        path = folder / f"journal-2020-01-{n:02d}.json"
        payload = f'{{"mine": {n}}}'.encode()
        path.write_bytes(payload)
        os.chmod(path, 0o644)
        made[path.name] = payload
    return made


def test_a_symlinked_backups_folder_is_refused_and_left_alone(
    isolated_data_dir: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    Journal.open(isolated_data_dir, DAY1).close()
    elsewhere = tmp_path / "my-own-journals"
    mine = users_files(elsewhere)
    (isolated_data_dir / "backups").rename(tmp_path / "old-backups")
    (isolated_data_dir / "backups").symlink_to(elsewhere)

    result = cli(
        "checkin",
        "--dizziness",
        "1",
        "--nausea",
        "1",
        "--fluids",
        "1",
        "--mood",
        "6",
        "--self-harm",
        "no",
    )

    assert result.code == 1
    assert str(isolated_data_dir / "backups") in result.err
    assert "symbolic link" in result.err
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == mine


def test_files_in_backups_that_ketacheck_did_not_write_are_never_pruned(
    isolated_data_dir: Path,
) -> None:
    data_dir = isolated_data_dir
    Journal.open(data_dir, DAY1).close()
    folder = backups.backup_dir(data_dir)
    mine = users_files(folder)
    link_target = data_dir.parent / "precious.json"
    link_target.write_bytes(b"precious")
    (folder / "journal-2020-02-01.json").symlink_to(link_target)
    for n in range(backups.KEEP_BACKUPS + 2):
        Journal.open(data_dir, DAY2 + timedelta(days=n)).close()
    for name, payload in mine.items():
        assert (folder / name).read_bytes() == payload
    assert (folder / "journal-2020-02-01.json").is_symlink()
    assert link_target.read_bytes() == b"precious"
    ours = [p for p in folder.iterdir() if not p.name.startswith("journal-2020-")]
    assert len(ours) == backups.KEEP_BACKUPS
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in ours)


def test_restore_never_picks_a_file_ketacheck_did_not_write(
    isolated_data_dir: Path, cli: Callable[..., Result]
) -> None:
    data_dir = isolated_data_dir
    Journal.open(data_dir, DAY1).close()
    stranger = backups.backup_path(data_dir, DAY2)
    stranger.write_bytes(journal_bytes(checkin(1), checkin(2)))
    os.chmod(stranger, 0o644)  # not written by ketacheck, which writes 0600
    (data_dir / "journal.json").write_bytes(CORRUPT)

    result = cli("restore")

    assert result.code == 0, result.err
    assert result.lines[1] == f"Restored the journal from {backups.backup_path(data_dir, DAY1)}"


def test_no_good_backup_is_still_a_runtime_error(
    isolated_data_dir: Path, cli: Callable[..., Result]
) -> None:
    isolated_data_dir.mkdir()
    (isolated_data_dir / "journal.json").write_bytes(CORRUPT)
    with pytest.raises(StoreError, match="no good backup"):
        restore(isolated_data_dir, NOW)
    assert (isolated_data_dir / "journal.json").read_bytes() == CORRUPT


# --- export and report never write into the data folder ----------------------------------


@pytest.mark.parametrize("command", ["export", "report"])
@pytest.mark.parametrize(
    "target", ["journal.json", "summary.json", "backups/journal-2026-11-23.json", "new.json", "."]
)
def test_export_and_report_refuse_to_write_in_the_data_folder(
    history: Path, cli: Callable[..., Result], command: str, target: str
) -> None:
    before = snapshot(history)

    result = cli(command, "-o", str(history / target))

    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert str(history) in result.err
    assert "data folder" in result.err
    assert snapshot(history) == before


def test_export_refuses_a_link_that_leads_into_the_data_folder(
    history: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    sneaky = tmp_path / "export.json"
    sneaky.symlink_to(history / "journal.json")
    sneaky_dir = tmp_path / "folder"
    sneaky_dir.symlink_to(history)
    before = snapshot(history)

    assert cli("export", "-o", str(sneaky)).code == 2
    assert cli("export", "-o", str(sneaky_dir / "journal.json")).code == 2
    assert snapshot(history) == before


def test_export_elsewhere_still_works(
    history: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()

    result = cli("export", "-o", str(target))

    assert result.code == 0, result.err
    assert orjson.loads(target.read_bytes())["format"] == "ketacheck-export"


def test_a_folder_in_the_journals_place_is_kept_and_replaced(
    history: Path, cli: Callable[..., Result]
) -> None:
    journal = history / "journal.json"
    journal.unlink()
    journal.mkdir()
    (journal / "inside").write_bytes(b"x")

    result = cli("restore")

    assert result.code == 0, result.err
    aside = history / "journal.json.unreadable-20261123T150000"
    assert (aside / "inside").read_bytes() == b"x"
    assert held(history) == (1, 1)
