"""Below 60 x 20 a screen that needs more room asks for a larger window instead of showing a
broken layout; Home, which holds the crisis line, fits any window from 40 x 12."""

from __future__ import annotations

from pathlib import Path

from ketacheck.tui.screens.checkin import CheckInScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.too_small import TooSmallScreen
from tests.screen_text import screen_text
from tests.tui_support import FakeClock, build_app

ASK = "Please make this window a little larger"


async def test_a_checkin_waits_under_the_note_and_is_there_when_the_window_grows(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        checkin = app.screen
        assert isinstance(checkin, CheckInScreen)
        await pilot.press("0", "enter", "7")
        await pilot.pause()
        step = checkin.step
        await pilot.resize_terminal(59, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = screen_text(app)
        assert ASK in text and "(at least 60 x 20)" in text
        assert " 7   8 " not in text  # no half-drawn scale
        await pilot.press("5")  # keys wait too: the answer isn't changed unseen
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert app.screen is checkin
        assert checkin.step == step and checkin.answers["nausea"] == 7
        assert " 7   8   9   10" in screen_text(app)


async def test_home_fits_a_small_window_and_the_screens_it_opens_ask(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        # Home fits any window from 40 x 12 (the crisis line must never be what is hidden).
        assert isinstance(app.screen, HomeScreen)
        assert ASK not in screen_text(app)
        # History needs 60 x 20; only views lie between it and Home, so Escape goes Home.
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = " ".join(screen_text(app).split())
        assert ASK in text and "Press Escape for Home." in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # A check-in holds answers: the note waits over it, with no way round it but room.
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "Press Escape" not in screen_text(app)
        await pilot.press("escape")
        await pilot.resize_terminal(100, 19)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert ASK not in screen_text(app)
