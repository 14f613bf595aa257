"""Where the patient is in their course of infusions."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from ketacheck.core.clock import ensure_utc, hours_between
from ketacheck.core.records import Infusion, latest_infusion_before

INTEGRATION_DAYS = 10
#: "Up to six hours" before an infusion (GUIDANCE.md, Added facts); clinics differ, so
#: the patient sets their clinic's hours in Settings.
FASTING_HOURS = 6
MAX_FASTING_HOURS = 24


@dataclass(frozen=True, slots=True)
class CourseState:
    """The course at one moment.

    Attributes:
        latest: The most recent infusion that has started, if any.
        number: Which infusion of the course ``latest`` is (1-based), 0 if none.
        planned: How many infusions the course plans.
        hours_since: Hours since ``latest`` ended (negative while it is running).
        integration_day: Day 1-10 of the integration window after ``latest``, or None.
    """

    latest: Infusion | None
    number: int
    planned: int
    hours_since: float | None
    integration_day: int | None

    @property
    def in_progress(self) -> bool:
        """True while the latest infusion is still running."""
        return self.hours_since is not None and self.hours_since < 0


def course_state(
    infusions: list[Infusion], planned: int, now: datetime, earlier: int = 0
) -> CourseState:
    """Which infusion is the latest, how long ago it ended and the integration day.

    Args:
        infusions: The infusions, or the latest of them when ``earlier`` more came first.
        planned: How many infusions the course plans.
        now: The moment the state is for.
        earlier: How many infusions came before ``infusions`` (they count in its number).
    """
    now = ensure_utc(now)
    latest = latest_infusion_before(infusions, now)
    if latest is None:
        return CourseState(None, 0, planned, None, None)
    number = earlier + sum(1 for inf in infusions if inf.started_at <= latest.started_at)
    since = hours_between(latest.ended_at, now)
    day = None
    if since >= 0:
        elapsed_days = int(since // 24)
        day = elapsed_days + 1 if elapsed_days < INTEGRATION_DAYS else None
    return CourseState(latest, number, planned, since, day)


def fasting_starts_at(appointment: datetime, hours: float = FASTING_HOURS) -> datetime:
    """When the clinic may ask the patient to stop eating before an appointment.

    Args:
        appointment: When the infusion is booked.
        hours: How many hours before it to stop eating (the patient's setting, 0 to 24).

    Raises:
        ValueError: if ``hours`` is not a number from 0 to 24.
    """
    if not math.isfinite(hours) or not 0 <= hours <= MAX_FASTING_HOURS:
        raise ValueError(f"fasting hours must be from 0 to {MAX_FASTING_HOURS}, not {hours}")
    return ensure_utc(appointment) - timedelta(hours=hours)


_ORDINAL_WORDS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
)
_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}


def ordinal(number: int) -> str:
    """``number`` as an ordinal: words up to "twelfth", then "13th", "21st", "122nd"."""
    if 1 <= number <= len(_ORDINAL_WORDS):
        return _ORDINAL_WORDS[number - 1]
    suffix = "th" if number % 100 in (11, 12, 13) else _SUFFIXES.get(number % 10, "th")
    return f"{number}{suffix}"


def course_label(number: int, planned: int, *, capital: bool = True) -> str:
    """Which infusion of the course ``number`` is, in words every screen and report shares.

    "Infusion 4 of 6" within the planned course; past it, "Eighth infusion · course of 6
    done", never "Infusion 8 of 6".

    Args:
        number: Which infusion it is, counting from 1.
        planned: How many infusions the course plans.
        capital: Start with a capital letter (False to use it inside a sentence).
    """
    if number <= planned:
        label = f"Infusion {number} of {planned}"
    else:
        label = f"{ordinal(number).capitalize()} infusion · course of {planned} done"
    return label if capital else label[:1].lower() + label[1:]
