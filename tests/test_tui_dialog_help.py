"""Help opens from every dialog (Textual stops the App's keys at a modal screen), and
closing it comes back to the same dialog with what was typed in it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.confirm import ConfirmScreen
from ketacheck.tui.screens.crisis import CrisisScreen
from ketacheck.tui.screens.dialog import Dialog
from ketacheck.tui.screens.exchange import ImportScreen
from ketacheck.tui.screens.help import HelpScreen
from tests.tui_support import build_app, settle

Opener = Callable[[KetacheckApp, Pilot[None]], Awaitable[None]]


def keys(*pressed: str) -> Opener:
    async def open_it(app: KetacheckApp, pilot: Pilot[None]) -> None:
        for key in pressed:
            await pilot.press(key)
            await settle(app, pilot)

    return open_it


def pushed(make: Callable[[], Dialog[object]]) -> Opener:
    async def open_it(app: KetacheckApp, pilot: Pilot[None]) -> None:
        app.push_screen(make())
        await settle(app, pilot)

    return open_it


#: Every dialog, by how the patient reaches it.
DIALOGS: dict[str, Opener] = {
    "resolve an alert": keys("a"),
    "export": keys("e"),
    "report": keys("r"),
    "calendar": keys("m"),
    "check-in detail": keys("y", "enter"),
    "log an infusion": keys("i", "a"),
    "appointment": keys("i", "p"),
    "import": pushed(ImportScreen),
    "confirm": pushed(lambda: ConfirmScreen("Delete this check-in?")),
    "crisis": pushed(CrisisScreen),
}


@pytest.mark.parametrize("key", ["question_mark", "f1"])
@pytest.mark.parametrize("dialog", list(DIALOGS))
async def test_help_opens_from_every_dialog_and_escape_comes_back(
    tmp_path: Path, dialog: str, key: str
) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await DIALOGS[dialog](app, pilot)
        opened = app.screen
        assert isinstance(opened, Dialog)
        if key == "question_mark" and isinstance(app.focused, Input):
            app.screen.set_focus(None)  # "?" typed into a text box is text (next test)

        await pilot.press(key)
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)

        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is opened


async def test_a_question_mark_typed_into_a_path_is_text_and_survives_help(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        box = app.screen.query_one("#export-path", Input)
        box.value = ""
        box.focus()
        await pilot.press("w", "h", "y", "question_mark")
        await settle(app, pilot)
        assert box.value == "why?"
        assert not isinstance(app.screen, HelpScreen)

        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.query_one("#export-path", Input).value == "why?"
