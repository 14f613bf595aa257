"""Helpers for Pilot tests: a clock the test moves by hand, and an app on demo or empty data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.launch import make_app

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
