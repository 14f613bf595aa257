"""Every setting the patient can change, by the name the command line gives it.

``ketacheck settings`` lists, reads, sets and unsets these; each one reads typed text with
the same function the app's Settings form uses (:mod:`ketacheck.core.typed_settings`), so
both accept and refuse the same values with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from typing import Any, Literal

from msgspec import Struct
from msgspec.structs import replace

from ketacheck.core import timeparse
from ketacheck.core.clock import to_iso
from ketacheck.core.crisis import (
    CRISIS_LINES,
    EU_COUNTRIES,
    SOMEWHERE_ELSE_CODE,
    country_name,
)
from ketacheck.core.restrictions import DEFAULT_RESTRICTIONS, Restriction, length_words
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import (
    CLINIC_DIASTOLIC_RANGE,
    CLINIC_SYSTOLIC_RANGE,
    Settings,
    typed_clinic_level,
)
from ketacheck.core.timeparse import format_full
from ketacheck.core.typed_settings import (
    parse_fasting_hours,
    parse_hours,
    parse_mood,
    parse_name,
    parse_on_off,
    parse_planned,
    parse_questionnaire_days,
    parse_reminder_times,
    parse_short_text,
)

Source = Literal["set", "guessed", "default"]
"""Where a setting's value comes from: the patient set it, it was guessed from this
computer (the country only), or it is the default."""

_THEME = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
#: What the patient may type for "somewhere else" as a country.
_ELSEWHERE = {"other", "elsewhere", "somewhere else", "zz"}


class Typing(Struct, frozen=True):
    """What reading a typed value may need besides the text.

    Attributes:
        now: The current time (for an appointment).
        tz: The patient's zone, None for this computer's.
        current: The settings as they are (an appointment keeps its time of day).
        countries: Every ISO 3166-1 code with its name, for a country with no crisis
            line listed (from the tz database; may be empty).
    """

    now: datetime
    tz: tzinfo | None
    current: Settings
    countries: Mapping[str, str]


class SettingKey(Struct, frozen=True):
    """One setting by its command-line name.

    Attributes:
        key: Its name (``care-team-phone``, ``hours.driving``).
        about: What it is, in a few words.
        example: What to type, for help and problems ("36 or 10 days").
        parse: Reads typed text; raises ValidationError saying what is allowed.
        get: Its value in a ``Settings``.
        put: ``Settings`` with it changed.
        show: Its value as the patient reads it.
        as_json: Its value in JSON (the stored form).
    """

    key: str
    about: str
    example: str
    parse: Callable[[str, Typing], Any]
    get: Callable[[Settings], Any]
    put: Callable[[Settings, Any], Settings]
    show: Callable[[Any], str] = str
    as_json: Callable[[Any], Any] = lambda value: value

    def default(self) -> Any:
        """The value before the patient sets it."""
        return self.get(Settings())

    def source(self, settings: Settings) -> Source:
        """Where the value in ``settings`` comes from."""
        if self.key == "country" and settings.guessed is not None:
            return "guessed"
        return "default" if self.get(settings) == self.default() else "set"


def _field(name: str) -> tuple[Callable[[Settings], Any], Callable[[Settings, Any], Settings]]:
    """The getter and setter of a ``Settings`` field."""
    return (lambda s: getattr(s, name)), (lambda s, value: replace(s, **{name: value}))


def _typed(parse: Callable[[str], Any]) -> Callable[[str, Typing], Any]:
    return lambda text, _typing: parse(text)


def _or_none(value: Any) -> str:
    return "none" if value is None or value == "" else str(value)


def _on_off(value: Any) -> str:
    return "on" if value else "off"


def country_text(code: str | None) -> str:
    """A country setting as it reads: ``US (United States)``, ``none``."""
    if code is None:
        return "none"
    name = country_name(code)
    return code if name is None else f"{code} ({name})"


def listed_countries() -> dict[str, str]:
    """The countries ketacheck has numbers for, code -> name (crisis line or EU 112)."""
    listed = {code: line.name for code, line in CRISIS_LINES.items()} | EU_COUNTRIES
    return dict(sorted(listed.items()))


def parse_country(text: str, typing: Typing) -> str:
    """A country as typed: a code (``GB``), a name (``United Kingdom``) or ``other``.

    Raises:
        ValidationError: listing the codes to choose from.
    """
    said = " ".join(text.split())
    if said.casefold() in _ELSEWHERE:
        return SOMEWHERE_ELSE_CODE
    listed = listed_countries()
    code = said.upper()
    if len(code) == 2 and (code in listed or code in typing.countries):
        return code
    by_name = {name.casefold(): code for code, name in typing.countries.items()}
    by_name |= {name.casefold(): code for code, name in listed.items()}
    if said.casefold() in by_name:
        return by_name[said.casefold()]
    codes = ", ".join(listed_countries())
    raise ValidationError(
        "country",
        f"{said[:40]!r} is not a country ketacheck knows. Choose a two-letter code: {codes}, "
        "or another country's ISO code, or 'other'. 'ketacheck settings set country --list' "
        "names each one",
    )


def parse_theme(text: str) -> str:
    """A theme's name, as the app lists it (``textual-light``); the app uses one it knows."""
    name = text.strip()
    if not _THEME.match(name):
        raise ValidationError(
            "theme", "please type a theme's name, such as textual-dark or textual-light"
        )
    return name


def parse_next_appointment(text: str, typing: Typing) -> datetime:
    """The next appointment: "tomorrow 2pm", "in 3 days 9:30 am", a date and time;
    "in 3 days" alone keeps the time of day of the appointment it moves."""
    current = typing.current.next_appointment
    return timeparse.parse_next_appointment(text, typing.now, typing.tz, current)


def _restriction_key(restriction: Restriction) -> SettingKey:
    default = restriction.hours

    def put(settings: Settings, hours: float) -> Settings:
        others = {k: v for k, v in settings.restriction_hours.items() if k != restriction.id}
        kept = others if hours == default else {**others, restriction.id: hours}
        return replace(settings, restriction_hours=kept)

    return SettingKey(
        f"hours.{restriction.id.replace('_', '-')}",
        f"{restriction.label}: how long after the infusion ends",
        "36, 36 hours or 10 days",
        _typed(parse_hours),
        lambda s: s.restriction_hours.get(restriction.id, default),
        put,
        show=length_words,
    )


def _switch(key: str, about: str, name: str) -> SettingKey:
    get, put = _field(name)
    return SettingKey(key, about, "on or off", _typed(parse_on_off(key)), get, put, _on_off)


def _text(key: str, about: str, example: str, name: str, label: str) -> SettingKey:
    get, put = _field(name)
    return SettingKey(key, about, example, _typed(parse_short_text(label)), get, put, _or_none)


def _clinic_bp(key: str, words: str, name: str, span: tuple[int, int]) -> SettingKey:
    get, put = _field(name)
    return SettingKey(
        key,
        f"your clinic's call-today level for the {words} (mmHg)",
        f"{span[0]} to {span[1]}",
        _typed(lambda text: typed_clinic_level(words, text, *span)),
        get,
        put,
        _or_none,
    )


def _keys() -> tuple[SettingKey, ...]:
    country_get, country_put = _field("country")
    appointment_get, appointment_put = _field("next_appointment")
    return (
        SettingKey(
            "country",
            "where you live: picks the crisis line and emergency number",
            "US, GB, United Kingdom or other",
            parse_country,
            country_get,
            country_put,
            country_text,
        ),
        _text("care-team-name", "your care team: a clinic or a person", "Riverside Clinic",
              "care_team_name", "care team name"),
        _text("care-team-phone", "your care team's phone number", "555-0142",
              "care_team_phone", "care team phone"),
        _text("crisis-line", "your own crisis line (empty: the line for your country)",
              "Call my therapist, 555-0188", "crisis_line", "your own crisis line"),
        *(_restriction_key(restriction) for restriction in DEFAULT_RESTRICTIONS),
        SettingKey("planned-infusions", "the course length: how many infusions it plans",
                   "6", _typed(parse_planned), *_field("planned_infusions")),
        SettingKey("questionnaire-days", "how many days apart PHQ-9 and GAD-7 fall due",
                   "7 to 90", _typed(parse_questionnaire_days),
                   *_field("questionnaire_interval_days")),
        SettingKey("fasting-hours", "how long before an infusion your clinic may ask you "
                   "to stop eating", "6", _typed(parse_fasting_hours),
                   *_field("fasting_hours"), show=lambda hours: f"{hours:g} hours"),
        SettingKey("next-appointment", "your next infusion appointment",
                   '"tomorrow 2pm" or "in 3 days 9:30 am"', parse_next_appointment,
                   appointment_get, appointment_put,
                   show=lambda when: "none" if when is None else format_full(when, None),
                   as_json=lambda when: None if when is None else to_iso(when)),
        SettingKey("baseline-mood", "your mood over the two weeks before the course, 0-10",
                   "0 to 10", _typed(parse_mood), *_field("baseline_mood"), show=_or_none),
        SettingKey("reminder-times", "when check-in reminders come", '"9am, 8:30 pm"',
                   _typed(parse_reminder_times), *_field("reminder_times"),
                   show=", ".join, as_json=list),
        _switch("notify-app", "notices in the open app when something falls due",
                "notify_app"),
        _switch("notify-terminal", "terminal notifications (or a bell)", "notify_terminal"),
        _clinic_bp("bp-systolic", "top number (systolic)", "bp_call_today_systolic",
                   CLINIC_SYSTOLIC_RANGE),
        _clinic_bp("bp-diastolic", "bottom number (diastolic)", "bp_call_today_diastolic",
                   CLINIC_DIASTOLIC_RANGE),
        SettingKey("patient-name", "your name, for your report and your clinic's file",
                   "Sam Rivera", _typed(parse_name), *_field("patient_name"), show=_or_none),
        _switch("clock-24h", "show times as 14:05 (on) or 2:05 PM (off)", "clock_24h"),
        SettingKey("theme", "the app's colours", "textual-dark, textual-light or "
                   "ketacheck-high-contrast", _typed(parse_theme), *_field("theme")),
    )  # fmt: skip


#: Every setting, in the order listed.
SETTING_KEYS: tuple[SettingKey, ...] = _keys()
#: Each setting by its name.
BY_KEY: Mapping[str, SettingKey] = {k.key: k for k in SETTING_KEYS}


def setting_key(name: str) -> SettingKey:
    """The setting called ``name`` (spelt with - or _, any case).

    Raises:
        ValidationError: naming the settings there are.
    """
    wanted = name.strip().lower().replace("_", "-")
    found = BY_KEY.get(wanted)
    if found is None:
        raise ValidationError(
            "settings",
            f"there is no setting called {name[:40]!r}; 'ketacheck settings' lists every one",
        )
    return found


def guessed_text(settings: Settings) -> str:
    """The country as the listing shows it while guessed, with where the guess came from."""
    guess = settings.guessed
    if guess is None:
        return country_text(settings.country)
    return f"{country_text(guess.country)} ({guess.note})"


def shown_value(key: SettingKey, settings: Settings) -> str:
    """A setting's value as the listing shows it (a guessed country says so)."""
    if key.key == "country" and settings.guessed is not None:
        return guessed_text(settings)
    return key.show(key.get(settings))


def json_value(key: SettingKey, settings: Settings) -> Any:
    """A setting's value as ``--json`` gives it: the stored form (the guess, if guessed)."""
    if key.key == "country" and settings.guessed is not None:
        return settings.guessed.country
    return key.as_json(key.get(settings))
