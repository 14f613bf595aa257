"""Help, the command palette and every dialog bring the patient back to exactly where they
were, answers in place (issue 21, point 1): Help in the middle of a check-in returns to
the same question with the answers so far, not to Home."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.checkin import CheckInScreen
from ketacheck.tui.screens.help import HelpScreen
from ketacheck.tui.screens.history import HistoryScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.questionnaire import QuestionnaireScreen
from ketacheck.tui.screens.settings import SettingsScreen
from ketacheck.tui.screens.trends import TrendsScreen
from ketacheck.tui.screens.welcome import WelcomeScreen
from tests.screen_text import screen_text
from tests.tui_support import FakeClock, build_app, settle

Walk = Callable[[KetacheckApp, Pilot[None]], Awaitable[None]]


async def press(app: KetacheckApp, pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)


async def type_into_first_box(app: KetacheckApp, pilot: Pilot[None], text: str) -> None:
    box = app.screen.query(Input).first()
    box.focus()
    await settle(app, pilot)
    await press(app, pilot, "end", *text)


def keys(*pressed: str, typed: str = "") -> Walk:
    """A way there: keys from Home, then (if ``typed``) words into the screen's first box."""

    async def walk(app: KetacheckApp, pilot: Pilot[None]) -> None:
        await press(app, pilot, *pressed)
        if typed:
            await type_into_first_box(app, pilot, typed)

    return walk


async def to_the_intention(app: KetacheckApp, pilot: Pilot[None]) -> None:
    """A check-in with every core answer given and words half typed in a text box."""
    await press(app, pilot, "c", "3", "enter", "2", "enter", "4", "enter", "6", "enter", "n")
    await press(app, pilot, "m")
    screen = app.screen
    assert isinstance(screen, CheckInScreen)
    while screen.step != "intention":
        await press(app, pilot, "enter")
    await type_into_first_box(app, pilot, "a slow walk")


#: Every screen where a patient may be part-way through something, and how to get there.
IN_PROGRESS: dict[str, Walk] = {
    "check-in, a question": keys("c", "3", "enter", "2"),
    "check-in, the review": keys(
        "c", "3", "enter", "2", "enter", "4", "enter", "6", "enter", "n", "enter"
    ),
    "check-in, words being typed": to_the_intention,
    "PHQ-9, item 3": keys("w", "1", "2"),
    "settings, a change not saved": keys("s", typed="9"),
    "export, a path typed": keys("e", typed="x"),
    "log an infusion, a note typed": keys("i", "a", typed="felt calm"),
    "resolve an alert, own words typed": keys("a", "5", typed="rang the clinic"),
}


def place(screen: Screen[Any]) -> tuple[object, ...]:
    """Where the patient is on ``screen``: its step and answers, what each box holds, and
    which widget has the focus."""
    step = getattr(screen, "step", None)
    answers = getattr(screen, "answers", None)
    copied = dict(answers) if isinstance(answers, dict) else list(answers or [])
    boxes = [(box.id, box.value) for box in screen.query(Input)]
    focused = screen.focused.id if screen.focused is not None else None
    return step, copied, boxes, focused


async def through_the_palette(app: KetacheckApp, pilot: Pilot[None], title: str) -> None:
    """Open the command palette, type ``title`` and run the first match."""
    await press(app, pilot, "ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*title)
    for _ in range(20):  # the palette searches in the background
        await pilot.pause(0.02)
    await press(app, pilot, "enter")


async def help_key(app: KetacheckApp, pilot: Pilot[None]) -> type[Screen[Any]]:
    # In a text box "?" is a character; F1 is Help there.
    key = "f1" if isinstance(app.focused, Input) else "question_mark"
    await press(app, pilot, key)
    return HelpScreen


async def f1(app: KetacheckApp, pilot: Pilot[None]) -> type[Screen[Any]]:
    await press(app, pilot, "f1")
    return HelpScreen


async def palette_closed(app: KetacheckApp, pilot: Pilot[None]) -> type[Screen[Any]]:
    await press(app, pilot, "ctrl+p")
    return CommandPalette


async def palette_help(app: KetacheckApp, pilot: Pilot[None]) -> type[Screen[Any]]:
    await through_the_palette(app, pilot, "Help")
    return HelpScreen


async def palette_trends(app: KetacheckApp, pilot: Pilot[None]) -> type[Screen[Any]]:
    await through_the_palette(app, pilot, "Trends")
    return TrendsScreen


OPENERS = {
    "?": help_key,
    "F1": f1,
    "palette, closed again": palette_closed,
    "palette, Help": palette_help,
    "palette, Trends": palette_trends,
}


@pytest.mark.parametrize("opener", list(OPENERS))
@pytest.mark.parametrize("where", list(IN_PROGRESS))
async def test_help_and_the_palette_come_back_to_the_same_place(
    tmp_path: Path, where: str, opener: str
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        await IN_PROGRESS[where](app, pilot)
        screen = app.screen
        before = place(screen)
        assert before[1] or any(value for _, value in before[2]), "nothing in progress"

        opened = await OPENERS[opener](app, pilot)
        assert isinstance(app.screen, opened), type(app.screen).__name__
        await press(app, pilot, "escape")
        await settle(app, pilot)

        assert app.screen is screen
        assert place(screen) == before


async def test_help_from_the_welcome_form_keeps_what_was_typed(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        await type_into_first_box(app, pilot, "Dr Lee")
        before = place(screen)
        for opener in (f1, palette_help):
            await opener(app, pilot)
            assert isinstance(app.screen, HelpScreen)
            await press(app, pilot, "escape")
            assert app.screen is screen
            assert place(screen) == before


async def test_a_screen_open_below_is_gone_back_to_not_opened_twice(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "y", "t")
        assert [type(s) for s in app.screen_stack] == [HomeScreen, HistoryScreen, TrendsScreen]
        await through_the_palette(app, pilot, "History")
        assert [type(s) for s in app.screen_stack] == [HomeScreen, HistoryScreen]
        await press(app, pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_a_check_in_below_is_never_closed_to_reach_a_screen(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "c", "3", "enter")
        checkin = app.screen
        await through_the_palette(app, pilot, "Settings")
        assert isinstance(app.screen, SettingsScreen)
        await through_the_palette(app, pilot, "Check in")
        # Never a second check-in over the first: Settings says where the first one is.
        settings = app.screen
        assert isinstance(settings, SettingsScreen)
        assert [type(s) for s in app.screen_stack].count(CheckInScreen) == 1
        await pilot.pause(0.1)
        said = " ".join(screen_text(app).split())
        assert "Check in is already open, further back: press Escape to go back to it." in said
        await press(app, pilot, "escape")
        assert app.screen is checkin
        # The nausea step was shown, so its tick box counts as answered: not sick.
        assert isinstance(checkin, CheckInScreen)
        assert checkin.answers == {"dizziness": 3, "vomited": False}


async def test_the_phq9_comes_back_too_after_the_palette_opens_history(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "w", "1", "2", "0")
        form = app.screen
        assert isinstance(form, QuestionnaireScreen)
        await through_the_palette(app, pilot, "History")
        assert isinstance(app.screen, HistoryScreen)
        await press(app, pilot, "escape")
        assert app.screen is form and form.step == 3 and form.answers[:3] == [1, 2, 0]
