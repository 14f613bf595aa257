"""The infusions screen, driven by keys: log, edit, delete, and the next appointment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, ProgressBar, Static

from ketacheck.store.errors import JournalWriteError
from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.confirm import ConfirmScreen
from ketacheck.tui.screens.infusions import AppointmentForm, InfusionForm, InfusionsScreen
from tests.tui_support import FakeClock, build_app, settle


def _text(app: KetacheckApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _table(app: KetacheckApp) -> DataTable[object]:
    return app.screen.query_one("#infusions-table", DataTable)


async def _replace_text(pilot: Pilot[None], text: str) -> None:
    """Empty the focused field and type ``text`` into it, as a patient would."""
    await pilot.press("end", "ctrl+u", *text)


async def _open(app: KetacheckApp, pilot: Pilot[None]) -> None:
    await pilot.press("i")
    await settle(app, pilot)
    assert isinstance(app.screen, InfusionsScreen)


async def test_lists_the_course_with_its_progress(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(app, pilot)
        assert "4 of 6 infusions" in _text(app, "#infusions-progress-text")
        bar = app.screen.query_one("#infusions-progress", ProgressBar)
        assert (bar.progress, bar.total) == (4, 6)
        table = _table(app)
        assert table.row_count == 4
        assert [str(table.get_row_at(n)[0]) for n in range(4)] == ["1", "2", "3", "4"]
        assert str(table.get_row_at(0)[3]).startswith("First session.")
        assert table.cursor_row == 3
        assert "Next appointment" in _text(app, "#infusions-appointment")
        await pilot.press("escape")
        assert not isinstance(app.screen, InfusionsScreen)


async def test_log_an_infusion_by_keys_stores_utc(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, InfusionForm)
        assert app.screen.query_one("#infusion-when", Input).value == "now"
        assert app.screen.query_one("#infusion-minutes", Input).value == "45"
        await _replace_text(pilot, "today 09:30")
        await pilot.press("tab", "tab", *"Felt calm", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionsScreen)
        assert _table(app).row_count == 5
        assert "5 of 6 infusions" in _text(app, "#infusions-progress-text")
    infusions = app.journal.infusions()
    assert len(infusions) == 5
    new = infusions[-1]
    # 09:30 in New York on 23 November (EST, UTC-5) is 14:30 UTC.
    assert new.started_at == datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
    assert new.ended_at == new.started_at + timedelta(minutes=45)
    assert new.note == "Felt calm"


async def test_now_is_the_default_time(tmp_path: Path) -> None:
    clock = FakeClock()
    app = build_app(tmp_path / "data", clock, demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(app, pilot)
        await pilot.press("a", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionsScreen)
    assert app.journal.infusions()[-1].started_at == clock.now


async def test_a_bad_time_is_explained_in_the_form_and_nothing_is_saved(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await _replace_text(pilot, "teatime")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionForm)
        assert "not a time I understand" in _text(app, "#infusion-form-problem")

        await _replace_text(pilot, "today 23:00")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "in the future" in _text(app, "#infusion-form-problem")

        await _replace_text(pilot, "yesterday 14:00")
        await pilot.press("tab")
        await _replace_text(pilot, "0")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionForm)
        assert "Minutes" in _text(app, "#infusion-form-problem")

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InfusionsScreen)
    assert len(app.journal.infusions()) == 4


async def test_edit_the_selected_infusion(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    before = app.journal.infusions()
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(app, pilot)
        await pilot.press("up", "e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InfusionForm)
        third = before[2]
        assert form.editing == third
        assert form.query_one("#infusion-when", Input).value == "2026-11-21 10:00"
        await pilot.press("tab")
        await _replace_text(pilot, "90")
        await pilot.press("tab")
        await _replace_text(pilot, "Half dose")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionsScreen)
        assert str(_table(app).get_row_at(2)[3]) == "Half dose"
        assert _table(app).cursor_row == 2
    after = app.journal.infusions()
    assert len(after) == 4
    changed = after[2]
    assert changed.id == third.id
    assert changed.started_at == third.started_at
    assert changed.ended_at == third.started_at + timedelta(minutes=90)
    assert changed.note == "Half dose"


async def test_enter_on_a_row_opens_it_for_editing(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InfusionForm)
        assert app.screen.editing == app.journal.infusions()[-1]


async def test_delete_asks_first_and_can_be_undone(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    latest = app.journal.infusions()[-1]
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "infusion 4" in _text(app, "#confirm-question")
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionsScreen)
        assert len(app.journal.infusions()) == 4

        await pilot.press("d", "y")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionsScreen)
        assert _table(app).row_count == 3
        assert latest.id not in {inf.id for inf in app.journal.infusions()}
        third = app.journal.infusions()[-1]
        assert all(c.infusion_id != latest.id for c in app.journal.checkins())
        assert any(
            c.infusion_id == third.id and c.at > latest.started_at for c in app.journal.checkins()
        )

        await pilot.press("u")
        await settle(app, pilot)
        assert _table(app).row_count == 4
    assert app.journal.infusions()[-1] == latest


async def test_set_and_clear_the_next_appointment(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, AppointmentForm)
        await _replace_text(pilot, "2026-11-26 13:00")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionsScreen)
        # 13:00 in New York is 18:00 UTC; six hours of fasting before it.
        assert app.journal.settings().next_appointment == datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
        shown = _text(app, "#infusions-appointment")
        assert "Thu 13:00" in shown
        assert "Your clinic may ask you to stop eating from Thu 07:00" in shown

        await pilot.press("p")
        await pilot.pause()
        await _replace_text(pilot, "yesterday 09:00")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AppointmentForm)
        assert "already passed" in _text(app, "#appointment-problem")

        await _replace_text(pilot, "")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionsScreen)
        assert "No next appointment" in _text(app, "#infusions-appointment")
    settings = app.journal.settings()
    assert settings.next_appointment is None
    assert settings.care_team_phone == "555-0142"


async def test_buttons_work_with_the_mouse(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(app, pilot)
        await pilot.click("#infusions-log-button")
        await pilot.pause()
        assert isinstance(app.screen, InfusionForm)
        await pilot.click("#infusion-form-cancel")
        await pilot.pause()
        await pilot.click("#infusions-appointment-button")
        await pilot.pause()
        assert isinstance(app.screen, AppointmentForm)


async def test_an_empty_journal_invites_the_first_infusion(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.pop_screen()
        app.action_open("infusions")
        await settle(app, pilot)
        assert "0 of 6 infusions" in _text(app, "#infusions-progress-text")
        assert "No infusions logged yet" in _text(app, "#infusions-empty")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, InfusionsScreen)


async def test_the_delete_button_asks_first(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(app, pilot)
        await pilot.click("#infusions-delete-button")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert _table(app).row_count == 3
    assert len(app.journal.infusions()) == 3


async def test_a_failed_save_keeps_the_form_open_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise JournalWriteError(app.journal.path, "disk full")

    async with app.run_test(size=(100, 32)) as pilot:
        await _open(app, pilot)
        monkeypatch.setattr(app.journal, "add_infusion", refuse)
        await pilot.press("a", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionForm)
        assert "Not saved: couldn't save to" in _text(app, "#infusion-form-problem")
        assert "disk full" in _text(app, "#infusion-form-problem")
        monkeypatch.undo()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InfusionsScreen)
    assert len(app.journal.infusions()) == 5
