"""Home fits a small window: open alerts said compactly, every countdown and today in view."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widget import Widget
from textual.widgets import Static

from ketacheck.core.crisis import crisis_text
from ketacheck.core.restrictions import DEFAULT_RESTRICTIONS
from ketacheck.tui.screens.checkin_done import CheckInDoneScreen
from ketacheck.tui.screens.crisis import CrisisScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.widgets.countdown import RestrictionCountdown
from ketacheck.tui.widgets.keybar import KeyBar
from tests.tui_support import FakeClock, build_app


def in_view(app, widget: Widget) -> bool:  # type: ignore[no-untyped-def]
    """Whether all of ``widget`` is on the screen now, between the title and the key bar."""
    home = app.screen.query_one("#home")
    region = widget.region
    return (
        widget.display
        and region.height > 0
        and home.region.y <= region.y
        and region.bottom <= home.region.bottom
        and region.bottom <= app.screen.query_one(KeyBar).region.y
    )


def text(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).render())


async def check_in(pilot, app, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Answer a check-in with ``keys`` (ending with the self-harm answer) and go Home."""
    for key in ["c", *keys]:
        await pilot.press(key)
        await pilot.pause()
    if isinstance(app.screen, CrisisScreen):
        await pilot.press("escape")
        await pilot.pause()
    await pilot.press("enter", "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, CheckInDoneScreen)
    await pilot.press("escape")
    await pilot.pause(0.2)
    assert isinstance(app.screen, HomeScreen)


#: Calm symptoms, a low mood and thoughts of self-harm: an urgent and a call-today alert
#: (beside the demo's own call-now alert about nausea).
URGENT_AND_LOW_MOOD = ["0", "enter", "0", "enter", "4", "enter", "2", "enter", "y"]


async def test_at_80x24_alerts_countdowns_and_today_all_fit(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await check_in(pilot, app, URGENT_AND_LOW_MOOD)
        assert app.report is not None
        assert {a.level for a in app.report.alerts} == {"urgent", "call-now", "call-today"}
        screen = app.screen
        for selector in ("#alerts", "#course", "#restrictions-title", "#today"):
            assert in_view(app, screen.query_one(selector)), selector
        for row in screen.query(RestrictionCountdown):
            assert in_view(app, row), row.id
        assert len(screen.query(RestrictionCountdown)) == len(DEFAULT_RESTRICTIONS)
        assert in_view(app, screen.query_one("#questionnaire-due"))
        assert "PHQ-9 due" in text(app, "#questionnaire-due")
        assert "Today: 3 check-ins" in text(app, "#today")
        # The crisis line in full, and each open alert said in a line or so.
        panel = text(app, "#alerts")
        assert crisis_text(app.report.settings) in panel
        assert "Please reach out for help now." in panel
        assert "Call now: Your nausea is at 7 of 10, which is severe." in panel
        assert "Call today: Your mood (2 of 10) is well below your usual" in panel
        assert "555-0142" in panel and "press a" in panel
        assert "Feeling worse for a while" not in panel  # the rest is behind a


async def test_what_does_not_fit_says_more_below_until_it_is_seen(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await check_in(pilot, app, URGENT_AND_LOW_MOOD)
        more = app.screen.query_one("#home-more", Static)
        checklist = app.screen.query_one("#checklist")
        assert not in_view(app, checklist)
        assert more.display and more.region.height == 1
        assert "↓ More below" in str(more.render())
        assert more.region.bottom <= app.screen.query_one(KeyBar).region.y
        for _ in range(5):
            await pilot.press("pagedown")
            await pilot.pause()
        assert in_view(app, checklist)
        assert not more.display


async def test_four_alerts_are_listed_compactly_and_the_rest_counted(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    severe = ["8", "enter", "8", "enter", "4", "enter", "2", "enter", "y"]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await check_in(pilot, app, severe)
        # The demo's open nausea alert and this check-in's nausea 8 are one concern.
        assert app.report is not None and len(app.report.alerts) == 4
        assert len({a.code for a in app.report.alerts}) == 4
        panel = text(app, "#alerts")
        assert crisis_text(app.report.settings) in panel
        assert "+1 more: press a to read and mark each one." in panel
        assert in_view(app, app.screen.query_one("#alerts"))
        for row in app.screen.query(RestrictionCountdown):
            assert in_view(app, row), row.id
        assert app.screen.query_one("#home-more").display


async def test_the_panel_after_a_check_in_still_says_each_alert_in_full(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ["c", *URGENT_AND_LOW_MOOD]:
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CheckInDoneScreen)
        assert "Feeling worse for a while can happen" in text(app, "#alerts")


async def test_tips_come_after_every_alert_never_inside_the_crisis_panel(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        for key in ["c", "6", "enter", "0", "enter", "4", "enter", "2", "enter", "y"]:
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one("#alerts", Static)
        tips = app.screen.query_one("#done-tips", Static)
        assert "Rest is the right thing now" in str(tips.render())
        assert "Rest is the right thing" not in str(panel.render())
        assert tips.region.y >= panel.region.bottom
        # Home lists no tips at all, so none can sit beside its crisis line.
        await pilot.press("escape")
        await pilot.pause()
        assert "Rest is the right thing" not in text(app, "#alerts")


LIFT = re.compile(r"(lifts|lifted|since|at least until) \S+( \d+ \S+)? \d\d:\d\d$")


async def test_at_60x20_each_countdown_keeps_its_lift_time(tmp_path: Path) -> None:
    clock = FakeClock()
    app = build_app(tmp_path / "data", clock, demo=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause(0.2)
        rows = list(app.screen.query(RestrictionCountdown))
        assert len(rows) == len(DEFAULT_RESTRICTIONS)
        for row in rows:
            shown = str(row.render())
            assert row.size.width <= 56
            assert len(shown) <= row.size.width, shown
            assert LIFT.search(shown), shown
            assert shown.startswith(row.label), shown
        # Two days on, alcohol's time has passed: the row says to ask first, and since when.
        clock.advance(days=2)
        await pilot.pause(0.2)
        alcohol = str(app.screen.query_one("#restriction-alcohol").render())
        assert alcohol.startswith("Alcohol ")
        assert "ask your care team first · since " in alcohol
        assert LIFT.search(alcohol), alcohol
        for row in app.screen.query(RestrictionCountdown):
            assert LIFT.search(str(row.render())), str(row.render())


async def test_an_infusion_past_the_course_is_not_numbered_beyond_it(tmp_path: Path) -> None:
    from ketacheck.core.settings import Settings

    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.journal.save_settings(
            Settings.from_dict({**app.journal.settings().to_dict(), "planned_infusions": 3})
        )
        app.refresh_overview()
        await pilot.pause()
        course = text(app, "#course")
        assert "Fourth infusion · course of 3 done" in course
        assert "4 of 3" not in course


async def test_home_takes_focus_once_painted_so_the_arrow_keys_scroll_it(tmp_path: Path) -> None:
    """Home focuses its content after the first frame (focusing restyles all of it), and
    the down arrow scrolls from the very start; coming back keeps the focus it had."""
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await check_in(pilot, app, URGENT_AND_LOW_MOOD)
        home = app.screen.query_one("#home")
        assert app.focused is home
        home.scroll_home(animate=False)
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        assert home.scroll_y > 0
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is home
