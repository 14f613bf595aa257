"""Settings as the patient types them, in the app's Settings form or on the command line.

One reading of each, so a value refused in one is refused in the other with the same
words: a restriction's length ("36", "36 hours", "10 days"), fasting hours, the course
length, the mood baseline, reminder times ("9am, 8:30 pm") and so on. Each returns the
value :class:`~ketacheck.core.settings.Settings` holds, or raises ``ValidationError``
saying what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ketacheck.core import scales
from ketacheck.core.course_numbers import (
    MAX_FASTING_HOURS,
    MAX_PLANNED_INFUSIONS,
    fasting_hours,
    planned_infusions,
)
from ketacheck.core.restriction_table import MAX_RESTRICTION_HOURS, restriction_hours
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import (
    MAX_QUESTIONNAIRE_DAYS,
    MIN_QUESTIONNAIRE_DAYS,
    patient_name,
    questionnaire_days,
    reminder_times,
)
from ketacheck.core.timeparse import parse_time_of_day
from ketacheck.core.words import printable

_LENGTH = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(h|hr|hrs|hour|hours|d|day|days)?$", re.IGNORECASE)
_LENGTH_RANGE = f"from 0 hours to {MAX_RESTRICTION_HOURS // 24:g} days"
_ON = {"on": True, "yes": True, "true": True, "1": True}
_OFF = {"off": False, "no": False, "false": False, "0": False}


def parse_hours(text: str) -> float:
    """A restriction's length: hours ("36", "36 hours") or days ("10 days").

    Raises:
        ValidationError: with the allowed range, for anything that isn't 0 hours to 60 days.
    """
    match = _LENGTH.match(text.strip())
    if match is None:
        raise ValidationError(
            "hours", f"please type hours or days, such as 36 or 10 days, {_LENGTH_RANGE}"
        )
    number = float(match.group(1).replace(",", "."))
    hours = number * 24 if (match.group(2) or "h").lower().startswith("d") else number
    if hours > MAX_RESTRICTION_HOURS:
        raise ValidationError("hours", f"must be {_LENGTH_RANGE}, not {text.strip()}")
    return restriction_hours("hours", hours)


def parse_fasting_hours(text: str) -> float:
    """Hours of fasting before an appointment.

    Raises:
        ValidationError: with the allowed range, for anything that isn't 0 to 24 hours.
    """
    try:
        value = float(text.strip())
    except ValueError:
        raise ValidationError(
            "fasting hours", f"please type a number of hours, from 0 to {MAX_FASTING_HOURS}"
        ) from None
    return fasting_hours("fasting hours", value)


def parse_mood(text: str) -> int | None:
    """The mood baseline: empty for none, else 0 to 10.

    Raises:
        ValidationError: for anything else.
    """
    if not text.strip():
        return None
    try:
        value = int(text.strip())
    except ValueError:
        raise ValidationError(
            "mood baseline", "please type a whole number from 0 to 10, or leave it empty"
        ) from None
    return scales.scale_value("mood baseline", value)


def parse_whole_number(
    text: str,
    field: str,
    noun: str,
    highest: int,
    check: Callable[[str, Any], int],
    lowest: int = 1,
) -> int:
    """A whole number, checked by ``check`` (which names the range).

    Raises:
        ValidationError: with the allowed range.
    """
    try:
        value = int(text.strip())
    except ValueError:
        raise ValidationError(
            field, f"please type a whole number of {noun} from {lowest} to {highest}"
        ) from None
    return check(field, value)


def parse_planned(text: str) -> int:
    """How many infusions the course plans: 1 to 50."""
    return parse_whole_number(
        text, "planned infusions", "infusions", MAX_PLANNED_INFUSIONS, planned_infusions
    )


def parse_questionnaire_days(text: str) -> int:
    """How many days apart PHQ-9 and GAD-7 fall due: 7 to 90."""
    return parse_whole_number(
        text,
        "questionnaire days",
        "days",
        MAX_QUESTIONNAIRE_DAYS,
        questionnaire_days,
        lowest=MIN_QUESTIONNAIRE_DAYS,
    )


def parse_short_text(label: str) -> Callable[[str], str]:
    """A reader of a short line of text named ``label`` in its problems (trimmed).

    No control character (a tab, a line break, a screen code) is taken: the app's boxes
    can't hold one, and the command line refuses one in the same words.
    """

    def parse(text: str) -> str:
        line = scales.text(label, text.strip(), scales.SHORT_TEXT_MAX_CHARS)
        if printable(line, newlines=False) != line:
            raise ValidationError(
                label, "can't hold control characters such as tabs, line breaks or screen codes"
            )
        return line

    return parse


def parse_name(text: str) -> str | None:
    """The patient's name, trimmed; None when it is empty.

    Raises:
        ValidationError: a sentence about "your name": too long, or a control character.
    """
    try:
        return patient_name("your name", text)
    except ValidationError as exc:
        raise ValidationError("your name", f"your name {exc.problem}") from None


def parse_reminder_times(text: str) -> tuple[str, ...]:
    """Check-in reminder times as people type them: "10:00, 20:00", "9am, 8:30 pm".

    Times are parted by commas or semicolons; without them, by spaces ("10:00 20:00"),
    as long as each part is a time. Stored as ``HH:MM``.

    Raises:
        ValidationError: for anything but one to four distinct times of day.
    """
    pieces = [piece.strip() for piece in re.split(r"[,;]|\band\b", text) if piece.strip()]
    times: list[str] = []
    try:
        for piece in pieces:
            times.extend(_times_in(piece))
        return reminder_times("reminder times", times)
    except ValidationError as exc:
        raise ValidationError(
            "reminder times",
            f"{exc.problem}; type one to four times, such as 10:00, 20:00 or 9am, 8:30 pm",
        ) from None


def _times_in(piece: str) -> list[str]:
    """The times in one comma-free part: one time ("9:30 pm"), or several parted by spaces."""
    try:
        return [f"{parse_time_of_day(piece, 'reminder times'):%H:%M}"]
    except ValidationError as whole:
        words = piece.split()
        if len(words) < 2:
            raise ValidationError("reminder times", whole.problem) from None
        try:
            return [f"{parse_time_of_day(word, 'reminder times'):%H:%M}" for word in words]
        except ValidationError:
            raise ValidationError("reminder times", whole.problem) from None


def parse_on_off(label: str) -> Callable[[str], bool]:
    """A reader of a switch typed as on or off (also yes/no, true/false, 1/0)."""

    def parse(text: str) -> bool:
        said = text.strip().lower()
        if said in _ON:
            return True
        if said in _OFF:
            return False
        raise ValidationError(label, f"please type on or off, not {text.strip()[:40]!r}")

    return parse
