"""The patient's settings, kept in the journal beside their records."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ketacheck.core import scales
from ketacheck.core.clock import parse_stored_time, to_iso
from ketacheck.core.restrictions import DEFAULT_HOURS, MAX_RESTRICTION_HOURS
from ketacheck.core.scales import ValidationError

DEFAULT_CRISIS_LINE = "Call or text 988 (Suicide & Crisis Lifeline, US)"
DEFAULT_PLANNED_INFUSIONS = 6
MAX_PLANNED_INFUSIONS = 50
DEFAULT_THEME = "textual-dark"
DEFAULT_QUESTIONNAIRE_DAYS = 7
MAX_QUESTIONNAIRE_DAYS = 90


def restriction_hours(field_name: str, value: Any) -> float:
    """Check a restriction length: a number of hours from 0 to 60 days."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(field_name, "must be a number of hours")
    if not 0 <= value <= MAX_RESTRICTION_HOURS:
        raise ValidationError(
            field_name, f"must be from 0 to {MAX_RESTRICTION_HOURS} hours, not {value:g}"
        )
    return float(value)


def planned_infusions(field_name: str, value: Any) -> int:
    """Check the planned course length."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field_name, "must be a whole number of infusions")
    if not 1 <= value <= MAX_PLANNED_INFUSIONS:
        raise ValidationError(field_name, f"must be from 1 to {MAX_PLANNED_INFUSIONS}, not {value}")
    return value


def questionnaire_days(field_name: str, value: Any) -> int:
    """Check how many days apart the questionnaires fall due."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field_name, "must be a whole number of days")
    if not 1 <= value <= MAX_QUESTIONNAIRE_DAYS:
        raise ValidationError(
            field_name, f"must be from 1 to {MAX_QUESTIONNAIRE_DAYS} days, not {value}"
        )
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the patient can set.

    Attributes:
        restriction_hours: Hours per restriction id, where they differ from the defaults.
        care_team_name: Who to call (a clinic or a person).
        care_team_phone: Their number, shown wherever the app says "call your care team".
        crisis_line: What to do in a crisis; 988 in the US by default.
        planned_infusions: How many infusions the course plans.
        clock_24h: Show times as 14:05 (True) or 2:05 PM (False).
        theme: The Textual theme name.
        next_appointment: The next infusion appointment, if one is booked.
        onboarded: Whether the first-run welcome has been completed.
        questionnaire_interval_days: How often PHQ-9 and GAD-7 fall due (besides before
            each infusion).
    """

    restriction_hours: dict[str, float] = field(default_factory=dict)
    care_team_name: str = ""
    care_team_phone: str = ""
    crisis_line: str = DEFAULT_CRISIS_LINE
    planned_infusions: int = DEFAULT_PLANNED_INFUSIONS
    clock_24h: bool = True
    theme: str = DEFAULT_THEME
    next_appointment: datetime | None = None
    onboarded: bool = False
    questionnaire_interval_days: int = DEFAULT_QUESTIONNAIRE_DAYS

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """Check and convert stored settings; missing fields take their defaults."""
        defaults = cls()
        raw_hours = data.get("restriction_hours", {})
        if not isinstance(raw_hours, Mapping):
            raise ValidationError("restriction_hours", "must map restriction names to hours")
        hours: dict[str, float] = {}
        for name, value in raw_hours.items():
            if name not in DEFAULT_HOURS:
                known = ", ".join(DEFAULT_HOURS)
                raise ValidationError(
                    "restriction_hours", f"{name!r} is not a restriction; known: {known}"
                )
            hours[name] = restriction_hours(f"restriction_hours.{name}", value)
        appointment = data.get("next_appointment")
        return cls(
            restriction_hours=hours,
            care_team_name=scales.text(
                "care_team_name", data.get("care_team_name", ""), scales.SHORT_TEXT_MAX_CHARS
            ),
            care_team_phone=scales.text(
                "care_team_phone", data.get("care_team_phone", ""), scales.SHORT_TEXT_MAX_CHARS
            ),
            crisis_line=scales.text(
                "crisis_line",
                data.get("crisis_line", defaults.crisis_line),
                scales.SHORT_TEXT_MAX_CHARS,
            ),
            planned_infusions=planned_infusions(
                "planned_infusions", data.get("planned_infusions", defaults.planned_infusions)
            ),
            clock_24h=scales.flag("clock_24h", data.get("clock_24h", defaults.clock_24h)),
            theme=scales.text("theme", data.get("theme", defaults.theme), 100),
            next_appointment=(
                None if appointment is None else parse_stored_time("next_appointment", appointment)
            ),
            onboarded=scales.flag("onboarded", data.get("onboarded", False)),
            questionnaire_interval_days=questionnaire_days(
                "questionnaire_interval_days",
                data.get("questionnaire_interval_days", DEFAULT_QUESTIONNAIRE_DAYS),
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "restriction_hours": dict(self.restriction_hours),
            "care_team_name": self.care_team_name,
            "care_team_phone": self.care_team_phone,
            "crisis_line": self.crisis_line,
            "planned_infusions": self.planned_infusions,
            "clock_24h": self.clock_24h,
            "theme": self.theme,
            "next_appointment": (
                None if self.next_appointment is None else to_iso(self.next_appointment)
            ),
            "onboarded": self.onboarded,
            "questionnaire_interval_days": self.questionnaire_interval_days,
        }

    def care_team_contact(self) -> str:
        """How to reach the care team, in one line, or a nudge to add it."""
        parts = [p for p in (self.care_team_name.strip(), self.care_team_phone.strip()) if p]
        return " · ".join(parts) if parts else "your care team (add their number in Settings)"
