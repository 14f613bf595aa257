"""Typing times as people do into the infusion and appointment dialogs; what is stored (UTC).

The demo journal at Monday 23 November 2026, 10:00 in New York (EST, UTC-5).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from msgspec.structs import replace
from textual.pilot import Pilot
from textual.widgets import Input, Static

from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.infusions import AppointmentForm, InfusionForm, InfusionsScreen
from tests.tui_support import FakeClock, build_app, settle


def _text(app: KetacheckApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _type(pilot: Pilot[None], text: str) -> None:
    """Empty the focused field and type ``text`` into it, as a patient would."""
    await pilot.press("end", "ctrl+u", *text)


async def _log_form(app: KetacheckApp, pilot: Pilot[None]) -> None:
    await pilot.press("i")
    await settle(app, pilot)
    assert isinstance(app.screen, InfusionsScreen)
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, InfusionForm)


async def _log_at(tmp_path: Path, typed: str) -> datetime:
    """Log an infusion whose start is typed as ``typed``; the stored start."""
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    before = {infusion.id for infusion in app.journal.infusions()}
    async with app.run_test(size=(80, 24)) as pilot:
        await _log_form(app, pilot)
        await _type(pilot, typed)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionsScreen), _text(app, "#infusion-form-problem")
    [new] = [infusion for infusion in app.journal.infusions() if infusion.id not in before]
    return new.started_at


async def test_one_hour_ago_is_stored_as_utc(tmp_path: Path) -> None:
    assert await _log_at(tmp_path, "1 hour ago") == datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


async def test_nine_am_is_this_morning_in_new_york(tmp_path: Path) -> None:
    assert await _log_at(tmp_path, "9am") == datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


async def test_yesterday_2pm_is_stored_as_utc(tmp_path: Path) -> None:
    assert await _log_at(tmp_path, "yesterday 2pm") == datetime(2026, 11, 22, 19, 0, tzinfo=UTC)


async def test_2pm_later_today_suggests_yesterday_and_saves_nothing(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    before = app.journal.infusions()
    async with app.run_test(size=(80, 24)) as pilot:
        await _log_form(app, pilot)
        await _type(pilot, "2pm")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionForm)
        assert _text(app, "#infusion-form-problem") == (
            "Start: '2pm' is later today; if you mean yesterday, type \"yesterday 2pm\"."
        )
    assert app.journal.infusions() == before


async def test_the_start_hint_offers_what_people_type(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _log_form(app, pilot)
        hint = _text(app, ".record-dialog-hint")
        assert hint == 'e.g. "2pm", "yesterday 9:30", "1 hour ago" or "2026-11-22 09:30"'


async def _appointment_form(app: KetacheckApp, pilot: Pilot[None]) -> None:
    await pilot.press("i")
    await settle(app, pilot)
    await pilot.press("p")
    await pilot.pause()
    assert isinstance(app.screen, AppointmentForm)


async def test_the_appointment_hint_is_ahead_of_the_clock(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2027, 3, 1, 15, 0, tzinfo=UTC))
    app = build_app(tmp_path / "data", clock, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _appointment_form(app, pilot)
        hint = _text(app, ".record-dialog-hint")
        assert '"tomorrow 2pm"' in hint
        assert '"2027-03-08 14:00"' in hint
        assert app.screen.query_one("#appointment-when", Input).placeholder == "e.g. tomorrow 2pm"
        await _type(pilot, "2027-03-08 14:00")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionsScreen)
    # 14:00 in New York on 8 March 2027 (EST, before the change on the 14th) is 19:00 UTC.
    assert app.journal.settings().next_appointment == datetime(2027, 3, 8, 19, 0, tzinfo=UTC)


async def test_tomorrow_2pm_sets_the_appointment(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _appointment_form(app, pilot)
        await _type(pilot, "tomorrow 2pm")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionsScreen)
        assert "Next appointment tomorrow 14:00" in _text(app, "#infusions-appointment")
    assert app.journal.settings().next_appointment == datetime(2026, 11, 24, 19, 0, tzinfo=UTC)


async def test_an_appointment_time_already_past_today_suggests_tomorrow(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    before = app.journal.settings().next_appointment
    async with app.run_test(size=(80, 24)) as pilot:
        await _appointment_form(app, pilot)
        await _type(pilot, "9am")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AppointmentForm)
        assert _text(app, "#appointment-problem") == (
            "That time has already passed; the next appointment is ahead. "
            'If you mean tomorrow, type "tomorrow 9am".'
        )
        await _type(pilot, "in 3 days")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionsScreen)
    # "in 3 days" keeps the time of day of the appointment it moves (09:00 in New York),
    # not the minute it was typed.
    assert before is not None
    assert app.journal.settings().next_appointment == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)


async def test_in_3_days_without_an_appointment_asks_for_the_time(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    app.journal.save_settings(replace(app.journal.settings(), next_appointment=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await _appointment_form(app, pilot)
        await _type(pilot, "in 3 days")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AppointmentForm)
        assert _text(app, "#appointment-problem") == (
            '"in 3 days" at what time? Add the time, such as "in 3 days 2pm".'
        )
        await _type(pilot, "in 3 days 9:30 am")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionsScreen)
    # 09:30 in New York on Thursday 26 November 2026 (EST) is 14:30 UTC.
    assert app.journal.settings().next_appointment == datetime(2026, 11, 26, 14, 30, tzinfo=UTC)
