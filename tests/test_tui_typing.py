"""Letters typed into a text box are text: no single-letter key acts while a box has focus.

Every text box that sits beside single-letter keys is typed into with those very letters;
the box must hold exactly what was typed, and nothing else may happen (no screen opens or
closes, no format changes, nothing is saved).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from textual import events
from textual.keys import KEY_NAME_REPLACEMENTS
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton

from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.exchange import ExportScreen, ImportScreen
from ketacheck.tui.screens.infusion_forms import AppointmentForm, InfusionForm
from ketacheck.tui.screens.report import ReportScreen
from ketacheck.tui.screens.resolve import ResolveAlertScreen
from ketacheck.tui.screens.settings import SettingsScreen
from tests.screen_text import screen_lines
from tests.test_tui_alerts import check_in
from tests.tui_support import FakeClock, build_app

#: Every single-letter key the app binds somewhere, and digits, in a path-like text: each
#: once (each key typed waits for the screen to settle, and Settings has many boxes).
TYPED = "~/cjeq r?syn.maitwdpufh10"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


def _key_name(char: str) -> str:
    """Textual's name for the key that types ``char``: ``a``, ``slash``, ``space``."""
    if char.isalnum():
        return char
    name = unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")
    return KEY_NAME_REPLACEMENTS.get(name, name)


async def _type(pilot: Pilot[None], text: str, settle_each: bool = False) -> None:
    """Type ``text`` into the box that has focus: every key is sent as the terminal would
    send it, and the app catches up once (Pilot.press waits for the screen to settle after
    each key, which made one test of Settings take a minute). ``settle_each`` when a key
    moves the focus first, as a person types (one key at a time, each handled at once)."""
    if settle_each:
        for char in text:
            await pilot.press(char)
    else:
        for char in text:
            pilot.app.post_message(events.Key(_key_name(char), char))
        await pilot.pause()
    await pilot.pause()


async def _type_into_each_box(app: KetacheckApp, pilot: Pilot[None]) -> int:
    """Type ``TYPED`` into every text box of the screen in front; returns how many."""
    screen = app.screen
    boxes = [box for box in screen.query(Input).results(Input) if box.display]
    records = (len(app.journal.checkins()), len(app.journal.infusions()))
    for box in boxes:
        before = box.value
        box.focus()
        await pilot.press("end", "ctrl+u")
        await _type(pilot, TYPED)
        assert app.screen is screen, f"typing in #{box.id} left the screen"
        assert app.screen.focused is box
        if box.type == "text":
            expected = TYPED[: box.max_length] if box.max_length else TYPED
            assert box.value == expected, f"#{box.id} holds {box.value!r}"
        else:  # a number box takes the digits and ignores the letters
            assert "10" in box.value and not any(c.isalpha() for c in box.value), box.value
        box.value = before
    assert (len(app.journal.checkins()), len(app.journal.infusions())) == records
    return len(boxes)


@pytest.mark.parametrize("screen_type", [ExportScreen, ReportScreen, ImportScreen])
async def test_the_file_dialogs_path_boxes_take_every_letter(
    tmp_path: Path, screen_type: type[ExportScreen | ReportScreen | ImportScreen]
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(screen_type())
        await pilot.pause()
        assert await _type_into_each_box(app, pilot) == 1
        if isinstance(app.screen, ExportScreen):
            assert app.screen.export_format == "json"  # "c" and "j" typed, not pressed


async def test_in_the_path_box_the_format_letters_leave_the_key_bar(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        key_bar = screen_lines(app)[-1]
        assert " j JSON " in key_bar and " c CSV " in key_bar
        app.screen.path_box.focus()
        await pilot.pause()
        key_bar = screen_lines(app)[-1]
        assert "JSON" not in key_bar and "CSV" not in key_bar


async def test_a_path_typed_with_the_button_focused_reaches_the_box(
    tmp_path: Path, home: Path
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.focused is not None and screen.focused.id == "export-go"
        await _type(pilot, "~/for-dr-lee.json", settle_each=True)
        assert screen.path_box.value == "~/for-dr-lee.json"  # replacing the suggestion
        assert screen.export_format == "json"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.query_one("#export-format-json", RadioButton).value
    assert (home / "for-dr-lee.json").exists()


async def test_the_format_letters_still_work_away_from_the_box(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        await pilot.press("c")
        await pilot.pause()
        assert screen.export_format == "csv"
        assert screen.path_box.value.endswith(".csv")


async def test_settings_fields_take_every_letter(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert await _type_into_each_box(app, pilot) >= 3


async def test_infusion_and_appointment_forms_take_every_letter(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, InfusionForm)
        assert await _type_into_each_box(app, pilot) == 3
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, AppointmentForm)
        assert await _type_into_each_box(app, pilot) >= 1


async def test_the_checkin_text_steps_take_every_letter(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 40)) as pilot:
        for key in ["c", "0", "enter", "0", "enter", "6", "enter", "8", "enter", "n", "m"]:
            await pilot.press(key)
            await pilot.pause()
        typed_steps = []
        while app.screen.step != "review":  # type: ignore[attr-defined]
            step = app.screen.step  # type: ignore[attr-defined]
            if isinstance(app.screen.focused, Input):
                typed_steps.append(step)
                await _type_into_each_box(app, pilot)
                assert app.screen.step == step  # type: ignore[attr-defined]
            await pilot.press("enter")
            await pilot.pause()
        assert {"mood_words", "note"} <= set(typed_steps)


async def test_resolving_in_own_words_takes_every_letter(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await check_in(pilot, app, mood="1", self_harm="y")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, ResolveAlertScreen)
        open_alerts = [a for a in app.journal.alerts() if a.is_open]
        assert await _type_into_each_box(app, pilot) == 1
        assert [a for a in app.journal.alerts() if a.is_open] == open_alerts
