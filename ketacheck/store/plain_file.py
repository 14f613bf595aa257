"""``plain.json``: the little that stays readable while the journal is encrypted.

``ketacheck remind`` is run by a scheduler, with nobody there to type a passphrase, and
the unlock screen must show the crisis line before anything is unlocked. So, with
encryption on, every save also writes this small plain file holding:

* the reminders of the coming weeks: when each falls due, what kind it is and its one
  line ("Time for your check-in", "Driving: 24 hours have passed"), the same words a
  locked screen's notification shows; check-in reminders that a check-in already made
  unnecessary are left out, so no time of any check-in is written;
* the crisis line to show (the patient's own, or their country's).

No answer, score, note or medicine is in it. With encryption off it is not written (and
``decrypt`` removes it): ``remind`` then reads the journal itself.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, cast

from msgspec import Struct

from ketacheck.core.clock import ensure_utc, to_iso
from ketacheck.core.contents import JournalContents
from ketacheck.core.crisis import crisis_text
from ketacheck.core.reminders import RECENT_CHECKIN, Reminder, ReminderKind, due_now
from ketacheck.store.fileio import atomic_write, open_nofollow
from ketacheck.store.overview import Overview
from ketacheck.store.paths import PLAIN_NAME

PLAIN_FORMAT = "ketacheck-plain"
PLAIN_VERSION = 1
#: How far ahead the reminders reach from the last save.
PLAN_DAYS = 40
_MAX_BYTES = 512 * 1024
_KINDS = ("restriction", "checkin", "questionnaire", "fasting", "ride", "appointment")


class PlainFile(Struct, frozen=True):
    """What ``plain.json`` holds.

    Attributes:
        reminders: The planned reminders, in time order.
        until: For a fasting or ride reminder, by its key: when its appointment is (after
            that it is no longer worth saying).
        crisis_line: The crisis line to show while the journal is locked.
        ends: The moment the plan reaches to.
    """

    reminders: list[Reminder]
    until: dict[str, datetime]
    crisis_line: str
    ends: datetime


def plan_of(overview: Overview, today: date) -> dict[str, Any]:
    """The file's content for a journal summarized by ``overview``, saved on ``today``."""
    start = datetime.combine(today - timedelta(days=1), time(0)).astimezone(UTC)
    end = start + timedelta(days=PLAN_DAYS)
    contents = JournalContents(
        overview.settings,
        overview.infusions,
        overview.recent_checkins,
        overview.questionnaires,
    )
    appointment = overview.settings.next_appointment
    reminders = []
    for reminder in due_now(contents, start, end, None):
        entry: dict[str, Any] = {
            "key": reminder.key,
            "kind": reminder.kind,
            "at": to_iso(reminder.at),
            "title": reminder.title,
        }
        if reminder.kind in ("fasting", "ride") and appointment is not None:
            entry["until"] = to_iso(ensure_utc(appointment))
        reminders.append(entry)
    return {
        "format": PLAIN_FORMAT,
        "version": PLAIN_VERSION,
        "made_on": today.isoformat(),
        "ends": to_iso(end),
        "crisis_line": crisis_text(overview.settings),
        "reminders": reminders,
    }


def write_plain_file(data_dir: Path, overview: Overview, today: date) -> None:
    """Write ``plain.json``; best effort (``remind`` then says nothing, and the unlock
    screen shows the general crisis line)."""
    with contextlib.suppress(OSError, ValueError):
        payload = json.dumps(plan_of(overview, today), indent=1).encode("utf-8")
        atomic_write(data_dir / PLAIN_NAME, payload, durable=False)


def _read(data_dir: Path) -> Any:
    """``plain.json`` as JSON; None if it is missing, too big or not JSON."""
    try:
        fd = open_nofollow(data_dir / PLAIN_NAME)
    except Exception:  # missing, unreadable or a symbolic link: all mean "none"
        return None
    with open(fd, "rb") as handle:
        try:
            payload = handle.read(_MAX_BYTES + 1)
            return json.loads(payload) if len(payload) <= _MAX_BYTES else None
        except (OSError, ValueError):
            return None


def read_plain_file(data_dir: Path) -> PlainFile | None:
    """``plain.json``, or None if there is none that can be trusted."""
    try:
        return _parse(_read(data_dir))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def made_today(data_dir: Path, today: date) -> bool:
    """Whether ``plain.json`` was made afresh on ``today`` (its weeks still reach ahead)."""
    data = _read(data_dir)
    return isinstance(data, dict) and data.get("made_on") == today.isoformat()


def after_checkin(data_dir: Path, checkin_at: str) -> None:
    """Drop the check-in reminders a check-in made at ``checkin_at`` makes unnecessary
    (as :func:`~ketacheck.core.reminders.due_now` would): a small rewrite, best effort."""
    data = _read(data_dir)
    try:
        answered = ensure_utc(datetime.fromisoformat(checkin_at)) + RECENT_CHECKIN
        data["reminders"] = [
            entry
            for entry in data["reminders"]
            if entry["kind"] != "checkin"
            or ensure_utc(datetime.fromisoformat(entry["at"])) > answered
        ]
        payload = json.dumps(data, indent=1).encode("utf-8")
    except (ValueError, TypeError, KeyError, AttributeError):
        return
    with contextlib.suppress(OSError):
        atomic_write(data_dir / PLAIN_NAME, payload, durable=False)


def _parse(data: Any) -> PlainFile | None:
    if (
        not isinstance(data, dict)
        or data.get("format") != PLAIN_FORMAT
        or data.get("version") != PLAIN_VERSION
    ):
        return None
    reminders, until = [], {}
    for entry in data["reminders"]:
        kind, title, key = entry["kind"], entry["title"], entry["key"]
        if kind not in _KINDS or not isinstance(title, str) or not isinstance(key, str):
            continue
        at = ensure_utc(datetime.fromisoformat(entry["at"]))
        reminders.append(Reminder(key, cast(ReminderKind, kind), at, title))
        if isinstance(entry.get("until"), str):
            until[key] = ensure_utc(datetime.fromisoformat(entry["until"]))
    crisis = data.get("crisis_line")
    ends = ensure_utc(datetime.fromisoformat(data["ends"]))
    return PlainFile(reminders, until, crisis if isinstance(crisis, str) else "", ends)
