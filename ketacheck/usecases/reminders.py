"""Reminders: the calendar file, and what is due now (``ketacheck remind``, the open app)."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from msgspec import Struct

from ketacheck.core.clock import ensure_utc
from ketacheck.core.contents import JournalContents
from ketacheck.core.reminders import Reminder, due_now
from ketacheck.core.scales import ValidationError
from ketacheck.core.words import plural
from ketacheck.store.remind_state import RemindState
from ketacheck.store.system_country import system_zone_name
from ketacheck.usecases.exchange import Rendered

#: One line on what to do with the file, for the CLI and the app.
CALENDAR_HOW = (
    "Open the file on this computer, or send it to your phone (by e-mail, say) and open it "
    "there: your calendar adds the reminders, and a newer file updates them."
)


def calendar_days(field: str, value: object) -> int:
    """Check how many days ahead the calendar file reaches.

    Raises:
        ValidationError: for anything but a whole number from 1 to 366.
    """
    from ketacheck.exchange.calendar import MAX_DAYS

    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
        raise ValidationError(field, f"must be a whole number of days from 1 to {MAX_DAYS}")
    return value


def render_calendar(
    contents: JournalContents, now: datetime, tz: tzinfo | None, days: int
) -> Rendered:
    """The reminders of the next ``days`` days as an iCalendar file."""
    from ketacheck.exchange.calendar import calendar_ics, calendar_reminders

    days = calendar_days("--days", days)
    count = len(calendar_reminders(contents, now, tz, days))
    what = f"{plural(count, 'reminder')} for the next {plural(days, 'day')}"
    zone = system_zone_name() if tz is None else None
    return Rendered(calendar_ics(contents, now, tz, days, zone_name=zone), what)


#: With nothing remembered (a first run, a damaged state file), look back only this far.
FIRST_LOOKBACK = timedelta(hours=1)
#: However long the computer was off or asleep, catch up on at most this long: a night.
MAX_CATCH_UP = timedelta(hours=12)
#: How long an announced reminder is remembered; the file of them stays small.
REMEMBER_FOR = timedelta(days=30)
#: What ``remind`` announces. The appointment itself is a calendar event, not a nudge:
#: its fasting start and the evening-before ride are what it reminds of.
REMIND_KINDS = frozenset({"restriction", "checkin", "questionnaire", "fasting", "ride"})


class RemindRun(Struct, frozen=True):
    """What one ``ketacheck remind`` announces, and the state to save before it does."""

    due: list[Reminder]
    state: RemindState

    def messages(self) -> list[tuple[str, ...]]:
        """The notifications to show, each as its lines: restrictions that lift at the
        same moment share one (seven pop-ups at once would be a lot), the rest one each."""
        messages: list[tuple[str, ...]] = []
        together: dict[datetime, list[str]] = {}
        for reminder in self.due:
            if reminder.kind != "restriction":
                messages.append((reminder.title,))
            elif reminder.at in together:
                together[reminder.at].append(reminder.title)
            else:
                together[reminder.at] = [reminder.title]
                messages.append(())  # a place kept in time order, filled below
        fill = iter(together.values())
        return [message or tuple(next(fill)) for message in messages]


def remind_since(state: RemindState | None, now: datetime) -> datetime:
    """From when to look for due reminders: the last run, within reason.

    No state, or a last run in the future (the clock was set back), looks back
    :data:`FIRST_LOOKBACK`; a long gap catches up on :data:`MAX_CATCH_UP` at most.
    """
    if state is None or state.last_run is None or state.last_run > now:
        return now - FIRST_LOOKBACK
    return max(state.last_run, now - MAX_CATCH_UP)


def due_reminders(
    contents: JournalContents, state: RemindState | None, now: datetime, tz: tzinfo | None
) -> RemindRun:
    """The reminders to announce at ``now``, each once, and what to remember of them.

    Every reminder found is remembered by its key, announced or not, so a clock set back
    or a second run never repeats one. Several check-in reminders missed while the
    computer was off become one; a fasting or ride reminder for an appointment that has
    passed is dropped.
    """
    now = ensure_utc(now)
    remembered = {} if state is None else dict(state.announced)
    remembered = {key: at for key, at in remembered.items() if at >= now - REMEMBER_FOR}
    found = due_now(contents, remind_since(state, now), now, tz, set(remembered))
    due = [r for r in found if r.kind in REMIND_KINDS and _still_worth_saying(contents, r, now)]
    checkins = [r for r in due if r.kind == "checkin"]
    due = [r for r in due if r.kind != "checkin" or r is checkins[-1]]
    remembered.update({reminder.key: now for reminder in found})
    # The latest time seen, not the latest run: a clock set back and then put right must
    # not look like a gap to catch up on.
    last_run = now if state is None or state.last_run is None else max(now, state.last_run)
    return RemindRun(due, RemindState(last_run, remembered))


def _still_worth_saying(contents: JournalContents, reminder: Reminder, now: datetime) -> bool:
    appointment = contents.settings.next_appointment
    if reminder.kind in ("fasting", "ride"):
        return appointment is not None and ensure_utc(appointment) > now
    return True
