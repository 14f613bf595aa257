"""Turning what a patient types ("2pm", "yesterday 9:30", "1 hour ago") into aware UTC,
and showing a stored moment back in one way everywhere ("Today 21:08", "Wed 21:08").

What a typed time means:

- A time of day alone ("2pm", "14:00") is today; "yesterday" or "tomorrow" before or
  after it moves it a day. "12am" is midnight and "12pm" is noon.
- "N minutes ago" and "N hours ago" count real elapsed time back from now; "N days ago"
  and "in N days" keep the time of day on the wall clock, across a daylight-saving change.
- A wall-clock time that happens twice (the hour repeated when the clocks go back) means
  the first one; one that never happens (the hour skipped when they go forward) is
  refused with the time it became.
- A date and time without an offset ("2026-11-22 14:05") is the patient's local time.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from ketacheck.core.clock import YEARS_TEXT, ensure_utc, within_years
from ketacheck.core.scales import ValidationError

FUTURE_TOLERANCE = timedelta(minutes=5)
#: How much of what was typed a message quotes back.
_QUOTED_CHARS = 40
_DAY_SHIFTS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_DAY = r"today|yesterday|tomorrow"
# The patterns are compiled (and kept by ``re``) when first used: the app's first frame
# shows times but parses none, and compiling them all cost it about 0.5 ms.
_CLOCK_TIME = (
    rf"^(?:(?P<day>{_DAY})\s+)?(?:at\s+)?"
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?:(?P<meridiem>[ap])\.?\s?m\.?)?"
    rf"(?:\s+(?P<after>{_DAY}))?$"
)
_AMOUNT = r"(?P<amount>\d+(?:\.\d+)?|an?|half\s+an?|half)"
_UNIT = r"(?P<unit>minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)"
_AGO = rf"^{_AMOUNT}\s*{_UNIT}\s+ago$"
_AHEAD = rf"^in\s+{_AMOUNT}\s*{_UNIT}$"
#: A span's unit by its first letter: minutes and hours are elapsed time, days and weeks
#: keep the wall-clock time.
_UNIT_MINUTES = {"m": 1, "h": 60}
_UNIT_DAYS = {"d": 1, "w": 7}

#: What the help lines and messages offer; a date is added from the clock (see examples).
HELP = 'use "now", "2pm", "yesterday 9:30", "1 hour ago" or a date and time'
HELP_AHEAD = 'use "tomorrow 2pm", "today 16:30", "in 3 days" or a date and time'

_RELATIVE_DAYS = {0: "Today", -1: "Yesterday", 1: "Tomorrow"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def localize(naive: datetime, tz: tzinfo | None, *, strict: bool = False) -> datetime:
    """Read a wall-clock time in ``tz`` (or this computer's zone when None) as UTC.

    A time the clocks repeat means the first one. A time they skip reads with the offset
    before the change (02:30 becomes 03:30), unless ``strict``, which refuses it.

    Raises:
        ValidationError: for a time at the very edge of the calendar, or a skipped time
            when ``strict``.
    """
    try:
        moment = naive.astimezone(UTC) if tz is None else naive.replace(tzinfo=tz).astimezone(UTC)
        wall = moment.astimezone(tz).replace(tzinfo=None)
    except (OverflowError, ValueError, OSError):
        raise ValidationError("time", f"{naive.isoformat()} is outside the calendar") from None
    if strict and wall != naive.replace(microsecond=wall.microsecond):
        jump = abs(wall - naive)
        amount = (
            "an hour" if jump == timedelta(hours=1) else f"{jump // timedelta(minutes=1)} minutes"
        )
        raise ValidationError(
            "time",
            f"there is no {naive:%H:%M} on {format_date(naive.date())} where you are: the "
            f"clocks went forward {amount} that night. Did you mean {naive + jump:%H:%M}?",
        )
    return moment


def to_local(moment: datetime, tz: tzinfo | None) -> datetime:
    """Show an aware moment in ``tz`` (or this computer's zone when None)."""
    return ensure_utc(moment).astimezone(tz)


def local_date(moment: datetime, tz: tzinfo | None) -> date:
    """The calendar date of ``moment`` where the patient is."""
    return to_local(moment, tz).date()


def examples(now: datetime, tz: tzinfo | None, *, ahead: bool = False) -> str:
    """What a time field accepts, with a date example on the right side of ``now``.

    A week ahead for appointments (``ahead``), yesterday otherwise, so an example is
    never refused for lying on the wrong side of today.
    """
    today = local_date(now, tz)
    if ahead:
        return f"{HELP_AHEAD} like {today + timedelta(days=7):%Y-%m-%d} 14:00"
    return f"{HELP} like {today - timedelta(days=1):%Y-%m-%d} 14:05"


def parse_when(
    text: str,
    now: datetime,
    tz: tzinfo | None = None,
    *,
    field: str = "time",
    allow_future: bool = False,
) -> datetime:
    """Parse a time the patient typed (see the module's docstring for what each means).

    Args:
        text: "now", "2pm", "today 09:30", "yesterday 9:30 pm", "90 minutes ago",
            "in 3 days", or ISO-8601; a time without an offset is local.
        now: The current time (aware).
        tz: The patient's zone; None means this computer's.
        field: The field name used in error messages.
        allow_future: Accept times more than a few minutes ahead (appointments).

    Raises:
        ValidationError: if the text is not a time, or lies in the future when not allowed.
    """
    now = ensure_utc(now)
    shown = text.strip()
    if len(shown) > _QUOTED_CHARS:
        shown = shown[: _QUOTED_CHARS - 1] + "…"
    cleaned = _plain(text)
    help_text = examples(now, tz, ahead=allow_future)
    if not cleaned:
        raise ValidationError(field, f"is empty; {help_text}")
    try:
        moment = _read(cleaned, now, tz)
    except ValidationError as exc:
        raise ValidationError(field, exc.problem) from None
    if moment is None:
        raise ValidationError(field, f"{shown!r} is not a time I understand; {help_text}")
    if not within_years(moment):
        raise ValidationError(field, f"{shown!r} is outside the years {YEARS_TEXT}")
    if not allow_future and moment - now > FUTURE_TOLERANCE:
        if bare_clock_time(shown):
            raise ValidationError(
                field,
                f'{shown!r} is later today; if you mean yesterday, type "yesterday {shown}"',
            )
        raise ValidationError(field, f"{shown!r} is in the future")
    return moment


_DAYS_AHEAD = (
    r"^(?:in\s+(?P<amount>\d+|an?)\s*(?P<unit>days?|d|weeks?|wks?|w)|(?P<day>today|tomorrow))"
    r"(?:\s+(?:at\s+)?(?P<clock>.+))?$"
)


def parse_appointment(
    text: str, now: datetime, tz: tzinfo | None = None, *, keep: time | None = None
) -> datetime:
    """An appointment's time as typed: anything :func:`parse_when` takes ahead of now,
    and a day without a time ("in 3 days", "tomorrow") with one ("in 3 days 2pm",
    "tomorrow at 9:30 am").

    A day without a time takes ``keep`` (the time of day of the appointment it replaces)
    and is refused without one: an appointment is never set at the minute it was typed.

    Raises:
        ValidationError: as :func:`parse_when`, or asking for the time of day.
    """
    cleaned = _plain(text)
    match = re.match(_DAYS_AHEAD, cleaned)
    if match is None:
        return parse_when(text, now, tz, field="appointment", allow_future=True)
    if match["day"]:
        days = _DAY_SHIFTS[match["day"]]
    else:
        amount = 1 if match["amount"] in ("a", "an") else int(match["amount"])
        days = amount * _UNIT_DAYS[match["unit"][0]]
    if match["clock"]:
        at = parse_time_of_day(match["clock"], "appointment")
    elif keep is not None:
        at = keep
    else:
        said = " ".join(text.split())[:_QUOTED_CHARS]
        raise ValidationError(
            "appointment", f'"{said}" at what time? Add the time, such as "{said} 2pm"'
        )
    day = local_date(now, tz) + timedelta(days=days)
    try:
        return localize(datetime.combine(day, at), tz, strict=True)
    except ValidationError as exc:
        raise ValidationError("appointment", exc.problem) from None


def parse_next_appointment(
    text: str, now: datetime, tz: tzinfo | None = None, current: datetime | None = None
) -> datetime:
    """The next appointment as typed (:func:`parse_appointment`), which must lie ahead.

    A day without a time ("in 3 days") keeps the time of day of ``current``, the
    appointment it moves, if there is one.

    Raises:
        ValidationError: for a time that isn't understood, or one that has passed.
    """
    keep = None if current is None else to_local(current, tz).time().replace(second=0)
    moment = parse_appointment(text, now, tz, keep=keep)
    if moment < ensure_utc(now) - FUTURE_TOLERANCE:
        tomorrow = f' If you mean tomorrow, type "tomorrow {text.strip()}".'
        raise ValidationError(
            "appointment",
            "that time has already passed; the next appointment is ahead."
            + (tomorrow if bare_clock_time(text) else ""),
        )
    return moment


def bare_clock_time(text: str) -> bool:
    """Whether ``text`` is a time of day without a day ("2pm", "14:00"), so means today."""
    match = re.match(_CLOCK_TIME, _plain(text))
    return match is not None and not (match["day"] or match["after"])


def _plain(text: str) -> str:
    """``text`` folded for reading: any script's digits as 0-9, one space, lower case."""
    folded = "".join(
        str(unicodedata.digit(char)) if unicodedata.category(char) == "Nd" else char
        for char in unicodedata.normalize("NFKC", text)
    )
    return " ".join(folded.split()).casefold()


def _read(cleaned: str, now: datetime, tz: tzinfo | None) -> datetime | None:
    """The moment ``cleaned`` names, or None when it is none of the forms understood."""
    if cleaned == "now":
        return now.replace(microsecond=0)
    if match := re.match(_CLOCK_TIME, cleaned):
        return _clock_time(match, now, tz)
    if match := re.match(_AGO, cleaned) or re.match(_AHEAD, cleaned):
        return _span(match, now, tz, back=cleaned.endswith("ago"))
    try:
        parsed = datetime.fromisoformat(cleaned.upper())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return localize(parsed, tz, strict=True)
    try:
        return parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValidationError("time", f"{parsed:%Y-%m-%d %H:%M} is outside the calendar") from None


def _clock_time(match: re.Match[str], now: datetime, tz: tzinfo | None) -> datetime:
    if match["day"] and match["after"]:
        raise ValidationError("time", 'give the day once, e.g. "yesterday 2pm"')
    shift = _DAY_SHIFTS[match["day"] or match["after"] or "today"]
    day = local_date(now, tz) + timedelta(days=shift)
    return localize(datetime.combine(day, _time_of(match)), tz, strict=True)


def _time_of(match: re.Match[str]) -> time:
    """The time of day a :data:`_CLOCK_TIME` match names.

    Raises:
        ValidationError: for an hour past 12 with am/pm, a bare hour without am/pm, or a
            time past 23:59.
    """
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    typed = f"{match['hour']}:{match['minute']}" if match["minute"] else match["hour"]
    if match["meridiem"]:
        if not 1 <= hour <= 12:
            raise ValidationError(
                "time", f"{hour} is not an hour on a 12-hour clock (they go from 1 to 12)"
            )
        hour = hour % 12 + (12 if match["meridiem"] == "p" else 0)
    elif match["minute"] is None:
        suggest = f'"{hour}:00", "{hour}am" or "{hour}pm"' if 1 <= hour <= 12 else f'"{hour}:00"'
        raise ValidationError("time", f"{typed!r} needs minutes or am/pm, such as {suggest}")
    if hour > 23 or minute > 59:
        raise ValidationError("time", f"{typed} is not a time of day")
    return time(hour, minute)


def parse_time_of_day(text: str, field: str = "time") -> time:
    """A time of day as people type it: "9am", "9:30 pm", "9.30pm", "21:00", "at 7pm".

    Raises:
        ValidationError: for anything else (a day, a span, an hour without am/pm), with
            what to type instead.
    """
    match = re.match(_CLOCK_TIME, _plain(text))
    if match is None or match["day"] or match["after"]:
        shown = text.strip()[:_QUOTED_CHARS]
        raise ValidationError(
            field, f'{shown!r} is not a time of day; type one such as "9am", "9:30 pm" or "21:00"'
        )
    try:
        return _time_of(match)
    except ValidationError as exc:
        raise ValidationError(field, exc.problem) from None


def _span(match: re.Match[str], now: datetime, tz: tzinfo | None, *, back: bool) -> datetime:
    amount_text = match["amount"]
    if amount_text.startswith("half"):
        amount = 0.5
    elif amount_text in ("a", "an"):
        amount = 1.0
    else:
        amount = float(amount_text)
    sign = -1 if back else 1
    unit = match["unit"][0]
    try:
        if unit in _UNIT_MINUTES:
            span = timedelta(minutes=amount * _UNIT_MINUTES[unit])
            return (now + sign * span).replace(microsecond=0)
        wall = to_local(now, tz).replace(tzinfo=None, microsecond=0)
        return localize(wall + sign * timedelta(days=amount * _UNIT_DAYS[unit]), tz)
    except (OverflowError, ValueError, ValidationError):
        # Beyond the calendar: the edge of it, which the caller's years check refuses.
        return datetime.min.replace(tzinfo=UTC) if back else datetime.max.replace(tzinfo=UTC)


def format_clock(moment: datetime, tz: tzinfo | None, clock_24h: bool = True) -> str:
    """A time of day in the patient's zone: ``14:05`` or ``2:05 PM``."""
    local = to_local(moment, tz)
    if clock_24h:
        return local.strftime("%H:%M")
    return local.strftime("%I:%M %p").lstrip("0")


def format_date(day: date, today: date | None = None) -> str:
    """A calendar date as ``Wed 25 Nov``, with the year when it is not ``today``'s year."""
    text = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return text if today is not None and day.year == today.year else f"{text} {day.year}"


def format_when(
    moment: datetime,
    tz: tzinfo | None,
    *,
    now: datetime,
    clock_24h: bool = True,
    sentence: bool = False,
) -> str:
    """The one way a moment is shown in lists and messages, by the patient's own calendar.

    ``Today 21:08``, ``Yesterday 01:38`` and ``Tomorrow 14:00``; a weekday within six
    days either side (``Wed 21:08``), so no weekday can mean two days; else the date
    (``Wed 25 Nov 21:08``), with the year when it is not this year. Days are counted on
    the local calendar, so they are right across midnight and daylight-saving changes.

    Args:
        moment: The moment to show (aware).
        tz: The patient's zone; None means this computer's.
        now: The current time, which decides "today".
        clock_24h: ``21:08`` rather than ``9:08 PM``.
        sentence: "today", "yesterday" and "tomorrow" in lower case, for the middle of
            a sentence ("lifts tomorrow 10:15").
    """
    day, today = local_date(moment, tz), local_date(now, tz)
    apart = (day - today).days
    if apart in _RELATIVE_DAYS:
        word = _RELATIVE_DAYS[apart]
        word = word.lower() if sentence else word
    elif abs(apart) <= 6:
        word = WEEKDAYS[day.weekday()]
    else:
        word = format_date(day, today)
    return f"{word} {format_clock(moment, tz, clock_24h)}"


def format_full(moment: datetime, tz: tzinfo | None, clock_24h: bool = True) -> str:
    """A moment no one can mistake, for questions such as "Delete …?".

    ``Wed 25 Nov 2026 at 21:08``, in the patient's zone.
    """
    return f"{format_date(local_date(moment, tz))} at {format_clock(moment, tz, clock_24h)}"
