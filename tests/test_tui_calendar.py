"""Add to calendar from the app: it asks where, writes a file a calendar reads, and says
where it went; the same reminders as `ketacheck calendar`."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from textual.widgets import Static

from ketacheck.exchange.calendar import calendar_reminders
from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.calendar import CALENDAR_DAYS, CalendarScreen
from ketacheck.tui.screens.confirm import ConfirmScreen
from tests.tui_support import NOW, ZONE, FakeClock, build_app, settle


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="kc-home-"))
    monkeypatch.setenv("HOME", str(folder))
    yield folder
    shutil.rmtree(folder)


def _message(app: KetacheckApp) -> str:
    return str(app.screen.query_one("#calendar-message", Static).render())


async def test_m_saves_the_reminders_and_says_where(tmp_path: Path, home: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        target = home / "ketacheck-reminders-2026-11-23.ics"
        assert not target.exists()  # nothing before the patient says so
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Saved" in _message(app) and "reminders for the next 14 days" in _message(app)
        assert str(target) in _message(app).splitlines()
    calendar = Calendar.from_ical(target.read_bytes())
    events = calendar.walk("VEVENT")
    expected = calendar_reminders(app.journal.contents(), NOW, ZONE, CALENDAR_DAYS)
    assert len(events) == len(expected) > 0
    assert {e.decoded("DTSTART") for e in events} == {r.at for r in expected}
    assert str(calendar["X-WR-TIMEZONE"]) == "America/New_York"


async def test_a_calendar_file_already_there_is_replaced_only_after_a_yes(
    tmp_path: Path, home: Path
) -> None:
    target = home / "mine.ics"
    target.write_text("my own calendar")
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        box = app.screen.query_one("#calendar-path")
        box.value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no
        await settle(app, pilot)
        assert target.read_text() == "my own calendar"


async def test_the_calendar_is_in_the_palette_and_help(tmp_path: Path) -> None:
    from ketacheck.tui.actions import APP_ACTIONS

    [action] = [a for a in APP_ACTIONS if a.id == "calendar"]
    assert action.title == "Add to calendar" and action.palette
    clock = FakeClock(NOW + timedelta(minutes=1))
    app = build_app(tmp_path / "data", clock, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = " ".join(str(w.render()) for w in app.screen.query(Static))
        cells = " ".join(
            str(cell) for table in app.screen.query("DataTable") for cell in _cells(table)
        )
        assert "Add to calendar" in text + cells


def _cells(table: object) -> list[object]:
    rows = table.row_count  # type: ignore[attr-defined]
    return [c for r in range(rows) for c in table.get_row_at(r)]  # type: ignore[attr-defined]
