"""The moments the alerts issue named, walked in the app: a "yes" left unsaved, an edit."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from ketacheck.core.alert_records import BY_ANSWER_CHANGE
from ketacheck.tui.screens.checkin import CheckInScreen
from ketacheck.tui.screens.checkin_done import CheckInDoneScreen
from ketacheck.tui.screens.crisis import CrisisScreen
from ketacheck.tui.screens.home import HomeScreen
from tests.tui_support import FakeClock, build_app


def panel(app) -> str:  # type: ignore[no-untyped-def]
    widget = app.screen.query_one("#alerts", Static)
    return str(widget.render()) if widget.display else ""


async def test_a_yes_is_kept_at_once_and_the_next_start_shows_the_crisis_line(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    app = build_app(data, FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ["c", "0", "enter", "0", "enter", "4", "enter", "2", "enter", "y"]:
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        draft_id = app.screen.checkin_id
        await pilot.press("ctrl+q")  # quit before the last step: nothing else is saved
        await pilot.pause()
    urgent = [a for a in app.journal.alerts() if a.code == "self_harm"]
    assert [(a.is_open, a.source_id) for a in urgent] == [(True, draft_id)]
    assert all(c.id != draft_id for c in app.journal.checkins())

    again = build_app(data, FakeClock())
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        shown = panel(again)
        assert "Please reach out for help now." in shown and "988" in shown
        # Carrying on with the kept draft and saving it adds no second urgent alert.
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(again.screen, CheckInScreen)
        assert again.screen.checkin_id == draft_id
        while not isinstance(again.screen, CheckInDoneScreen):
            await pilot.press("enter")
            await pilot.pause()
            await again.workers.wait_for_complete()
            if isinstance(again.screen, CrisisScreen):
                await pilot.press("escape")
                await pilot.pause()
    urgent = [a for a in again.journal.alerts() if a.code == "self_harm"]
    assert len(urgent) == 1 and urgent[0].is_open
    assert draft_id in {c.id for c in again.journal.checkins()}


async def test_editing_nausea_7_to_2_in_history_closes_its_alert(tmp_path: Path) -> None:
    clock = FakeClock()
    app = build_app(tmp_path / "data", clock, demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        for key in ["c", "0", "enter", "7", "enter", "4", "enter", "6", "enter", "n"]:
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CheckInDoneScreen)
        saved = app.journal.checkins()[-1]
        (nausea,) = [a for a in app.journal.alerts() if a.code == "severe_nausea" and a.is_open]
        assert saved.id in [o.source_id for o in nausea.occurrences]
        await pilot.press("escape")
        await pilot.pause()

        # Change it through the same screen the history's Edit opens.
        clock.advance(minutes=10)
        app.push_screen(CheckInScreen(editing=saved))
        await pilot.pause()
        steps = app.screen.steps()
        app.screen.step = steps[1]  # the nausea question
        app.screen.show_step()
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        while app.screen.step != "review":
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    after = {a.id: a for a in app.journal.alerts()}[nausea.id]
    if saved.id == nausea.source_id and len(nausea.occurrences) == 1:
        assert (after.is_open, after.closed_by) == (False, BY_ANSWER_CHANGE)
        assert after.resolved_at == clock.now
    else:
        assert saved.id not in [o.source_id for o in after.occurrences]
