"""Reminders: the calendar file, and what is due now (``ketacheck remind``, the open app)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from ketacheck.core.contents import JournalContents
from ketacheck.core.scales import ValidationError
from ketacheck.core.words import plural
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
    return Rendered(calendar_ics(contents, now, tz, days), what)
