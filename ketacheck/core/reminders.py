"""What to remind the patient of, and when: one schedule for the calendar file, the open app
and ``ketacheck remind``.

Every reminder has a stable key derived from what it is (the infusion and restriction, the
local day and time of a check-in reminder, the appointment's time), so a calendar imported
twice updates its events and a reminder already announced is never announced again.

Titles are what a locked screen may show: no answer, note or score, only "time for your
check-in" or "driving: 24 hours have passed". The longer ``detail`` is for the calendar.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal

from msgspec import Struct

from ketacheck.core.checklist import MEDICINES, MOOD, RIDE
from ketacheck.core.clock import ensure_utc
from ketacheck.core.contents import JournalContents
from ketacheck.core.course import INTEGRATION_DAYS, fasting_starts_at
from ketacheck.core.questionnaires import QUESTIONNAIRES
from ketacheck.core.records import Infusion, latest_infusion_before
from ketacheck.core.restrictions import Restriction, configured_restrictions, length_words
from ketacheck.core.timeparse import format_clock, localize, to_local

ReminderKind = Literal["restriction", "checkin", "questionnaire", "fasting", "ride", "appointment"]

#: Days after an infusion with a reminder at each of the patient's times; then only the first.
TWICE_DAILY_DAYS = 3
#: The evening before an appointment, a reminder to arrange the ride there and back.
RIDE_EVENING = time(19, 0)
#: A fasting start in the night is announced the evening before instead, at this time.
NIGHT_STARTS, NIGHT_ENDS, FASTING_EVENING = time(22, 0), time(7, 0), time(21, 0)
#: How long an appointment is shown for in a calendar.
APPOINTMENT_LENGTH = timedelta(hours=1)
#: A check-in within this long before a check-in reminder makes that reminder unnecessary.
RECENT_CHECKIN = timedelta(hours=3)


class Reminder(Struct, frozen=True):
    """One moment worth a reminder.

    Attributes:
        key: Stable and unique: what the reminder is about, never when it was made.
        kind: What sort of reminder it is.
        at: When it falls due (aware UTC).
        title: One line a locked screen may show: no health details beyond the kind.
        detail: More words for the calendar event's description.
        ends_at: When the event ends, for an appointment; else it is a moment.
        alarm_at: When a calendar alarm should go off, if not at ``at``.
        restriction: For a restriction's reminder, the restriction (its label, and whether
            it asks first).
    """

    key: str
    kind: ReminderKind
    at: datetime
    title: str
    detail: str = ""
    ends_at: datetime | None = None
    alarm_at: datetime | None = None
    restriction: Restriction | None = None


def schedule(
    contents: JournalContents, since: datetime, until: datetime, tz: tzinfo | None
) -> list[Reminder]:
    """Every reminder that falls due from ``since`` up to and including ``until``, in order.

    ``tz`` is the patient's zone (None: this computer's): check-in times and "the evening
    before" are local, so they keep their wall-clock time across a daylight-saving change.
    """
    since, until = ensure_utc(since), ensure_utc(until)
    found = [
        *_restrictions(contents, until),
        *_checkins(contents, since, until, tz),
        *_questionnaires(contents, since, tz),
        *_appointment(contents, tz),
    ]
    # A stable sort: reminders of one moment keep their table order (driving first).
    return sorted((r for r in found if since <= r.at <= until), key=lambda r: (r.at, r.kind))


def due_now(
    contents: JournalContents,
    since: datetime,
    now: datetime,
    tz: tzinfo | None,
    announced: frozenset[str] | set[str] = frozenset(),
) -> list[Reminder]:
    """The reminders to announce at ``now``: due since ``since``, not announced yet, and
    still worth saying (a check-in reminder is dropped once the patient has checked in)."""
    due = []
    for reminder in schedule(contents, since, now, tz):
        if reminder.key in announced:
            continue
        if reminder.kind == "checkin" and _checked_in_since(contents, reminder.at):
            continue
        due.append(reminder)
    return due


def _checked_in_since(contents: JournalContents, moment: datetime) -> bool:
    return any(c.at >= moment - RECENT_CHECKIN for c in contents.checkins)


def restriction_title(restriction: Restriction) -> str:
    """``Driving: 24 hours have passed``; for one that asks first, to check first."""
    passed = length_words(restriction.hours)
    title = f"{restriction.label}: {passed} have passed"
    if restriction.ask_first:
        return f"{title}; check with your care team first"
    return title


def _latest(contents: JournalContents, moment: datetime) -> Infusion | None:
    return latest_infusion_before(list(contents.infusions), moment)


def _restrictions(contents: JournalContents, until: datetime) -> Iterator[Reminder]:
    infusion = _latest(contents, until)
    if infusion is None:
        return
    for restriction in configured_restrictions(contents.settings.restriction_hours):
        lifts = infusion.ended_at + timedelta(hours=restriction.hours)
        if restriction.ask_first:
            detail = (
                f"The {length_words(restriction.hours)} after your infusion have "
                "passed. This is not a go-ahead: check with your care team first."
            )
        else:
            detail = f"Your clinic's wait for {restriction.label.lower()} is over."
        yield Reminder(
            f"restriction/{infusion.id}/{restriction.id}",
            "restriction",
            lifts,
            restriction_title(restriction),
            f"{detail} {restriction.why}",
            restriction=restriction,
        )


def _local_days(start: datetime, end: datetime, tz: tzinfo | None) -> Iterator[date]:
    day, last = to_local(start, tz).date(), to_local(end, tz).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def _checkins(
    contents: JournalContents, since: datetime, until: datetime, tz: tzinfo | None
) -> Iterator[Reminder]:
    """Each time on the first days after an infusion, then the first time daily, to day 10."""
    times = contents.settings.reminder_times
    seen: set[str] = set()
    for infusion in contents.infusions:
        window_end = infusion.ended_at + timedelta(days=INTEGRATION_DAYS)
        if window_end < since or infusion.ended_at > until:
            continue
        # The window ends at the next infusion: its own reminders take over from there.
        later = [i.started_at for i in contents.infusions if i.started_at > infusion.started_at]
        stop = min([window_end, *later])
        twice_until = infusion.ended_at + timedelta(days=TWICE_DAILY_DAYS)
        for day in _local_days(infusion.ended_at, stop, tz):
            for index, clock in enumerate(times):
                hour, minute = (int(part) for part in clock.split(":"))
                moment = localize(datetime.combine(day, time(hour, minute)), tz)
                if not infusion.ended_at < moment < stop:
                    continue
                if index > 0 and moment > twice_until:
                    continue
                key = f"checkin/{day.isoformat()}/{clock}"
                if key in seen:
                    continue
                seen.add(key)
                yield Reminder(
                    key,
                    "checkin",
                    moment,
                    "Time for your check-in",
                    "A short check-in on how you feel: open ketacheck and press c.",
                )


def _next_slot(after: datetime, clock: str, tz: tzinfo | None) -> datetime:
    """The first moment at the local time ``clock`` at or after ``after``."""
    hour, minute = (int(part) for part in clock.split(":"))
    day = to_local(after, tz).date()
    while True:
        moment = localize(datetime.combine(day, time(hour, minute)), tz)
        if moment >= after:
            return moment
        day += timedelta(days=1)


def _questionnaires(
    contents: JournalContents, since: datetime, tz: tzinfo | None
) -> Iterator[Reminder]:
    """Each questionnaire when it falls due: its interval after the last one, or at the next
    reminder time if it has never been taken or is already due."""
    interval = timedelta(days=contents.settings.questionnaire_interval_days)
    first_time = contents.settings.reminder_times[0]
    for kind, form in QUESTIONNAIRES.items():
        taken = [r for r in contents.questionnaires if r.kind == kind]
        last = max(taken, key=lambda r: r.at) if taken else None
        due_at = last.at + interval if last is not None else None
        if due_at is None or due_at < since:
            due_at = _next_slot(since, first_time, tz)
        yield Reminder(
            f"questionnaire/{kind}/after/{last.id if last else 'none'}",
            "questionnaire",
            due_at,
            f"Time for your {form.name} questionnaire",
            f"The {form.name} takes a few minutes: open ketacheck and press w.",
        )


def _appointment(contents: JournalContents, tz: tzinfo | None) -> Iterator[Reminder]:
    settings = contents.settings
    appointment = settings.next_appointment
    if appointment is None:
        return
    stamp = ensure_utc(appointment).strftime("%Y%m%dT%H%MZ")
    shown = format_clock(appointment, tz, settings.clock_24h)
    alarm = None
    lines = []
    if settings.fasting_hours > 0:
        fasting = fasting_starts_at(appointment, settings.fasting_hours)
        starts = format_clock(fasting, tz, settings.clock_24h)
        lines.append(
            f"Your clinic may ask you to stop eating from {starts} "
            f"({length_words(settings.fasting_hours)} before). "
            "Their instructions come first."
        )
        fasting_reminder = _fasting_reminder(fasting, starts, shown, stamp, tz)
        alarm = fasting_reminder.at
        yield fasting_reminder
    lines += [RIDE.text, MEDICINES.text, MOOD.text]
    yield Reminder(
        f"appointment/{stamp}",
        "appointment",
        ensure_utc(appointment),
        f"Clinic appointment at {shown}",
        "Before you go:\n" + "\n".join(f"- {line}" for line in lines),
        ends_at=ensure_utc(appointment) + APPOINTMENT_LENGTH,
        alarm_at=alarm,
    )
    evening = to_local(appointment, tz).date() - timedelta(days=1)
    yield Reminder(
        f"ride/{stamp}",
        "ride",
        localize(datetime.combine(evening, RIDE_EVENING), tz),
        f"Appointment tomorrow at {shown}: arrange a ride there and back",
        RIDE.text,
    )


def _fasting_reminder(
    fasting: datetime, starts: str, shown: str, stamp: str, tz: tzinfo | None
) -> Reminder:
    """When fasting starts; one that starts in the night is said the evening before."""
    local = to_local(fasting, tz)
    if local.time() >= NIGHT_STARTS or local.time() < NIGHT_ENDS:
        day = local.date() if local.time() >= NIGHT_STARTS else local.date() - timedelta(days=1)
        return Reminder(
            f"fasting/{stamp}",
            "fasting",
            min(fasting, localize(datetime.combine(day, FASTING_EVENING), tz)),
            f"Appointment at {shown}: your clinic may ask you to stop eating from {starts}",
        )
    return Reminder(
        f"fasting/{stamp}",
        "fasting",
        fasting,
        f"Appointment at {shown}: your clinic may ask you to stop eating from now",
    )
