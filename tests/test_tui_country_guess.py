"""The guessed country in the app: offered as a guess, saved only when chosen, and shown in
the same words as on the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from msgspec.structs import replace
from textual.widgets import Input, Select, Static

from ketacheck.cli import main
from ketacheck.core.settings import Settings
from ketacheck.store.journal import Journal
from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.crisis import CrisisScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.settings import SettingsScreen
from ketacheck.tui.screens.settings_form import NOT_SET
from tests.screen_text import screen_text
from tests.tui_support import NOW, FakeClock, build_app

GUESSED_US = (
    "Call or text 988 (Suicide & Crisis Lifeline) or your local emergency number, 911 "
    "(from your time zone — set it with 'ketacheck settings set country US')"
)


@pytest.fixture(autouse=True)
def in_new_york(monkeypatch: pytest.MonkeyPatch, country_guessing: None) -> None:
    """This computer is set to New York time and a British locale: the zone wins."""
    monkeypatch.setenv("TZ", "America/New_York")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)


def _onboarded(data_dir: Path, **changes: object) -> None:
    journal = Journal.open(data_dir, NOW.date())
    journal.save_settings(replace(Settings(onboarded=True), **changes))  # type: ignore[arg-type]
    journal.close()


def _cli_crisis_text() -> str:
    out = io.StringIO()
    assert main(["settings"], stdout=out, stderr=io.StringIO()) == 0
    [line] = [row for row in out.getvalue().splitlines() if row.startswith("In a crisis")]
    return line.removeprefix("In a crisis, ketacheck shows: ")


async def _settings(app: KetacheckApp, pilot: object) -> SettingsScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("s")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def test_settings_offer_the_guess_and_say_it_as_the_command_line_does(
    isolated_data_dir: Path,
) -> None:
    _onboarded(isolated_data_dir)
    assert _cli_crisis_text() == GUESSED_US
    app = build_app(isolated_data_dir, FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _settings(app, pilot)
        country = screen.query_one("#settings-country", Select)
        assert country.value == NOT_SET
        country.scroll_visible(animate=False)
        await pilot.pause()
        assert "United States (guessed from your time zone)" in screen_text(app)
        preview = str(screen.query_one("#settings-crisis-preview", Static).render())
        assert preview == f"Shown in a crisis: {GUESSED_US}"
        assert not screen.has_changes
        screen.query_one("#settings-team", Input).value = "Riverside"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    saved = app.journal.settings()
    assert saved.care_team_name == "Riverside"
    assert saved.country is None  # saving the form did not make the guess the setting


async def test_picking_the_country_in_settings_stores_it(isolated_data_dir: Path) -> None:
    _onboarded(isolated_data_dir)
    app = build_app(isolated_data_dir, FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _settings(app, pilot)
        screen.query_one("#settings-country", Select).value = "US"
        await pilot.pause()
        preview = str(screen.query_one("#settings-crisis-preview", Static).render())
        assert "from your time zone" not in preview and "988" in preview
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.journal.settings().country == "US"
    assert _cli_crisis_text() == (
        "Call or text 988 (Suicide & Crisis Lifeline) or your local emergency number, 911"
    )


async def test_the_crisis_panel_after_a_yes_uses_the_same_words(isolated_data_dir: Path) -> None:
    _onboarded(isolated_data_dir)
    app = build_app(isolated_data_dir, FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.push_screen(CrisisScreen())
        await pilot.pause()
        numbers = " ".join(str(app.screen.query_one("#crisis-numbers", Static).render()).split())
    assert f"Crisis line: {GUESSED_US}" in numbers
    assert "Chat online: 988lifeline.org" in numbers
    assert "call your local emergency number, 911" in numbers


async def test_reminder_times_typed_as_people_say_them(isolated_data_dir: Path) -> None:
    _onboarded(isolated_data_dir, country="US")
    app = build_app(isolated_data_dir, FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _settings(app, pilot)
        screen.query_one("#settings-reminder-times", Input).value = "9am, 8:30 pm"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert app.journal.settings().reminder_times == ("09:00", "20:30")


async def test_a_bare_hour_is_refused_in_the_same_words_as_the_command_line(
    isolated_data_dir: Path,
) -> None:
    _onboarded(isolated_data_dir, country="US")
    err = io.StringIO()
    assert main(["settings", "set", "reminder-times", "9"], stdout=io.StringIO(), stderr=err) == 2
    said = err.getvalue().removeprefix("ketacheck: reminder times: ").strip()
    app = build_app(isolated_data_dir, FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _settings(app, pilot)
        screen.query_one("#settings-reminder-times", Input).value = "9"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        problem = str(screen.query_one("#settings-reminder-times-problem", Static).render())
    assert " ".join(problem.split()) == said[:1].upper() + said[1:] + "."
    assert app.journal.settings().reminder_times == ("10:00", "20:00")
