"""Blood pressure and pulse in the app at 80x24: typed as the cuff shows it, checked in
place, and a very high reading says to measure again and call now."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from ketacheck.core.settings import Settings
from ketacheck.store.journal import Journal
from ketacheck.tui.screens.checkin import CheckInScreen
from ketacheck.tui.screens.checkin_done import CheckInDoneScreen
from tests.screen_text import screen_text
from tests.tui_support import NOW, build_app

#: From Home to the blood pressure step: the core answers, no to the crisis question,
#: m for more, then Enter past tiredness and headache.
TO_BLOOD_PRESSURE = ["c", "0", "enter", "0", "enter", "6", "enter", "8", "enter", "n", "m"]
TO_BLOOD_PRESSURE += ["enter", "enter"]


def _said(app) -> str:  # type: ignore[no-untyped-def]
    """The screen's words as one line, as the patient reads them across the panel's edges."""
    return " ".join(screen_text(app).replace("│", " ").split())


async def _reach_blood_pressure(pilot) -> None:  # type: ignore[no-untyped-def]
    for key in TO_BLOOD_PRESSURE:
        await pilot.press(key)
        await pilot.pause()


async def _save_from_here(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Enter past every later optional step, then save."""
    while isinstance(app.screen, CheckInScreen) and app.screen.step != "review":
        await pilot.press("enter")
        await pilot.pause()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_very_high_reading_says_measure_again_and_call_now(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _reach_blood_pressure(pilot)
        screen = screen_text(app)
        assert "what did the cuff show?" in screen
        assert "Blood pressure" in screen and "mmHg" in screen and "Pulse" in screen
        await pilot.press(*"184/96", "enter", *"88", "enter")
        await pilot.pause()
        await _save_from_here(app, pilot)
        assert isinstance(app.screen, CheckInDoneScreen)
        shown = _said(app)
        assert "Your blood pressure reading of 184/96 is very high." in shown
        assert "measure again" in shown
    new = max(app.journal.checkins(), key=lambda c: c.at)
    assert new.at == NOW
    assert (new.systolic, new.diastolic, new.pulse) == (184, 96, 88)
    assert [a.code for a in new.alerts if a.level == "call-now"] == ["blood_pressure_very_high"]


async def test_a_bad_reading_is_named_in_place_and_nothing_moves_on(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _reach_blood_pressure(pilot)
        for typed, said in [
            ("84/128", "The top number (systolic, 84) must be higher than the bottom number"),
            ("300/84", "The top number (systolic) must be from 50 to 260 mmHg, not 300."),
            ("128", "Please type your blood pressure as both its numbers, like 128/84."),
        ]:
            box = app.screen.query_one("#in-systolic", Input)
            box.value = typed
            box.focus()
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen.step == "blood_pressure"
            assert said in _said(app)
        box.value = "128/84"
        await pilot.pause()
        await pilot.press("enter", *"9", "enter")
        await pilot.pause()
        assert app.screen.step == "blood_pressure"
        assert "Your pulse must be from 25 to 250 beats a minute, not 9." in screen_text(app)


async def test_an_empty_reading_is_skipped_with_one_key(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _reach_blood_pressure(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.step == "sleep"


async def test_the_clinics_level_in_settings_means_call_today(tmp_path: Path) -> None:
    data = tmp_path / "data"
    journal = Journal.open(data, NOW.date())
    journal.save_settings(Settings(onboarded=True, bp_call_today_systolic=140))
    journal.close()
    app = build_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _reach_blood_pressure(pilot)
        await pilot.press(*"142/80", "enter", "enter")
        await pilot.pause()
        await _save_from_here(app, pilot)
        shown = _said(app)
        assert "at or above the level your clinic asked you to report" in shown


async def test_the_clinics_levels_are_set_in_settings_and_empty_means_none(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        top = screen.query_one("#settings-bp-top", Input)
        bottom = screen.query_one("#settings-bp-bottom", Input)
        assert (top.value, bottom.value) == ("", "")
        top.value = "180"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        problem = str(screen.query_one("#settings-bp-top-problem", Static).render())
        assert problem == (
            "Must be from 100 to 179 mmHg, not 180 (from 180 the app always says to call now)."
        )
        top.value = "140"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        assert app.screen is not screen
    assert app.journal.settings().clinic_bp == (140, None)


async def test_the_trends_have_bp_and_pulse_tabs_that_fit_80_columns(tmp_path: Path) -> None:
    from ketacheck.tui.screens.trends import TrendsScreen
    from ketacheck.usecases.checkins import record_checkin

    app = build_app(tmp_path / "data", demo=True)
    first = app.journal.infusions()[0].started_at
    core = {"dizziness": 0, "nausea": 0, "fluids_glasses": 4, "mood": 7}
    for days, (top, bottom, pulse) in [(1, (130, 85, 70)), (3, (150, 95, 80))]:
        reading = {"systolic": top, "diastolic": bottom, "pulse": pulse}
        record_checkin(app.journal, {**core, **reading}, first + timedelta(days=days))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_open("trends")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        tab_row = next(line for line in screen_text(app).splitlines() if "Nausea" in line)
        for name in ("Dizziness", "Headache", "PHQ-9/GAD-7", "BP", "Pulse"):
            assert name in tab_row, tab_row
        await pilot.press("8")
        await pilot.pause()
        assert screen.metric == "blood_pressure"
        assert [s.label for s in screen.series] == ["Top (systolic)", "Bottom (diastolic)"]
        assert [s.values for s in screen.series] == [[130, 150], [85, 95]]
        assert screen.series[0].hours == [1.0, 3.0]
        await pilot.press("right")
        await pilot.pause()
        assert screen.metric == "pulse"
        assert [(s.label, s.values) for s in screen.series] == [("Pulse", [70, 80])]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_both_boxes_their_examples_and_units_show_whole_down_to_60_columns(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Each reading on a row of its own: at 60 columns the pulse box and "beats a minute"
    were cut off the right edge, and "e.g. 128/84" read "e.g." in its box."""
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=size) as pilot:
        await _reach_blood_pressure(pilot)
        screen = screen_text(app)
        for shown in ("e.g. 128/84", "mmHg", "e.g. 72", "beats a minute"):
            assert shown in screen, shown
        for box in app.screen.query(Input):
            assert box.region.right <= size[0]
            assert box.content_region.width >= len(box.placeholder), box.id
