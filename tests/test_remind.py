"""``ketacheck remind``: what is due, each once, safe for a locked screen, however often a
scheduler runs it, whatever is in its state file, and without hanging on a broken D-Bus."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from msgspec.structs import replace

import ketacheck.cli.handlers.remind as remind_handler
from ketacheck.cli import main, notify
from ketacheck.core.reminders import schedule
from ketacheck.store import locking
from ketacheck.store.journal import Journal
from ketacheck.store.remind_state import (
    MAX_KEYS,
    STATE_NAME,
    RemindState,
    read_state,
    remind_lock,
    write_state,
)
from tests.conftest import run_env

NEW_YORK = ZoneInfo("America/New_York")
#: The infusion ends Sunday 22 Nov 2026 at noon in New York (17:00 UTC); check-in
#: reminders are at 10:00 and 20:00.
ENDED = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)
NOTE = "my very private note"
#: Every line a notification may hold: the kind of reminder, and no health details.
SAFE_LINE = re.compile(
    r"Time for your (check-in|PHQ-9 questionnaire|GAD-7 questionnaire)"
    r"|[A-Z][a-z ]+: \d+ (hours|days) have passed(; check with your care team first)?"
)
CHECKIN = [
    "checkin",
    "--dizziness",
    "7",
    "--nausea",
    "1",
    "--fluids",
    "2",
    "--mood",
    "2",
    "--self-harm",
    "no",
]


class Shown:
    """A notification back end that records what it was asked to show."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, text: str) -> bool:
        with self.lock:
            self.texts.append(text)
        return True


@pytest.fixture(autouse=True)
def shown(monkeypatch: pytest.MonkeyPatch, local_zone: str) -> Shown:
    """No test shows a real notification: the back ends are replaced by a recorder."""
    recorder = Shown()
    monkeypatch.setattr(notify, "default_backends", lambda: [recorder])
    return recorder


def run(*argv: str, at: datetime) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), clock=lambda: at, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def remind(at: datetime, *flags: str) -> tuple[int, str, str]:
    return run("remind", *flags, at=at)


def log_infusion(ended: datetime = ENDED, note: str = NOTE) -> None:
    started = ended - timedelta(minutes=45)
    local = started.astimezone(NEW_YORK).strftime("%Y-%m-%d %H:%M")
    code, _, err = run("infusion", "add", "--at", local, "--note", note, at=ended)
    assert code == 0, err


def journal(data_dir: Path) -> Journal:
    return Journal.open(data_dir, ENDED.date())


def test_nothing_due_prints_nothing_and_no_journal_creates_nothing(
    isolated_data_dir: Path, shown: Shown
) -> None:
    assert remind(ENDED) == (0, "", "")
    assert not isolated_data_dir.exists()

    log_infusion()
    assert remind(ENDED + timedelta(hours=2)) == (0, "", "")
    assert shown.texts == []


def test_restrictions_lifting_together_are_one_notification_and_never_repeat(
    shown: Shown, isolated_data_dir: Path
) -> None:
    log_infusion()
    assert remind(ENDED + timedelta(hours=23, minutes=50)) == (0, "", "")

    assert remind(ENDED + timedelta(hours=24, minutes=5)) == (0, "", "")
    assert len(shown.texts) == 1
    lines = shown.texts[0].split("\n")
    assert lines[0] == "Driving: 24 hours have passed"
    assert "Recreational drugs: 24 hours have passed; check with your care team first" in lines

    for minutes in (20, 35, 5, 50):  # later runs, and one at a time already run
        assert remind(ENDED + timedelta(hours=24, minutes=minutes)) == (0, "", "")
    assert len(shown.texts) == 1
    assert os.stat(isolated_data_dir / STATE_NAME).st_mode & 0o777 == 0o600


def test_a_scheduler_every_15_minutes_announces_each_reminder_once_across_dst(
    shown: Shown,
) -> None:
    """Four days from an infusion on Friday 30 October, over the end of summer time."""
    ended = datetime(2026, 10, 30, 14, 0, tzinfo=UTC)  # 10:00 in New York (EDT)
    log_infusion(ended)
    moments: list[tuple[datetime, str]] = []
    at = ended
    while at <= ended + timedelta(days=4):
        before = len(shown.texts)
        code, out, err = remind(at)
        assert (code, out, err) == (0, "", "")
        moments += [(at, text) for text in shown.texts[before:]]
        at += timedelta(minutes=15)

    contents = journal(Path(os.environ["KETACHECK_DATA_DIR"])).contents()
    expected = [
        r.at
        for r in schedule(contents, ended, ended + timedelta(days=4), None)
        if r.kind == "checkin"
    ]
    checkins = [when for when, text in moments if text == "Time for your check-in"]
    assert checkins == expected
    local_times = {when.astimezone(NEW_YORK).strftime("%H:%M") for when in checkins}
    assert local_times == {"10:00", "20:00"}  # also after 1 November, in EST
    assert any(when.astimezone(NEW_YORK).utcoffset() == timedelta(hours=-5) for when in checkins)
    assert len([t for _, t in moments if t.startswith("Driving: ")]) == 1
    assert len(moments) == len(set(moments))


def test_the_first_run_ever_announces_only_the_last_hour(shown: Shown) -> None:
    log_infusion()
    # Driving lifted 2 hours before, the 10:00 check-in 4 hours before: old news.
    assert remind(ENDED + timedelta(hours=26)) == (0, "", "")
    assert shown.texts == []
    # The next check-in reminder, at 20:00 that day, is news.
    assert remind(ENDED + timedelta(hours=32, minutes=1)) == (0, "", "")
    assert shown.texts == ["Time for your check-in"]


def test_a_check_in_already_done_silences_its_reminder(shown: Shown) -> None:
    log_infusion()
    reminder = ENDED + timedelta(hours=8)  # 20:00 on the infusion day
    remind(reminder - timedelta(minutes=30))
    assert run(*CHECKIN, "--note", NOTE, at=reminder - timedelta(hours=1))[0] == 0

    remind(reminder + timedelta(minutes=1))

    assert shown.texts == []


def test_check_ins_missed_while_the_computer_was_off_become_one(shown: Shown) -> None:
    log_infusion()
    remind(ENDED + timedelta(hours=21, minutes=30))  # 09:30 the next day
    # Off all day: 10:00 and 20:00 passed, both within the 12-hour catch-up.
    remind(ENDED + timedelta(hours=32, minutes=30))

    assert shown.texts.count("Time for your check-in") == 1
    assert len(shown.texts) == 4  # and PHQ-9, GAD-7 and the restrictions, once each


def test_a_clock_set_back_repeats_nothing(shown: Shown) -> None:
    log_infusion()
    remind(ENDED + timedelta(hours=23, minutes=55))
    remind(ENDED + timedelta(hours=24, minutes=1))
    assert len(shown.texts) == 1

    for minutes in (1438, 1445, 1441, 180, 1450):  # set back, forward, far back, forward
        assert remind(ENDED + timedelta(minutes=minutes)) == (0, "", "")
    assert len(shown.texts) == 1


def test_fasting_start_is_announced_and_a_passed_appointment_is_not(
    shown: Shown, isolated_data_dir: Path
) -> None:
    log_infusion()
    appointment = ENDED + timedelta(days=7)  # Sunday 29 Nov, noon in New York
    book = journal(isolated_data_dir)
    book.save_settings(replace(book.settings(), next_appointment=appointment, fasting_hours=6))
    said = appointment - timedelta(hours=15)  # fasting at 06:00 is said at 21:00 the day before

    remind(said - timedelta(minutes=10))
    remind(said + timedelta(minutes=5))

    assert shown.texts == [
        "Appointment at 12:00: your clinic may ask you to stop eating from 06:00"
    ]
    shown.texts.clear()
    # Long after the appointment, with no state: its ride and fasting are not news.
    (isolated_data_dir / STATE_NAME).unlink()
    remind(appointment + timedelta(minutes=30))
    assert shown.texts == []


def test_notifications_hold_only_titles_never_a_note_or_an_answer(shown: Shown) -> None:
    log_infusion(note=NOTE)
    run(*CHECKIN, "--note", NOTE, at=ENDED + timedelta(hours=1))
    at = ENDED
    while at <= ENDED + timedelta(days=12):
        remind(at)
        at += timedelta(hours=1)

    assert shown.texts  # check-ins, restrictions, questionnaires
    for text in shown.texts:
        for line in text.split("\n"):
            assert NOTE not in line and "dizz" not in line.lower() and "mood" not in line
            assert SAFE_LINE.fullmatch(line), line


HOSTILE_STATES: dict[str, bytes] = {
    "garbage": b"\x00\xff not json at all",
    "empty": b"",
    "a list": b"[1, 2, 3]",
    "wrong types": json.dumps({"version": 1, "last_run": 5, "announced": []}).encode(),
    "no zone": json.dumps(
        {"version": 1, "last_run": "2026-11-23T14:00:00", "announced": {}}
    ).encode(),
    "edge of time": json.dumps(
        {"version": 1, "last_run": "9999-12-31T23:59:59-14:00", "announced": {"k": "x"}}
    ).encode(),
    "far future": json.dumps(
        {"version": 1, "last_run": "2099-01-01T00:00:00+00:00", "announced": {}}
    ).encode(),
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "huge": b'{"version": 1, "announced": {' + b'"k": "v", ' * 200_000 + b'"z": "v"}}',
    "newer version": json.dumps(
        {"version": 99, "last_run": "2026-11-22T14:00:00+00:00", "announced": {}}
    ).encode(),
}


@pytest.mark.parametrize("name", HOSTILE_STATES)
def test_a_damaged_state_file_looks_back_one_hour_and_is_rewritten(
    name: str, shown: Shown, isolated_data_dir: Path
) -> None:
    log_infusion()
    state = isolated_data_dir / STATE_NAME
    state.write_bytes(HOSTILE_STATES[name])
    now = ENDED + timedelta(hours=24, minutes=30)  # driving lifted 30 minutes ago

    assert remind(now) == (0, "", "")

    assert len(shown.texts) == 1 and shown.texts[0].startswith("Driving: ")
    assert read_state(isolated_data_dir) is not None
    assert state.stat().st_size < 4096
    assert remind(now + timedelta(minutes=15)) == (0, "", "")
    assert len(shown.texts) == 1


def test_a_state_file_that_is_a_link_is_replaced_and_its_target_untouched(
    shown: Shown, isolated_data_dir: Path, tmp_path: Path
) -> None:
    log_infusion()
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    (isolated_data_dir / STATE_NAME).symlink_to(target)

    assert remind(ENDED + timedelta(hours=24, minutes=30)) == (0, "", "")

    assert target.read_text() == "keep me"
    assert not (isolated_data_dir / STATE_NAME).is_symlink()
    assert read_state(isolated_data_dir) is not None


def test_a_state_that_cannot_be_saved_announces_nothing_and_says_one_line(
    shown: Shown, isolated_data_dir: Path
) -> None:
    log_infusion()
    (isolated_data_dir / STATE_NAME).mkdir()  # a folder where the file goes

    code, out, err = remind(ENDED + timedelta(hours=24, minutes=30))

    assert (code, out) == (1, "")
    assert err.startswith("ketacheck: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert shown.texts == []  # never announced without being remembered: no repeats


def test_old_keys_are_pruned_and_the_file_stays_small(isolated_data_dir: Path) -> None:
    log_infusion()
    now = ENDED + timedelta(hours=2)
    old = {f"checkin/old/{n}": now - timedelta(days=31) for n in range(500)}
    new = {f"checkin/new/{n}": now - timedelta(minutes=n) for n in range(MAX_KEYS + 200)}
    write_state(isolated_data_dir, RemindState(now - timedelta(minutes=15), {**old, **new}))

    remind(now)

    state = read_state(isolated_data_dir)
    assert state is not None
    assert len(state.announced) == MAX_KEYS
    assert not any(key.startswith("checkin/old/") for key in state.announced)
    assert "checkin/new/0" in state.announced


def test_two_reminds_at_once_announce_each_reminder_once(
    monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    log_infusion()
    real_read = remind_handler.read_state

    def slow_read(data_dir: Path) -> RemindState | None:
        state = real_read(data_dir)
        time.sleep(0.3)  # both would read "nothing announced" without the lock
        return state

    monkeypatch.setattr(remind_handler, "read_state", slow_read)
    now = ENDED + timedelta(hours=24, minutes=5)
    results: list[tuple[int, str, str]] = []
    workers = [threading.Thread(target=lambda: results.append(remind(now))) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)

    assert results == [(0, "", "")] * 3
    assert len(shown.texts) == 1


def test_a_remind_stuck_behind_another_gives_up_with_one_line(
    monkeypatch: pytest.MonkeyPatch, isolated_data_dir: Path
) -> None:
    log_infusion()
    monkeypatch.setattr(locking, "LOCK_TIMEOUT", 0.3)
    other = remind_lock(isolated_data_dir)
    other.acquire()
    try:
        code, out, err = remind(ENDED + timedelta(hours=24, minutes=5))
    finally:
        other.release()

    assert (code, out) == (1, "")
    assert err.startswith("ketacheck: ") and err.count("\n") == 1


def test_a_journal_that_cannot_be_read_is_one_line_and_exit_1(
    shown: Shown, isolated_data_dir: Path
) -> None:
    log_infusion()
    (isolated_data_dir / "journal.json").write_bytes(b"{ broken")
    (isolated_data_dir / "summary.json").unlink(missing_ok=True)

    code, out, err = remind(ENDED + timedelta(hours=24, minutes=5))

    assert (code, out) == (1, "")
    assert err.startswith("ketacheck: the journal at ") and err.count("\n") == 1
    assert shown.texts == []


def test_print_shows_plain_text_one_line_each(shown: Shown) -> None:
    log_infusion()
    remind(ENDED + timedelta(hours=23, minutes=50))

    code, out, err = remind(ENDED + timedelta(hours=24, minutes=5), "--print")

    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Driving: 24 hours have passed"
    assert len(out.splitlines()) == 7
    assert shown.texts == []


def test_schedule_options_exclude_each_other() -> None:
    code, out, err = remind(ENDED, "--install", "--uninstall")
    assert code == 2 and out == "" and err.count("\n") == 1


# The back ends themselves.


def test_announce_falls_through_failing_back_ends_and_skips_them_afterwards() -> None:
    calls: list[str] = []

    def broken(text: str) -> bool:
        calls.append("broken")
        raise RuntimeError("no D-Bus")

    def refuses(text: str) -> bool:
        calls.append("refuses")
        return False

    printed: list[str] = []
    shown = notify.announce([("a",), ("b", "c")], [broken, refuses], printed.append)

    assert shown == ["text", "text"]
    assert printed == ["a", "b", "c"]
    assert calls == ["broken", "refuses"]  # not tried again for the second message

    works = Shown()
    assert notify.announce([("a", "b")], [refuses, works], printed.append) == ["backend"]
    assert works.texts == ["a\nb"]


@pytest.fixture
def silent_dbus(tmp_path: Path) -> Iterator[str]:
    """A D-Bus address whose server accepts and then never says a word: a hung bus."""
    path = tmp_path / "bus"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(5)
    yield f"unix:path={path}"
    server.close()


def test_desktop_notifier_on_a_hung_bus_gives_up_in_time_and_quietly(
    monkeypatch: pytest.MonkeyPatch, silent_dbus: str, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", silent_dbus)
    monkeypatch.setattr(notify, "NOTIFY_TIMEOUT", 0.5)
    started = time.monotonic()

    assert notify.desktop_notifier("Time for your check-in") is False

    assert time.monotonic() - started < 3
    assert capfd.readouterr() == ("", "")


def test_desktop_notifier_without_a_bus_fails_quietly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")

    assert notify.desktop_notifier("Time for your check-in") is False
    assert capfd.readouterr() == ("", "")


def fake_program(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    program = folder / name
    program.write_text(f"#!/bin/sh\n{body}\n")
    program.chmod(0o755)
    return program


def test_notify_send_gets_the_title_as_an_argument(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    log = tmp_path / "argv"
    fake_program(tmp_path / "bin", "notify-send", f'printf "%s\\n" "$@" > "{log}"')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))

    assert notify.notify_send("Driving: 24 hours have passed\n$(touch x)") is True
    assert log.read_text().splitlines() == [
        "--app-name=ketacheck",
        "--",
        "ketacheck",
        "Driving: 24 hours have passed",
        "$(touch x)",
    ]


@pytest.mark.parametrize("body", ["exit 1", "sleep 30"])
def test_notify_send_failing_or_hanging_counts_as_not_shown(
    body: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_program(tmp_path / "bin", "notify-send", body)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setattr(notify, "NOTIFY_TIMEOUT", 0.5)
    started = time.monotonic()

    assert notify.notify_send("Time for your check-in") is False
    assert time.monotonic() - started < 5


def test_the_real_back_ends_without_a_desktop_fall_back_to_text(
    isolated_data_dir: Path, tmp_path: Path
) -> None:
    """The real command, as a scheduler runs it on a machine with no D-Bus session.

    It runs on the real clock, so a check-in or questionnaire reminder may be due too,
    whatever time of day the suite runs: the driving line is one of the lines printed."""
    log_infusion(datetime.now(UTC) - timedelta(hours=24, minutes=10))
    env = run_env(
        isolated_data_dir,
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path / 'no-bus'}",
        PATH=str(fake_program(tmp_path / "bin", "true", "exit 0").parent),  # no notify-send
        TZ="America/New_York",
    )
    command = [sys.executable, "-m", "ketacheck", "remind"]

    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)

    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert "Driving: 24 hours have passed" in lines
    assert all(SAFE_LINE.fullmatch(line) for line in lines), lines
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
