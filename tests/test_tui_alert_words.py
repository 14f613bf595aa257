"""Honest words next to alerts on Home and after a check-in (issue 17, point 9)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from ketacheck.cli import main
from ketacheck.core.restrictions import STILL_DIZZY_WORDING
from ketacheck.tui.screens.checkin_done import CheckInDoneScreen
from tests.tui_support import NOW, FakeClock, build_app, countdown_lines, countdown_table

CALM_KEYS = ["c", "0", "enter", "0", "enter", "4", "enter", "7", "enter", "n"]


def run(data: Path, clock: FakeClock, *argv: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data), *argv], clock=clock, stdout=out, stderr=err)
    assert code == 0, err.getvalue()


def mild_days(data: Path) -> None:
    """An infusion two days before NOW, then three check-ins with dizziness 1."""
    clock = FakeClock(NOW - timedelta(days=2))
    run(data, clock, "infusion", "add", "--at", clock.now.isoformat())
    for hours in (30, 36, 44):
        clock.now = NOW - timedelta(days=2) + timedelta(hours=hours)
        run(
            data,
            clock,
            "checkin",
            *("--dizziness", "1", "--nausea", "0", "--fluids", "4", "--mood", "7"),
            *("--self-harm", "no"),
        )


def rendered(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    widget = app.screen.query_one(selector)
    return str(widget.render()) if widget.display else ""


async def test_home_lists_the_concern_once_and_holds_driving_while_dizzy(tmp_path: Path) -> None:
    data = tmp_path / "data"
    mild_days(data)
    app = build_app(data, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = rendered(app, "#alerts")
        assert panel.count("You still feel dizzy") == 1
        assert "(seen at 3 check-ins)" in panel
        lines, rows = countdown_lines(app), countdown_table(app).rows
        assert STILL_DIZZY_WORDING in lines["driving"]
        assert "✓" not in lines["driving"]
        assert rows["driving"].passed_not_lifted and not rows["driving"].lifted
        assert "✓ lifted" in lines["sedatives"]


async def test_a_calm_checkin_with_an_alert_open_never_says_nothing_needs_attention(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    mild_days(data)
    app = build_app(data, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in CALM_KEYS:
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CheckInDoneScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query(Static) if w.display)
        assert "Nothing needs your attention" not in shown
        assert "Still open from before: 1 alert. It stays on Home" in rendered(
            app, "#done-still-open"
        )
        await pilot.press("enter")
        await pilot.pause()
        # Dizziness 0 now: driving's time has passed and nothing holds it any more.
        assert "✓ lifted" in countdown_lines(app)["driving"]
        assert "You still feel dizzy" in rendered(app, "#alerts")


async def test_with_nothing_open_a_calm_checkin_says_so(tmp_path: Path) -> None:
    clock = FakeClock(NOW - timedelta(hours=3))
    run(tmp_path / "data", clock, "infusion", "add", "--at", clock.now.isoformat())
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in CALM_KEYS:
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CheckInDoneScreen)
        assert "Nothing needs your attention" in rendered(app, "#done-tips")
        assert not app.screen.query("#done-still-open")
