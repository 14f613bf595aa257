"""Helpers for Pilot tests: a clock the test moves by hand, and an app on demo or empty data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from textual.pilot import Pilot
from textual.screen import Screen

from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.launch import make_app
from ketacheck.tui.widgets.countdown import RestrictionTable

#: A fixed "now" for TUI tests: Monday 23 November 2026, 10:00 in New York.
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
ZONE = ZoneInfo("America/New_York")


class FakeClock:
    """A clock that stands still until the test moves it."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move time forward, e.g. ``advance(hours=2)``."""
        self.now += timedelta(**delta)


def build_app(
    data_dir: Path, clock: FakeClock | None = None, *, demo: bool = False
) -> KetacheckApp:
    """An app on ``data_dir`` with a fixed clock and zone; ticks and disk polls are fast."""
    app = make_app(data_dir, clock=clock or FakeClock(), tz=ZONE, demo=demo)
    app.tick_seconds = 0.05
    app.poll_seconds = 0.1
    return app


async def settle(app: KetacheckApp, pilot: Pilot[None]) -> None:
    """Let the work of the screen in front finish.

    A flow of a screen further down that waits on a dialog in front (a form, a "Replace
    it?") never finishes until the dialog closes, so it is not waited for. Textual takes an
    empty list as "every worker", hence the check.
    """
    for _ in range(2):
        await pilot.pause()
        in_front = [
            worker
            for worker in app.workers
            if not worker.is_finished
            and (
                worker.node
                if isinstance(worker.node, Screen | KetacheckApp)
                else worker.node.screen
            )
            in (app.screen, app)
        ]
        if in_front:
            await app.workers.wait_for_complete(in_front)
    await pilot.pause()


def countdown_table(app: KetacheckApp) -> RestrictionTable:
    """Home's countdowns."""
    return app.screen.query_one("#restrictions", RestrictionTable)


def countdown_lines(app: KetacheckApp) -> dict[str, str]:
    """Each countdown row as Home draws it now, by restriction id (the line under the
    title that the table draws for it, without the spaces that fill it out)."""
    table = countdown_table(app)
    drawn = [table.render_line(y).text.rstrip() for y in range(table.size.height)]
    title, lines = drawn[: -len(table.rows)], drawn[-len(table.rows) :]
    assert " ".join(title).startswith("Please wait before"), title
    return dict(zip(table.rows, lines, strict=True))
