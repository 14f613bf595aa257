"""Home: countdowns on a clock the test moves, alerts, first run, and changes from disk."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import Input, Static

from ketacheck.core.records import Infusion
from ketacheck.store.errors import JournalWriteError
from ketacheck.store.journal import Journal
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.welcome import WelcomeScreen
from ketacheck.usecases.checkins import record_checkin
from tests.conftest import run_env
from tests.tui_support import (
    NOW,
    ZONE,
    FakeClock,
    build_app,
    countdown_lines,
    countdown_table,
)

#: Answers to a check-in that raise nothing.
CALM = {"dizziness": 1, "nausea": 0, "fluids_glasses": 3, "mood": 7, "self_harm_thoughts": False}


def _row(app, restriction_id: str) -> str:  # type: ignore[no-untyped-def]
    return countdown_lines(app)[restriction_id]


def _with_infusion(data_dir: Path, ended_hours_ago: float, now: datetime = NOW) -> Journal:
    journal = Journal.open(data_dir, now.date())
    start = now - timedelta(hours=ended_hours_ago, minutes=45)
    journal.add_infusion(Infusion.create(start))
    return journal


async def test_a_lifted_row_is_drawn_in_the_themes_success_colour(tmp_path: Path) -> None:
    """The table draws each row as a line; a lifted one (and only that) takes the success
    colour, as the whole row widget did before, and its name in bold."""
    data_dir = tmp_path / "data"
    _with_infusion(data_dir, ended_hours_ago=30)  # driving has lifted, alcohol has not
    app = build_app(data_dir, FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        table = countdown_table(app)
        assert table.rows["driving"].lifted and not table.rows["alcohol"].lifted
        success = Color.parse(app.theme_variables["success"]).rich_color
        drawn = dict(zip(table.rows, (table.render_line(y) for y in range(1, 10)), strict=True))

        def colours(restriction_id: str) -> set[object]:
            return {s.style.color for s in drawn[restriction_id] if s.text.strip() and s.style}

        assert colours("driving") == {success}
        assert success not in colours("alcohol")
        first = {r: next(iter(drawn[r])).style for r in ("driving", "alcohol")}
        assert first["driving"] is not None and first["driving"].bold
        assert first["alcohol"] is not None and not first["alcohol"].bold


async def test_countdown_ticks_and_lift_is_announced(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _with_infusion(data_dir, ended_hours_ago=23.5)
    clock = FakeClock()
    app = build_app(data_dir, clock)
    notes: list[str] = []
    async with app.run_test(size=(100, 32)) as pilot:
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.pause(0.2)
        assert isinstance(app.screen, HomeScreen)
        # Ended 10:30 New York time on Sunday; driving lifts 24 h later.
        assert "30 m · lifts today 10:30" in _row(app, "driving")
        assert "1 d" in _row(app, "alcohol")
        clock.advance(minutes=20)
        await pilot.pause(0.2)
        assert "10 m · lifts today 10:30" in _row(app, "driving")
        clock.advance(minutes=11)
        await pilot.pause(0.2)
        assert "✓ lifted today 10:30" in _row(app, "driving")
        assert countdown_table(app).rows["driving"].lifted
        assert "1 d" not in _row(app, "alcohol")
    assert "6 lifted; Recreational drugs: ask your care team first" in notes


async def test_home_says_today_and_tomorrow_mid_sentence_and_turns_them_at_midnight(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    clock = FakeClock(datetime(2026, 11, 24, 4, 50, tzinfo=UTC))  # Monday 23:50 in New York
    _with_infusion(data_dir, ended_hours_ago=23 + 20 / 60, now=clock.now)  # ended Mon 00:30
    app = build_app(data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        course = app.screen.query_one("#course", Static)
        assert "40 m · lifts tomorrow 00:30" in _row(app, "driving")
        assert "ago (today 00:30)" in str(course.render())
        clock.advance(minutes=20)  # Tuesday 00:10: the same moments, a day further back
        await pilot.pause(0.2)
        assert "20 m · lifts today 00:30" in _row(app, "driving")
        assert "ago (yesterday 00:30)" in str(course.render())
        assert "Mon" not in str(course.render()) + _row(app, "driving")


async def test_home_shows_course_alerts_and_appointment(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        course = str(app.screen.query_one("#course", Static).render())
        assert "Infusion 4 of 6" in course
        assert "integration day 1 of 10" in course
        alerts = str(app.screen.query_one("#alerts", Static).render())
        assert "Your nausea is at 7 of 10" in alerts
        assert "Call now: Your nausea is at 7 of 10" in alerts  # compact: the rest is behind a
        assert "555-0142" in alerts
        appointment = str(app.screen.query_one("#appointment", Static).render())
        assert "Next infusion Wed 09:00" in appointment
        assert "stop eating from Wed 03:00" in appointment
        assert "arrange a ride" in appointment
        today = str(app.screen.query_one("#today", Static).render())
        assert "Today: 2 check-ins" in today


async def test_first_run_welcome_saves_settings_and_infusion(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#welcome-infusion", Input).value = "today 08:00"
        app.screen.query_one("#welcome-planned", Input).value = "8"
        app.screen.query_one("#welcome-team", Input).value = "Dr Rivera"
        app.screen.query_one("#welcome-phone", Input).value = "555-0100"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Infusion 1 of 8" in str(app.screen.query_one("#course", Static).render())
    settings = app.journal.settings()
    assert settings.onboarded and settings.care_team_phone == "555-0100"
    (infusion,) = app.journal.infusions()
    assert infusion.started_at == NOW.replace(hour=13)


async def test_welcome_rejects_a_bad_time_and_saves_nothing(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.screen.query_one("#welcome-infusion", Input).value = "next tuesday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "not a time I understand" in str(
            app.screen.query_one("#welcome-problem", Static).render()
        )
    assert app.journal.infusions() == []
    assert not app.journal.settings().onboarded


async def test_journal_with_an_infusion_opens_on_home(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _with_infusion(data_dir, ended_hours_ago=2)
    app = build_app(data_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_save_between_opening_the_journal_and_the_first_frame_is_shown_at_once(
    tmp_path: Path,
) -> None:
    """The app is made from the journal as it was opened; a check-in saved from elsewhere
    before Home is drawn is on Home from the start, not only at the next look at the disk."""
    data_dir = tmp_path / "data"
    _with_infusion(data_dir, ended_hours_ago=2)
    app = build_app(data_dir)
    app.poll_seconds = 3600  # no look at the disk but the one at start
    other = Journal.open(data_dir, NOW.date())
    at = NOW - timedelta(minutes=5)
    record_checkin(other, {**CALM, "mood": 4}, at, at)
    other.close()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        today = str(app.screen.query_one("#today", Static).render())
        assert "Today: 1 check-in" in today
        assert "(mood 4)" in today


async def test_a_save_landing_as_the_app_reads_the_journal_is_shown_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check-in saved from elsewhere just after the app read its overview (and before
    the app was made) is on Home at once: the app compares the disk with what it was
    when the overview was read, not when the app was made."""
    data_dir = tmp_path / "data"
    _with_infusion(data_dir, ended_hours_ago=2).close()
    read = Journal.overview

    def read_then_another_saves(self: Journal, now: datetime | None = None):  # type: ignore[no-untyped-def]
        overview = read(self, now)
        monkeypatch.setattr(Journal, "overview", read)
        other = Journal.open(data_dir, NOW.date())
        at = NOW - timedelta(minutes=5)
        record_checkin(other, {**CALM, "mood": 3}, at, at)
        other.close()
        return overview

    monkeypatch.setattr(Journal, "overview", read_then_another_saves)
    app = build_app(data_dir)
    app.poll_seconds = 3600  # no look at the disk but the one at start
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert "(mood 3)" in str(app.screen.query_one("#today", Static).render())


async def test_a_cli_checkin_in_another_terminal_shows_up(tmp_path: Path) -> None:
    # The other terminal uses the real clock, so this app does too.
    real_now = datetime.now(UTC).replace(microsecond=0)
    data_dir = tmp_path / "data"
    _with_infusion(data_dir, ended_hours_ago=2, now=real_now)
    app = build_app(data_dir, FakeClock(real_now))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert "no check-in yet" in str(app.screen.query_one("#today", Static).render())
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ketacheck",
                "checkin",
                "--dizziness",
                "2",
                "--nausea",
                "1",
                "--fluids",
                "3",
                "--mood",
                "6",
                "--self-harm",
                "no",
                "--at",
                real_now.isoformat(),
            ],
            env=run_env(data_dir),
            check=True,
            capture_output=True,
        )
        for _ in range(40):
            await pilot.pause(0.1)
            if "1 check-in" in str(app.screen.query_one("#today", Static).render()):
                break
        local = real_now.astimezone(ZONE).strftime("%H:%M")
        assert f"Today: 1 check-in, the last at {local} (mood 6)." in str(
            app.screen.query_one("#today", Static).render()
        )


async def test_no_color_is_respected(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.no_color


async def test_every_action_is_in_the_command_palette(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {
            "Check in",
            "Infusions",
            "History",
            "Trends",
            "Export",
            "Import",
            "Settings",
            "Help",
        } <= titles
        await pilot.press("i")
        await pilot.pause()
        on_infusions = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Log", "Delete", "Appointment"} <= on_infusions


async def test_help_opens_with_question_mark_and_f1(tmp_path: Path) -> None:
    from ketacheck.tui.screens.help import HelpScreen

    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_key_bar_can_be_clicked(tmp_path: Path) -> None:
    from ketacheck.tui.screens.checkin import CheckInScreen
    from ketacheck.tui.widgets.keybar import KeyBar

    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        # the demo holds an open alert, so resolving it is offered right after checking in
        assert str(bar.render()).startswith(" c Check in  a Resolve  i Infusions")
        await pilot.click(KeyBar, offset=(2, 0))
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)


async def test_persist_returns_the_result_and_refreshes(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    journal = Journal.open(data_dir, NOW.date())
    app = build_app(data_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        infusion = Infusion.create(NOW - timedelta(hours=3))

        def log() -> str:
            journal.add_infusion(infusion)
            return "logged"

        assert await app.persist(log) == "logged"
        assert app.overview is not None
        assert [kept.id for kept in app.overview.infusions] == [infusion.id]


async def test_persist_says_not_saved_and_raises(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data")
    notes: list[tuple[str, str]] = []

    def refuse() -> None:
        raise JournalWriteError(tmp_path / "data", "disk full")

    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.notify = lambda message, **kw: notes.append((kw["title"], message))  # type: ignore[method-assign]
        with pytest.raises(JournalWriteError):
            await app.persist(refuse)
    assert notes and notes[0][0] == "Not saved"
    assert "disk full" in notes[0][1]


def test_help_shows_every_declared_action() -> None:
    from ketacheck.tui.actions import APP_ACTIONS, key_text
    from ketacheck.tui.screens.help import HELP_TEXT

    for action in APP_ACTIONS:
        keys = key_text(action.key) if action.key else f"`Ctrl+P`, {action.title}"
        where = action.where if action.key else "Anywhere"
        assert f"| {where} | {keys} | {action.title}: {action.help} |" in HELP_TEXT
    assert "| `Ctrl+P`, Import | Import: Add the records of a ketacheck export file |" in HELP_TEXT


def test_home_and_app_bindings_are_the_declared_ones() -> None:
    from ketacheck.tui.actions import APP_ACTIONS
    from ketacheck.tui.app import KetacheckApp

    def shown(bindings: list[object], ids: set[str]) -> list[tuple[object, ...]]:
        return [
            (b.key, b.action, b.description, b.id, b.show)  # type: ignore[attr-defined]
            for b in bindings
            if b.id in ids  # type: ignore[attr-defined]
        ]

    def declared(where: str) -> list[tuple[object, ...]]:
        return [
            (a.key, a.runs, a.title, a.id, a.show)
            for a in APP_ACTIONS
            if a.key and a.where == where
        ]

    home_ids = {a.id for a in APP_ACTIONS if a.where == "Home"}
    assert shown(list(HomeScreen.BINDINGS), home_ids) == declared("Home")
    assert len(HomeScreen.BINDINGS) == len(declared("Home"))
    assert shown(list(KetacheckApp.BINDINGS), {"help"}) == declared("Anywhere")


async def test_the_palette_offers_each_declared_action_once(tmp_path: Path) -> None:
    from ketacheck.tui.actions import APP_ACTIONS

    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        for screen_key in ("", "y"):  # Home, then a screen that has keys of its own
            await pilot.press(*([screen_key] if screen_key else []))
            await pilot.pause()
            commands = list(app.get_system_commands(app.screen))
            titles = [command.title for command in commands]
            assert len(titles) == len(set(titles))
            helps = {command.title: command.help for command in commands}
            for action in APP_ACTIONS:
                if action.palette:
                    assert helps[action.title] == action.help
                elif action.where == "Home" and isinstance(app.screen, HomeScreen):
                    assert action.title in helps  # by its key, on the screen it works on


def test_each_screen_is_opened_by_one_declared_action() -> None:
    from ketacheck.tui.actions import APP_ACTIONS
    from ketacheck.tui.screens.registry import SCREENS

    assert sorted(a.id for a in APP_ACTIONS if a.opens_screen) == sorted(SCREENS)


async def test_each_declared_key_opens_its_screen(tmp_path: Path) -> None:
    from ketacheck.tui.actions import APP_ACTIONS
    from ketacheck.tui.screens.registry import screen_class

    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        for action in APP_ACTIONS:
            if action.key is None or not action.opens_screen:
                continue
            await pilot.press(action.key.split(",")[0])
            await pilot.pause()
            assert type(app.screen) is screen_class(action.id), action.id
            while len(app.screen_stack) > 1:
                app.pop_screen()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)


async def test_the_palette_opens_what_only_it_offers(tmp_path: Path) -> None:
    from ketacheck.tui.actions import APP_ACTIONS
    from ketacheck.tui.screens.registry import screen_class

    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        for action in APP_ACTIONS:
            if action.key is not None or not action.opens_screen:
                continue
            command = next(
                c for c in app.get_system_commands(app.screen) if c.title == action.title
            )
            await command.callback()  # type: ignore[misc]
            await pilot.pause()
            assert type(app.screen) is screen_class(action.id), action.id
            app.pop_screen()
            await pilot.pause()


async def test_a_countdown_row_can_be_selected_with_the_mouse_and_copied(
    tmp_path: Path,
) -> None:
    """The table draws its own lines; selecting text in it works as in any other widget."""
    data_dir = tmp_path / "data"
    _with_infusion(data_dir, ended_hours_ago=23.5)
    app = build_app(data_dir, FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        table = countdown_table(app)
        # From the start of the Driving row (under the title; the table's padding is one
        # cell) to the end of the Alcohol row.
        await pilot.mouse_down(table, offset=(1, 1))
        await pilot.hover(table, offset=(90, 5))
        await pilot.mouse_up(table, offset=(90, 5))
        await pilot.pause()
        selected = app.screen.get_selected_text()
        assert selected is not None
        lines = selected.splitlines()
        assert lines[0].startswith("Driving") and "lifts today 10:30" in lines[0]
        assert lines[-1].startswith("Alcohol")
        assert len(lines) == 5
