"""Scales, the side-effect vocabulary and field validation.

Every check of a value a patient (or an imported file) gives lives here, so the CLI,
the TUI and the importer all reject the same things with the same words.
"""

from __future__ import annotations

import math
from enum import Enum
from typing import Any

SCALE_MIN = 0
SCALE_MAX = 10
NOTE_MAX_CHARS = 10_000
SHORT_TEXT_MAX_CHARS = 500
MAX_FLUID_GLASSES = 100
MAX_SLEEP_HOURS = 24.0
MAX_MOOD_WORDS = 20

# Readings off a home blood pressure cuff, in mmHg, and a pulse in beats a minute. The
# bounds are wide enough for any reading a cuff shows a person at home, very low or in a
# crisis (home cuffs measure roughly 40-260), and narrow enough to catch a slip such as
# 1280 for 128, or 8 for 84.
SYSTOLIC_RANGE = (50, 260)
DIASTOLIC_RANGE = (30, 160)
PULSE_RANGE = (25, 250)

#: The side effects a patient can tick, with the words the app shows for each.
SIDE_EFFECTS: dict[str, str] = {
    "headache": "Headache",
    "blurred_vision": "Blurred vision",
    "racing_heart": "Racing or pounding heart",
    "vivid_dreams": "Vivid dreams",
    "dissociation": "Feeling detached or unreal",
    "hallucinations": "Seeing or hearing things that aren't there",
    "confusion": "Confusion",
    "anxiety": "Anxiety",
    "low_appetite": "Low appetite",
    "bladder_pain": "Bladder pain or burning when passing urine",
    "blood_in_urine": "Blood in urine",
    "high_blood_pressure": "High blood pressure reading",
}


class ValidationError(ValueError):
    """A value that does not fit its field.

    Attributes:
        field: The name of the field, as the user or the file spells it.
        problem: What is wrong and what is allowed, in plain words.
    """

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class Band(Enum):
    """How strong a symptom is on the 0-10 scale."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


def symptom_band(score: int) -> Band:
    """Place a 0-10 symptom score in its band: 0 none, 1-3 mild, 4-6 moderate, 7-10 severe."""
    score = scale_value("score", score)
    if score == 0:
        return Band.NONE
    if score <= 3:
        return Band.MILD
    if score <= 6:
        return Band.MODERATE
    return Band.SEVERE


def _is_whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def scale_value(field: str, value: Any) -> int:
    """Check a 0-10 score and return it.

    Raises:
        ValidationError: naming the field and the allowed range.
    """
    if not _is_whole_number(value):
        raise ValidationError(field, f"must be a whole number from {SCALE_MIN} to {SCALE_MAX}")
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise ValidationError(field, f"must be from {SCALE_MIN} to {SCALE_MAX}, not {value}")
    return int(value)


def optional_scale_value(field: str, value: Any) -> int | None:
    """Like :func:`scale_value`, but ``None`` (not answered) is allowed."""
    return None if value is None else scale_value(field, value)


def reading(field: str, value: Any, low: int, high: int, unit: str) -> int | None:
    """Check an optional whole-number reading (``None``: not measured) from ``low`` to
    ``high`` in ``unit``."""
    if value is None:
        return None
    if not _is_whole_number(value):
        raise ValidationError(field, f"must be a whole number from {low} to {high} {unit}")
    if not low <= value <= high:
        raise ValidationError(field, f"must be from {low} to {high} {unit}, not {value}")
    return int(value)


def systolic(field: str, value: Any) -> int | None:
    """Check the top number of a blood pressure reading (mmHg), or ``None``."""
    return reading(field, value, *SYSTOLIC_RANGE, "mmHg")


def diastolic(field: str, value: Any) -> int | None:
    """Check the bottom number of a blood pressure reading (mmHg), or ``None``."""
    return reading(field, value, *DIASTOLIC_RANGE, "mmHg")


def pulse(field: str, value: Any) -> int | None:
    """Check a pulse (beats a minute), or ``None``."""
    return reading(field, value, *PULSE_RANGE, "beats a minute")


def blood_pressure(systolic_value: int | None, diastolic_value: int | None) -> None:
    """Check that a blood pressure reading has both its numbers, the top one higher.

    Raises:
        ValidationError: naming the missing number, or both when they are the wrong way.
    """
    if systolic_value is None and diastolic_value is None:
        return
    if diastolic_value is None:
        raise ValidationError("diastolic", "is needed with systolic (a reading has both numbers)")
    if systolic_value is None:
        raise ValidationError("systolic", "is needed with diastolic (a reading has both numbers)")
    if systolic_value <= diastolic_value:
        raise ValidationError(
            "systolic, diastolic",
            f"the top number (systolic, {systolic_value}) must be higher than the bottom "
            f"number (diastolic, {diastolic_value})",
        )


def fluid_glasses(field: str, value: Any) -> int:
    """Check a count of glasses of fluid: a whole number, 0 or more."""
    if not _is_whole_number(value):
        raise ValidationError(field, "must be a whole number of glasses, 0 or more")
    if not 0 <= value <= MAX_FLUID_GLASSES:
        raise ValidationError(field, f"must be from 0 to {MAX_FLUID_GLASSES} glasses, not {value}")
    return int(value)


def sleep_hours(field: str, value: Any) -> float | None:
    """Check hours slept: ``None`` or a number from 0 to 24."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(field, "must be a number of hours from 0 to 24")
    if not 0 <= value <= MAX_SLEEP_HOURS:
        raise ValidationError(field, f"must be from 0 to 24 hours, not {value}")
    return float(value)


def flag(field: str, value: Any) -> bool:
    """Check a yes/no answer."""
    if not isinstance(value, bool):
        raise ValidationError(field, "must be true or false")
    return value


def optional_flag(field: str, value: Any) -> bool | None:
    """Check a yes/no answer that may be unasked (``None``)."""
    return None if value is None else flag(field, value)


def text(field: str, value: Any, max_chars: int = NOTE_MAX_CHARS) -> str:
    """Check free text: a string of at most ``max_chars`` characters."""
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    if len(value) > max_chars:
        raise ValidationError(
            field, f"is {len(value):,} characters long; the most allowed is {max_chars:,}"
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(field, "holds bytes that are not readable text") from None
    return value


def side_effects(field: str, value: Any) -> tuple[str, ...]:
    """Check a list of side effects against the fixed vocabulary, keeping its order."""
    if not isinstance(value, list | tuple):
        raise ValidationError(field, "must be a list of side effects")
    seen: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in SIDE_EFFECTS:
            allowed = ", ".join(SIDE_EFFECTS)
            raise ValidationError(field, f"{item!r} is not one of: {allowed}")
        if item not in seen:
            seen.append(item)
    return tuple(seen)


def optional_side_effects(field: str, value: Any) -> tuple[str, ...] | None:
    """Check side effects that may be unasked (``None``); an empty list is "asked, none"."""
    return None if value is None else side_effects(field, value)


def mood_words(field: str, value: Any) -> tuple[str, ...]:
    """Check the optional words a patient uses for their mood."""
    if not isinstance(value, list | tuple):
        raise ValidationError(field, "must be a list of words")
    if len(value) > MAX_MOOD_WORDS:
        raise ValidationError(field, f"may hold at most {MAX_MOOD_WORDS} words")
    words = tuple(text(field, word, SHORT_TEXT_MAX_CHARS).strip() for word in value)
    return tuple(word for word in words if word)
