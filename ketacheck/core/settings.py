"""The patient's settings, kept in the journal beside their records."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field
from msgspec.structs import force_setattr, replace

from ketacheck.core import scales
from ketacheck.core.alert_words import care_team_line
from ketacheck.core.clock import parse_stored_time, to_iso
from ketacheck.core.course_numbers import (
    DEFAULT_PLANNED_INFUSIONS,
    FASTING_HOURS,
    fasting_hours,
    planned_infusions,
)
from ketacheck.core.restriction_table import restriction_hours
from ketacheck.core.restrictions import DEFAULT_HOURS
from ketacheck.core.scales import ValidationError
from ketacheck.core.words import printable

if TYPE_CHECKING:
    from ketacheck.core.country_guess import CountryGuess

#: The crisis line every journal held before the country setting. A journal that still
#: holds it (and has no country) was set up with the US line, so it loads as the US.
LEGACY_CRISIS_LINE = "Call or text 988 (Suicide & Crisis Lifeline, US)"
DEFAULT_THEME = "textual-dark"
DEFAULT_QUESTIONNAIRE_DAYS = 7
#: PHQ-9 and GAD-7 both ask about the last two weeks: more often than weekly adds nothing.
MIN_QUESTIONNAIRE_DAYS = 7
MAX_QUESTIONNAIRE_DAYS = 90
DEFAULT_FASTING_HOURS = float(FASTING_HOURS)
MAX_CHECKLIST_TICKS = 20
MAX_CHECKLIST_ITEM_CHARS = 40
#: Check-in reminders: twice a day for the first days after an infusion, then once.
DEFAULT_REMINDER_TIMES = ("10:00", "20:00")
MAX_REMINDER_TIMES = 4
#: A clinic's own call-today blood pressure levels lie below the crisis level the app
#: always calls about (180/120), and above what would be an ordinary reading.
CLINIC_SYSTOLIC_RANGE = (100, 179)
CLINIC_DIASTOLIC_RANGE = (60, 119)
MAX_PATIENT_NAME_CHARS = 100
_CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d)$")


def questionnaire_days(field_name: str, value: Any) -> int:
    """Check how many days apart the questionnaires fall due: a week to 90 days."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field_name, "must be a whole number of days")
    allowed = f"must be from {MIN_QUESTIONNAIRE_DAYS} to {MAX_QUESTIONNAIRE_DAYS} days"
    if value < MIN_QUESTIONNAIRE_DAYS:
        raise ValidationError(
            field_name,
            f"{allowed}, not {value}: both questionnaires ask about the last two weeks, "
            "so once a week is often enough",
        )
    if value > MAX_QUESTIONNAIRE_DAYS:
        raise ValidationError(field_name, f"{allowed}, not {value}")
    return value


def stored_questionnaire_days(field_name: str, value: Any) -> int:
    """A stored interval: as :func:`questionnaire_days`, but 1-6 (once allowed) reads as 7.

    Journals from before the one-week minimum keep loading instead of being refused.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        value = max(value, MIN_QUESTIONNAIRE_DAYS)
    return questionnaire_days(field_name, value)


def country_code(field_name: str, value: Any) -> str | None:
    """Check a country: an ISO 3166-1 alpha-2 code such as ``US`` or ``GB``.

    ``None`` or empty text means the country is not known. Any two letters are accepted,
    so a code the crisis table doesn't list still loads (and reads as "not known").
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) != 2 or not (value.isascii() and value.isalpha()):
        raise ValidationError(field_name, "must be a two-letter country code such as US or GB")
    return value.upper()


def reminder_times(field_name: str, value: Any) -> tuple[str, ...]:
    """Check the check-in reminder times: one to four distinct local ``HH:MM`` times.

    Kept in the order given; the first is the one used once the first days have passed.
    """
    if isinstance(value, str) or not isinstance(value, list | tuple) or not value:
        raise ValidationError(field_name, "must be a list of one to four times such as 10:00")
    if len(value) > MAX_REMINDER_TIMES:
        raise ValidationError(field_name, f"takes at most {MAX_REMINDER_TIMES} times")
    times: list[str] = []
    for item in value:
        match = _CLOCK.match(item) if isinstance(item, str) else None
        if match is None or int(match[1]) > 23:
            raise ValidationError(field_name, f"{item!r} is not a time such as 10:00 or 20:30")
        text = f"{int(match[1]):02d}:{match[2]}"
        if text in times:
            raise ValidationError(field_name, f"{text} is there twice")
        times.append(text)
    return tuple(times)


def patient_name(field_name: str, value: Any) -> str | None:
    """Check the patient's name: trimmed text of at most 100 characters, or None.

    Empty (or only spaces) means no name. A name goes on reports and into files for the
    clinic, so it may hold no control character, not even a tab or a line break.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(field_name, "must be text")
    name = scales.text(field_name, value.strip(), MAX_PATIENT_NAME_CHARS)
    if printable(name, newlines=False) != name:
        raise ValidationError(
            field_name, "can't hold control characters such as tabs, line breaks or screen codes"
        )
    return name or None


def clinic_level(field_name: str, value: Any, low: int, high: int) -> int | None:
    """Check a clinic's own blood pressure level (mmHg): None, or ``low`` to ``high``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field_name, f"must be a whole number from {low} to {high} mmHg")
    if not low <= value <= high:
        raise ValidationError(
            field_name,
            f"must be from {low} to {high} mmHg, not {value} (from {high + 1} the app "
            "always says to call now)",
        )
    return value


def typed_clinic_level(field_name: str, text: str, low: int, high: int) -> int | None:
    """A clinic's level typed in a box: empty for none, else a whole number ``low``-``high``."""
    if not text.strip():
        return None
    if not text.strip().isdecimal():
        raise ValidationError(
            field_name, f"please type a whole number from {low} to {high}, or leave it empty"
        )
    return clinic_level(field_name, int(text.strip()), low, high)


def _clinic_levels(data: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """The clinic's own blood pressure levels from stored settings, each checked."""
    return (
        clinic_level(
            "bp_call_today_systolic", data.get("bp_call_today_systolic"), *CLINIC_SYSTOLIC_RANGE
        ),
        clinic_level(
            "bp_call_today_diastolic", data.get("bp_call_today_diastolic"), *CLINIC_DIASTOLIC_RANGE
        ),
    )


def checklist_ticks(field_name: str, value: Any) -> dict[str, tuple[str, ...]]:
    """Check the ticked checklist items: appointment time -> item ids ticked for it."""
    if not isinstance(value, Mapping):
        raise ValidationError(field_name, "must map appointment times to ticked items")
    ticks: dict[str, tuple[str, ...]] = {}
    for key, items in value.items():
        when = to_iso(parse_stored_time(field_name, key))
        if isinstance(items, str) or not isinstance(items, list | tuple):
            raise ValidationError(field_name, "must list the ticked items of each appointment")
        if len(items) > MAX_CHECKLIST_TICKS:
            raise ValidationError(field_name, f"holds more than {MAX_CHECKLIST_TICKS} items")
        ticked = {scales.text(field_name, item, MAX_CHECKLIST_ITEM_CHARS) for item in items}
        ticks[when] = tuple(sorted(ticked))
    return ticks


class Settings(Struct, frozen=True):
    """Everything the patient can set.

    Attributes:
        restriction_hours: Hours per restriction id, where they differ from the defaults.
        care_team_name: Who to call (a clinic or a person).
        care_team_phone: Their number, shown wherever the app says "call your care team".
        crisis_line: The patient's own crisis line. Empty (the default) means the line
            for ``country``; either way :func:`ketacheck.core.crisis.crisis_text` adds the
            local emergency number.
        planned_infusions: How many infusions the course plans.
        clock_24h: Show times as 14:05 (True) or 2:05 PM (False).
        theme: The Textual theme name.
        next_appointment: The next infusion appointment, if one is booked.
        onboarded: Whether the first-run welcome has been completed.
        questionnaire_interval_days: How often PHQ-9 and GAD-7 fall due (besides before
            each infusion); at least weekly, since both ask about the last two weeks.
        country: Where the patient lives (ISO 3166-1 alpha-2, e.g. ``GB``), which picks
            the crisis line and emergency number; None when not known.
        fasting_hours: How long before an appointment the clinic may ask the patient to
            stop eating ("up to six hours" is the usual advice; clinics differ).
        baseline_mood: The patient's answer to "How has your mood been over the last two
            weeks?" (0-10), if they gave one: a mood baseline from before the course.
        reminder_times: Local times (``HH:MM``) of the check-in reminders, in the calendar
            file and the open app: each of them in the first days after an infusion, then
            the first one daily through the integration window.
        notify_app: Show a notice in the open app when something falls due.
        notify_terminal: Also ask the terminal to show a notification (or ring its bell).
        bp_call_today_systolic: The clinic's own level for the top number of a blood
            pressure reading (mmHg): a reading at it or above means calling the care team
            today. None (the default): the clinic set none.
        bp_call_today_diastolic: The same for the bottom number.
        checklist_ticks: The before-infusion checklist items ticked, keyed by the
            appointment's stored time. Only the entry for ``next_appointment`` is kept, so
            a new appointment starts with nothing ticked.
        patient_name: The patient's name, if they chose to give one, for the header of
            their report and the Patient of the FHIR export. None (the default): no name,
            so neither names them.
        country_guess: The country this computer points to (time zone, then locale),
            while ``country`` is not set. Never stored (``to_dict`` leaves it out) and
            never compared: the store adds it as it reads the settings, so a guess can
            pick the crisis line but never becomes the patient's setting by itself.
    """

    restriction_hours: dict[str, float] = field(default_factory=dict)
    care_team_name: str = ""
    care_team_phone: str = ""
    crisis_line: str = ""
    planned_infusions: int = DEFAULT_PLANNED_INFUSIONS
    clock_24h: bool = True
    theme: str = DEFAULT_THEME
    next_appointment: datetime | None = None
    onboarded: bool = False
    questionnaire_interval_days: int = DEFAULT_QUESTIONNAIRE_DAYS
    country: str | None = None
    fasting_hours: float = DEFAULT_FASTING_HOURS
    baseline_mood: int | None = None
    checklist_ticks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    reminder_times: tuple[str, ...] = DEFAULT_REMINDER_TIMES
    notify_app: bool = True
    notify_terminal: bool = True
    bp_call_today_systolic: int | None = None
    bp_call_today_diastolic: int | None = None
    patient_name: str | None = None
    country_guess: CountryGuess | None = None

    # A guess is never compared (see ``country_guess``); nor hashed: the dicts aren't.
    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Settings)
        return super().__eq__(replace(other, country_guess=self.country_guess))

    def __post_init__(self) -> None:
        # Ticks belong to one appointment: moving it (from any screen) clears them.
        key = self.checklist_key
        kept = {k: v for k, v in self.checklist_ticks.items() if k == key}
        if kept != self.checklist_ticks:
            force_setattr(self, "checklist_ticks", kept)

    @property
    def checklist_key(self) -> str | None:
        """The key of ``checklist_ticks`` for the next appointment, if one is booked."""
        return None if self.next_appointment is None else to_iso(self.next_appointment)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """Check and convert stored settings; missing fields take their defaults."""
        defaults = cls()
        crisis_line = data.get("crisis_line", defaults.crisis_line)
        country = country_code("country", data.get("country"))
        if "country" not in data and crisis_line == LEGACY_CRISIS_LINE:
            crisis_line, country = "", "US"
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
        systolic, diastolic = _clinic_levels(data)
        return cls(
            restriction_hours=hours,
            care_team_name=scales.text(
                "care_team_name", data.get("care_team_name", ""), scales.SHORT_TEXT_MAX_CHARS
            ),
            care_team_phone=scales.text(
                "care_team_phone", data.get("care_team_phone", ""), scales.SHORT_TEXT_MAX_CHARS
            ),
            crisis_line=scales.text("crisis_line", crisis_line, scales.SHORT_TEXT_MAX_CHARS),
            planned_infusions=planned_infusions(
                "planned_infusions", data.get("planned_infusions", defaults.planned_infusions)
            ),
            clock_24h=scales.flag("clock_24h", data.get("clock_24h", defaults.clock_24h)),
            theme=scales.text("theme", data.get("theme", defaults.theme), 100),
            next_appointment=(
                None if appointment is None else parse_stored_time("next_appointment", appointment)
            ),
            onboarded=scales.flag("onboarded", data.get("onboarded", False)),
            questionnaire_interval_days=stored_questionnaire_days(
                "questionnaire_interval_days",
                data.get("questionnaire_interval_days", DEFAULT_QUESTIONNAIRE_DAYS),
            ),
            country=country,
            fasting_hours=fasting_hours(
                "fasting_hours", data.get("fasting_hours", DEFAULT_FASTING_HOURS)
            ),
            baseline_mood=scales.optional_scale_value("baseline_mood", data.get("baseline_mood")),
            checklist_ticks=checklist_ticks("checklist_ticks", data.get("checklist_ticks", {})),
            reminder_times=reminder_times(
                "reminder_times", data.get("reminder_times", defaults.reminder_times)
            ),
            notify_app=scales.flag("notify_app", data.get("notify_app", True)),
            notify_terminal=scales.flag("notify_terminal", data.get("notify_terminal", True)),
            bp_call_today_systolic=systolic,
            bp_call_today_diastolic=diastolic,
            patient_name=patient_name("patient_name", data.get("patient_name")),
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
            "country": self.country,
            "fasting_hours": self.fasting_hours,
            "baseline_mood": self.baseline_mood,
            "checklist_ticks": {key: list(items) for key, items in self.checklist_ticks.items()},
            "reminder_times": list(self.reminder_times),
            "notify_app": self.notify_app,
            "notify_terminal": self.notify_terminal,
            "bp_call_today_systolic": self.bp_call_today_systolic,
            "bp_call_today_diastolic": self.bp_call_today_diastolic,
            "patient_name": self.patient_name,
        }

    @property
    def effective_country(self) -> str | None:
        """The country the crisis line is for: the one set, else the guess, if any."""
        if self.country is not None:
            return self.country
        return None if self.country_guess is None else self.country_guess.country

    @property
    def guessed(self) -> CountryGuess | None:
        """The guess in use: only while no country is set."""
        return self.country_guess if self.country is None else None

    @property
    def clinic_bp(self) -> tuple[int | None, int | None]:
        """The clinic's own call-today blood pressure levels: (systolic, diastolic)."""
        return (self.bp_call_today_systolic, self.bp_call_today_diastolic)

    def care_team_contact(self, how_to_add: str = "in Settings") -> str:
        """How to reach the care team, in one line, or a nudge to add their number
        ``how_to_add``: "in Settings" in the app, the command on the command line."""
        return care_team_line(self.care_team_name, self.care_team_phone, how_to_add)
