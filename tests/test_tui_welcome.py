"""The first-run welcome: the country (guessed, then confirmed), the patient's own line, mood
baseline, and who to call in view at 80x24."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from ketacheck.store.system_country import locale_name
from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.settings_form import NOT_SET
from ketacheck.tui.screens.welcome import WelcomeScreen
from tests.screen_text import screen_text
from tests.tui_support import FakeClock, build_app


@pytest.fixture(autouse=True)
def british(monkeypatch: pytest.MonkeyPatch, country_guessing: None) -> None:
    """A British locale and a zone of no country (UTC), unless a test says otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setenv("TZ", "UTC")


def _text(app: KetacheckApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _start(app: KetacheckApp, pilot: object) -> None:
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


def test_locale_name_follows_posix_order(monkeypatch: pytest.MonkeyPatch) -> None:
    assert locale_name() == "en_GB.UTF-8"
    monkeypatch.setenv("LC_MESSAGES", "en_AU.UTF-8")
    assert locale_name() == "en_AU.UTF-8"
    monkeypatch.setenv("LC_ALL", "C")
    assert locale_name() == "C"


async def test_the_guess_is_preselected_and_start_keeps_it_a_guess(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        country = app.screen.query_one("#welcome-country", Select)
        assert country.value == NOT_SET
        assert "United Kingdom (guessed from your language setting)" in screen_text(app)
        preview = _text(app, "#welcome-crisis-preview")
        assert "Samaritans on 116 123" in preview
        assert "or your local emergency number, 999" in preview
        assert "from your language setting — set it with" in " ".join(preview.split())
        await _start(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    settings = app.journal.settings()
    assert settings.onboarded
    assert settings.country is None  # Start kept it a guess: nothing was chosen on purpose
    assert settings.effective_country == "GB"  # still guessed, from the locale
    assert settings.crisis_line == ""
    assert settings.baseline_mood is None


async def test_picking_the_guessed_country_keeps_it_for_good(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "911 (from your time zone" in _text(app, "#welcome-crisis-preview")
        app.screen.query_one("#welcome-country", Select).value = "US"
        await pilot.pause()
        preview = _text(app, "#welcome-crisis-preview")
        assert "988" in preview and "from your time zone" not in preview
        await _start(app, pilot)
    assert app.journal.settings().country == "US"


async def test_an_unknown_locale_offers_no_guess(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#welcome-country", Select).value == NOT_SET
        assert "findahelpline.com" in _text(app, "#welcome-crisis-preview")
        await _start(app, pilot)
    assert app.journal.settings().country is None


async def test_somewhere_else_is_a_choice_that_no_guess_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#welcome-country", Select).value = "ZZ"
        await pilot.pause()
        assert "findahelpline.com" in _text(app, "#welcome-crisis-preview")
        await _start(app, pilot)
    settings = app.journal.settings()
    assert settings.country == "ZZ"
    assert settings.effective_country == "ZZ"


async def test_picking_another_country_and_typing_an_own_line(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#welcome-country", Select).value = "AU"
        await pilot.pause()
        assert "Lifeline on 13 11 14" in _text(app, "#welcome-crisis-preview")
        app.screen.query_one("#welcome-crisis", Input).value = "Call my therapist, 555-0188"
        await pilot.pause()
        assert _text(app, "#welcome-crisis-preview").endswith(
            "Call my therapist, 555-0188 or your local emergency number, 000"
        )
        await _start(app, pilot)
    settings = app.journal.settings()
    assert (settings.country, settings.crisis_line) == ("AU", "Call my therapist, 555-0188")


async def test_the_mood_baseline_is_optional_and_checked(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        labels = " ".join(str(label.render()) for label in app.screen.query("Label"))
        assert "How has your mood been over the last two weeks?" in labels
        mood = app.screen.query_one("#welcome-mood", Input)
        mood.value = "12"
        await _start(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert "from 0 to 10" in _text(app, "#welcome-problem")
        assert not app.journal.settings().onboarded
        mood.value = "4"
        await _start(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    assert app.journal.settings().baseline_mood == 4


def _in_view(app: KetacheckApp, selector: str) -> bool:
    """Whether the widget is drawn whole inside the 80x24 screen (not scrolled away)."""
    from textual.errors import NoWidget

    widget = app.screen.query_one(selector)
    try:
        shown = app.screen.find_widget(widget).region
    except NoWidget:
        return False
    return app.screen.region.contains_region(shown) and shown.height == widget.outer_size.height


async def test_first_run_at_80x24_shows_who_to_call_first_with_start_in_view(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.focused is app.screen.query_one("#welcome-country", Select)
        for above_the_fold in (
            "#welcome-country",
            "#welcome-crisis-preview",
            "#welcome-team",
            "#welcome-phone",
            "#welcome-go",
        ):
            assert _in_view(app, above_the_fold), above_the_fold
        app.screen.query_one("#welcome-infusion", Input).focus()
        await pilot.press(*"yesterday 14:00")
        assert app.screen.query_one("#welcome-infusion", Input).value == "yesterday 14:00"
        assert _in_view(app, "#welcome-go")
        assert "45-minute infusion" in " ".join(
            str(s.render()) for s in app.screen.query(".welcome-hint")
        )


async def test_a_bad_time_is_explained_at_once_and_the_cursor_stays(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#welcome-infusion", Input).focus()
        await pilot.press(*"teatime", "enter")
        await pilot.pause()
        assert "not a time I understand" in _text(app, "#welcome-problem")
        assert _in_view(app, "#welcome-problem")
        assert app.focused is app.screen.query_one("#welcome-infusion", Input)
        await pilot.press("ctrl+u", *"yesterday 14:00", "enter")
        await pilot.pause()
        assert _text(app, "#welcome-problem") == ""
        assert app.focused is app.screen.query_one("#welcome-planned", Input)
    assert not app.journal.settings().onboarded


async def test_a_problem_far_up_the_form_is_shown_and_scrolled_to(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#welcome-infusion", Input).value = "teatime"
        app.screen.query_one("#welcome-crisis", Input).focus(scroll_visible=False)
        app.screen.query_one("#welcome").scroll_end(animate=False)
        await pilot.pause()
        assert not _in_view(app, "#welcome-infusion")  # scrolled away: the form's foot shows
        await pilot.press("enter")  # Enter in the last field starts
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "not a time I understand" in _text(app, "#welcome-problem")
        assert _in_view(app, "#welcome-problem")
        assert app.focused is app.screen.query_one("#welcome-infusion", Input)
        assert _in_view(app, "#welcome-infusion")
        app.screen.query_one("#welcome-infusion", Input).value = ""
        app.screen.query_one("#welcome-mood", Input).value = "12"
        app.screen.query_one("#welcome-crisis", Input).focus(scroll_visible=False)
        app.screen.query_one("#welcome").scroll_end(animate=False)
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "from 0 to 10" in _text(app, "#welcome-problem")
        assert app.focused is app.screen.query_one("#welcome-mood", Input)
        assert _in_view(app, "#welcome-mood")
    assert not app.journal.settings().onboarded


async def test_enter_walks_the_form_and_the_last_enter_starts(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#welcome-team", Input).focus()
        keys = [*"Riverside", "enter", *"555-0142", "enter", *"yesterday 14:00", "enter"]
        await pilot.press(*keys, "enter", "7", "enter")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#welcome-crisis", Input)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    settings = app.journal.settings()
    assert (settings.baseline_mood, settings.care_team_name) == (7, "Riverside")
    assert settings.care_team_phone == "555-0142"
    [infusion] = app.journal.infusions()
    assert infusion.ended_at - infusion.started_at == timedelta(minutes=45)


async def test_what_the_command_line_set_first_is_in_the_form_and_kept(tmp_path: Path) -> None:
    """A patient (a screen-reader user, say) who set their care team, course and own
    crisis line with `ketacheck settings` before opening the app: the welcome shows
    them, and Start keeps them rather than saving the form's empty fields over them."""
    from tests.cli_support import FixedClock, run_cli

    data_dir = tmp_path / "data"
    clock = FixedClock(FakeClock()())
    for key, value in (
        ("care-team-name", "Riverside Clinic"),
        ("care-team-phone", "555-0142"),
        ("planned-infusions", "8"),
        ("crisis-line", "Call Dr Lee's line, 555-0199"),
    ):
        done = run_cli("--data-dir", str(data_dir), "settings", "set", key, value, clock=clock)
        assert done.code == 0, done.err
    app = build_app(data_dir, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.screen.query_one("#welcome-team", Input).value == "Riverside Clinic"
        assert app.screen.query_one("#welcome-phone", Input).value == "555-0142"
        assert app.screen.query_one("#welcome-planned", Input).value == "8"
        await _start(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    settings = app.journal.settings()
    assert (settings.care_team_name, settings.care_team_phone) == ("Riverside Clinic", "555-0142")
    assert settings.planned_infusions == 8
    assert settings.crisis_line == "Call Dr Lee's line, 555-0199"
