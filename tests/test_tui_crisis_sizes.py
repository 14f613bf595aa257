"""The crisis line and the care team's number are on the screen at every size from 40 x 12
to 200 x 60 while an urgent alert is open (issue 21, point 2): on Home, on the crisis
screen and in the dialog that marks the alert as dealt with, and, over any screen that
needs a larger window, in the request for one. Decoration goes first; the numbers never.

"On the screen" means in the picture the terminal shows (the characters of a
screenshot), not merely somewhere in the widget tree.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from msgspec.structs import replace
from textual.pilot import Pilot

from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.checkin import CheckInScreen
from ketacheck.tui.screens.confirm import ConfirmScreen
from ketacheck.tui.screens.crisis import CrisisScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.resolve import ResolveAlertScreen
from ketacheck.tui.screens.too_small import TooSmallScreen, too_small
from ketacheck.usecases.checkins import record_checkin
from tests.screen_text import screen_lines
from tests.tui_support import NOW, FakeClock, build_app, settle

#: A sweep of a hundred sizes takes half a minute on a quiet machine.
SWEEP = pytest.mark.timeout(400)

WIDTHS = (40, 41, 47, 59, 60, 61, 80, 100, 133, 200)
HEIGHTS = (12, 13, 15, 19, 20, 21, 24, 32, 45, 60)
SIZES = [(w, h) for w in WIDTHS for h in HEIGHTS]

#: The demo's care team (Riverside Ketamine Clinic) and its country's crisis line (US).
CARE_TEAM = "555-0142"
CRISIS = "988"


def shown(app: KetacheckApp) -> str:
    """What the terminal shows, its lines joined and its spacing folded."""
    return " ".join(" ".join(screen_lines(app)).split())


def numbers_missing(text: str) -> list[str]:
    """The numbers (whole, not part of a longer one) that ``text`` lacks."""
    return [n for n in (CRISIS, CARE_TEAM) if not re.search(rf"(?<![\w-]){n}(?![\w-])", text)]


def with_urgent_alert(tmp_path: Path) -> KetacheckApp:
    """The demo course, with a check-in that answered yes to the self-harm question."""
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    answers = {"dizziness": 1, "nausea": 0, "fluids_glasses": 2, "mood": 2}
    record_checkin(app.journal, {**answers, "self_harm_thoughts": True}, NOW - timedelta(hours=1))
    return app


async def press(app: KetacheckApp, pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)


async def sweep(app: KetacheckApp, pilot: Pilot[None], expected: type) -> None:
    """Resize through every size; at each, the numbers must be in the picture."""
    failures = []
    for size in SIZES:
        await pilot.resize_terminal(*size)
        await settle(app, pilot)
        await pilot.pause()
        if not isinstance(app.screen, expected):
            failures.append(f"{size}: {type(app.screen).__name__}")
            continue
        missing = numbers_missing(shown(app))
        if missing:
            failures.append(f"{size}: no {', '.join(missing)}")
    assert not failures, failures


@SWEEP
async def test_home_shows_both_numbers_at_every_size(tmp_path: Path) -> None:
    app = with_urgent_alert(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await sweep(app, pilot, HomeScreen)


async def test_home_keeps_the_numbers_in_view_when_scrolled_to_the_end(tmp_path: Path) -> None:
    app = with_urgent_alert(tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        home = app.screen.query_one("#home")
        await press(app, pilot, "end")
        home.scroll_end(animate=False)
        await settle(app, pilot)
        assert home.scroll_y > 0 and home.scroll_y == home.max_scroll_y
        text = shown(app)
        assert not numbers_missing(text)
        # Below 60 x 20 the panel lists no other alert, only how many: the numbers fit.
        assert "+2 other alerts: press a to read and mark each one." in text
        assert "Your nausea is at 7" not in text


@SWEEP
async def test_the_crisis_screen_shows_both_numbers_at_every_size(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "c", "2", "enter", "1", "enter", "3", "enter", "2", "enter", "y")
        assert isinstance(app.screen, CrisisScreen)
        await sweep(app, pilot, CrisisScreen)
        # Smallest, with the button in focus at the end of what scrolls: still both.
        await pilot.resize_terminal(40, 12)
        await press(app, pilot, "shift+tab", "tab")
        assert app.screen.focused is not None and app.screen.focused.id == "crisis-close"
        text = shown(app)
        assert not numbers_missing(text)
        assert "I have read this" in text


@SWEEP
async def test_the_urgent_resolve_dialog_shows_both_numbers_at_every_size(tmp_path: Path) -> None:
    app = with_urgent_alert(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "a")
        dialog = app.screen
        assert isinstance(dialog, ResolveAlertScreen) and dialog.urgent
        # Focus on the last control, so the dialog has scrolled as far as it goes.
        await press(app, pilot, "4")
        assert dialog.focused is not None and dialog.focused.id == "how-own"
        await sweep(app, pilot, ResolveAlertScreen)


async def test_the_question_before_marking_it_shows_both_numbers_when_small(
    tmp_path: Path,
) -> None:
    app = with_urgent_alert(tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "a", "1")
        assert isinstance(app.screen, ConfirmScreen)
        text = shown(app)
        assert not numbers_missing(text)
        assert "Yes, mark it (y)" in text and "Keep it open (n)" in text


@SWEEP
async def test_a_screen_that_needs_a_larger_window_asks_with_the_numbers_shown(
    tmp_path: Path,
) -> None:
    app = with_urgent_alert(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "c", "3")
        checkin = app.screen
        assert isinstance(checkin, CheckInScreen)
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await settle(app, pilot)
            if too_small(*size):
                assert isinstance(app.screen, TooSmallScreen), size
                text = shown(app)
                assert not numbers_missing(text), size
                assert "Please make this window a little larger" in text
            else:
                assert app.screen is checkin, size
        assert checkin.answers == {"dizziness": 3}


async def test_the_request_for_a_larger_window_shows_no_numbers_without_an_urgent_alert(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(50, 15)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "c")
        assert isinstance(app.screen, TooSmallScreen)
        assert "Crisis line" not in shown(app)


@pytest.mark.parametrize(("country", "line"), [("GB", "116 123"), ("AU", "13 11 14")])
async def test_the_number_is_the_one_for_the_country_in_settings(
    tmp_path: Path, country: str, line: str
) -> None:
    app = with_urgent_alert(tmp_path)
    settings = app.journal.settings()
    app.journal.save_settings(replace(settings, country=country))
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        text = shown(app)
        assert line in text and CARE_TEAM in text
        assert "988" not in text
