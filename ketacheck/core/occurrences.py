"""Each time an alert's concern was seen: when, at which record, and with what answer.

An alert that repeats is one alert that lists every check-in it was seen at ("seen at 13
check-ins since Sat 09:00, latest dizziness 1"). Each occurrence keeps the answer in a few
words and a number that says how strong it was, so that a later answer can be told to be
worse than what the patient already acted on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from msgspec import Struct

from ketacheck.core import scales
from ketacheck.core.clock import parse_stored_time, to_iso
from ketacheck.core.records import CheckIn
from ketacheck.core.scales import SIDE_EFFECTS, ValidationError

ANSWER_MAX_CHARS = 200
VALUE_MAX = 1_000
#: How many occurrences one alert lists: the first, the strongest and the newest. An
#: alert seen more often than that counts the rest (``AlertRecord.seen``), so a concern
#: that lasts for years never makes its record, or ``status``, grow without end.
MAX_OCCURRENCES = 100


class Occurrence(Struct, frozen=True):
    """One time a concern was seen.

    Attributes:
        at: When the record that raised it was made (aware UTC).
        source_id: The check-in or questionnaire result that raised it.
        answer: The answer in a few words ("dizziness 1", "blood pressure 182/95").
        value: How strong that answer was: higher is worse, for this concern only.
    """

    at: datetime
    source_id: str
    answer: str = ""
    value: int = 0

    @classmethod
    def from_dict(cls, data: Any) -> Occurrence:
        """Check and convert a stored occurrence."""
        if not isinstance(data, Mapping):
            raise ValidationError("occurrences", "each must be an object with at and source_id")
        source_id = data.get("source_id")
        if not isinstance(source_id, str) or not source_id or len(source_id) > 64:
            raise ValidationError(
                "occurrences.source_id", "must be a non-empty id of at most 64 characters"
            )
        value = data.get("value", 0)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= VALUE_MAX:
            raise ValidationError("occurrences.value", f"must be a whole number 0-{VALUE_MAX}")
        return cls(
            at=parse_stored_time("occurrences.at", data.get("at")),
            source_id=source_id,
            answer=scales.text("occurrences.answer", data.get("answer", ""), ANSWER_MAX_CHARS),
            value=value,
        )

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "at": to_iso(self.at),
            "source_id": self.source_id,
            "answer": self.answer,
            "value": self.value,
        }


def listed(occurrences: tuple[Occurrence, ...]) -> tuple[Occurrence, ...]:
    """The occurrences an alert keeps: all of them, or past :data:`MAX_OCCURRENCES`
    the first, the (first) strongest and the newest, oldest first."""
    if len(occurrences) <= MAX_OCCURRENCES:
        return occurrences
    strongest = max(range(len(occurrences)), key=lambda n: occurrences[n].value)
    newest = range(len(occurrences) - (MAX_OCCURRENCES - 2), len(occurrences))
    keep = sorted({0, strongest, *newest})
    if len(keep) > MAX_OCCURRENCES:  # the strongest is among the newest: one more of them
        keep = sorted({0, *range(len(occurrences) - (MAX_OCCURRENCES - 1), len(occurrences))})
    return tuple(occurrences[n] for n in keep)


def _score(name: str, words: str) -> Callable[[CheckIn], tuple[str, int]]:
    def answer(checkin: CheckIn) -> tuple[str, int]:
        score = getattr(checkin, name) or 0
        return f"{words} {score}", score

    return answer


def _nausea(checkin: CheckIn) -> tuple[str, int]:
    if checkin.vomited:
        return f"nausea {checkin.nausea}, was sick", max(checkin.nausea, 1)
    return f"nausea {checkin.nausea}", checkin.nausea


def _mood(checkin: CheckIn) -> tuple[str, int]:
    # A lower mood is the worse answer.
    return f"mood {checkin.mood}", 10 - checkin.mood


def _reading(checkin: CheckIn) -> tuple[str, int]:
    systolic, diastolic = checkin.systolic, checkin.diastolic
    words = "/".join("?" if n is None else str(n) for n in (systolic, diastolic))
    # 120 below counts as much as 180 on top (both are the crisis level).
    return f"blood pressure {words}", max(systolic or 0, ((diastolic or 0) * 3) // 2)


def _effects(*names: str) -> Callable[[CheckIn], tuple[str, int]]:
    def answer(checkin: CheckIn) -> tuple[str, int]:
        found = [name for name in names if name in checkin.effects]
        return ", ".join(SIDE_EFFECTS[name].lower() for name in found), len(found)

    return answer


SELF_HARM_ANSWER = "thoughts of harming yourself"

_SYMPTOMS = {"dizziness": "dizziness", "fatigue": "tiredness", "headache": "headache"}

#: For each concern a check-in can raise, its answer in words and how strong it was.
CHECKIN_ANSWERS: dict[str, Callable[[CheckIn], tuple[str, int]]] = {
    **{f"severe_{name}": _score(name, words) for name, words in _SYMPTOMS.items()},
    **{f"persistent_{name}": _score(name, words) for name, words in _SYMPTOMS.items()},
    "severe_nausea": _nausea,
    "persistent_nausea": _nausea,
    "mood_below_baseline": _mood,
    "perception_changes": _effects("hallucinations", "confusion"),
    "persistent_blurred_vision": _effects("blurred_vision"),
    "persistent_racing_heart": _effects("racing_heart"),
    "blood_pressure_very_high": _reading,
    "blood_pressure_clinic_level": _reading,
    "blood_pressure": _effects("high_blood_pressure"),
    "bladder": _effects("bladder_pain", "blood_in_urine"),
    "self_harm": lambda _: (SELF_HARM_ANSWER, 1),
}


def checkin_occurrence(code: str, checkin: CheckIn) -> Occurrence:
    """The occurrence of concern ``code`` at ``checkin``."""
    answer = CHECKIN_ANSWERS.get(code)
    words, value = answer(checkin) if answer is not None else ("", 0)
    return Occurrence(checkin.at, checkin.id, words[:ANSWER_MAX_CHARS], min(value, VALUE_MAX))
