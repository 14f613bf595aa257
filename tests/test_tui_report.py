"""The report key: it asks where, never replaces a file unasked, and shows the path whole."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Input, Static

from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.confirm import ConfirmScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.report import ReportScreen
from tests.screen_text import screen_lines
from tests.tui_support import FakeClock, build_app

TODAY = "2026-11-23"


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A home folder of the test's own, with a short path as a real one has."""
    folder = Path(tempfile.mkdtemp(prefix="kc-home-"))
    monkeypatch.setenv("HOME", str(folder))
    yield folder
    shutil.rmtree(folder)


async def _settle(app: KetacheckApp, pilot: object) -> None:
    """Wait for the work of the screen in front (not a flow waiting on a dialog above)."""
    for _ in range(2):
        await pilot.pause()  # type: ignore[attr-defined]
        in_front = [
            w
            for w in app.workers
            if not w.is_finished
            and (w.node is app or (w.node if isinstance(w.node, Screen) else w.node.screen))
            is app.screen
        ]
        if in_front:  # an empty list would wait for every worker
            await app.workers.wait_for_complete(in_front)
        await pilot.pause()  # type: ignore[attr-defined]


def _message(app: KetacheckApp) -> str:
    return str(app.screen.query_one("#report-message", Static).render())


async def _open_report(app: KetacheckApp, pilot: object) -> ReportScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("r")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, ReportScreen)
    return app.screen


async def test_r_asks_where_then_saves_and_shows_the_path_on_one_line(
    tmp_path: Path, home: Path
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    expected = home / f"ketacheck-report-{TODAY}.html"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_report(app, pilot)
        assert not expected.exists()  # nothing is written before the patient says so
        assert screen.query_one("#report-path", Input).value == str(expected)
        await pilot.press("enter")
        await _settle(app, pilot)
        assert "Saved a summary of" in _message(app)
        assert str(expected) in _message(app).splitlines()
        assert any(str(expected) in line for line in screen_lines(app))
        assert not app._notifications  # said in the dialog, not in a toast
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert "ketacheck" in expected.read_text()


async def test_the_default_never_names_a_file_that_is_there(tmp_path: Path, home: Path) -> None:
    first = home / f"ketacheck-report-{TODAY}.html"
    first.write_text("this morning's report")
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_report(app, pilot)
        second = home / f"ketacheck-report-{TODAY}-2.html"
        assert screen.query_one("#report-path", Input).value == str(second)
        await pilot.press("enter")
        await _settle(app, pilot)
    assert first.read_text() == "this morning's report"
    assert "ketacheck" in second.read_text()


async def test_a_file_is_replaced_only_after_a_yes(tmp_path: Path, home: Path) -> None:
    existing = home / "for-dr-lee.html"
    existing.write_text("the old report")
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_report(app, pilot)
        screen.query_one("#report-path", Input).value = str(existing)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await _settle(app, pilot)
        assert app.screen is screen
        assert "Nothing was written" in _message(app)
        assert existing.read_text() == "the old report"

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await _settle(app, pilot)
        assert "Saved a summary of" in _message(app)
    assert "ketacheck" in existing.read_text()


async def test_a_long_path_keeps_to_one_line_and_stays_whole_in_the_box(
    tmp_path: Path, home: Path
) -> None:
    folder = home / ("a-very-long-folder-name-for-the-clinic-" * 3).rstrip("-")
    folder.mkdir()
    target = folder / "summary-for-my-appointment.html"
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_report(app, pilot)
        box = screen.query_one("#report-path", Input)
        box.value = str(target)
        await pilot.press("enter")
        await _settle(app, pilot)
        message = screen.query_one("#report-message", Static)
        shown = str(message.render()).splitlines()[-1]
        assert len(str(target)) > message.content_region.width
        assert len(shown) <= message.content_region.width
        assert shown.endswith(target.name) and "…" in shown
        assert shown.startswith(str(home)[:10])
        assert box.value == str(target)  # the whole path is still there to read
    assert target.exists()


async def test_a_missing_folder_is_told_in_plain_words(tmp_path: Path, home: Path) -> None:
    target = home / "no-such-folder" / "report.html"
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_report(app, pilot)
        screen.query_one("#report-path", Input).value = str(target)
        await pilot.press("enter")
        await _settle(app, pilot)
        message = _message(app)
        assert "doesn't exist" in message and "no-such-folder" in message
        assert "Errno" not in message and "Traceback" not in message
    assert not target.parent.exists()
