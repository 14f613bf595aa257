"""Formatting shared by the screens: local times with the patient's clock setting."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ketacheck.core.timeparse import format_clock, format_day_time

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp


def day_time(app: KetacheckApp, moment: datetime) -> str:
    """``Mon 10:45`` in the patient's zone and clock style."""
    return format_day_time(moment, app.tz, _clock_24h(app), app.clock())


def clock_time(app: KetacheckApp, moment: datetime) -> str:
    """``10:45`` (or ``10:45 AM``) in the patient's zone."""
    return format_clock(moment, app.tz, _clock_24h(app))


def _clock_24h(app: KetacheckApp) -> bool:
    return app.overview.settings.clock_24h if app.overview is not None else True
