"""Home fits a small window: open alerts said compactly, every countdown and today in view."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from ketacheck.core.crisis import crisis_text
from ketacheck.core.restrictions import DEFAULT_RESTRICTIONS
from ketacheck.demo import write_demo_journal
from ketacheck.tui.screens.checkin_done import CheckInDoneScreen
from ketacheck.tui.screens.crisis import CrisisScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.too_small import window_classes
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.usecases.status import status_report
from tests.tui_support import NOW, FakeClock, build_app, countdown_lines, countdown_table


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
        for selector in ("#alerts", "#course", "#restrictions", "#today"):
            assert in_view(app, screen.query_one(selector)), selector
        # The title and every row: the whole table is in view.
        assert countdown_table(app).region.height == 1 + len(DEFAULT_RESTRICTIONS)
        assert len(countdown_lines(app)) == len(DEFAULT_RESTRICTIONS)
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
        assert in_view(app, countdown_table(app))
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
        table = countdown_table(app)
        lines = countdown_lines(app)
        assert len(lines) == len(DEFAULT_RESTRICTIONS)
        assert table.size.width <= 56
        for restriction_id, shown in lines.items():
            assert len(shown) <= table.size.width, shown
            assert LIFT.search(shown), shown
            assert shown.startswith(table.rows[restriction_id].label), shown
        # Two days on, alcohol's time has passed: the row says to ask first, and since when.
        clock.advance(days=2)
        await pilot.pause(0.2)
        alcohol = countdown_lines(app)["alcohol"]
        assert alcohol.startswith("Alcohol ")
        assert "ask your care team first · since " in alcohol
        assert LIFT.search(alcohol), alcohol
        for shown in countdown_lines(app).values():
            assert LIFT.search(shown), shown


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


SIZE_CLASSES = {"-narrow", "-wide-enough", "-short", "-tall-enough"}


@pytest.mark.parametrize("size", [(40, 12), (59, 24), (60, 19), (60, 20), (80, 24), (200, 60)])
async def test_home_is_made_with_the_classes_textual_gives_its_window(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Home takes its window's classes while it is made, so the first frame is styled once;
    they are the ones Textual's breakpoints give it (else Home would be styled twice, or
    drawn for the wrong window)."""
    made_with: list[set[str]] = []
    compose = HomeScreen.compose

    def spy(self: HomeScreen):  # type: ignore[no-untyped-def]
        yield from compose(self)
        made_with.append(set(self.classes) & SIZE_CLASSES)

    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(HomeScreen, "compose", spy)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert isinstance(app.screen_stack[0], HomeScreen)
            given = set(app.screen_stack[0].classes) & SIZE_CLASSES
    assert len(given) == 2
    assert made_with == [given]
    wanted = {k for k, on in window_classes(*size).items() if on}
    assert wanted == given


async def test_home_is_not_restyled_row_by_row_before_its_first_frame(tmp_path: Path) -> None:
    """The countdown rows, the alert panel and the scroll get their classes (lifted, urgent,
    alerts open) before Textual first styles them: nothing of Home is restyled on its own
    before the first frame."""
    restyled: list[str] = []
    painted: list[bool] = []
    update_nodes = Stylesheet.update_nodes

    def spy_styles(self: Stylesheet, nodes, animate: bool = False) -> None:  # type: ignore[no-untyped-def]
        nodes = list(nodes)
        if nodes and not painted and not isinstance(nodes[0], Screen):
            restyled.append(type(nodes[0]).__name__)
        update_nodes(self, nodes, animate=animate)

    display = App._display

    def spy_display(self: App[None], screen: Screen[None], update: object) -> None:
        display(self, screen, update)  # type: ignore[arg-type]
        if update is not None:
            painted.append(True)

    # A day and a half after the demo's infusion: driving has lifted, alcohol has not.
    write_demo_journal(tmp_path / "data", NOW).close()
    app = build_app(tmp_path / "data", FakeClock(NOW + timedelta(hours=36)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Stylesheet, "update_nodes", spy_styles)
        patch.setattr(App, "_display", spy_display)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            home = app.screen
            assert isinstance(home, HomeScreen)
            # The demo has rows in both states and an alert open: all of it was set.
            rows = countdown_table(app).rows.values()
            assert any(row.lifted for row in rows)
            assert not all(row.lifted for row in rows)
            assert home.query_one("#home").has_class("-alerts-open")
    assert painted
    assert restyled == []


async def test_each_widget_of_home_is_styled_once_before_its_first_frame(
    tmp_path: Path,
) -> None:
    """Textual styles each widget as it mounts, and then again, all of them, when the
    screen is first shown; Home skips that second pass (nothing has changed in between),
    and looks the same: the snapshots and the test above hold what it shows."""
    styled: Counter[str] = Counter()
    painted: list[bool] = []
    apply = Stylesheet.apply

    def spy_apply(self: Stylesheet, node, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not painted and isinstance(node, Widget) and not isinstance(node, Screen):
            styled[f"{type(node).__name__}#{node.id}"] += 1
        return apply(self, node, *args, **kwargs)

    display = App._display

    def spy_display(self: App[None], screen: Screen[None], update: object) -> None:
        display(self, screen, update)  # type: ignore[arg-type]
        if update is not None:
            painted.append(True)

    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Stylesheet, "apply", spy_apply)
        patch.setattr(App, "_display", spy_display)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
    assert painted
    assert {"RestrictionTable#restrictions", "Static#course", "KeyBar#None"} <= set(styled)
    assert {name: n for name, n in styled.items() if n != 1} == {}


async def test_a_tick_while_home_is_made_is_shown_when_it_mounts(tmp_path: Path) -> None:
    """Home is drawn from the report of its making; if the clock ticks before it mounts,
    the newer report is shown as soon as it does, not a second later."""
    write_demo_journal(tmp_path / "data", NOW)
    clock = FakeClock(NOW)
    app = build_app(tmp_path / "data", clock)
    app.tick_seconds = 3600  # no tick but the one below
    compose = HomeScreen.compose

    def tick_after_compose(self: HomeScreen):  # type: ignore[no-untyped-def]
        yield from compose(self)
        clock.advance(hours=30)  # important decisions may be made again since
        assert self.app.overview is not None
        self.app.report = status_report(self.app.overview, clock())

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(HomeScreen, "compose", tick_after_compose)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            assert countdown_table(app).rows["decisions"].lifted
            assert "lifted" in countdown_lines(app)["decisions"]


@pytest.mark.parametrize(("size", "title_lines"), [((50, 15), 2), ((80, 24), 1)])
async def test_the_countdowns_title_wraps_whole_in_a_narrow_window(
    tmp_path: Path, size: tuple[int, int], title_lines: int
) -> None:
    """The title over the countdowns is never cut: a narrow window gives it a second
    line, and the table grows by it."""
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = countdown_table(app)
        drawn = [table.render_line(y).text.rstrip() for y in range(table.size.height)]
        title = drawn[: -len(table.rows)]
        assert len(title) == title_lines
        assert " ".join(title) == "Please wait before (your clinic's advice comes first)"
        assert all(len(line) <= table.size.width for line in drawn), drawn
        assert table.size.height == title_lines + len(table.rows)
        assert list(countdown_lines(app)) == list(table.rows)
