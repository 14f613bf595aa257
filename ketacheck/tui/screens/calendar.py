"""Add to calendar: the reminders as a file the patient's own calendar understands.

A terminal app that is closed reminds no one; the patient's phone does. The file holds
the next two weeks: when each restriction's time is up, the check-in reminders, the next
questionnaires and the appointment (with fasting and the ride).
"""

from __future__ import annotations

from datetime import datetime

from ketacheck.core.contents import JournalContents
from ketacheck.tui.screens.save_file import SaveFileScreen
from ketacheck.usecases.exchange import Rendered
from ketacheck.usecases.reminders import render_calendar

CALENDAR_DAYS = 14
CALENDAR_INTRO = (
    "[b]Add your reminders to a calendar[/b]\n"
    f"A calendar file of the next {CALENDAR_DAYS} days: check-ins, when each wait ends, "
    "questionnaires and your next appointment, each with an alert. It names no score "
    "and no note. Open it here, or send it to your phone and open it there; a newer file "
    "updates the same reminders."
)


class CalendarScreen(SaveFileScreen):
    """Save the reminders as an iCalendar (.ics) file."""

    KIND = "calendar"
    STEM = "ketacheck-reminders"
    INTRO = CALENDAR_INTRO
    GO = "Save"
    DONE = "Saved"
    FILE_KIND = "calendar"
    OFFERED = ("ics",)

    @property
    def extension(self) -> str:
        return "ics"

    def render_file(self, contents: JournalContents, now: datetime) -> Rendered:
        return render_calendar(contents, now, self.app.tz, CALENDAR_DAYS)
