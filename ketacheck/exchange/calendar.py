"""The reminders as an iCalendar file (RFC 5545) a phone or desktop calendar imports.

Written with the ``icalendar`` package. Each event's UID comes from its reminder's key, so
importing a newer file updates the events instead of adding copies. Times are in UTC
(``...Z``), which every calendar shows in its own zone; the patient's zone is named in
``X-WR-TIMEZONE`` for the calendars that read it. Every event carries an alarm: at its
start, or for the appointment when fasting starts (or the evening before, for a night-time
start).
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from hashlib import sha256

from icalendar import Alarm, Calendar, Event

from ketacheck import __version__
from ketacheck.core.clock import ensure_utc
from ketacheck.core.contents import JournalContents
from ketacheck.core.reminders import Reminder, schedule

DEFAULT_DAYS = 14
MAX_DAYS = 366
#: How long a reminder sits in the calendar (an appointment has its own length).
REMINDER_LENGTH = timedelta(minutes=15)
UID_DOMAIN = "ketacheck.invalid"
CALENDAR_NAME = "ketacheck reminders"


def reminder_uid(reminder: Reminder) -> str:
    """A UID that is the same for the same reminder in every file, and says nothing private."""
    digest = sha256(reminder.key.encode("utf-8")).hexdigest()[:32]
    return f"{reminder.kind}-{digest}@{UID_DOMAIN}"


def calendar_reminders(
    contents: JournalContents, now: datetime, tz: tzinfo | None, days: int = DEFAULT_DAYS
) -> list[Reminder]:
    """The reminders a calendar file holds: from ``now`` for ``days`` days.

    Fasting is not an event of its own: it is the appointment's alarm.
    """
    now = ensure_utc(now)
    found = schedule(contents, now, now + timedelta(days=days), tz)
    return [r for r in found if r.kind != "fasting"]


def calendar_ics(
    contents: JournalContents,
    now: datetime,
    tz: tzinfo | None,
    days: int = DEFAULT_DAYS,
    *,
    zone_name: str | None = None,
) -> bytes:
    """The calendar file's bytes (CRLF lines, folded at 75 octets by the library).

    The zone named in ``X-WR-TIMEZONE`` is ``tz``'s, or ``zone_name`` for a ``tz`` of None
    (this computer's zone, when its name is known).
    """
    calendar = Calendar()
    calendar.add("prodid", f"-//ketacheck//ketacheck {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    zone = getattr(tz, "key", None) if tz is not None else zone_name
    if isinstance(zone, str):
        calendar.add("x-wr-timezone", zone)
    stamp = ensure_utc(now).replace(microsecond=0)
    for reminder in calendar_reminders(contents, now, tz, days):
        calendar.add_component(_event(reminder, stamp))
    ics: bytes = calendar.to_ical()
    return ics


def _event(reminder: Reminder, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", reminder_uid(reminder))
    event.add("dtstamp", stamp)
    event.add("dtstart", reminder.at)
    event.add("dtend", reminder.ends_at or reminder.at + REMINDER_LENGTH)
    event.add("summary", reminder.title)
    if reminder.detail:
        event.add("description", reminder.detail)
    event.add("categories", ["ketacheck"])
    # Reminders don't make the patient look busy; the appointment does.
    event.add("transp", "OPAQUE" if reminder.kind == "appointment" else "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", reminder.title)
    if reminder.alarm_at is None:
        alarm.add("trigger", timedelta(0))
    else:
        alarm.add("trigger", ensure_utc(reminder.alarm_at))
    event.add_component(alarm)
    return event
