"""Without colour every state and the focus still show: in characters, or underlined.

Run with ``NO_COLOR`` set, in Textual's dark theme and in ketacheck's high-contrast one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, RadioSet, Select

from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.exchange import ExportScreen
from ketacheck.tui.screens.settings import SettingsScreen
from ketacheck.tui.themes import HIGH_CONTRAST_THEME
from ketacheck.tui.widgets.pickers import ScalePicker
from ketacheck.tui.widgets.toggles import OnOffSwitch
from tests.screen_text import screen_text
from tests.tui_support import FakeClock, build_app

THEMES = ["textual-dark", HIGH_CONTRAST_THEME.name]


@pytest.fixture(autouse=True)
def no_color(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("HOME", str(tmp_path))


def _marks(widget: Widget) -> list[tuple[str, bool, bool]]:
    """What the widget shows with colour taken away: each piece of text, and whether it
    is underlined or reversed."""
    shown = []
    for strip in widget.render_lines(Region(0, 0, *widget.outer_size)):
        for segment in strip:
            style = segment.style
            underline = bool(style and style.underline)
            reverse = bool(style and style.reverse)
            shown.append((segment.text, underline, reverse))
    return shown


async def _focus_shows(app: KetacheckApp, pilot: object, widget: Widget, shown: Widget) -> None:
    app.set_focus(None)
    await pilot.pause()  # type: ignore[attr-defined]
    blurred = _marks(shown)
    widget.focus()
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    focused = _marks(shown)
    assert focused != blurred, f"focus on {widget!r} shows only as a shade"
    assert (
        any(u for _, u, _ in focused)
        or any(r for _, _, r in focused)
        or {t for t, _, _ in focused} != {t for t, _, _ in blurred}
    )


@pytest.mark.parametrize("theme", THEMES)
async def test_export_formats_differ_in_characters(tmp_path: Path, theme: str) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.press("e")
        await pilot.pause()
        assert app.no_color and isinstance(app.screen, ExportScreen)
        text = screen_text(app)
        assert "(•) JSON" in text and "( ) CSV" in text
        await pilot.press("c")
        await pilot.pause()
        text = screen_text(app)
        assert "( ) JSON" in text and "(•) CSV" in text


@pytest.mark.parametrize("theme", THEMES)
async def test_the_clock_switch_says_on_or_off(tmp_path: Path, theme: str) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 40)) as pilot:
        app.theme = theme
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        switch = app.screen.query_one("#settings-clock", OnOffSwitch)
        switch.scroll_visible(animate=False)
        await pilot.pause()

        def clock_row() -> str:
            [line] = [line for line in screen_text(app).splitlines() if "24-hour clock" in line]
            return line

        before = "[x] on" if switch.value else "[ ] off"
        after = "[ ] off" if switch.value else "[x] on"
        assert before in clock_row()
        switch.toggle()
        await pilot.pause()
        assert after in clock_row() and before not in clock_row()


@pytest.mark.parametrize("theme", THEMES)
async def test_focus_shows_without_colour_in_the_export_dialog(tmp_path: Path, theme: str) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        for button in screen.query(Button).results(Button):
            await _focus_shows(app, pilot, button, button)
        box = screen.query_one(Input)
        await _focus_shows(app, pilot, box, box)
        radios = screen.query_one(RadioSet)
        await _focus_shows(app, pilot, radios, radios.query_one("#export-format-json"))


@pytest.mark.parametrize("theme", THEMES)
async def test_focus_shows_without_colour_in_settings(tmp_path: Path, theme: str) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 40)) as pilot:
        app.theme = theme
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        box = screen.query(Input).first(Input)
        await _focus_shows(app, pilot, box, box)
        switch = screen.query_one(OnOffSwitch)
        await _focus_shows(app, pilot, switch, switch)
        select = screen.query(Select).first(Select)
        await _focus_shows(app, pilot, select, select.query_one("SelectCurrent #label"))


@pytest.mark.parametrize("theme", THEMES)
async def test_focus_shows_without_colour_on_the_scale_and_in_lists(
    tmp_path: Path, theme: str
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.press("c")
        await pilot.pause()
        scale = app.screen.query_one(ScalePicker)
        await _focus_shows(app, pilot, scale, scale)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        await _focus_shows(app, pilot, table, table)


@pytest.mark.parametrize("theme", THEMES)
async def test_the_checkins_tick_box_says_ticked_or_not_in_characters(
    tmp_path: Path, theme: str
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.press("c", "3", "enter", "2")  # the nausea step, with "I have been sick"
        await pilot.pause()

        def sick_row() -> str:
            lines = screen_text(app).splitlines()
            [line] = [line for line in lines if "been sick" in line and "[" in line]
            return line

        assert "[ ]" in sick_row() and "[x]" not in sick_row()
        await pilot.press("v")
        await pilot.pause()
        assert "[x]" in sick_row() and "[ ]" not in sick_row()


async def test_each_line_of_a_chart_is_drawn_in_its_own_character(tmp_path: Path) -> None:
    """Without colour each line and its legend entry use a character of their own (with
    colour they do too: tests/test_tui_marks.py)."""
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = screen_text(app)
        legend = [line for line in shown.splitlines() if "Infusion " in line]
        for marker, number in zip("•+xo", range(1, 5), strict=True):
            assert any(f"{marker * 2} Infusion {number}" in line for line in legend), legend
        plotted = "".join(line.split("Infusion")[0] for line in shown.splitlines()[7:20])
        assert "x" in plotted and "+" in plotted  # the lines themselves, not only the legend
        assert not any("\u2800" <= ch <= "\u28ff" for ch in shown)  # no braille dots
