"""Settings, driven as a patient would: hours, validation, clock style and theme."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from textual import events
from textual.color import Color
from textual.widgets import Button, Input, Label, Select, Static, Switch

from ketacheck.core.settings import Settings
from ketacheck.core.timeparse import format_when
from ketacheck.store.errors import JournalWriteError
from ketacheck.store.journal import Journal
from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.confirm import ConfirmScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.settings import SettingsScreen
from ketacheck.tui.themes import HIGH_CONTRAST_THEME
from tests.screen_text import screen_text
from tests.tui_support import NOW, ZONE, FakeClock, build_app, countdown_lines


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own, so nothing is written to the real one."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


def _driving_row(app: KetacheckApp) -> str:
    assert isinstance(app.screen, HomeScreen)
    return countdown_lines(app)["driving"]


def _driving_lift(app: KetacheckApp, hours: float, clock_24h: bool = True) -> str:
    ended = app.journal.infusions()[-1].ended_at
    lifts = ended + timedelta(hours=hours)
    return format_when(lifts, ZONE, now=NOW, clock_24h=clock_24h, sentence=True)


async def _open_settings(app: KetacheckApp, pilot: object) -> SettingsScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("s")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def _save(app: KetacheckApp, pilot: object) -> None:
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause(0.2)  # type: ignore[attr-defined]


async def test_longer_driving_hours_move_the_home_countdown(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause(0.2)
        before = _driving_row(app)
        assert _driving_lift(app, 24) in before
        screen = await _open_settings(app, pilot)
        driving = screen.query_one("#settings-hours-driving", Input)
        assert driving.has_focus
        assert driving.value == "24 hours"
        await pilot.press("3", "6")  # the box's text is selected on focus, so typing replaces it
        assert driving.value == "36"
        await _save(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        after = _driving_row(app)
        assert _driving_lift(app, 36) in after
        assert after != before
    assert app.journal.settings().restriction_hours == {"driving": 36.0}


SUCH_AS = "such as 36 or 10 days, from 0 hours to 60 days"


@pytest.mark.parametrize(
    ("field", "typed", "problem"),
    [
        ("settings-hours-driving", "-1", f"Please type hours or days, {SUCH_AS}."),
        ("settings-hours-alcohol", "2000", "Must be from 0 hours to 60 days, not 2000."),
        ("settings-hours-alcohol", "61 days", "Must be from 0 hours to 60 days, not 61 days."),
        ("settings-hours-driving", "", f"Please type hours or days, {SUCH_AS}."),
        ("settings-hours-driving", "a week", f"Please type hours or days, {SUCH_AS}."),
        ("settings-planned", "0", "Must be from 1 to 50, not 0."),
    ],
)
async def test_invalid_values_are_explained_and_nothing_is_saved(
    tmp_path: Path, field: str, typed: str, problem: str
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    before = app.journal.settings()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(app, pilot)
        screen.query_one("#settings-hours-sedatives", Input).value = "12"  # a valid change too
        box = screen.query_one(f"#{field}", Input)
        box.value = typed
        await _save(app, pilot)
        assert app.screen is screen
        shown = screen.query_one(f"#{field}-problem", Static)
        assert shown.display
        assert str(shown.render()) == problem
        assert "Nothing was saved" in str(screen.query_one("#settings-problem", Static).render())
        assert box.has_focus
        box.value = "6" if field == "settings-planned" else "24"
        await pilot.pause()
        assert not shown.display  # the problem goes once the field is changed
    assert app.journal.settings() == before


async def test_the_clock_switch_changes_how_home_shows_times(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause(0.2)
        assert _driving_lift(app, 24, clock_24h=True) in _driving_row(app)
        screen = await _open_settings(app, pilot)
        switch = screen.query_one("#settings-clock", Switch)
        assert switch.value is True
        switch.focus()
        await pilot.press("space")
        await pilot.pause()
        assert switch.value is False
        assert "2:05 PM" in str(screen.query_one("#settings-clock-example", Label).render())
        await _save(app, pilot)
        twelve_hour = _driving_lift(app, 24, clock_24h=False)
        assert twelve_hour.endswith(("AM", "PM"))
        assert twelve_hour in _driving_row(app)
    assert app.journal.settings().clock_24h is False


async def test_the_theme_previews_at_once_and_is_saved(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(app, pilot)
        assert app.theme == "textual-dark"
        assert HIGH_CONTRAST_THEME.name in app.available_themes
        screen.query_one("#settings-theme", Select).value = HIGH_CONTRAST_THEME.name
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST_THEME.name
        await _save(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == HIGH_CONTRAST_THEME.name
    assert app.journal.settings().theme == HIGH_CONTRAST_THEME.name


async def test_home_comes_back_drawn_in_the_theme_just_saved(tmp_path: Path) -> None:
    """Home skips Textual's restyle of every widget the first time it is shown (each was
    styled as it mounted); a theme chosen while Home is covered still reaches all of it."""
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        dark = home.styles.background
        screen = await _open_settings(app, pilot)
        screen.query_one("#settings-theme", Select).value = "textual-light"
        await pilot.pause()
        await _save(app, pilot)
        assert app.screen is home
        light = Color.parse(app.get_css_variables()["background"])
        assert light != dark
        assert home.styles.background == light
        # What is drawn, not only the screen's own style: the course line's background.
        course = home.query_one("#course").rich_style.bgcolor
        assert course is not None and course.triplet == light.rich_color.triplet


async def test_escape_with_changes_asks_and_discarding_restores_the_theme(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    before = app.journal.settings()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(app, pilot)
        screen.query_one("#settings-theme", Select).value = "textual-light"
        await pilot.press("3", "0")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#settings-hours-driving", Input).value == "30"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # leave without saving
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == "textual-dark"
    assert app.journal.settings() == before


async def test_escape_without_changes_just_goes_back(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open_settings(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_care_team_and_course_length_are_saved(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(app, pilot)
        screen.query_one("#settings-team", Input).value = "  Dr Lee  "
        screen.query_one("#settings-phone", Input).value = "555-0199"
        screen.query_one("#settings-crisis", Input).value = ""
        screen.query_one("#settings-planned", Input).value = "8"
        await _save(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "of 8" in str(app.screen.query_one("#course", Static).render())
    saved = app.journal.settings()
    assert (saved.care_team_name, saved.care_team_phone) == ("Dr Lee", "555-0199")
    assert saved.crisis_line == ""  # empty: the line for the patient's country
    assert saved.planned_infusions == 8
    assert saved.next_appointment is not None  # fields the form doesn't show are kept


async def test_questionnaire_interval_is_checked_and_saved(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    before = app.journal.settings()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(app, pilot)
        box = screen.query_one("#settings-questionnaire-days", Input)
        assert box.value == str(before.questionnaire_interval_days)
        box.value = "3"
        await _save(app, pilot)
        assert app.screen is screen
        shown = screen.query_one("#settings-questionnaire-days-problem", Static)
        assert shown.display
        assert str(shown.render()) == (
            "Must be from 7 to 90 days, not 3: both questionnaires ask about the last two "
            "weeks, so once a week is often enough."
        )
        assert box.has_focus
        assert app.journal.settings() == before  # nothing saved while a field is wrong
        box.value = "14"
        await pilot.pause()
        assert not shown.display
        await _save(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    saved = app.journal.settings()
    assert saved.questionnaire_interval_days == 14
    assert saved.planned_infusions == before.planned_infusions  # other fields are kept


async def test_country_and_own_crisis_line_are_shown_and_saved(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(app, pilot)
        country = screen.query_one("#settings-country", Select)
        assert country.value == "US"  # the demo is set up in the US
        preview = screen.query_one("#settings-crisis-preview", Static)
        assert "988" in str(preview.render())
        country.value = "ZZ"  # somewhere else
        await pilot.pause()
        assert "findahelpline.com" in str(preview.render())
        country.value = "NZ"
        await pilot.pause()
        assert str(preview.render()) == (
            "Shown in a crisis: Call or text 1737 or your local emergency number, 111"
        )
        screen.query_one("#settings-crisis", Input).value = "Call my GP, 555-0111"
        await pilot.pause()
        assert "Call my GP, 555-0111 or your local emergency number, 111" in str(preview.render())
        assert screen.has_changes
        await _save(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    saved = app.journal.settings()
    assert (saved.country, saved.crisis_line) == ("NZ", "Call my GP, 555-0111")


async def test_a_stored_country_outside_the_list_is_kept(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    journal = Journal.open(data_dir, NOW.date())
    journal.save_settings(Settings(onboarded=True, country="JP"))
    app = build_app(data_dir, FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(app, pilot)
        assert screen.query_one("#settings-country", Select).value == "JP"
        assert not screen.has_changes
        screen.query_one("#settings-team", Input).value = "Dr Sato"
        await _save(app, pilot)
    assert app.journal.settings().country == "JP"


@pytest.mark.parametrize(
    ("field", "typed", "problem"),
    [
        ("settings-fasting", "30", "Must be from 0 to 24 hours, not 30."),
        ("settings-fasting", "", "Please type a number of hours, from 0 to 24."),
        ("settings-mood", "11", "Must be from 0 to 10, not 11."),
        ("settings-mood", "ok", "Please type a whole number from 0 to 10, or leave it empty."),
        ("settings-questionnaire-days", "91", "Must be from 7 to 90 days, not 91."),
    ],
)
async def test_fasting_and_mood_problems_are_explained(
    tmp_path: Path, field: str, typed: str, problem: str
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    before = app.journal.settings()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(app, pilot)
        screen.query_one(f"#{field}", Input).value = typed
        await _save(app, pilot)
        assert app.screen is screen
        shown = screen.query_one(f"#{field}-problem", Static)
        assert shown.display
        assert str(shown.render()) == problem
    assert app.journal.settings() == before


async def test_fasting_hours_and_mood_baseline_are_saved(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(app, pilot)
        fasting = screen.query_one("#settings-fasting", Input)
        mood = screen.query_one("#settings-mood", Input)
        assert (fasting.value, mood.value) == ("6", "")
        labels = " ".join(str(label.render()) for label in screen.query(Label))
        assert "How has your mood been over the last two weeks?" in labels
        fasting.value = "4.5"
        mood.value = "3"
        await _save(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    saved = app.journal.settings()
    assert (saved.fasting_hours, saved.baseline_mood) == (4.5, 3)

    again = build_app(tmp_path / "data", FakeClock())
    async with again.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(again, pilot)
        assert screen.query_one("#settings-mood", Input).value == "3"
        screen.query_one("#settings-mood", Input).value = ""
        await _save(again, pilot)
    assert again.journal.settings().baseline_mood is None


async def test_old_stored_settings_still_open_and_show_the_new_terms(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    journal = Journal.open(data_dir, NOW.date())
    journal.save_settings(Settings(onboarded=True))
    journal.close()
    # Settings as an older ketacheck stored them: the US line as text, 3-day interval.
    path = data_dir / "journal.json"
    document = json.loads(path.read_text())
    document["settings"]["settings"] = {
        "crisis_line": "Call or text 988 (Suicide & Crisis Lifeline, US)",
        "onboarded": True,
        "questionnaire_interval_days": 3,
    }
    path.write_text(json.dumps(document))
    app = build_app(data_dir, FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(app, pilot)
        assert screen.query_one("#settings-questionnaire-days", Input).value == "7"
        assert screen.query_one("#settings-country", Select).value == "US"
        assert screen.query_one("#settings-crisis", Input).value == ""
        assert "Call or text 988" in str(screen.query_one("#settings-crisis-preview").render())
        screen.query_one("#settings-team", Input).value = "Dr Lee"
        await _save(app, pilot)
    saved = app.journal.settings()
    assert (saved.country, saved.crisis_line, saved.questionnaire_interval_days) == ("US", "", 7)


async def test_a_failed_save_says_why_and_keeps_the_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    before = app.journal.settings()

    def refuse(settings: Settings) -> None:
        raise JournalWriteError(app.journal.path, "disk full")

    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(app, pilot)
        screen.query_one("#settings-planned", Input).value = "8"
        monkeypatch.setattr(app.journal, "save_settings", refuse)
        await _save(app, pilot)
        assert app.screen is screen
        summary = str(screen.query_one("#settings-problem", Static).render())
        assert summary.startswith("Not saved: couldn't save to")
        assert "disk full" in summary
        assert not screen.query_one("#settings-go", Button).disabled
        assert screen.has_changes
        monkeypatch.undo()
        await _save(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    assert app.journal.settings().planned_infusions == 8
    assert before.planned_infusions != 8


async def test_the_form_has_a_row_for_each_declared_field(tmp_path: Path) -> None:
    from ketacheck.tui.screens.settings_form import FIELDS
    from ketacheck.tui.widgets.settings_row import SettingsRow

    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(app, pilot)
        rows = list(screen.query(SettingsRow))
        assert [row.field.id for row in rows] == [field.id for field in FIELDS]
        for field in FIELDS:
            assert bool(screen.query(f"#{field.id}-problem")) == field.checked


async def test_long_restrictions_read_in_days_and_take_days_or_hours(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_settings(app, pilot)
        big = screen.query_one("#settings-hours-life_changes", Input)
        assert big.value == "10 days"  # not "240 hours"
        assert big.parent is not None
        beside = " ".join(str(text.render()) for text in big.parent.query(Static))
        assert "default 10 days" in beside and "240" not in beside
        big.value = "14 days"
        screen.query_one("#settings-hours-driving", Input).value = "36h"
        screen.query_one("#settings-hours-sedatives", Input).value = "1,5 hours"
        await _save(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    hours = app.journal.settings().restriction_hours
    assert hours == {"life_changes": 336.0, "driving": 36.0, "sedatives": 1.5}


async def test_reminder_times_and_notification_switches_are_saved(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(app, pilot)
        times = screen.query_one("#settings-reminder-times", Input)
        assert times.value == "10:00, 20:00"
        times.focus()
        await pilot.press("ctrl+a", *"25:00", "ctrl+s")  # typed as a patient would
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        problem = str(screen.query_one("#settings-reminder-times-problem", Static).render())
        assert "such as 10:00, 20:00" in problem
        times.value = "9:30 21:00"
        screen.query_one("#settings-notify-terminal", Switch).value = False
        await _save(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    settings = app.journal.settings()
    assert settings.reminder_times == ("09:30", "21:00")
    assert (settings.notify_app, settings.notify_terminal) == (True, False)


# --- the patient's name -----------------------------------------------------------------


async def _reopen_name(app: KetacheckApp, pilot: object) -> Input:
    screen = await _open_settings(app, pilot)
    name = screen.query_one("#settings-name", Input)
    name.focus()
    name.scroll_visible(animate=False)
    await pilot.pause()  # type: ignore[attr-defined]
    return name


async def test_a_name_typed_and_saved_is_there_on_reopening(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        name = await _reopen_name(app, pilot)
        assert name.value == ""  # no name unless the patient gives one
        question = app.screen.query_one("#settings-name-question", Label)
        assert "your name" in str(question.render()).lower()
        await pilot.press(*"Ann", "space", *"Lee", "space")
        await _save(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.journal.settings().patient_name == "Ann Lee"  # trimmed
        name = await _reopen_name(app, pilot)
        assert name.value == "Ann Lee"
        name.value = "   "  # emptied: no name again
        await _save(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    assert app.journal.settings().patient_name is None


async def test_a_name_with_markup_is_shown_as_typed(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        name = await _reopen_name(app, pilot)
        name.value = "[bold]x[/bold] [link=http://evil]y"
        await _save(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        name = await _reopen_name(app, pilot)
        assert name.value == "[bold]x[/bold] [link=http://evil]y"
        assert "[bold]x[/bold] [link=http://evil]y" in screen_text(app)
    assert app.journal.settings().patient_name == "[bold]x[/bold] [link=http://evil]y"


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        (
            "Ann\x1b[2J\x07",
            "Your name can't hold control characters such as tabs, line breaks or screen codes.",
        ),
        ("Ann\tLee", "Your name can't hold control characters"),
        ("n" * 101, "Your name is 101 characters long; the most allowed is 100."),
    ],
)
async def test_a_bad_name_is_explained_and_nothing_is_saved(
    tmp_path: Path, typed: str, problem: str
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    before = app.journal.settings()
    async with app.run_test(size=(100, 32)) as pilot:
        name = await _reopen_name(app, pilot)
        name.value = typed
        await _save(app, pilot)
        assert app.screen is not None and isinstance(app.screen, SettingsScreen)
        shown = app.screen.query_one("#settings-name-problem", Static)
        assert shown.display
        assert str(shown.render()).startswith(problem)
        assert name.has_focus
    assert app.journal.settings() == before


async def test_a_paste_holding_control_bytes_never_reaches_the_box(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        name = await _reopen_name(app, pilot)
        await pilot.press(*"Ann")
        name.post_message(events.Paste("\x1b]0;owned\x07\x1b[2J Lee"))
        await pilot.pause()
        assert name.value == "Ann"  # the paste is refused whole
        name.post_message(events.Paste(" Lee"))
        await pilot.pause()
        assert name.value == "Ann Lee"
        assert "owned" not in screen_text(app) and "\x1b" not in screen_text(app)
