"""Notices cover no control: one line over the key bar, gone in a few seconds."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget

from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.checkin import CheckInScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.infusion_forms import AppointmentForm
from tests.screen_text import screen_lines
from tests.tui_support import FakeClock, build_app

#: The longest notice the app gives after an everyday action.
NOTICE = "Marked as dealt with. It stays in your history and report."


async def _open(app: KetacheckApp, pilot: object, where: str) -> None:
    await pilot.pause()  # type: ignore[attr-defined]
    keys = {"home": [], "checkin": ["c"], "appointment": ["i", "p"]}[where]
    for key in keys:
        await pilot.press(key)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
    expected = {"home": HomeScreen, "checkin": CheckInScreen, "appointment": AppointmentForm}
    assert isinstance(app.screen, expected[where])


def _controls(app: KetacheckApp) -> list[Widget]:
    return [
        widget
        for widget in app.screen.query("*").results(Widget)
        if widget.focusable and widget.display and widget.region.area
    ]


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
@pytest.mark.parametrize("where", ["home", "checkin", "appointment"])
async def test_a_notice_covers_no_control(
    tmp_path: Path, size: tuple[int, int], where: str
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=size, notifications=True) as pilot:
        await _open(app, pilot, where)
        app.notify(NOTICE)
        await pilot.pause()
        await pilot.pause()
        [toast] = app.screen.query("Toast")
        assert toast.region.height == 1
        assert toast.region.y == size[1] - 1  # the key bar's line
        controls = _controls(app)
        assert controls
        for control in controls:
            assert not toast.region.overlaps(control.region), control
        assert NOTICE in screen_lines(app)[-1]


async def test_a_titled_notice_is_one_line_and_replaces_the_one_before(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify("Check-in deleted. Press u to undo.")
        app.notify("The disk is full.", title="Not saved", severity="error")
        await pilot.pause()
        await pilot.pause()
        [toast] = app.screen.query("Toast")
        assert toast.region.height == 1
        assert "Not saved: The disk is full." in screen_lines(app)[-1]


async def test_the_scale_stays_whole_while_a_notice_shows_at_60x20(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await _open(app, pilot, "checkin")
        app.notify("Picked up your check-in where you left off.")
        await pilot.pause()
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert " 7   8   9   10" in text
