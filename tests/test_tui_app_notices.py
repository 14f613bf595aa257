"""The open app announces what falls due: once, in the app and to the terminal, each
switchable in Settings, and never with a note or an answer in it."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from msgspec.structs import replace

from ketacheck.core.records import Infusion
from ketacheck.store.journal import Journal
from ketacheck.tui.app import KetacheckApp
from tests.tui_support import NOW, ZONE, FakeClock, build_app

NOTE = "the private note of this infusion"


def _journal(data_dir: Path, **settings: object) -> None:
    journal = Journal.open(data_dir, NOW.date())
    # Ended 23 h 50 m before NOW: the 24-hour waits end 10 minutes after it.
    journal.add_infusion(Infusion.create(NOW - timedelta(hours=24, minutes=35), 45, NOTE))
    journal.save_settings(replace(journal.settings(), onboarded=True, **settings))


class Recorder:
    """What the app showed and what it sent to the terminal."""

    def __init__(self, app: KetacheckApp) -> None:
        self.shown: list[str] = []
        self.sent: list[str] = []
        app.notify = lambda message, **kw: self.shown.append(message)  # type: ignore[method-assign]
        app.write_to_terminal = self.sent.append  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal that shows no notifications, outside tmux, unless a test says otherwise."""
    for name in ("TERM_PROGRAM", "TMUX", "STY", "TERMINAL_EMULATOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


async def test_a_check_in_reminder_is_said_once_in_the_app_and_to_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM_PROGRAM", "iTerm.app")
    _journal(tmp_path / "data")
    eight = datetime(2026, 11, 23, 20, 0, tzinfo=ZONE)  # Monday 20:00, a reminder time
    clock = FakeClock(eight - timedelta(minutes=1))
    app = build_app(tmp_path / "data", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = Recorder(app)
        await pilot.pause(0.2)
        assert seen.shown == [] and seen.sent == []
        clock.advance(minutes=2)
        await pilot.pause(0.3)
        assert seen.shown == ["Time for your check-in: press c when you are ready"]
        assert seen.sent == ["\x1b]9;Time for your check-in\x07"]
        clock.advance(minutes=5)
        await pilot.pause(0.3)
        assert len(seen.shown) == 1 and len(seen.sent) == 1  # never twice
    assert all(NOTE not in text for text in seen.shown + seen.sent)


async def test_the_lifts_of_a_wait_make_one_line_and_a_bell_in_a_plain_terminal(
    tmp_path: Path,
) -> None:
    _journal(tmp_path / "data")
    clock = FakeClock()  # 10 minutes before the 24-hour restrictions end
    app = build_app(tmp_path / "data", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = Recorder(app)
        await pilot.pause(0.2)
        clock.advance(minutes=11)
        await pilot.pause(0.3)
        assert seen.shown == ["6 lifted; Recreational drugs: ask your care team first"]
        assert seen.sent == ["\a"]  # a terminal without notifications gets the bell


async def test_notices_can_be_switched_off_each_on_its_own(tmp_path: Path) -> None:
    _journal(tmp_path / "data", notify_app=False)
    clock = FakeClock()
    app = build_app(tmp_path / "data", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = Recorder(app)
        await pilot.pause(0.2)
        clock.advance(minutes=11)
        await pilot.pause(0.3)
        assert seen.shown == [] and len(seen.sent) == 1
    _journal(tmp_path / "other", notify_terminal=False)
    clock = FakeClock()
    app = build_app(tmp_path / "other", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = Recorder(app)
        await pilot.pause(0.2)
        clock.advance(minutes=11)
        await pilot.pause(0.3)
        assert len(seen.shown) == 1 and seen.sent == []


async def test_what_was_due_before_the_app_opened_is_not_announced(tmp_path: Path) -> None:
    _journal(tmp_path / "data")
    clock = FakeClock(NOW + timedelta(hours=2))  # every 24-hour wait ended 1 h 50 m ago
    app = build_app(tmp_path / "data", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = Recorder(app)
        await pilot.pause(0.3)
        clock.advance(seconds=5)
        await pilot.pause(0.3)
        assert seen.shown == [] and seen.sent == []
