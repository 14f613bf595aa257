"""Time helpers: aware UTC in, aware UTC out. Nothing here reads the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from ketacheck.core.scales import ValidationError

#: A callable that returns the current time as an aware UTC datetime.
Clock = Callable[[], datetime]

#: Every time ketacheck keeps lies in these years. Beyond them a date is a typo or a
#: forgery, and arithmetic near the ends of Python's calendar (year 1, year 9999)
#: overflows as soon as a zone or a restriction's hours are added.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200


def utc_now() -> datetime:
    """The real clock, as an aware UTC datetime. The only place the app reads the time."""
    return datetime.now(UTC)


def ensure_utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC; a naive datetime is a programming error."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: every time in ketacheck carries its offset")
    return moment.astimezone(UTC)


def to_iso(moment: datetime) -> str:
    """The stored form of a moment: UTC ISO-8601 with offset, to the second."""
    return ensure_utc(moment).replace(microsecond=0).isoformat()


def parse_stored_time(field: str, value: Any) -> datetime:
    """Parse a stored or imported timestamp, which must carry an offset."""
    if not isinstance(value, str):
        raise ValidationError(field, "must be an ISO-8601 time such as 2026-11-22T14:05:00+00:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            field, f"{value!r} is not an ISO-8601 time such as 2026-11-22T14:05:00+00:00"
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationError(field, f"{value!r} has no UTC offset (add +00:00 or Z)")
    try:
        in_utc: datetime | None = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        in_utc = None
    if in_utc is None or not within_years(in_utc):
        raise ValidationError(field, f"{value!r} is outside the years {YEARS_TEXT}")
    return in_utc


YEARS_TEXT = f"{EARLIEST_YEAR} to {LATEST_YEAR}"


def within_years(moment: datetime) -> bool:
    """Whether ``moment`` lies in the years ketacheck keeps (1900 to 2200)."""
    return EARLIEST_YEAR <= moment.year <= LATEST_YEAR


def hours_between(earlier: datetime, later: datetime) -> float:
    """Hours from ``earlier`` to ``later`` (negative if ``later`` comes first)."""
    return (ensure_utc(later) - ensure_utc(earlier)) / timedelta(hours=1)


def format_duration(span: timedelta) -> str:
    """A short, friendly length of time: ``2 d 4 h``, ``14 h 12 m``, ``8 m``, ``under 1 m``."""
    seconds = max(0, int(span.total_seconds()))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} m" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} m"
    return "under 1 m"
