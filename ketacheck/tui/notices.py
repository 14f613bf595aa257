"""Notices while the app is open: a wait that ends, a check-in or questionnaire that falls
due, fasting that starts. Each once, in the app and (if the terminal shows them) as a
terminal notification; never with a note, a score or an answer in it.

The reminders come from the one schedule (:mod:`ketacheck.core.reminders`), so what the app
says matches the calendar file and ``ketacheck remind``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from itertools import groupby

from msgspec import Struct

from ketacheck.core.contents import JournalContents
from ketacheck.core.reminders import Reminder, due_now
from ketacheck.core.restrictions import length_words
from ketacheck.core.words import printable
from ketacheck.store.overview import Overview

#: After the computer slept, only what fell due this recently is still worth a notice.
STALE_AFTER = timedelta(hours=2)
#: Terminals known to show OSC 9 notifications, by TERM_PROGRAM or TERM.
OSC9_TERMINALS = ("iterm.app", "wezterm", "ghostty", "kitty")
#: Terminals known to show OSC 777 notifications.
OSC777_TERMINALS = ("foot",)


class Notice(Struct, frozen=True):
    """One thing to say: ``text`` in the app (one line at 60 columns), ``short`` to the
    terminal's notification (what a locked screen may show)."""

    text: str
    short: str


class Notices:
    """Remembers what was said, so each reminder is announced once while the app is open.

    Only reminders that fall due after the app opened are announced: Home already shows
    the state of things when it opens. A clock that jumps back repeats nothing (keys are
    remembered); one that jumps forward, after a sleep, says only what is recent.
    """

    def __init__(self, opened: datetime) -> None:
        self.opened = opened
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
        found = [
            r
            for r in due_now(contents, self.since, now, tz, self.announced)
            if r.at > self.opened  # what was due as the app opened, Home already shows
        ]
        self.announced.update(r.key for r in found)
        self.since = max(self.since, now)
        fresh = [r for r in found if r.at >= now - STALE_AFTER]
        return notices_for(fresh)


def notices_for(reminders: list[Reminder]) -> list[Notice]:
    """One notice per moment and kind: restrictions that lift together make one, and so do
    two questionnaires that fall due together."""
    notices = []
    ordered = sorted(reminders, key=lambda r: (r.at, r.kind))
    for (_, kind), group in groupby(ordered, key=lambda r: (r.at, r.kind)):
        same = list(group)
        if kind == "restriction":
            notices.append(_restriction_notice(same))
        elif kind == "questionnaire":
            names = " and ".join(_questionnaire_name(r) for r in same)
            verb = "are" if len(same) > 1 else "is"
            text = f"Your {names} {verb} due: press w when you are ready"
            notices.append(Notice(text, " · ".join(r.title for r in same)))
        else:
            notices.append(Notice(_text(same[0]), same[0].title))
    return notices


def _questionnaire_name(reminder: Reminder) -> str:
    return reminder.title.removeprefix("Time for your ").removesuffix(" questionnaire")


def _text(reminder: Reminder) -> str:
    if reminder.kind == "checkin":
        return "Time for your check-in: press c when you are ready"
    if reminder.kind == "fasting":
        return "Your clinic may ask you to stop eating from now"
    return reminder.title


def _named(labels: list[str]) -> str:
    return labels[0] + (f" and {len(labels) - 1} more" if len(labels) > 1 else "")


def _restriction_notice(reminders: list[Reminder]) -> Notice:
    """One line (60 columns) for every restriction whose wait ended at one moment."""
    rules = [r.restriction for r in reminders if r.restriction is not None]
    lifted = [rule.label for rule in rules if not rule.ask_first]
    asks = [rule.label for rule in rules if rule.ask_first]
    short = f"{_named(lifted or asks)}: {length_words(rules[0].hours)} have passed"
    if not asks:
        return Notice(f"{_named(lifted)}: lifted (your clinic's advice first)", short)
    if not lifted:
        return Notice(f"{_named(asks)}: time passed; ask your care team first", short)
    text = f"{len(lifted)} restrictions lifted; {_named(asks)}: ask your care team first"
    if len(text) > 60:
        text = f"{len(lifted)} lifted; {_named(asks)}: ask your care team first"
    short += f" ({_named(asks)}: check with your care team first)"
    return Notice(text, short)


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
    # Windows Terminal names itself only by WT_SESSION; it shows OSC 777 since
    # microsoft/terminal#20012 (2026), and older versions pass over it in silence.
    if any(name in names for name in OSC777_TERMINALS) or env.get("WT_SESSION"):
        return f"\x1b]777;notify;ketacheck;{safe}\x07"
    return "\a"
