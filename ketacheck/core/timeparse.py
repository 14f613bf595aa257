"""Turning what a patient types ("now", "yesterday 14:00", ISO) into an aware UTC time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from ketacheck.core.clock import YEARS_TEXT, ensure_utc, within_years
from ketacheck.core.scales import ValidationError

FUTURE_TOLERANCE = timedelta(minutes=5)
_RELATIVE = re.compile(
    r"^(today|yesterday|tomorrow)?\s*(\d{1,2}):(\d{2})\s*(am|pm)?$", re.IGNORECASE
)
HELP = 'use "now", "today 09:30", "yesterday 14:00" or a date like 2026-11-22T14:05'


def localize(naive: datetime, tz: tzinfo | None) -> datetime:
    """Read a wall-clock time in ``tz`` (or this computer's zone when None) as UTC.

    Raises:
        ValidationError: for a time at the very edge of the calendar.
    """
    try:
        if tz is None:
            return naive.astimezone(UTC)
        return naive.replace(tzinfo=tz).astimezone(UTC)
    except (OverflowError, ValueError, OSError):
        raise ValidationError("time", f"{naive.isoformat()} is outside the calendar") from None


def to_local(moment: datetime, tz: tzinfo | None) -> datetime:
    """Show an aware moment in ``tz`` (or this computer's zone when None)."""
    return ensure_utc(moment).astimezone(tz)


def local_date(moment: datetime, tz: tzinfo | None) -> date:
    """The calendar date of ``moment`` where the patient is."""
    return to_local(moment, tz).date()


def parse_when(
    text: str,
    now: datetime,
    tz: tzinfo | None = None,
    *,
    field: str = "time",
    allow_future: bool = False,
) -> datetime:
    """Parse a time the patient typed.

    Args:
        text: "now", "today 09:30", "yesterday 14:00", "9:30 pm", or ISO-8601; a time
            without an offset is local.
        now: The current time (aware).
        tz: The patient's zone; None means this computer's.
        field: The field name used in error messages.
        allow_future: Accept times more than a few minutes ahead (appointments).

    Raises:
        ValidationError: if the text is not a time, or lies in the future when not allowed.
    """
    now = ensure_utc(now)
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError(field, f"is empty; {HELP}")
    if cleaned.lower() == "now":
        return now.replace(microsecond=0)
    match = _RELATIVE.match(cleaned)
    if match:
        moment = _relative(match, now, tz, field)
    else:
        try:
            parsed = datetime.fromisoformat(cleaned)
        except ValueError:
            raise ValidationError(
                field, f"{cleaned!r} is not a time I understand; {HELP}"
            ) from None
        try:
            moment = localize(parsed, tz) if parsed.tzinfo is None else parsed.astimezone(UTC)
        except (ValidationError, OverflowError, ValueError):
            raise ValidationError(field, f"{cleaned!r} is outside the calendar") from None
    if not within_years(moment):
        raise ValidationError(field, f"{cleaned!r} is outside the years {YEARS_TEXT}")
    if not allow_future and moment - now > FUTURE_TOLERANCE:
        raise ValidationError(field, f"{cleaned!r} is in the future")
    return moment


def _relative(match: re.Match[str], now: datetime, tz: tzinfo | None, field: str) -> datetime:
    day_word, hour_text, minute_text, meridiem = match.groups()
    hour, minute = int(hour_text), int(minute_text)
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValidationError(field, f"{hour} is not an hour on a 12-hour clock")
        hour = hour % 12 + (12 if meridiem.lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValidationError(field, f"{hour_text}:{minute_text} is not a time of day")
    today = local_date(now, tz)
    shift = {"yesterday": -1, "tomorrow": 1}.get((day_word or "").lower(), 0)
    day = today + timedelta(days=shift)
    return localize(datetime.combine(day, time(hour, minute)), tz)


def format_clock(moment: datetime, tz: tzinfo | None, clock_24h: bool = True) -> str:
    """A time of day in the patient's zone: ``14:05`` or ``2:05 PM``."""
    local = to_local(moment, tz)
    if clock_24h:
        return local.strftime("%H:%M")
    return local.strftime("%I:%M %p").lstrip("0")


def format_day_time(
    moment: datetime, tz: tzinfo | None, clock_24h: bool = True, now: datetime | None = None
) -> str:
    """A moment as ``Mon 10:45`` (or with the date when it is over a week from ``now``)."""
    local = to_local(moment, tz)
    clock = format_clock(moment, tz, clock_24h)
    if now is not None and abs(ensure_utc(moment) - ensure_utc(now)) > timedelta(days=6):
        return f"{local:%a %d %b} {clock}"
    return f"{local:%a} {clock}"
