"""Formatting shared by the screens: local times with the patient's clock setting.

Every list and message shows a moment with :func:`when` (``Today 21:08``, ``Wed 21:08``,
``Wed 18 Nov 21:08``); a question about one record names it with :func:`full_time`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ketacheck.core.timeparse import format_clock, format_day_time, format_full, format_when

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp


def when(app: KetacheckApp, moment: datetime, *, sentence: bool = False) -> str:
    """``Today 21:08``, ``Yesterday 01:38``, ``Wed 21:08`` or ``Wed 18 Nov 21:08``.

    The patient's zone, clock style and today; ``sentence`` writes "today", "yesterday"
    and "tomorrow" in lower case for the middle of a sentence.
    """
    return format_when(
        moment, app.tz, now=app.clock(), clock_24h=_clock_24h(app), sentence=sentence
    )


def full_time(app: KetacheckApp, moment: datetime) -> str:
    """``Wed 25 Nov 2026 at 21:08``: a moment no one can mistake, for questions."""
    return format_full(moment, app.tz, _clock_24h(app))


def day_time(app: KetacheckApp, moment: datetime) -> str:
    """``Mon 10:45``: the older short form, still used by Home; new code uses :func:`when`."""
    return format_day_time(moment, app.tz, _clock_24h(app), app.clock())


def clock_time(app: KetacheckApp, moment: datetime) -> str:
    """``10:45`` (or ``10:45 AM``) in the patient's zone."""
    return format_clock(moment, app.tz, _clock_24h(app))


def _clock_24h(app: KetacheckApp) -> bool:
    return app.overview.settings.clock_24h if app.overview is not None else True
