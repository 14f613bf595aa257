"""Which infusion of the course, the integration days after it, fasting before the next.

Plain numbers and words, apart from the record types of :mod:`ketacheck.core.course`,
so that ``ketacheck status`` uses them without loading those.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from ketacheck.core.clock import ensure_utc
from ketacheck.core.scales import ValidationError

#: How many infusions a course plans until the patient sets their clinic's own number.
DEFAULT_PLANNED_INFUSIONS = 6
MAX_PLANNED_INFUSIONS = 50
INTEGRATION_DAYS = 10
#: "Up to six hours" before an infusion (GUIDANCE.md, Added facts); clinics differ, so
#: the patient sets their clinic's hours in Settings.
FASTING_HOURS = 6
MAX_FASTING_HOURS = 24


def integration_day(hours_since: float) -> int | None:
    """Day 1-10 of the integration window, ``hours_since`` the infusion ended; None while
    it is running or once the window is over."""
    if hours_since < 0:
        return None
    elapsed_days = int(hours_since // 24)
    return elapsed_days + 1 if elapsed_days < INTEGRATION_DAYS else None


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


def planned_infusions(field_name: str, value: Any) -> int:
    """Check the planned course length."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field_name, "must be a whole number of infusions")
    if not 1 <= value <= MAX_PLANNED_INFUSIONS:
        raise ValidationError(field_name, f"must be from 1 to {MAX_PLANNED_INFUSIONS}, not {value}")
    return value


def fasting_hours(field_name: str, value: Any) -> float:
    """Check how many hours before an appointment the clinic may ask for fasting: 0 to 24."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(field_name, "must be a number of hours")
    if not 0 <= value <= MAX_FASTING_HOURS:
        raise ValidationError(
            field_name, f"must be from 0 to {MAX_FASTING_HOURS} hours, not {value:g}"
        )
    return float(value)
