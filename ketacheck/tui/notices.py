"""Notices while the app is open: a wait that ends, a check-in or questionnaire that falls
due, fasting that starts. Each once, in the app and (if the terminal shows them) as a
terminal notification; never with a note, a score or an answer in it.

The reminders come from the one schedule (:mod:`ketacheck.core.reminders`), so what the app
says matches the calendar file and ``ketacheck remind``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from itertools import groupby

from ketacheck.core.contents import JournalContents
from ketacheck.core.reminders import Reminder, due_now
from ketacheck.core.words import printable
from ketacheck.store.overview import Overview

#: After the computer slept, only what fell due this recently is still worth a notice.
STALE_AFTER = timedelta(hours=2)
#: Terminals known to show OSC 9 notifications, by TERM_PROGRAM or TERM.
OSC9_TERMINALS = ("iterm.app", "wezterm", "ghostty", "kitty")
#: Terminals known to show OSC 777 notifications.
OSC777_TERMINALS = ("foot",)


@dataclass(frozen=True, slots=True)
class Notice:
    """One thing to say: in the app (``title``, ``text``) and to the terminal (``short``)."""

    title: str
    text: str
    short: str


class Notices:
    """Remembers what was said, so each reminder is announced once while the app is open.

    Only reminders that fall due after the app opened are announced: Home already shows
    the state of things when it opens. A clock that jumps back repeats nothing (keys are
    remembered); one that jumps forward, after a sleep, says only what is recent.
    """

    def __init__(self, opened: datetime) -> None:
        self.since = opened
        self.announced: set[str] = set()

    def due(self, overview: Overview, now: datetime, tz: tzinfo | None) -> list[Notice]:
        """The notices to show at ``now`` (and remember them as said)."""
        contents = JournalContents(
            overview.settings,
            overview.infusions,
            overview.recent_checkins,
            overview.questionnaires,
        )
        found = due_now(contents, self.since, now, tz, self.announced)
        self.announced.update(r.key for r in found)
        self.since = max(self.since, now)
        fresh = [r for r in found if r.at >= now - STALE_AFTER]
        return notices_for(fresh)


def notices_for(reminders: list[Reminder]) -> list[Notice]:
    """One notice per moment and kind: six restrictions that lift together make one."""
    notices = []
    ordered = sorted(reminders, key=lambda r: (r.at, r.kind, _asks_first(r)))
    for (_, kind, asks), group in groupby(ordered, key=lambda r: (r.at, r.kind, _asks_first(r))):
        same = list(group)
        if kind == "restriction":
            notices.append(_restriction_notice(same, asks))
        else:
            first = same[0]
            notices.append(Notice(_TITLES.get(kind, "Reminder"), _text(first), first.title))
    return notices


_TITLES: Mapping[str, str] = {
    "checkin": "Check-in",
    "questionnaire": "Questionnaire",
    "fasting": "Before your appointment",
    "ride": "Before your appointment",
    "appointment": "Appointment",
}


def _asks_first(reminder: Reminder) -> bool:
    return reminder.kind == "restriction" and "check with your care team" in reminder.title


def _text(reminder: Reminder) -> str:
    if reminder.kind == "checkin":
        return "Time for your check-in. Press c when you are ready."
    if reminder.kind == "questionnaire":
        return f"{reminder.title}. Press w when you are ready."
    return f"{reminder.title}."


def _restriction_notice(reminders: list[Reminder], asks_first: bool) -> Notice:
    labels = [r.title.partition(":")[0] for r in reminders]
    named = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    if asks_first:
        text = f"{named}: the time has passed. Please check with your care team before you do."
        return Notice("Time has passed", text, f"{named}: time has passed; check first")
    if len(labels) == 1:
        text = f"{named}: this restriction has now lifted."
    else:
        text = f"{named}: these restrictions have now lifted."
    text += " Your clinic's own advice still comes first."
    more = f" and {len(labels) - 1} more" if len(labels) > 1 else ""
    short = f"{labels[0]}{more}:{reminders[0].title.partition(':')[2]}"
    return Notice("Restriction lifted", text, short)


def terminal_sequence(text: str, env: Mapping[str, str]) -> str:
    """What to write to ask the terminal for a notification: OSC 9 or OSC 777 where the
    terminal is known to show one, else the bell. Inside tmux or screen, the bell (they
    pass it on as an alert; an OSC would need passthrough set up)."""
    safe = "".join(ch for ch in printable(text) if ch.isprintable() and ch not in "\x1b\x07;")
    if env.get("TMUX") or env.get("STY"):
        return "\a"
    names = " ".join(
        env.get(name, "").lower() for name in ("TERM_PROGRAM", "TERM", "TERMINAL_EMULATOR")
    )
    if any(name in names for name in OSC9_TERMINALS):
        return f"\x1b]9;{safe}\x07"
    if any(name in names for name in OSC777_TERMINALS):
        return f"\x1b]777;notify;ketacheck;{safe}\x07"
    return "\a"
