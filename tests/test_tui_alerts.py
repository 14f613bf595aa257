"""Open alerts on Home: they outlast later check-ins and leave only when the patient says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from ketacheck.tui.screens.checkin_done import CheckInDoneScreen
from ketacheck.tui.screens.confirm import ConfirmScreen
from ketacheck.tui.screens.crisis import CrisisScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.resolve import ResolveAlertScreen
from tests.tui_support import FakeClock, build_app


def panel(app) -> str:  # type: ignore[no-untyped-def]
    widget = app.screen.query_one("#alerts", Static)
    return str(widget.render()) if widget.display else ""


async def check_in(pilot, app, mood: str, self_harm: str) -> None:  # type: ignore[no-untyped-def]
    for key in ["c", "0", "enter", "0", "enter", "4", "enter", mood, "enter", self_harm]:
        await pilot.press(key)
        await pilot.pause()
    if self_harm == "y":
        assert isinstance(app.screen, CrisisScreen)
        await pilot.press("escape")
        await pilot.pause()
    await pilot.press("enter", "enter")  # past "more", then save from the review
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, CheckInDoneScreen)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, HomeScreen)


async def test_crisis_line_stays_on_home_after_a_calm_checkin_until_resolved(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = build_app(tmp_path / "data", clock, demo=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        # the demo's own alert first: resolve whatever the demo holds, to start clean
        while app.report is not None and app.report.alerts:
            await pilot.press("a")
            await pilot.pause()
            await pilot.press("3")
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert panel(app) == ""

        await check_in(pilot, app, mood="2", self_harm="y")
        assert "Crisis line" in panel(app)
        assert "local emergency number" in panel(app)

        clock.advance(hours=4)
        await check_in(pilot, app, mood="8", self_harm="n")
        shown = panel(app)
        assert "Crisis line" in shown and "988" in shown
        assert "Please reach out for help now." in shown  # Home says it compactly

        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ResolveAlertScreen)
        await pilot.press("escape")  # not yet: nothing changes
        await pilot.pause()
        assert "Crisis line" in panel(app)

        await pilot.press("a")
        await pilot.pause()
        await pilot.press("2")  # "I called the crisis line"
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")  # yes, I am safe now: mark it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Crisis line" not in panel(app)

    (kept,) = [a for a in app.journal.alerts() if a.code == "self_harm"]
    assert kept.resolution == "I called the crisis line"
    assert kept.resolved_at == clock.now
    assert kept.resolved_in == "app"


async def test_resolving_in_own_words(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await check_in(pilot, app, mood="1", self_harm="y")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen.focused, Input)
        await pilot.press("enter")  # empty words are not enough
        await pilot.pause()
        assert isinstance(app.screen, ResolveAlertScreen)
        for key in "My sister came over":
            await pilot.press("space" if key == " " else key)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm-yes")
        await app.workers.wait_for_complete()
        await pilot.pause()
    resolved = [a for a in app.journal.alerts() if not a.is_open]
    assert [a.resolution for a in resolved if a.code == "self_harm"] == ["My sister came over"]


async def test_resolve_key_does_nothing_without_open_alerts(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        while not isinstance(app.screen, HomeScreen):  # leave the welcome screen
            app.pop_screen()
            await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def open_urgent_alert(pilot, app) -> None:  # type: ignore[no-untyped-def]
    """A US patient's check-in with a self-harm yes, the demo's own alerts cleared."""
    while app.report is not None and app.report.alerts:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
    await check_in(pilot, app, mood="2", self_harm="y")


@pytest.mark.parametrize(
    "keys",
    [["enter"], ["1"], ["enter", "enter"], ["1", "enter"], ["2", "enter", "enter"], ["3", "n"]],
)
async def test_no_reflex_resolves_an_urgent_alert(tmp_path: Path, keys: list[str]) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_urgent_alert(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ResolveAlertScreen)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()
        assert "self_harm" in [a.code for a in app.journal.alerts() if a.is_open]
        while not isinstance(app.screen, HomeScreen):
            await pilot.press("escape")
            await pilot.pause()
        assert "Crisis line" in panel(app)


async def test_the_urgent_dialog_shows_both_numbers_and_starts_on_keep_it_open(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_urgent_alert(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        numbers = str(app.screen.query_one("#resolve-numbers", Static).render())
        assert "988" in numbers  # the demo patient is in the US
        assert "555-0142" in numbers  # and their care team's number
        focused = app.screen.focused
        assert focused is not None and focused.id == "resolve-keep"
        assert app.screen.query_one("#resolve-numbers").region.y >= 0
        assert app.screen.query_one("#resolve-numbers").region.bottom <= 24
