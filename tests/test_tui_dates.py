"""Dates as the patient sees them in the lists and questions, and times as people type them.

Driven by keys on the demo journal: Monday 23 November 2026, 10:00 in New York.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from msgspec.structs import replace
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from ketacheck.core.clock import to_iso
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.store.journal import Journal
from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.confirm import ConfirmScreen
from ketacheck.tui.screens.history import HistoryScreen
from ketacheck.tui.screens.infusions import AppointmentForm, InfusionForm, InfusionsScreen
from tests.tui_support import NOW, ZONE, FakeClock, build_app

#: The demo's check-in times in the History table, newest first, at 10:00 on Monday.
DEMO_CHECKIN_ROWS = [
    "Today 08:33",
    "Today 05:03",
    "Yesterday 16:45",
    "Yesterday 06:45",
    "Sat 15:45",
    "Sat 12:15",
    "Thu 16:45",
    "Wed 16:45",
    "Wed 06:45",
    "Tue 15:45",
    "Tue 12:15",
    "Mon 16 Nov 16:45",
    "Sun 15 Nov 16:45",
    "Sun 15 Nov 06:45",
    "Sat 14 Nov 15:45",
    "Sat 14 Nov 12:15",
    "Fri 13 Nov 10:00",
    "Thu 12 Nov 10:00",
    "Wed 11 Nov 10:00",
]


def _text(app: KetacheckApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _column(app: KetacheckApp, table_id: str, column: int) -> list[str]:
    table = app.screen.query_one(table_id, DataTable)
    return [str(table.get_row_at(n)[column]) for n in range(table.row_count)]


async def _settle(app: KetacheckApp, pilot: Pilot[None]) -> None:
    """Let every worker finish, except one waiting for a dialog that is still open."""
    await pilot.pause()
    waiting = isinstance(app.screen, (InfusionForm, AppointmentForm, ConfirmScreen))
    busy = [w for w in app.workers if not (waiting and w.group.endswith(("-form", "-record")))]
    if busy:  # an empty list would mean "every worker" to Textual
        await app.workers.wait_for_complete(busy)
    await pilot.pause()


async def _type(pilot: Pilot[None], text: str) -> None:
    """Empty the focused field and type ``text`` into it, as a patient would."""
    await pilot.press("end", "ctrl+u", *text)


def _twelve_hour_clock(app: KetacheckApp) -> None:
    app.journal.save_settings(replace(app.journal.settings(), clock_24h=False))


def _checkin_at(app: KetacheckApp, moment: datetime, checkin_id: str, mood: int) -> CheckIn:
    template = app.journal.checkins()[-1].to_dict()
    return CheckIn.from_dict({**template, "id": checkin_id, "at": to_iso(moment), "mood": mood})


async def test_history_rows_follow_one_rule(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
        await _settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert _column(app, "#history-table", 0) == DEMO_CHECKIN_ROWS


async def test_history_rows_with_the_twelve_hour_clock(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    _twelve_hour_clock(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
        await _settle(app, pilot)
        rows = _column(app, "#history-table", 0)
        assert rows[:3] == ["Today 8:33 AM", "Today 5:03 AM", "Yesterday 4:45 PM"]
        assert rows[-1] == "Wed 11 Nov 10:00 AM"


async def test_history_rows_move_on_at_local_midnight(tmp_path: Path) -> None:
    clock = FakeClock()
    app = build_app(tmp_path / "data", clock, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(hours=13, minutes=59)  # Monday 23:59
        await pilot.press("y")
        await _settle(app, pilot)
        assert _column(app, "#history-table", 0)[:3] == DEMO_CHECKIN_ROWS[:3]
        await pilot.press("escape")
        clock.advance(minutes=2)  # Tuesday 00:01: this morning is now yesterday
        await pilot.press("y")
        await _settle(app, pilot)
        assert _column(app, "#history-table", 0)[:5] == [
            "Yesterday 08:33",
            "Yesterday 05:03",
            "Sun 16:45",
            "Sun 06:45",
            "Sat 15:45",
        ]
        assert _column(app, "#history-table", 0)[9:12] == [
            "Tue 17 Nov 15:45",
            "Tue 17 Nov 12:15",
            "Mon 16 Nov 16:45",
        ]


async def test_deleting_one_of_two_check_ins_of_a_minute_names_which(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    nine = NOW - timedelta(hours=1)
    first = _checkin_at(app, nine + timedelta(seconds=10), "same-minute-first", 4)
    second = _checkin_at(app, nine + timedelta(seconds=40), "same-minute-second", 8)
    app.journal.import_records([], [first, second])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
        await _settle(app, pilot)
        assert _column(app, "#history-table", 0)[:2] == ["Today 09:00", "Today 09:00"]
        await pilot.press("down", "d")
        await _settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = _text(app, "#confirm-question")
        assert (
            "Delete your check-in of Mon 23 Nov 2026 at 09:00 (the first of two at that time)?"
            in question
        )
        assert "mood 4." in question
        await pilot.press("n")
        await _settle(app, pilot)
        await pilot.press("up", "d")
        await _settle(app, pilot)
        question = _text(app, "#confirm-question")
        assert "at 09:00 (the second of two at that time)?" in question
        assert "mood 8." in question
        await pilot.press("y")
        await _settle(app, pilot)
    kept = {c.id for c in app.journal.checkins()}
    assert first.id in kept
    assert second.id not in kept


async def test_a_lone_check_in_is_named_by_its_full_date(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
        await _settle(app, pilot)
        await pilot.press("down", "down", "d")
        await _settle(app, pilot)
        question = _text(app, "#confirm-question")
        assert question.startswith("Delete your check-in of Sun 22 Nov 2026 at 16:45?")
        assert "of two" not in question


async def test_two_check_ins_of_the_repeated_hour_are_told_apart(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 2, 15, 0, tzinfo=UTC))  # Monday 10:00 EST
    app = build_app(tmp_path / "data", clock, demo=True)
    daylight = _checkin_at(app, datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "fold-daylight", 3)
    standard = _checkin_at(app, datetime(2026, 11, 1, 6, 30, tzinfo=UTC), "fold-standard", 9)
    app.journal.import_records([], [daylight, standard])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
        await _settle(app, pilot)
        table = app.screen.query_one("#history-table", DataTable)
        keys = [table.coordinate_to_cell_key((n, 0)).row_key.value for n in range(table.row_count)]
        row = keys.index(standard.id)
        assert _column(app, "#history-table", 0)[row : row + 2] == [
            "Yesterday 01:30",
            "Yesterday 01:30",
        ]
        table.move_cursor(row=row)
        await pilot.press("d")
        await _settle(app, pilot)
        question = _text(app, "#confirm-question")
        assert "Sun 1 Nov 2026 at 01:30 (the second of two at that time)?" in question
        assert "mood 9." in question


async def _open_infusions(app: KetacheckApp, pilot: Pilot[None]) -> None:
    await pilot.press("i")
    await _settle(app, pilot)
    assert isinstance(app.screen, InfusionsScreen)


async def test_infusion_rows_follow_one_rule(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_infusions(app, pilot)
        assert _column(app, "#infusions-table", 1) == [
            "Sat 14 Nov 10:00",
            "Tue 10:00",
            "Sat 10:00",
            "Today 02:48",
        ]
        assert "Next appointment [b]" not in _text(app, "#infusions-appointment")
        assert "Next appointment Wed 09:00" in _text(app, "#infusions-appointment")


async def test_infusion_rows_with_the_twelve_hour_clock(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    _twelve_hour_clock(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_infusions(app, pilot)
        assert _column(app, "#infusions-table", 1)[-1] == "Today 2:48 AM"


async def test_deleting_the_first_infusion_says_its_check_ins_belong_to_none(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    first, second = app.journal.infusions()[:2]
    between = [c.id for c in app.journal.checkins() if first.started_at <= c.at < second.started_at]
    assert between
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_infusions(app, pilot)
        await pilot.press("up", "up", "up", "d")
        await _settle(app, pilot)
        question = _text(app, "#confirm-question")
        assert question.startswith("Delete infusion 1, started Sat 14 Nov 2026 at 10:00?")
        assert (
            "Those made after it, before infusion 2, will no longer belong to any infusion."
            in question
        )
        assert "before it" not in question.replace("before infusion 2", "")
        await pilot.press("y")
        await _settle(app, pilot)
    moved = [c for c in app.journal.checkins() if c.id in between]
    assert moved and all(c.infusion_id is None for c in moved)


async def test_deleting_a_later_infusion_names_the_one_before_it(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_infusions(app, pilot)
        await pilot.press("d")
        await _settle(app, pilot)
        question = _text(app, "#confirm-question")
        assert question.startswith("Delete infusion 4, started Mon 23 Nov 2026 at 02:48?")
        assert "those made after it will count under infusion 3." in question


async def test_an_infusion_that_ends_after_midnight_names_the_day_it_ended(
    tmp_path: Path,
) -> None:
    journal = Journal.open(tmp_path / "data", NOW.date())
    late = datetime(2026, 11, 21, 23, 40, tzinfo=ZONE).astimezone(UTC)  # Saturday night
    journal.add_infusion(Infusion.create(late, 45))  # ends Sunday 00:25
    journal.add_infusion(Infusion.create(late + timedelta(days=1, hours=-12), 45))  # Sun noon
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_infusions(app, pilot)
        assert _column(app, "#infusions-table", 2) == ["Yesterday 00:25 · 45 min", "12:25 · 45 min"]
