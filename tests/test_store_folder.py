"""The data folder is the app's own: no links followed, no foreign folder, no waiting readers.

Issue 8, section 4. Most tests run the real command line in a subprocess
(``python -m ketacheck --data-dir DIR ...``), as a patient would.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from ketacheck.core.records import CheckIn
from ketacheck.core.settings import Settings
from ketacheck.store import drafts, fileio, locking
from ketacheck.store.errors import StoreError
from ketacheck.store.journal import Journal
from ketacheck.store.overview_reader import read_overview

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)
CHECKIN_FLAGS = [
    "--dizziness", "2", "--nausea", "1", "--fluids", "3", "--mood", "6", "--self-harm", "no"
]  # fmt: skip


def env_for(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["KETACHECK_DATA_DIR"] = str(tmp / "not-this-one")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["TZ"] = "America/New_York"
    return env


def ketacheck(
    data_dir: Path, *args: str, timeout: float = 60, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "ketacheck", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env_for(data_dir.parent),
        timeout=timeout,
        cwd=REPO,
        check=False,
    )


def checkin_record(n: int) -> CheckIn:
    return CheckIn.from_dict(
        {
            "id": f"c{n:031x}",
            "at": (datetime(2026, 11, 22, 15, tzinfo=UTC) + timedelta(minutes=n)).isoformat(),
            "infusion_id": None,
            "dizziness": 2,
            "nausea": 1,
            "vomited": False,
            "fluids_glasses": 3,
            "electrolytes": True,
            "mood": 6,
            "note": "",
        }
    )


@pytest.fixture
def data_dir(isolated_data_dir: Path) -> Path:
    """A folder with a journal of one check-in, its summary, a backup and a draft."""
    journal = Journal.open(isolated_data_dir, TODAY)
    journal.add_checkin(checkin_record(1))
    journal.save_settings(Settings(care_team_name="Dr Real", care_team_phone="555-0100"))
    journal.overview()
    journal.close()
    drafts.save_draft(isolated_data_dir, "checkin", {"answers": {"mood": 5}})
    return isolated_data_dir


def assert_one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr


# --- links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["status"], ["checkin", *CHECKIN_FLAGS], ["export", "-o", "-"]]
)
def test_a_symlinked_journal_is_refused_and_its_target_untouched(
    data_dir: Path, tmp_path: Path, command: list[str]
) -> None:
    journal = data_dir / "journal.json"
    target = tmp_path / "elsewhere.json"
    shutil.move(journal, target)
    os.chmod(target, 0o644)
    before = target.read_bytes()
    journal.symlink_to(target)

    done = ketacheck(data_dir, *command)

    assert_one_line_error(done, str(journal), "symbolic link")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_bytes() == before
    assert journal.is_symlink()


def test_a_symlinked_lock_file_is_refused_and_creates_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    lock = data_dir / "journal.lock"
    lock.unlink()
    target = tmp_path / "created-by-the-link"
    lock.symlink_to(target)

    done = ketacheck(data_dir, "checkin", *CHECKIN_FLAGS)

    assert_one_line_error(done, str(lock), "symbolic link")
    assert not target.exists()


def test_a_symlinked_summary_is_refused(data_dir: Path, tmp_path: Path) -> None:
    summary = data_dir / "summary.json"
    target = tmp_path / "summary-elsewhere.json"
    shutil.move(summary, target)
    summary.symlink_to(target)

    done = ketacheck(data_dir, "status")

    assert_one_line_error(done, str(summary), "symbolic link")


@pytest.mark.parametrize("what", ["drafts", "drafts/checkin.json", "backups"])
def test_symlinked_drafts_and_backups_are_refused(
    data_dir: Path, tmp_path: Path, what: str
) -> None:
    path = data_dir / what
    target = tmp_path / "moved"
    shutil.move(path, target)
    path.symlink_to(target)

    done = ketacheck(data_dir, "status")

    assert_one_line_error(done, str(path), "symbolic link")


def test_drafts_never_follow_a_link(data_dir: Path, tmp_path: Path) -> None:
    from ketacheck.store.errors import UnsafePathError

    target = tmp_path / "not-a-draft.json"
    target.write_bytes(b'{"answers": {"mood": 1}}')
    draft = data_dir / "drafts" / "checkin.json"
    draft.unlink()
    draft.symlink_to(target)

    with pytest.raises(UnsafePathError):
        drafts.load_draft(data_dir, "checkin")
    drafts.save_draft(data_dir, "checkin", {"answers": {"mood": 5}})  # replaces the link
    assert target.read_bytes() == b'{"answers": {"mood": 1}}'
    assert not draft.is_symlink()


def test_tighten_never_follows_a_link(tmp_path: Path) -> None:
    from ketacheck.store.errors import UnsafePathError

    target = tmp_path / "target"
    target.write_bytes(b"x")
    os.chmod(target, 0o644)
    link = tmp_path / "link"
    link.symlink_to(target)

    with pytest.raises(UnsafePathError):
        fileio.tighten(link, 0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


# --- whose folder ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["status"], ["checkin", *CHECKIN_FLAGS], ["export", "-o", "-"]]
)
def test_a_folder_owned_by_another_user_is_refused(data_dir: Path, command: list[str]) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to give the folder away")
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    os.chown(data_dir, 4242, 4242)
    try:
        done = ketacheck(data_dir, *command)
    finally:
        os.chown(data_dir, 0, 0)

    assert_one_line_error(done, str(data_dir), "another user")
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == before


def test_a_folder_owned_by_another_user_is_refused_in_process(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 4242)
    with pytest.raises(StoreError, match="another user"):
        read_overview(data_dir, TODAY)
    with pytest.raises(StoreError, match="another user"):
        Journal.open(data_dir, TODAY)


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o707, 0o720])
def test_a_folder_others_can_write_to_is_refused(data_dir: Path, mode: int) -> None:
    os.chmod(data_dir, mode)

    done = ketacheck(data_dir, "status")

    assert_one_line_error(done, str(data_dir), "chmod 700")
    assert stat.S_IMODE(data_dir.stat().st_mode) == mode


def test_a_folder_others_can_only_read_is_made_private(data_dir: Path) -> None:
    os.chmod(data_dir, 0o755)

    done = ketacheck(data_dir, "checkin", *CHECKIN_FLAGS)

    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


# --- summary.json is a cache, never a source -------------------------------------------------


def forge(data_dir: Path, scratch: Path) -> None:
    """Edit summary.json as an attacker or a bad sync tool might, keeping its identity.

    The forged alert is a genuine one, taken from a scratch journal, with its text changed:
    it passes every check a record gets, so only the summary's seal can give it away.
    """
    from ketacheck.usecases.checkins import record_checkin

    other = Journal.open(scratch, TODAY)
    answers = {"dizziness": 2, "nausea": 1, "fluids_glasses": 3, "mood": 2}
    record_checkin(
        other, {**answers, "self_harm_thoughts": True}, datetime(2026, 11, 22, 16, tzinfo=UTC)
    )
    other.overview()
    other.close()
    genuine = orjson.loads((scratch / "summary.json").read_bytes())

    path = data_dir / "summary.json"
    summary = orjson.loads(path.read_bytes())
    summary["settings"] = {
        **summary["settings"],
        "care_team_name": "Dr Fake",
        "care_team_phone": "555-6666",
    }
    for alert in genuine.get("open_alerts", []):
        summary["open_alerts"].append({**alert, "message": "FORGED: call 555-6666 now"})
    checkin = genuine["recent_checkins"][-1]
    checkin["alerts"] = [{**a, "message": "FORGED: call 555-6666 now"} for a in checkin["alerts"]]
    summary["recent_checkins"].append(checkin)
    path.write_bytes(orjson.dumps(summary))


def test_seal_and_check_a_summary(data_dir: Path) -> None:
    from ketacheck.store import integrity

    summary = {"journal_identity": [1, 2, 3, 4], "settings": {"care_team_name": "Dr Real"}}
    sealed = integrity.seal_summary(summary)
    assert integrity.summary_is_sealed(sealed)
    assert "seal" not in summary  # the caller's dict is left alone
    # Still one JSON object: the summary, and its seal as the last field.
    assert list(json.loads(sealed)) == ["journal_identity", "settings", "seal"]
    # Sealing it again (the seal it was read with is dropped) gives the same bytes.
    assert integrity.seal_summary(json.loads(sealed)) == sealed
    forged = sealed.replace(b"Dr Real", b"Dr Fake")
    for changed in (
        forged,
        sealed.replace(b"[1,2,3,4]", b"[1,2,3,5]"),
        sealed.replace(b"Dr Real", b"Dr  Real"),  # only the spacing
        json.dumps(json.loads(sealed)).encode(),  # the same content, re-encoded
        sealed[: sealed.rindex(b',"seal"')] + b"}",  # no seal
        sealed[:-3] + b'0"}',  # a wrong seal
        sealed[:-2] + b'0"}',  # a seal too long
        sealed + b"\n",  # anything after it
        b'{"seal":"crc32:00000000"}',
        b"",
    ):
        assert not integrity.summary_is_sealed(changed), changed
    with pytest.raises(ValueError):
        integrity.seal_summary({})


def test_a_summary_round_trips_through_its_file(data_dir: Path) -> None:
    """What a save writes (orjson) reads back (json, for status) with the same content."""
    from ketacheck.store import integrity

    summary = {
        "journal_identity": [1, 2, 3, 4],
        "notes": ["caf\u00e9 \u2615", "\U0001f600", 'quote " and \\ slash', ',"seal":"x"}'],
        "numbers": [0.1, 2.5e-7, 1e22, -0.0, 12345678901234],
        "flags": [True, False, None],
    }
    sealed = integrity.seal_summary(summary)
    assert integrity.summary_is_sealed(sealed)
    read = json.loads(sealed)
    assert read.pop("seal").startswith("crc32:")
    assert read == summary


def test_a_forged_summary_is_never_believed(data_dir: Path, tmp_path: Path) -> None:
    forge(data_dir, tmp_path / "scratch")

    done = ketacheck(data_dir, "status")

    assert done.returncode == 0, done.stderr
    assert "Dr Fake" not in done.stdout
    assert "FORGED" not in done.stdout
    assert "Dr Real" in done.stdout or "urgent" not in done.stdout
    as_json = json.loads(ketacheck(data_dir, "status", "--json").stdout)
    assert all("FORGED" not in alert["message"] for alert in as_json["alerts"])


# --- readers never wait; a writer waits a while, then says so -------------------------------

HOLDER = """
import sys, time
from pathlib import Path
from ketacheck.store.locking import InterProcessLock
lock = InterProcessLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
time.sleep(600)
"""


@pytest.fixture
def stopped_holder(data_dir: Path) -> Iterator[int]:
    """A process holding the journal's lock, then suspended (as by Ctrl+Z or SIGSTOP)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir / "journal.lock")],
        stdout=subprocess.PIPE,
        text=True,
        env=env_for(data_dir.parent),
        cwd=REPO,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "held\n"
    os.kill(proc.pid, signal.SIGSTOP)
    try:
        yield proc.pid
    finally:
        os.kill(proc.pid, signal.SIGCONT)
        proc.kill()
        proc.wait(30)
        proc.stdout.close()


@pytest.mark.parametrize(
    "command", [["status"], ["status", "--json"], ["export", "-o", "-"], ["report", "-o", "-"]]
)
def test_readers_never_wait_for_a_stopped_writer(
    data_dir: Path, stopped_holder: int, command: list[str]
) -> None:
    (data_dir / "summary.json").unlink()  # so status must read the journal itself
    start = time.monotonic()

    done = ketacheck(data_dir, *command, timeout=20)

    assert done.returncode == 0, done.stderr
    assert time.monotonic() - start < 10
    assert "waiting" not in done.stderr


def test_the_lock_file_names_its_holder(data_dir: Path, stopped_holder: int) -> None:
    assert (data_dir / "journal.lock").read_text().split() == [str(stopped_holder)]


def with_lock_timeout(seconds: float) -> list[str]:
    """Run ketacheck with its lock timeout shortened (the default is 30 s)."""
    script = (
        "import sys, ketacheck.store.locking as f; "
        f"f.LOCK_TIMEOUT = {seconds}; "
        "from ketacheck.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    return [sys.executable, "-c", script]


def test_a_writer_says_it_is_waiting_then_gives_up(data_dir: Path, stopped_holder: int) -> None:
    before = (data_dir / "journal.json").read_bytes()
    start = time.monotonic()
    done = subprocess.run(
        [*with_lock_timeout(3), "--data-dir", str(data_dir), "checkin", *CHECKIN_FLAGS],
        capture_output=True,
        text=True,
        env=env_for(data_dir.parent),
        timeout=30,
        cwd=REPO,
        check=False,
    )
    took = time.monotonic() - start

    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert (
        lines[0] == f"ketacheck: waiting for another ketacheck (pid {stopped_holder}) to finish..."
    )
    assert len(lines) == 2
    assert lines[1].startswith("ketacheck: ")
    assert str(stopped_holder) in lines[1]
    assert "nothing was saved" in lines[1]
    assert 2.5 < took < 20
    assert (data_dir / "journal.json").read_bytes() == before


def test_the_default_lock_timeout_is_thirty_seconds() -> None:
    assert locking.LOCK_TIMEOUT == 30
    assert locking.LOCK_NOTICE_AFTER == 1


def test_a_writer_that_gets_the_lock_in_time_saves(data_dir: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir / "journal.lock")],
        stdout=subprocess.PIPE,
        text=True,
        env=env_for(data_dir.parent),
        cwd=REPO,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    writer = subprocess.Popen(
        [*with_lock_timeout(20), "--data-dir", str(data_dir), "checkin", *CHECKIN_FLAGS],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(data_dir.parent),
        cwd=REPO,
    )
    time.sleep(1.8)
    holder.kill()
    holder.wait(30)
    holder.stdout.close()
    out, err = writer.communicate(timeout=30)
    assert writer.returncode == 0, err
    assert err == f"ketacheck: waiting for another ketacheck (pid {holder.pid}) to finish...\n"
    assert out.startswith("Saved your check-in")


# --- read-only media --------------------------------------------------------------------------


def read_only(data_dir: Path) -> list[str]:
    """A prefix that runs the command with ``data_dir`` mounted read-only (root ignores 0500)."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare(1)")
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount --bind -o ro '{data_dir}' '{data_dir}'"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"can't make a read-only bind mount here: {probe.stderr!r}")
    script = f"mount --bind -o ro '{data_dir}' '{data_dir}' && exec \"$@\""
    return ["unshare", "-m", "sh", "-c", script, "sh"]


@pytest.mark.parametrize("stale_summary", [False, True])
@pytest.mark.parametrize(
    "command", [["status"], ["status", "--json"], ["export", "-o", "-"], ["report", "-o", "-"]]
)
def test_readers_work_on_a_read_only_folder(
    data_dir: Path, command: list[str], stale_summary: bool
) -> None:
    if stale_summary:
        (data_dir / "summary.json").unlink()
    (data_dir / "journal.lock").unlink()  # as on media copied from another computer
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}

    done = ketacheck(data_dir, *command, prefix=read_only(data_dir), timeout=30)

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == before


def test_a_save_on_a_read_only_folder_is_a_clear_error(data_dir: Path) -> None:
    before = (data_dir / "journal.json").read_bytes()

    done = ketacheck(data_dir, "checkin", *CHECKIN_FLAGS, prefix=read_only(data_dir), timeout=30)

    assert_one_line_error(done, "read-only")
    assert (data_dir / "journal.json").read_bytes() == before
